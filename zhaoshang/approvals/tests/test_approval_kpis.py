"""The approvals figures come from the demo's cases and open to them."""

from decimal import Decimal

from django.test import TestCase

from zhaoshang.approvals.models import ApprovalTask, Case, Channel
from zhaoshang.demo.load import demo_load
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.services import kpi_evaluate


class DemoApprovalFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()
        cls.kpis = {v.key: v for v in kpi_evaluate(zone=cls.zone, period=Period.year(2020))}

    def test_the_seed_849_online_cases_are_counted_from_cases(self):
        online = self.kpis["online_service_cases"]
        self.assertEqual(online.value, 849)
        self.assertEqual(online.record_model, "approvals.Case")
        self.assertEqual(set(Case.objects.filter(pk__in=online.record_ids).values_list("channel", flat=True)),
                         {Channel.ONLINE})

    def test_demo_figures(self):
        print({k: self.kpis[k].value for k in ("online_service_cases", "cases_on_time_share",
              "case_median_working_days", "g60_cases", "projects_overdue_approvals")})
        print(self.kpis["case_median_working_days"].notes)
        print(Case.objects.count(), ApprovalTask.objects.count())
        self.assertEqual(self.kpis["g60_cases"].value, 41)
        self.assertGreater(self.kpis["cases_on_time_share"].value, Decimal("0.9"))
