"""Importing projects from .xlsx and .csv: every row checked, all or nothing, never a duplicate."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from openpyxl import Workbook

from zhaoshang import cli
from zhaoshang.accounts.models import Role, User
from zhaoshang.demo.data import DEMO_PASSWORD
from zhaoshang.demo.load import demo_credit_code, demo_load
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.services import kpi_evaluate
from zhaoshang.organizations.matching import organization_match
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.importers import Limits, project_import
from zhaoshang.projects.importers.service import NOT_YOURS
from zhaoshang.projects.models import Project, Stage, StageChange
from zhaoshang.testing import PASSWORD, make_carrier, make_project, make_user, make_zone
from zhaoshang.zones.models import Carrier, Zone

CN_HEADER = ["项目名称", "投资方", "来源城市", "总投资", "阶段", "签约日期"]
EN_HEADER = ["name", "investor", "source_city", "amount", "stage", "signed_on"]
SHANGHAI_PROJECT = ["沪新智能传感器二期项目", "沪新传感科技有限公司", "上海", "2亿元", "签约", "2020-11-18"]


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def counts() -> dict[str, int]:
    return {"projects": Project.objects.count(), "project history": Project.history.count(),
            "organisations": Organization.objects.count(), "organisation history": Organization.history.count(),
            "stage changes": StageChange.objects.count()}


class FileTestCase(TestCase):
    officer: User  # the importing user and zone, set by each subclass
    zone: Zone

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir, True)

    def run_import(self, path: Path, **kwargs):
        return project_import(user=kwargs.pop("user", self.officer), zone=self.zone, file=path,
                              filename=path.name, **kwargs)

    def cli(self, *argv) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(argv))
        return code, out.getvalue(), err.getvalue()


class DemoImportTests(FileTestCase):
    """On the South Taihu demo: the figures of the seed, moved by one imported project."""

    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()
        from zhaoshang.accounts.models import User

        cls.officer = User.objects.get(username="zhangwei")
        cls.admin = User.objects.get(username="admin")

    def kpis(self) -> dict:
        return {v.key: v.value for v in kpi_evaluate(zone=self.zone, period=Period.year(2020),
                                                     keys=["signed_projects_over_100m", "signed_investment_total_cny"])}

    def test_one_more_signed_2020_project_of_200m_from_shanghai_moves_the_seed_figures(self):
        self.assertEqual(self.kpis(), {"signed_projects_over_100m": 33,
                                       "signed_investment_total_cny": Decimal("44138000000")})
        path = write_csv(self.dir / "新签约.csv", [CN_HEADER, SHANGHAI_PROJECT])
        result = self.run_import(path)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.created, result.organizations_created), (1, 1))
        self.assertEqual(self.kpis(), {"signed_projects_over_100m": 34,
                                       "signed_investment_total_cny": Decimal("44338000000")})
        project = Project.objects.get(name="沪新智能传感器二期项目")
        self.assertEqual(project.source_region.name, "上海市")
        self.assertEqual(list(project.stage_changes.values_list("stage", "on")),
                         [(Stage.LEAD, dt.date(2020, 11, 18)), (Stage.NEGOTIATING, dt.date(2020, 11, 18)),
                          (Stage.SIGNED, dt.date(2020, 11, 18))])

    def test_the_command_line_moves_the_figures_and_a_second_run_reports_nothing_new(self):
        path = write_xlsx(self.dir / "new.xlsx", [EN_HEADER, SHANGHAI_PROJECT])
        code, out, err = self.cli("import", "projects", str(path))
        self.assertEqual((code, err), (0, ""))
        self.assertIn("1 new, 0 updated, 0 unchanged", out)
        before = counts()
        code, out, err = self.cli("import", "projects", str(path))
        self.assertEqual(code, 0)
        self.assertIn("0 new, 0 updated, 1 unchanged", out)
        self.assertEqual(counts(), before)
        self.assertEqual(self.kpis()["signed_projects_over_100m"], 34)

    def test_history_names_the_importing_user_and_the_row(self):
        path = write_csv(self.dir / "p.csv", [CN_HEADER, SHANGHAI_PROJECT])
        self.cli("import", "projects", str(path), "--user", "lina")
        project = Project.objects.get(name="沪新智能传感器二期项目")
        record = project.history.get()
        self.assertEqual(record.history_user.username, "lina")
        self.assertEqual(record.history_change_reason, "导入 " + str(path) + " 第2行")
        self.assertEqual([o.organization.name for o in record.investors.all()], ["沪新传感科技有限公司"])
        investor = project.investors.get().history.get()
        self.assertEqual((investor.history_user.username, investor.history_type), ("lina", "+"))

    def test_the_command_defaults_to_the_first_administrator(self):
        path = write_csv(self.dir / "p.csv", [CN_HEADER, SHANGHAI_PROJECT])
        self.cli("import", "projects", str(path))
        self.assertEqual(Project.objects.get(name=SHANGHAI_PROJECT[0]).history.get().history_user, self.admin)

    def test_a_file_with_several_bad_rows_exits_non_zero_lists_each_problem_and_changes_nothing(self):
        good_code = demo_credit_code("新公司", "310100")
        bad_code = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")
        rows = [
            CN_HEADER + ["统一社会信用代码"],
            SHANGHAI_PROJECT + [good_code],                                         # row 2: fine
            ["坏金额项目", "某公司", "上海", "面议", "签约", "2020-05-01", ""],        # row 3
            ["坏阶段项目", "某公司", "上海", "1亿元", "快签了", "", ""],               # row 4
            ["坏日期项目", "某公司", "上海", "1亿元", "签约", "2020-13-45", ""],       # row 5
            ["坏代码项目", "另一公司", "上海", "1亿元", "签约", "2020-05-01", bad_code],  # row 6
            ["坏城市项目", "某公司", "火星", "1亿元", "洽谈", "", ""],                 # row 7
            ["", "某公司", "上海", "1亿元", "线索", "", ""],                           # row 8
            ["缺签约日期项目", "某公司", "上海", "1亿元", "注册", "", ""],              # row 9
        ]
        path = write_csv(self.dir / "bad.csv", rows)
        before = counts()
        code, out, err = self.cli("import", "projects", str(path))
        self.assertEqual(code, 1)
        self.assertEqual(counts(), before)
        self.assertFalse(Project.objects.filter(name=SHANGHAI_PROJECT[0]).exists())
        expected = [(3, "总投资", "无法识别金额"), (4, "阶段", "无法识别阶段"), (5, "签约日期", "不存在"),
                    (6, "统一社会信用代码", "校验位不正确"), (7, "来源城市", "找不到来源城市“火星”"),
                    (8, "项目名称", "不能为空"), (9, "签约日期", "须填写签约日期")]
        lines = [line for line in err.splitlines() if re.match(rf"{re.escape(str(path))}:\d+:", line)]
        self.assertEqual(len(lines), len(expected), err)
        for line, (row, column, reason) in zip(lines, expected, strict=True):
            self.assertTrue(line.startswith(f"{path}:{row}:{column}: "), line)
            self.assertIn(reason, line)

    def test_the_page_reveals_nothing_of_another_teams_confidential_projects(self):
        """The security review's request: zhangwei (招商一组) names wangqiang's (招商二组) confidential projects."""
        self.assertTrue(self.client.login(username="zhangwei", password=DEMO_PASSWORD))
        lines = [",".join(CN_HEADER), "氢能重卡整车项目,沪氢汽车有限公司,,60亿元,线索,",
                 "12英寸特色工艺晶圆项目,芯源微电子（苏州）有限公司,,35亿元,签约,2019-01-01",
                 "第三代半导体衬底项目,苏晶半导体有限公司,,99亿元,洽谈,"]
        upload = SimpleUploadedFile("探测.csv", "\n".join(lines).encode())
        before = counts()
        page = self.client.post(reverse("projects:import"), {"file": upload, "dry_run": "on"})
        self.assertContains(page, NOT_YOURS, count=3, status_code=400)
        for leak in ("未变", "当前为", "已记录签约日期", "2020-04-22", "洽谈”", "由其他人负责", "import-summary"):
            self.assertNotContains(page, leak, status_code=400)
        self.assertEqual(counts(), before)

    def test_the_real_console_script_on_a_fresh_data_folder(self):
        data = self.dir / "data"
        env = {**os.environ, "ZHAOSHANG_DATA_DIR": str(data)}
        env.pop("ZHAOSHANG_DATABASE_URL", None)

        def run(*args):
            return subprocess.run([sys.executable, "-m", "zhaoshang", *args], env=env, capture_output=True,
                                  text=True, timeout=300)

        self.assertEqual(run("manage", "migrate", "-v", "0").returncode, 0)
        loaded = run("manage", "shell", "-c", "from zhaoshang.demo.load import demo_load; demo_load()")
        self.assertEqual(loaded.returncode, 0, loaded.stderr)
        bad = write_csv(self.dir / "bad.csv", [CN_HEADER, SHANGHAI_PROJECT,
                                               ["项目甲", "甲公司", "上海", "很多钱", "签约", "2020-1-1"],
                                               ["项目乙", "乙公司", "上海", "1亿元", "签约", "2020年2月30日"]])
        done = run("import", "projects", str(bad))
        self.assertEqual(done.returncode, 1)
        self.assertEqual(done.stderr.splitlines()[:2], [
            f"{bad}:3:总投资: 无法识别金额“很多钱”；可写作 2.5亿元、25000万元、3000万美元 或 200000000",
            f"{bad}:4:签约日期: 日期“2020年2月30日”不存在"])
        good = write_csv(self.dir / "good.csv", [CN_HEADER, SHANGHAI_PROJECT])
        done = run("import", "projects", str(good))
        self.assertEqual(done.returncode, 0, done.stderr)
        kpi = run("kpi", "--year", "2020", "--format", "json", "--key", "signed_investment_total_cny")
        self.assertIn('"value": 44338000000', kpi.stdout)


class ImportTests(FileTestCase):
    other: User
    carrier: Carrier

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.carrier = make_carrier(cls.zone, "测试产业园", kind="industrial_park")
        cls.officer = make_user("officer", Role.OFFICER, team="一组")
        cls.other = make_user("other", Role.OFFICER, team="二组")
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.code = demo_credit_code("已登记科技有限公司", "320500")
        cls.known = Organization.objects.create(name="已登记科技有限公司", credit_code=cls.code, region_id="320500")

    def test_english_headers_and_xlsx_date_cells(self):
        path = write_xlsx(self.dir / "en.xlsx", [
            ["Name", "Investor", "Source City", "Amount", "Stage", "Signed On", "Industry", "Confidential",
             "Carrier", "Owner"],
            ["Lidar plant", "激光雷达有限公司", "苏州", "3000万美元", "registered", dt.datetime(2020, 6, 1), "3670",
             "true", "测试产业园", "other"],
        ])
        from zhaoshang.currencies.models import ExchangeRate

        ExchangeRate.objects.create(currency="USD", on=dt.date(2020, 1, 2), cny_per_unit=Decimal("6.9614"))
        result = self.run_import(path)
        self.assertTrue(result.ok, result.problems)
        project = Project.objects.get(name="Lidar plant")
        self.assertEqual((project.amount, project.currency, project.stage), (Decimal("30000000"), "USD", "registered"))
        self.assertEqual((project.industry_id, project.confidential, project.carrier, project.owner),
                         ("3670", True, self.carrier, self.other))
        self.assertEqual(project.signed_on, dt.date(2020, 6, 1))
        self.assertEqual(project.source_region.name, "苏州市")
        # The imported history counts the project once, in its latest stage (the cockpit's pipeline table).
        pipeline = {v.key: v.value for v in kpi_evaluate(zone=self.zone, period=Period.year(2020))}
        self.assertEqual([pipeline[f"projects_in_stage_{s}"] for s in ("lead", "signed", "registered")], [0, 0, 1])

    def test_chinese_headers_with_a_title_line_and_a_unit_in_the_amount_header(self):
        path = write_xlsx(self.dir / "cn.xlsx", [
            ["2020年签约项目清单"],
            ["项目名称", "投资方", "来源城市", "总投资（万元）", "阶段", "签约日期", "行业"],
            ["电驱项目", "电驱科技有限公司", "杭州", 20000, "签约", "2020年6月1日", "汽车零部件及配件制造"],
            ["电芯项目", "电芯科技有限公司", "宁波", "1.5亿元", "开工", "2020/7/9", ""],
        ])
        result = self.run_import(path)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(Project.objects.get(name="电驱项目").amount, Decimal("200000000"))
        self.assertEqual(Project.objects.get(name="电驱项目").industry_id, "3670")
        self.assertEqual(Project.objects.get(name="电芯项目").amount, Decimal("150000000"))
        self.assertEqual(Project.objects.get(name="电芯项目").stage, Stage.STARTED)

    def test_gbk_and_utf8_bom_csv(self):
        for encoding in ("gbk", "gb18030", "utf-8-sig", "utf-8"):
            name = f"{encoding}项目"
            path = write_csv(self.dir / f"{encoding}.csv", [CN_HEADER, [name, "湖州某某有限公司", "湖州", "2.5亿元",
                                                                         "洽谈", ""]], encoding=encoding)
            result = self.run_import(path)
            self.assertTrue(result.ok, (encoding, result.problems))
            self.assertTrue(Project.objects.filter(name=name).exists(), encoding)

    def test_importing_the_same_file_twice_does_not_duplicate(self):
        rows = [CN_HEADER + ["统一社会信用代码"],
                ["项目一", "已登记科技有限公司", "苏州", "2亿元", "签约", "2020-06-01", self.code],
                ["项目二", "新投资方有限公司", "上海", "25000万元", "线索", "", ""]]
        for path in (write_csv(self.dir / "t.csv", rows), write_xlsx(self.dir / "t.xlsx", rows)):
            self.run_import(path)
            before = counts()
            result = self.run_import(path)
            self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 2), path)
            self.assertEqual(counts(), before)
        self.assertEqual(Project.objects.filter(zone=self.zone).count(), 2)
        self.assertEqual(Organization.objects.filter(name="已登记科技有限公司").count(), 1)

    def test_investors_match_by_credit_code_then_by_name(self):
        path = write_csv(self.dir / "m.csv", [
            CN_HEADER + ["统一社会信用代码"],
            ["按代码项目", "已登记科技（苏州）有限公司", "苏州", "1亿元", "线索", "", self.code],
            ["按名称项目", "已登记科技有限公司", "苏州", "1亿元", "线索", "", ""],
        ])
        result = self.run_import(path)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(result.organizations_created, 0)
        for name in ("按代码项目", "按名称项目"):
            self.assertEqual(list(Project.objects.get(name=name).investors.all()), [self.known])

    def test_an_update_changes_only_what_differs_and_says_so_in_the_history(self):
        make_project(self.zone, "已有项目", owner=self.officer, amount="1")
        path = write_csv(self.dir / "u.csv", [CN_HEADER, ["已有项目", "某公司", "上海", "3亿元", "线索", ""]])
        result = self.run_import(path)
        self.assertEqual((result.created, result.updated), (0, 1))
        project = Project.objects.get(name="已有项目")
        self.assertEqual(project.amount, Decimal("300000000"))
        record = project.history.latest()
        self.assertEqual((record.history_type, record.history_user, record.history_change_reason),
                         ("~", self.officer, "导入 u.csv 第2行"))

    def test_another_teams_project_is_not_changed_by_an_import(self):
        make_project(self.zone, "二组项目", owner=self.other, amount="1", confidential=True)
        path = write_csv(self.dir / "x.csv", [CN_HEADER, ["二组项目", "某公司", "上海", "9亿元", "线索", ""]])
        result = self.run_import(path)
        self.assertEqual([(p.row, p.column) for p in result.problems], [(2, "项目名称")])
        self.assertEqual(Project.objects.get(name="二组项目").amount, Decimal("100000000"))

    def assert_refused_blind(self, result, rows: list[int]) -> None:
        """One neutral problem per row on 项目名称, nothing compared, nothing counted."""
        self.assertEqual([(p.row, p.column, p.reason) for p in result.problems],
                         [(row, "项目名称", NOT_YOURS) for row in rows])
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 0))
        self.assertEqual(result.notes, [])
        text = " ".join([result.summary, *result.notes, *(str(p) for p in result.problems)])
        for leak in ("当前为", "签约日期", "2020-04-22", "洽谈", "注册", "other", "二组", "不同", "汇率"):
            self.assertNotIn(leak, text)

    def secret(self, name: str = "二组保密项目", **kwargs):
        project = make_project(self.zone, name, owner=self.other, amount="35", confidential=True,
                               signed_on=dt.date(2020, 4, 22), carrier=self.carrier, **kwargs)
        Project.objects.filter(pk=project.pk).update(stage=Stage.REGISTERED)
        StageChange.objects.create(project=project, stage=Stage.REGISTERED, on=dt.date(2020, 5, 1))
        return project

    def test_a_confidential_project_of_another_team_is_neither_compared_nor_counted(self):
        self.secret()
        before = counts()
        # The exact stored values (an 'unchanged' oracle), a backwards stage and another signing date,
        # a foreign currency with no rate, and the name in other spacing and full-width form: all the same.
        rows = [["二组保密项目", "", "", "35亿元", "注册", "2020-04-22"],
                ["二组保密项目 ", "", "", "", "签约", "2019-01-01"],
                ["二组保密项目", "", "", "5000万美元", "线索", ""]]
        for dry_run in (True, False):
            for i, row in enumerate(rows):
                path = write_csv(self.dir / f"probe{i}.csv", [CN_HEADER, row])
                self.assert_refused_blind(self.run_import(path, dry_run=dry_run), [2])
        self.assertEqual(counts(), before)

    def test_hidden_and_visible_but_not_editable_projects_get_the_same_words(self):
        self.secret()
        make_project(self.zone, "二组公开项目", owner=self.other, amount="1")
        path = write_csv(self.dir / "both.csv", [CN_HEADER, ["二组保密项目", "某公司", "上海", "9亿元", "线索", ""],
                                                 ["二组公开项目", "某公司", "上海", "9亿元", "线索", ""]])
        before = counts()
        result = self.run_import(path)
        self.assertEqual([(p.row, p.column, p.reason) for p in result.problems],
                         [(2, "项目名称", NOT_YOURS), (3, "项目名称", NOT_YOURS)])
        self.assertEqual(counts(), before)
        # A row repeating what the officer can already read on the visible project's page is fine.
        same = write_csv(self.dir / "same.csv", [CN_HEADER, ["二组公开项目", "", "", "1亿元", "线索", ""]])
        result = self.run_import(same)
        self.assertEqual((result.ok, result.unchanged), (True, 1), result.problems)

    def test_the_owners_team_and_an_administrator_still_see_and_update_a_confidential_project(self):
        project = self.secret()
        teammate = make_user("teammate", Role.OFFICER, team="二组")
        admin = make_user("boss", Role.ADMINISTRATOR)
        path = write_csv(self.dir / "own.csv", [CN_HEADER, ["二组保密项目", "", "", "35亿元", "签约", "2019-01-01"]])
        for user in (teammate, admin):
            result = self.run_import(path, user=user, dry_run=True)
            self.assertEqual((result.ok, result.unchanged), (True, 1), result.problems)
            self.assertIn("已记录签约日期 2020-04-22", " ".join(result.notes))
        more = write_csv(self.dir / "more.csv", [CN_HEADER, ["二组保密项目", "", "", "40亿元", "注册", "2020-04-22"]])
        result = self.run_import(more, user=teammate)
        self.assertEqual((result.ok, result.updated), (True, 1), result.problems)
        project.refresh_from_db()
        self.assertEqual(project.amount, Decimal("4000000000"))

    def test_a_partner_may_not_import_nor_learn_anything_of_a_hidden_project(self):
        self.secret()
        outside = make_project(self.zone, "园区外公开项目", owner=self.other, amount="3")
        partner = make_user("partner", Role.PARTNER, carrier=self.carrier)
        path = write_csv(self.dir / "p.csv", [CN_HEADER, ["二组保密项目", "", "", "35亿元", "注册", "2020-04-22"],
                                              ["园区外公开项目", "", "", "3亿元", "线索", ""]])
        before = counts()
        with self.assertRaises(PermissionDenied):
            self.run_import(path, user=partner)
        self.client.login(username="partner", password=PASSWORD)
        upload = SimpleUploadedFile("p.csv", path.read_bytes())
        page = self.client.post(reverse("projects:import"), {"file": upload, "dry_run": "on"})
        self.assertEqual(page.status_code, 403)
        self.assertNotIn("二组保密项目", page.content.decode())
        # Were partners ever let in, the importer would still compare only what they may read: neither
        # the confidential project of their own carrier nor a public one outside it.
        with mock.patch("zhaoshang.projects.importers.service.can_import_projects", return_value=True):
            self.assert_refused_blind(self.run_import(path, user=partner, dry_run=True), [2, 3])
            self.assert_refused_blind(self.run_import(path, user=partner), [2, 3])
        self.assertEqual(counts(), before)
        self.assertEqual(Project.objects.get(pk=outside.pk).amount, Decimal("300000000"))

    def test_a_bad_credit_code_is_a_row_error_naming_the_column(self):
        bad = self.code[:-1] + ("0" if self.code[-1] != "0" else "1")
        path = write_csv(self.dir / "c.csv", [CN_HEADER + ["统一社会信用代码"],
                                              ["项目", "某公司", "上海", "1亿元", "线索", "", bad]])
        [problem] = self.run_import(path).problems
        self.assertEqual((problem.file, problem.row, problem.column), ("c.csv", 2, "统一社会信用代码"))
        self.assertIn("校验位不正确", problem.reason)

    def test_a_credit_code_excel_turned_into_a_number_is_explained(self):
        path = write_xlsx(self.dir / "n.xlsx", [CN_HEADER + ["统一社会信用代码"],
                                                ["项目", "某公司", "上海", "1亿元", "签约", "2020-06-01 00:00:00",
                                                 913301001234567890]])
        [problem] = self.run_import(path).problems
        self.assertEqual(problem.column, "统一社会信用代码")
        self.assertIn("存成了数字", problem.reason)

    def test_missing_required_columns_are_named(self):
        path = write_csv(self.dir / "h.csv", [["项目名称", "投资方", "签约日期"], ["项目", "某公司", "2020-01-01"]])
        reasons = [p.reason for p in self.run_import(path).problems]
        self.assertEqual(len(reasons), 2)
        self.assertIn("缺少必填列“总投资”", reasons[0])
        self.assertIn("缺少必填列“阶段”", reasons[1])

    def test_an_empty_sheet_a_corrupt_file_and_a_wrong_extension_are_refused_with_a_message(self):
        empty = write_xlsx(self.dir / "empty.xlsx", [])
        corrupt = self.dir / "corrupt.xlsx"
        corrupt.write_bytes(b"PK\x03\x04 this is not really a workbook" * 10)
        text = self.dir / "notes.txt"
        text.write_text("项目名称\n")
        old = self.dir / "old.xls"
        old.write_bytes(b"\xd0\xcf\x11\xe0" * 100)
        cases = {empty: "文件为空", corrupt: "不是有效的 .xlsx 文件", text: "不支持 .txt 文件", old: "另存为 .xlsx"}
        for path, message in cases.items():
            [problem] = self.run_import(path).problems
            self.assertIn(message, problem.reason, path)

    def test_a_zip_bomb_is_refused_from_its_directory_without_decompressing_it(self):
        bomb = self.dir / "bomb.xlsx"
        with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive, \
                archive.open("xl/worksheets/sheet1.xml", "w") as entry:
            for _ in range(8):
                entry.write(b"\0" * 2**20)
        self.assertLess(bomb.stat().st_size, 100_000)
        with mock.patch("openpyxl.load_workbook") as load:
            [problem] = self.run_import(bomb).problems
            load.assert_not_called()
        self.assertIn("压缩炸弹", problem.reason)
        # And by total size, whatever the ratio.
        [problem] = self.run_import(bomb, limits=Limits(max_uncompressed_bytes=4 * 2**20)).problems
        self.assertIn("超过 4.0 MB 的上限", problem.reason)

    def test_parts_read_whole_into_memory_are_capped(self):
        path = write_xlsx(self.dir / "strings.xlsx", [CN_HEADER, ["项目", "某公司", "上海", "1亿元", "线索", ""]])
        [problem] = self.run_import(path, limits=Limits(max_part_bytes=2048)).problems
        self.assertIn("超过 2 KB 的上限", problem.reason)

    @override_settings(UPLOAD_MAX_BYTES=1024)
    def test_an_oversize_file_is_refused_before_it_is_read(self):
        path = write_csv(self.dir / "big.csv", [CN_HEADER] + [[f"项目{i}", "某公司", "上海", "1亿元", "线索", ""]
                                                             for i in range(100)])
        with mock.patch("zhaoshang.core.imports.csv_reader.detect_encoding") as detect:
            [problem] = self.run_import(path).problems
            detect.assert_not_called()
        self.assertIn("超过 1 KB 的上限", problem.reason)

    def test_the_row_cap_refuses_a_longer_file(self):
        path = write_csv(self.dir / "long.csv", [CN_HEADER] + [[f"项目{i}", "某公司", "上海", "1亿元", "线索", ""]
                                                              for i in range(5)])
        [problem] = self.run_import(path, limits=Limits(max_rows=3)).problems
        self.assertIn("超过 3 行的上限", problem.reason)
        self.assertFalse(Project.objects.exists())

    def test_a_dry_run_validates_and_writes_nothing(self):
        path = write_csv(self.dir / "d.csv", [CN_HEADER, ["项目", "某公司", "上海", "1亿元", "线索", ""]])
        result = self.run_import(path, dry_run=True)
        self.assertEqual((result.ok, result.created), (True, 1))
        self.assertFalse(Project.objects.exists())

    def test_the_page_imports_for_an_officer_and_lists_problems(self):
        self.client.login(username="officer", password=PASSWORD)
        url = reverse("projects:import")
        self.assertContains(self.client.get(url), "导入项目")
        lines = [",".join(CN_HEADER), "网页项目,某公司,上海,2亿元,签约,2020-06-01"]
        good = SimpleUploadedFile("好.csv", "\n".join(lines).encode("gbk"))
        page = self.client.post(url, {"file": good})
        self.assertContains(page, "新增 <strong>1</strong> 个项目")
        self.assertEqual(Project.objects.get(name="网页项目").history.get().history_user, self.officer)
        bad = SimpleUploadedFile("坏.csv", "\n".join([",".join(CN_HEADER), "网页项目二,某公司,上海,面议,签约,"])
                                 .encode())
        page = self.client.post(url, {"file": bad})
        self.assertContains(page, "无法识别金额", status_code=400)
        self.assertContains(page, "须填写签约日期", status_code=400)
        self.assertFalse(Project.objects.filter(name="网页项目二").exists())

    @override_settings(UPLOAD_MAX_BYTES=1024)
    def test_the_page_refuses_an_oversize_upload(self):
        self.client.login(username="officer", password=PASSWORD)
        upload = SimpleUploadedFile("big.csv", b"a,b\n" * 1000)
        page = self.client.post(reverse("projects:import"), {"file": upload})
        self.assertContains(page, "上限", status_code=400)

    def test_only_officers_and_administrators_may_import(self):
        self.client.login(username="analyst", password=PASSWORD)
        self.assertEqual(self.client.get(reverse("projects:import")).status_code, 403)

    def test_the_page_takes_an_xlsx_upload(self):
        self.client.login(username="officer", password=PASSWORD)
        row = ["表格项目", "表格公司", "合肥", 150000000, "lead", None]
        path = write_xlsx(self.dir / "上传.xlsx", [EN_HEADER, row])
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        page = self.client.post(reverse("projects:import"), {"file": upload})
        self.assertContains(page, "新增 <strong>1</strong> 个项目")
        self.assertEqual(Project.objects.get(name="表格项目").amount, Decimal("150000000"))

    def test_a_dropped_project_gets_a_dated_history_and_a_later_file_never_moves_a_project_back(self):
        path = write_csv(self.dir / "s.csv", [CN_HEADER, ["中止项目", "某公司", "上海", "1亿元", "中止", ""],
                                              ["推进项目", "某公司", "上海", "1亿元", "注册", "2020-03-01"]])
        self.assertTrue(self.run_import(path).ok)
        self.assertEqual(list(Project.objects.get(name="中止项目").stage_changes.values_list("stage", flat=True)),
                         [Stage.LEAD, Stage.DROPPED])
        older = write_csv(self.dir / "older.csv", [CN_HEADER, ["推进项目", "某公司", "上海", "1亿元", "签约",
                                                                "2020-03-01"]])
        result = self.run_import(older)
        self.assertEqual((result.updated, result.unchanged), (0, 1))
        self.assertIn("不会把阶段改回“签约”", result.notes[0])
        self.assertEqual(Project.objects.get(name="推进项目").stage, Stage.REGISTERED)

    def test_a_later_stage_extends_the_history_of_an_existing_project(self):
        make_project(self.zone, "线索项目", owner=self.officer, signed_on=None)
        path = write_csv(self.dir / "a.csv", [CN_HEADER, ["线索项目", "某公司", "上海", "2亿元", "开工", "2020-08-08"]])
        result = self.run_import(path)
        self.assertEqual(result.updated, 1, result.problems)
        project = Project.objects.get(name="线索项目")
        self.assertEqual(project.stage, Stage.STARTED)
        self.assertEqual(project.signed_on, dt.date(2020, 8, 8))
        # The factory's lead has no dated record; the import adds every step after it.
        self.assertEqual([s for s, in project.stage_changes.values_list("stage")],
                         [Stage.NEGOTIATING, Stage.SIGNED, Stage.REGISTERED, Stage.STARTED])

    def test_a_credit_code_completes_a_known_investor_and_a_conflicting_one_is_refused(self):
        bare = Organization.objects.create(name="无代码有限公司")
        code = demo_credit_code("无代码有限公司", "330100")
        path = write_csv(self.dir / "k.csv", [CN_HEADER + ["统一社会信用代码"],
                                              ["补代码项目", "无代码有限公司", "杭州", "1亿元", "线索", "", code]])
        result = self.run_import(path)
        self.assertEqual((result.organizations_created, result.organizations_updated), (0, 1))
        bare.refresh_from_db()
        self.assertEqual(bare.credit_code, code)
        record = bare.history.latest()
        self.assertEqual((record.history_type, record.history_user, record.history_change_reason),
                         ("~", self.officer, "导入 k.csv 第2行"))
        other = demo_credit_code("别家有限公司", "330100")
        conflict = write_csv(self.dir / "k2.csv", [
            CN_HEADER + ["统一社会信用代码"],
            ["冲突项目", "已登记科技有限公司", "苏州", "1亿元", "线索", "", other],
            ["同码项目一", "甲新公司", "苏州", "1亿元", "线索", "", demo_credit_code("甲", "320500")],
            ["同码项目二", "乙新公司", "苏州", "1亿元", "线索", "", demo_credit_code("甲", "320500")],
        ])
        problems = self.run_import(conflict).problems
        self.assertEqual([(p.row, p.column) for p in problems], [(2, "统一社会信用代码"), (4, "统一社会信用代码")])
        self.assertIn(f"统一社会信用代码为 {self.code}，与本行的 {other} 不一致", problems[0].reason)
        self.assertIn("在第 3 行对应投资方“甲新公司”", problems[1].reason)

    def test_a_sheets_full_width_brackets_find_the_investor_news_stored_with_half_width_ones(self):
        # As the review queue stores an investor whose news item wrote half-width brackets.
        from_news = Organization.objects.create(name="某某(集团)有限公司")
        path = write_csv(self.dir / "w.csv", [CN_HEADER,
                                              ["集团项目", "某某（集团） 有限公司", "上海", "1亿元", "线索", ""],
                                              ["集团二期", "某某(集团)有限公司", "上海", "1亿元", "线索", ""]])
        result = self.run_import(path)
        self.assertEqual((result.ok, result.organizations_created), (True, 0), result.problems)
        for name in ("集团项目", "集团二期"):
            self.assertEqual(list(Project.objects.get(name=name).investors.all()), [from_news])
        match = organization_match("某某（集团）有限公司")
        self.assertEqual((match.organization, match.by, match.reasons),
                         (from_news, "name", ["名称相同（“某某(集团)有限公司”）"]))

    def test_one_new_investor_spelt_two_ways_in_a_file_is_created_once(self):
        path = write_csv(self.dir / "t.csv", [CN_HEADER, ["一期", "新星（南京）有限公司", "南京", "1亿元", "线索", ""],
                                              ["二期", "新星(南京)有限公司", "南京", "1亿元", "线索", ""]])
        result = self.run_import(path)
        self.assertEqual((result.ok, result.organizations_created), (True, 1), result.problems)
        self.assertEqual(Project.objects.get(name="二期").investors.get().name, "新星（南京）有限公司")


class RealSheetTests(FileTestCase):
    """Sheets as government offices send them: totals rows, approximate amounts, the downloadable template."""

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer", Role.OFFICER, team="一组")

    def test_a_sheet_ending_in_a_totals_row_imports_and_says_it_skipped_it(self):
        path = write_xlsx(self.dir / "2020年签约项目.xlsx", [
            ["序号", *CN_HEADER],
            [1, *SHANGHAI_PROJECT],
            [2, "苏新显示模组项目", "苏新光电材料有限公司", "苏州", "1.5亿元", "签约", "2020-10-09"],
            [None, "合 计", None, None, "3.5亿元", None, None],
            ["总计：", None, None, None, "3.5亿元", None, None],
        ])
        result = self.run_import(path)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.rows, result.created), (2, 2))
        self.assertIn("第 4、5 行是合计行（合计、总计或小计），已跳过，未作为记录导入", result.notes)
        self.assertFalse(Project.objects.filter(name__contains="计").exists())

    def test_an_approximate_amount_is_refused_with_the_reason_not_read_as_exact(self):
        rows = [CN_HEADER] + [[f"项目{i}", "某某科技有限公司", "上海", amount, "签约", "2020-10-09"]
                              for i, amount in enumerate(["三亿多", "近3亿", "约3亿元", "3亿元左右"], start=1)]
        result = self.run_import(write_csv(self.dir / "约数.csv", rows))
        self.assertEqual([(p.row, p.column) for p in result.problems], [(2, "总投资"), (3, "总投资"),
                                                                       (4, "总投资"), (5, "总投资")])
        self.assertIn("金额“三亿多”是约数，不能作为确切金额导入", result.problems[0].reason)
        self.assertFalse(Project.objects.exists())

    def test_the_downloaded_template_has_the_headers_an_example_and_drop_down_lists(self):
        from openpyxl import load_workbook

        self.client.login(username="officer", password=PASSWORD)
        response = self.client.get(reverse("projects:import") + "?template=xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        path = self.dir / "模板.xlsx"
        path.write_bytes(response.content)
        sheet = load_workbook(path)["项目"]
        header = [c.value for c in sheet[2]]
        self.assertEqual(header[:4], ["项目名称", "投资方", "统一社会信用代码", "来源城市"])
        lists = {str(v.sqref).split(":")[0][:1]: v.formula1 for v in sheet.data_validations.dataValidation}
        stage_col, city_col = (sheet.cell(row=2, column=header.index(h) + 1).column_letter
                               for h in ("阶段", "来源城市"))
        self.assertTrue(lists[stage_col].startswith("选项!$A$1"))
        self.assertTrue(lists[city_col].startswith("选项!$B$1"))
        result = self.run_import(path)  # the example row alone: skipped, said so
        self.assertIn("第 3 行是模板的示例行，已跳过", result.notes)
        self.assertFalse(Project.objects.exists())


class BackgroundImportTests(FileTestCase):
    """A web import runs as a job: queued with its file, polled with a progress bar, kept as a record."""

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer", Role.OFFICER, team="一组")
        cls.other = make_user("other", Role.OFFICER, team="二组")

    def sheet(self, rows: int) -> SimpleUploadedFile:
        lines = [CN_HEADER] + [[f"批量项目{i}", f"批量投资{i}有限公司", "上海", "2亿元", "洽谈", ""]
                               for i in range(rows)]
        path = write_csv(self.dir / "批量.csv", lines)
        return SimpleUploadedFile("批量.csv", path.read_bytes(), content_type="text/csv")

    def test_a_queued_import_shows_a_progress_bar_then_its_outcome(self):
        from zhaoshang.projects.importers.jobs import import_job_run
        from zhaoshang.projects.models import ImportJob

        self.client.login(username="officer", password=PASSWORD)
        with mock.patch("zhaoshang.projects.import_views.project_import_task"):  # a worker picks it up later
            response = self.client.post(reverse("projects:import"), {"file": self.sheet(4500)})
        job = ImportJob.objects.get()
        self.assertRedirects(response, f"{reverse('projects:import')}?job={job.pk}")
        page = self.client.get(response.url)
        self.assertContains(page, "<progress")
        self.assertContains(page, 'hx-trigger="every 1s"')
        from zhaoshang.projects.importers import jobs

        reported, record = [], jobs._update
        with mock.patch.object(jobs, "_update", side_effect=lambda job, **f: (reported.append(f), record(job, **f))):
            job = import_job_run(job_id=job.pk)
        self.assertIn({"phase": "plan", "done": 4000, "total": 4500}, reported)
        self.assertEqual((job.status, job.created, job.user), ("done", 4500, self.officer))
        self.assertIsNotNone(job.finished_at)
        self.assertFalse(job.file)
        poll = self.client.get(f"{reverse('projects:import')}?job={job.pk}", HTTP_HX_REQUEST="true")
        self.assertEqual(poll["HX-Redirect"], f"{reverse('projects:import')}?job={job.pk}")
        self.assertContains(self.client.get(poll["HX-Redirect"]), "新增 <strong>4500</strong> 个项目")
        self.assertEqual(Project.objects.count(), 4500)

    def test_a_job_is_shown_to_its_owner_only(self):
        self.client.login(username="officer", password=PASSWORD)
        self.client.post(reverse("projects:import"), {"file": self.sheet(2)})
        from zhaoshang.projects.models import ImportJob

        job = ImportJob.objects.get()
        self.assertEqual((job.status, job.created), ("done", 2))
        self.client.login(username="other", password=PASSWORD)
        page = self.client.get(f"{reverse('projects:import')}?job={job.pk}")
        self.assertNotContains(page, "批量.csv")
