"""The demo's bulletin in four formats: the seed's figures are in each file a reader opens."""

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.test import TestCase

from zhaoshang.accounts.models import User
from zhaoshang.bulletin.build import bulletin_build
from zhaoshang.bulletin.writers import bulletin_write
from zhaoshang.cli import main
from zhaoshang.demo.load import demo_load
from zhaoshang.kpis.models import KpiTarget
from zhaoshang.testing import ARTIFACTS

SEED_SENTENCE = "今年以来，新区共签约亿元以上项目33个，总投资441.38亿元，其中有7成以上项目来自长三角地区。"


def _plain(text: str) -> str:
    """The text without footnote markers ([1], [^1]) and without the line breaks a PDF puts in."""
    return re.sub(r"\[\^?\d+\]", "", "".join(text.split()))


FIGURES = ["33个", "441.38亿元", "7成以上", "8个项目及6个创业团队", "50多名", "4个", "2项", "19个", "2274人", "849件"]


class DemoBulletinTests(TestCase):
    folder: Path

    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()
        # The seed's sentences as published: without the demo's yearly targets, which add 完成率 to them.
        KpiTarget.objects.filter(zone=cls.zone).delete()
        cls.folder = Path(tempfile.mkdtemp(prefix="zhaoshang-bulletin-"))
        bulletin = bulletin_build(zone=cls.zone, year=2020, today=dt.date(2021, 1, 15))
        cls.bulletin = bulletin
        for fmt in ("docx", "pdf", "xlsx", "md"):
            with (cls.folder / f"bulletin.{fmt}").open("wb") as stream:
                bulletin_write(bulletin, fmt, stream)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    def test_the_word_file_opens_with_the_seed_sentence_and_figures(self):
        from docx import Document

        document = Document(str(self.folder / "bulletin.docx"))
        text = _plain("\n".join(p.text for p in document.paragraphs))
        self.assertIn("湖州南太湖新区融入长三角一体化工作简报", text)
        self.assertIn(SEED_SENTENCE, text)
        for figure in FIGURES:
            self.assertIn(figure, text)
        for heading in ("一、聚焦区域深度合作融入一体化", "四、聚焦创优营商环境融入一体化", "（一）审批服务再加速"):
            self.assertIn(heading, text)
        projects = document.tables[-1]
        self.assertEqual(len(projects.rows), 34)  # a header and the 33 signed projects
        self.assertEqual(len(document.inline_shapes), len(self.bulletin.charts))
        section = document.sections[0]
        self.assertEqual((round(section.top_margin.mm), round(section.left_margin.mm)), (37, 28))

    def test_the_workbook_has_a_sheet_per_table_and_the_figures_with_their_rules(self):
        from openpyxl import load_workbook

        book = load_workbook(self.folder / "bulletin.xlsx", read_only=True)
        self.assertIn("签约项目", book.sheetnames)
        self.assertTrue(any(name.startswith("图1") for name in book.sheetnames))
        figures = {row[0]: row for row in book["指标"].iter_rows(min_row=2, values_only=True)}
        self.assertEqual(figures["签约亿元以上项目总投资"][1], "441.38亿元")
        self.assertIn("外币按签约日汇率折算", figures["签约亿元以上项目总投资"][5])
        self.assertEqual(figures["签约亿元以上项目"][6], "2020年12月31日")
        projects = list(book["签约项目"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(projects), 33)
        self.assertIn("年产50万套新能源汽车电驱系统项目", [row[1] for row in projects])

    def test_the_pdf_reads_back_as_text_and_draws_a_page(self):
        pdf = self.folder / "bulletin.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        flat = _plain(text)
        self.assertIn(SEED_SENTENCE, flat)
        for figure in FIGURES:
            self.assertIn(figure, flat)
        self.assertIn("—1—", flat)  # the page number, GB/T 9704 style
        self.assertNotIn("\ufffd", text)
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "bulletin")],
                       check=True)
        page = next(ARTIFACTS.glob("bulletin-*1.png"))
        self.assertGreater(page.stat().st_size, 10_000)

    def test_the_markdown_has_footnotes_with_rule_and_date(self):
        text = (self.folder / "bulletin.md").read_text(encoding="utf-8")
        self.assertIn("共签约亿元以上项目33个[^1]", text)
        self.assertIn("[^1]: 签约亿元以上项目：期间内签约、总投资折合人民币不低于 1 亿元的项目个数。", text)
        self.assertIn("数据截至2020年12月31日", text)
        self.assertIn("本简报按本区口径编制", text)  # issue 14: the zone's basis, said in the bulletin

    def test_the_charts_are_svg_drawn_by_echarts(self):
        self.assertGreaterEqual(len(self.bulletin.charts), 2)
        for chart in self.bulletin.charts:
            self.assertTrue(chart.svg.startswith("<svg"), chart.title)

    def test_the_command_writes_a_quarter_and_refuses_a_bad_period(self):
        out = Path(tempfile.mkdtemp()) / "q3.md"
        self.assertEqual(main(["report", "--year", "2020", "--period", "Q3", "--format", "md", "-o", str(out)]), 0)
        self.assertIn("第三季度，新区共签约亿元以上项目", out.read_text(encoding="utf-8"))
        bad = out.with_name("bad.md")
        self.assertEqual(main(["report", "--year", "2020", "--period", "Q5", "--format", "md", "-o", str(bad)]), 2)
        self.assertFalse(bad.exists())

    def test_the_page_streams_a_word_file_and_refuses_a_bad_format_in_chinese(self):
        self.client.force_login(User.objects.get(username="leader"))
        response = self.client.get("/report/", {"year": "2020", "format": "docx"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        from docx import Document

        document = Document(io.BytesIO(b"".join(response.streaming_content)))
        self.assertIn("441.38亿元", "".join(p.text for p in document.paragraphs))
        refused = self.client.get("/report/", {"year": "2020", "format": "exe"})
        self.assertEqual(refused.status_code, 400)
        self.assertIn("简报格式须为", refused.content.decode())

    def test_the_cockpit_links_to_the_bulletin(self):
        self.client.force_login(User.objects.get(username="leader"))
        page = self.client.get("/", {"year": "2020"}).content.decode()
        self.assertIn("/report/?year=2020&amp;format=pdf", page)
