"""A service platform's case export imports whole or not at all, names each bad cell, and is idempotent."""

import io

from django.core.exceptions import PermissionDenied
from django.test import TestCase

from zhaoshang.accounts.models import Role, User
from zhaoshang.approvals.importers import case_import
from zhaoshang.approvals.models import Case
from zhaoshang.approvals.services import service_items_load
from zhaoshang.demo.load import demo_credit_code
from zhaoshang.organizations.models import Organization
from zhaoshang.testing import make_project, make_user, make_zone
from zhaoshang.zones.models import Zone

HEADER = "办件编号,事项名称,申请人,统一社会信用代码,证件号码,受理时间,办结时间,办理方式,承诺时限,办理结果,项目名称\n"
CODE = demo_credit_code("湖州示例科技有限公司", "330500")
ROWS = (
    f"NTH001,企业设立登记,湖州示例科技有限公司,{CODE},,2020-06-01 09:30,2020-06-02 16:00,全程网办,1个工作日,准予许可,\n"
    "NTH002,就业创业证申领,王晓明,,11010519491231002X,2020/6/3,2020/6/5,窗口,3,准予,\n"
    f"NTH003,建筑工程施工许可证核发,湖州示例科技有限公司,{CODE},,2020-06-08,,G60专窗,,,电驱项目\n"
)


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


class CaseImportTests(TestCase):
    zone: Zone
    admin: User

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        service_items_load(zone=cls.zone)
        cls.admin = make_user("admin", Role.ADMINISTRATOR)
        cls.org = Organization.objects.create(name="湖州示例科技有限公司", credit_code=CODE)
        cls.project = make_project(cls.zone, "电驱项目")

    def run_import(self, text: str, user=None, **kw):
        return case_import(user=user or self.admin, zone=self.zone, file=csv_file(text), filename="办件.csv", **kw)

    def test_an_export_becomes_cases_matched_to_the_organisation_and_the_project(self):
        result = self.run_import(HEADER + ROWS)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(result.created, 3)
        first, person, g60 = Case.objects.order_by("number")
        self.assertEqual((first.organization, first.channel, first.working_days(), first.on_time()),
                         (self.org, "online", 1, True))
        self.assertIsNone(person.organization)
        self.assertEqual((person.id_number, person.promised_days, person.result), ("11010519491231002X", 3, "approved"))
        self.assertEqual((g60.channel, g60.project, g60.promised_days, g60.decided_on), ("g60", self.project, 3, None))
        self.assertEqual([s.name for s in first.steps.all()], ["受理", "办结"])

    def test_the_same_file_twice_changes_nothing(self):
        self.run_import(HEADER + ROWS)
        again = self.run_import(HEADER + ROWS)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 3))
        self.assertEqual(Case.objects.count(), 3)

    def test_a_corrected_row_updates_its_case(self):
        self.run_import(HEADER + ROWS)
        fixed = ROWS.replace("2020-06-08,,G60专窗,,,", "2020-06-08,2020-06-10,G60专窗,,准予许可,")
        result = self.run_import(HEADER + fixed)
        self.assertEqual((result.updated, result.unchanged), (1, 2))
        self.assertEqual(str(Case.objects.get(number="NTH003").decided_on), "2020-06-10")

    def test_a_file_with_bad_cells_writes_nothing_and_names_every_one(self):
        bad = ROWS + ("NTH004,不存在的事项,某人,,,2020-06-09,2020-06-01,快递,五天,批了,\n"
                      "NTH005,企业变更登记,某公司,91330500MA2B3C4D5X,,2020-13-01,,窗口,,,\n"
                      "NTH001,企业变更登记,某公司,,,2020-06-09,,窗口,,,\n"
                      "NTH006,社会保障卡申领,李丽华,,330102198501011234,2020-06-09,,网办,,,\n")
        result = self.run_import(HEADER + bad)
        self.assertEqual(Case.objects.count(), 0)
        found = {(p.row, p.column) for p in result.problems}
        self.assertLessEqual({(5, "事项名称"), (5, "办结时间"), (5, "办理方式"), (5, "承诺时限"), (5, "办理结果"),
                              (6, "统一社会信用代码"), (6, "受理时间"), (7, "办件编号"), (8, "证件号码")}, found)
        id_problem = next(p for p in result.problems if p.column == "证件号码")
        self.assertNotIn("330102198501011234", id_problem.reason)  # the problem does not repeat the number

    def test_a_missing_required_column_is_named(self):
        result = self.run_import("办件编号,事项名称,申请人,受理时间\nA,企业设立登记,某公司,2020-06-01\n")
        self.assertIn("缺少必填列“办理方式”", " ".join(p.reason for p in result.problems))

    def test_a_dry_run_checks_without_writing(self):
        result = self.run_import(HEADER + ROWS, dry_run=True)
        self.assertEqual((result.ok, result.created, Case.objects.count()), (True, 3, 0))

    def test_only_administrators_import_cases(self):
        with self.assertRaises(PermissionDenied):
            self.run_import(HEADER + ROWS, user=make_user("officer", Role.OFFICER))
