"""Yearly targets: the demo's, entered on the page, imported from a sheet (all or nothing), and read by the
cockpit as 完成率 and 落后于计划."""

import datetime as dt
import io
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.kpis.models import KpiTarget
from zhaoshang.kpis.targets import behind_plan, completion, kpi_target_import, parse_target
from zhaoshang.testing import PASSWORD, make_user, make_zone


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


class TargetRuleTests(TestCase):
    def test_a_target_is_read_the_way_people_write_it(self):
        self.assertEqual(parse_target("450亿元", "CNY"), Decimal(45_000_000_000))
        self.assertEqual(parse_target("75%", "ratio"), Decimal("0.75"))
        self.assertEqual(parse_target("1,000", "count"), Decimal(1000))
        with self.assertRaisesMessage(ValueError, "不能写百分号"):
            parse_target("75%", "count")
        with self.assertRaisesMessage(ValueError, "不能超过 100%"):
            parse_target("120%", "ratio")

    def test_completion_is_value_over_target_and_target_over_value_for_days(self):
        self.assertEqual(completion(33, Decimal(30), "count"), Decimal("1.1000"))
        self.assertEqual(completion(Decimal(2), Decimal(1), "days"), Decimal("0.5000"))
        self.assertIsNone(completion(None, Decimal(1), "count"))

    def test_a_count_half_way_through_the_year_is_behind_plan_only_below_the_straight_line(self):
        # 500 of 1,000 by 30 June is a little behind (181/366 of 2020 has gone); 600 is ahead.
        self.assertTrue(behind_plan(490, Decimal(1000), "count", dt.date(2020, 6, 30), 2020))
        self.assertFalse(behind_plan(600, Decimal(1000), "count", dt.date(2020, 6, 30), 2020))
        self.assertTrue(behind_plan(Decimal("0.8"), Decimal("0.9"), "ratio", dt.date(2020, 3, 31), 2020))


class TargetImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.leader = make_user("target-leader", Role.LEADER)
        cls.officer = make_user("target-officer", Role.OFFICER)

    def test_a_sheet_of_targets_is_imported_once_and_the_second_time_changes_nothing(self):
        sheet = "指标,年度,目标值\n签约亿元以上项目,2021,35\nsigned_investment_total_cny,2021,500亿元\n" \
                "签约亿元以上项目来自长三角的比例,2021,75%\n"
        first = kpi_target_import(user=self.leader, zone=self.zone, file=_csv(sheet), filename="目标.csv")
        self.assertTrue(first.ok, first.problems)
        self.assertEqual(first.created, 3)
        self.assertEqual(KpiTarget.objects.get(kpi_key="signed_investment_total_cny").value, Decimal(50_000_000_000))
        again = kpi_target_import(user=self.leader, zone=self.zone, file=_csv(sheet), filename="目标.csv")
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 3))

    def test_a_sheet_with_bad_rows_writes_nothing_and_names_each_problem(self):
        sheet = ("指标,年度,目标值\n签约亿元以上项目,2021,35\n没有的指标,2021,3\n"
                 "签约亿元以上项目来自长三角的比例,二〇二一,75%\n飞地入驻项目,2021,很多\n")
        result = kpi_target_import(user=self.leader, zone=self.zone, file=_csv(sheet), filename="目标.csv")
        self.assertEqual(KpiTarget.objects.count(), 0)
        problems = [str(p) for p in result.problems]
        self.assertEqual(len(problems), 3, problems)
        self.assertIn("目标.csv:3:指标: 没有名为或代码为“没有的指标”的指标", problems)
        self.assertTrue(any(p.startswith("目标.csv:4:年度:") for p in problems))
        self.assertIn("目标.csv:5:目标值: 无法识别目标值“很多”", problems)

    def test_only_administrators_and_leaders_import_targets(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            kpi_target_import(user=self.officer, zone=self.zone, file=_csv("指标,年度,目标值\n"), filename="x.csv")


class TargetPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.leader = make_user("page-leader", Role.LEADER)
        cls.officer = make_user("page-officer", Role.OFFICER)

    def test_a_leader_sets_a_target_on_the_page_and_a_wrong_one_is_explained(self):
        self.client.login(username=self.leader.username, password=PASSWORD)
        response = self.client.post(reverse("kpi_targets"), {
            "year": 2020, "target-signed_projects_over_100m": "40", "target-signed_yrd_share": "七成"}, follow=True)
        self.assertEqual(KpiTarget.objects.get(kpi_key="signed_projects_over_100m", year=2020).value, 40)
        self.assertFalse(KpiTarget.objects.filter(kpi_key="signed_yrd_share").exists())
        page = response.content.decode()
        self.assertIn("无法识别目标值“七成”", page)
        self.assertIn("已保存 2020 年 1 项目标", page)

    def test_an_officer_reads_the_targets_but_cannot_set_them(self):
        self.client.login(username=self.officer.username, password=PASSWORD)
        self.assertNotContains(self.client.get(reverse("kpi_targets"), {"year": 2020}), "保存目标")
        response = self.client.post(reverse("kpi_targets"), {"year": 2020, "target-signed_projects_over_100m": "1"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(KpiTarget.objects.exists())
