"""The demo's bulletin in four formats: the seed's figures are in each file a reader opens."""

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

from django.test import TestCase

from zhaoshang.accounts.models import User
from zhaoshang.bulletin.build import bulletin_build
from zhaoshang.bulletin.writers import bulletin_write
from zhaoshang.cli import main
from zhaoshang.demo.load import demo_load
from zhaoshang.kpis.models import KpiTarget
from zhaoshang.testing import ARTIFACTS, signed_from_records
from zhaoshang.zones.models import Zone

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

    def test_the_command_refuses_a_bad_period(self):
        bad = Path(tempfile.mkdtemp()) / "bad.md"
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


def _yi(amount: Decimal) -> str:
    return f"{(amount / 100_000_000).quantize(Decimal('0.01'))}亿元"


def _tenths(part: int, whole: int) -> str:
    """7成以上 as the bulletin writes a share, worked out here from the two counts."""
    tenths = int((Decimal(part) * 10 / whole).to_integral_value(ROUND_FLOOR))
    return f"{tenths}成" if part * 10 == tenths * whole else f"{tenths}成以上"


class QuarterBulletinTests(TestCase):
    """A third quarter's bulletin states 今年以来 (1 January to 30 September) first and the quarter's own figures
    beside it, each labelled; both worked out here from the demo's records, not taken from the KPI code."""

    folder: Path
    zone: Zone

    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()  # with the demo's 2020 targets
        cls.folder = Path(tempfile.mkdtemp(prefix="zhaoshang-q3-"))
        for fmt in ("md", "docx", "xlsx"):
            assert main(["report", "--year", "2020", "--period", "Q3", "--format", fmt,
                         "-o", str(cls.folder / f"q3.{fmt}")]) == 0

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    def texts(self) -> dict[str, str]:
        from docx import Document

        document = Document(str(self.folder / "q3.docx"))
        return {"md": _plain((self.folder / "q3.md").read_text(encoding="utf-8")),
                "docx": _plain("\n".join(p.text for p in document.paragraphs))}

    def expected(self) -> list[str]:
        from zhaoshang.indicators.models import Observation
        from zhaoshang.projects.models import Project

        d = dt.date
        to_date = signed_from_records(self.zone, d(2020, 1, 1), d(2020, 9, 30))
        quarter = signed_from_records(self.zone, d(2020, 7, 1), d(2020, 9, 30))
        self.assertTrue(0 < len(quarter) < len(to_date))

        def yrd(ids) -> int:
            return Project.objects.filter(pk__in=ids, source_region__is_yrd=True).count()

        def cases(start, end) -> int:
            rows = Observation.objects.filter(indicator__zone=self.zone, indicator__key="online_service_cases",
                                              on__range=(start, end), year_to_date=False)
            return int(sum(rows.values_list("value", flat=True)))

        completion = f"{Decimal(len(to_date) * 100) / 30:.2f}%"
        return [
            f"今年以来（1—9月），新区共签约亿元以上项目{len(to_date)}个（年度目标30个，完成{completion}），"
            f"总投资{_yi(sum(to_date.values(), Decimal(0)))}（",
            f"其中有{_tenths(yrd(to_date), len(to_date))}项目来自长三角地区。",
            f"第三季度，新区签约亿元以上项目{len(quarter)}个，总投资{_yi(sum(quarter.values(), Decimal(0)))}，"
            f"其中有{_tenths(yrd(quarter), len(quarter))}",
            f"今年以来（1—9月）已办理全程网办件{cases(d(2020, 1, 1), d(2020, 9, 30))}件"
            f"（其中第三季度{cases(d(2020, 7, 1), d(2020, 9, 30))}件；",
            "签约亿元以上项目清单（2020年1—9月）",
        ]

    def test_the_markdown_and_word_files_give_the_year_to_september_first_and_the_quarter_beside_it(self):
        expected = self.expected()
        for fmt, text in self.texts().items():
            for phrase in expected:
                with self.subTest(fmt=fmt, phrase=phrase):
                    self.assertIn(phrase, text)
            self.assertIn("（2020年第三季度·示例数据）", text)

    def test_each_figure_is_footnoted_with_its_own_period(self):
        text = (self.folder / "q3.md").read_text(encoding="utf-8")
        self.assertIn("签约亿元以上项目（2020年1—9月）：期间内签约", text)
        self.assertIn("签约亿元以上项目（2020年第三季度）：期间内签约", text)
        self.assertIn("数据截至2020年9月30日", text)

    def test_the_workbook_names_the_period_of_each_figure(self):
        from openpyxl import load_workbook

        book = load_workbook(self.folder / "q3.xlsx", read_only=True)
        rows = list(book["指标"].iter_rows(values_only=True))
        period = rows[0].index("期间")
        signed = {row[period]: row[2] for row in rows[1:] if row[0] == "签约亿元以上项目"}
        d = dt.date
        self.assertEqual(signed, {"2020年1—9月": len(signed_from_records(self.zone, d(2020, 1, 1), d(2020, 9, 30))),
                                  "2020年第三季度": len(signed_from_records(self.zone, d(2020, 7, 1), d(2020, 9, 30)))})
