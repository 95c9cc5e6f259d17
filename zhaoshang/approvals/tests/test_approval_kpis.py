"""The approvals figures come from cases and checklists, and open to them."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.approvals.demo import approvals_demo_load
from zhaoshang.approvals.models import ApprovalTask, Case, Channel, ServiceItem
from zhaoshang.demo.load import demo_load
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.services import kpi_evaluate
from zhaoshang.testing import make_project, make_user, make_zone

D = dt.date


def figures(zone, year=2020):
    return {v.key: v for v in kpi_evaluate(zone=zone, period=Period.year(year))}


class DemoApprovalFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()
        cls.kpis = figures(cls.zone)

    def test_the_seed_849_online_cases_are_counted_from_cases(self):
        online = self.kpis["online_service_cases"]
        self.assertEqual((online.value, online.record_model, len(online.record_ids)), (849, "approvals.Case", 849))
        channels = set(Case.objects.filter(pk__in=online.record_ids).values_list("channel", flat=True))
        self.assertEqual(channels, {Channel.ONLINE})
        self.assertEqual(Case.objects.filter(pk__in=online.record_ids, received_on__month__gt=10).count(), 0)

    def test_the_demo_shows_g60_cases_time_limits_and_overdue_projects(self):
        self.assertEqual(self.kpis["g60_cases"].value, 41)
        self.assertGreater(self.kpis["cases_on_time_share"].value, Decimal("0.95"))
        self.assertLess(self.kpis["cases_on_time_share"].value, 1)  # a few cases overran their promise
        self.assertEqual(self.kpis["case_median_working_days"].value, 1)
        overdue = self.kpis["projects_overdue_approvals"]
        self.assertEqual(overdue.record_model, "projects.Project")
        self.assertEqual(overdue.value, len(overdue.record_ids))
        self.assertGreater(overdue.value, 0)

    def test_the_median_says_it_by_channel_and_by_item(self):
        notes = " ".join(self.kpis["case_median_working_days"].notes)
        self.assertIn("按渠道：全程网办 1 个工作日（849 件）", notes)
        self.assertIn("按事项：", notes)

    def test_the_drill_down_lists_the_online_cases_with_their_days(self):
        self.client.force_login(make_user("someone", Role.LEADER))
        page = self.client.get("/kpis/online_service_cases/", {"year": 2020}).content.decode()
        self.assertIn("<th>用时（工作日）</th>", page)
        self.assertIn("全程网办", page)

    def test_every_checklist_item_done_has_the_case_that_fulfilled_it(self):
        done = ApprovalTask.objects.filter(status=ApprovalTask.Status.DONE)
        self.assertGreater(done.count(), 0)
        self.assertFalse(done.filter(cases__isnull=True).exists())

    def test_loading_the_demo_again_changes_nothing(self):
        cases = Case.objects.count()
        self.assertFalse(approvals_demo_load(zone=self.zone))
        demo_load()
        self.assertEqual(Case.objects.count(), cases)


class CaseFigureRulesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        item = ServiceItem.objects.create(zone=cls.zone, name="建筑工程施工许可证核发", department="住建局",
                                          promised_days=3)

        def case(number, channel, received, decided):
            return Case.objects.create(zone=cls.zone, number=number, item=item, channel=channel,
                                       applicant_name="某公司", received_on=received, decided_on=decided,
                                       promised_days=3)
        case("A", "online", D(2020, 9, 29), D(2020, 10, 10))  # 3 working days: on the promised 调休 Saturday
        case("B", "window", D(2020, 9, 29), D(2020, 10, 12))  # 4: late
        case("C", "g60", D(2020, 12, 30), None)  # undecided: counted as received, not in the timing
        case("D", "online", D(2019, 12, 30), D(2020, 1, 2))  # received in 2019, decided in 2020

    def test_cases_count_in_the_year_they_were_received(self):
        kpis = figures(self.zone)
        self.assertEqual((kpis["online_service_cases"].value, kpis["g60_cases"].value), (1, 1))

    def test_timing_covers_the_cases_decided_in_the_year(self):
        kpis = figures(self.zone)
        self.assertEqual(kpis["cases_on_time_share"].value, Decimal("0.6667"))
        self.assertIn("2/3 件在承诺时限内办结", kpis["cases_on_time_share"].notes)
        self.assertEqual(kpis["case_median_working_days"].value, 3)

    def test_a_year_without_decisions_has_no_median_rather_than_zero(self):
        self.assertIsNone(figures(self.zone, 2018)["case_median_working_days"].value)


class OverdueApprovalsTests(TestCase):
    def test_a_project_counts_while_an_item_is_past_due_and_stops_once_it_is_done(self):
        zone = make_zone()
        project = make_project(zone, "电驱项目", signed_on=D(2020, 3, 1))
        task = ApprovalTask.objects.create(project=project, kind="land", due_on=D(2020, 6, 30))
        ApprovalTask.objects.create(project=project, kind="fire", due_on=D(2020, 6, 1), status="waived")
        self.assertEqual(figures(zone)["projects_overdue_approvals"].record_ids, [project.pk])
        task.finish(on=D(2020, 8, 3))
        self.assertEqual(figures(zone)["projects_overdue_approvals"].value, 0)
        self.assertTrue(task.overdue_on(D(2020, 7, 15)))  # it was overdue in July
        self.assertFalse(task.overdue_on(D(2020, 6, 30)))  # not on its due date itself
