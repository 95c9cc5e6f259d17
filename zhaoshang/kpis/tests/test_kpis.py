"""The seed's figures come out of the demo's records, and the rules behind them hold on small cases."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase

from zhaoshang.currencies.models import ExchangeRate
from zhaoshang.currencies.money import MissingRate
from zhaoshang.demo.load import demo_load
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.services import kpi_evaluate
from zhaoshang.projects.models import Stage, StageChange
from zhaoshang.testing import make_project, make_zone


def figures(zone, year=2020, **kw):
    return {v.key: v for v in kpi_evaluate(zone=zone, period=Period.year(year), **kw)}


class SeedFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()
        cls.kpis = figures(cls.zone)

    def test_demo_reproduces_every_figure_of_the_seed_report(self):
        values = {k: v.value for k, v in self.kpis.items()}
        self.assertEqual(values["signed_projects_over_100m"], 33)
        self.assertEqual(values["signed_investment_total_cny"], Decimal("44138000000"))
        self.assertGreaterEqual(values["signed_yrd_share"], Decimal("0.70"))
        self.assertEqual(values["enclave_resident_projects"], 8)
        self.assertEqual(values["enclave_resident_teams"], 6)
        self.assertGreater(values["enclave_talents"], 50)
        self.assertLess(values["enclave_talents"], 60)  # 50多名
        self.assertGreaterEqual(values["enclave_college_share"], Decimal("0.99"))
        self.assertEqual(values["innovation_carriers_introduced"], 4)
        self.assertEqual(values["joint_research_projects"], 2)
        self.assertEqual(values["leading_talent_teams"], 19)
        self.assertEqual(values["graduates_introduced"], 2274)
        self.assertEqual(values["online_service_cases"], 849)

    def test_each_figure_names_the_records_it_counted(self):
        self.assertEqual(len(self.kpis["signed_projects_over_100m"].record_ids), 33)
        self.assertEqual(len(self.kpis["enclave_talents"].record_ids), self.kpis["enclave_talents"].value)
        self.assertEqual(self.kpis["online_service_cases"].record_model, "approvals.Case")
        self.assertEqual(len(self.kpis["online_service_cases"].record_ids), 849)

    def test_dollar_project_is_converted_at_its_signing_date_rate_and_says_so(self):
        notes = " ".join(self.kpis["signed_investment_total_cny"].all_notes)
        self.assertIn("1亿美元", notes)
        self.assertIn("2020-12-01", notes)
        self.assertIn("6.9", notes)

    def test_enclave_figures_state_the_attribution_rule(self):
        self.assertIn("双计", " ".join(self.kpis["enclave_resident_projects"].notes))

    def test_other_years_do_not_inherit_2020_signings(self):
        kpis = figures(self.zone, 2019)
        # 唯品会华东运营中心 and the photovoltaic expansion were signed in 2019.
        self.assertEqual(kpis["signed_projects_over_100m"].value, 2)
        self.assertEqual(kpis["leading_talent_teams"].value, 2)

    def test_signed_projects_without_registration_after_90_days_are_flagged(self):
        stalled = self.kpis["signed_not_landed"]
        self.assertEqual(stalled.value, 2)
        self.assertEqual(stalled.record_model, "projects.Project")


class SigningRulesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        ExchangeRate.objects.create(currency="USD", on=dt.date(2020, 1, 1), cny_per_unit=Decimal("7.0"))
        ExchangeRate.objects.create(currency="USD", on=dt.date(2020, 7, 1), cny_per_unit=Decimal("6.5"))

    def test_signed_total_converts_dollars_at_the_signing_date_rate(self):
        make_project(self.zone, "美元项目", amount="1", currency="USD", signed_on=dt.date(2020, 8, 1))
        make_project(self.zone, "人民币项目", amount="2", signed_on=dt.date(2020, 3, 1))
        kpis = figures(self.zone)
        self.assertEqual(kpis["signed_investment_total_cny"].value, Decimal("850000000"))

    def test_a_dollar_amount_under_the_threshold_after_conversion_is_not_counted(self):
        make_project(self.zone, "小额美元项目", amount="0.15", currency="USD", signed_on=dt.date(2020, 8, 1))
        self.assertEqual(figures(self.zone)["signed_projects_over_100m"].value, 0)

    def test_a_currency_without_a_rate_is_an_error_not_a_silent_sum(self):
        make_project(self.zone, "欧元项目", amount="1", currency="EUR", signed_on=dt.date(2020, 8, 1))
        with self.assertRaises(MissingRate) as ctx:
            figures(self.zone)
        self.assertIn("EUR", str(ctx.exception))

    def test_yrd_share_counts_source_cities_and_their_counties(self):
        make_project(self.zone, "上海项目", source_region="310115", signed_on=dt.date(2020, 5, 1))
        make_project(self.zone, "北京项目", source_region="110100", signed_on=dt.date(2020, 5, 2))
        self.assertEqual(figures(self.zone)["signed_yrd_share"].value, Decimal("0.5"))

    def test_conversion_and_median_days_follow_the_stage_history(self):
        project = make_project(self.zone, "推进项目", signed_on=dt.date(2020, 3, 1))
        StageChange.objects.create(project=project, stage=Stage.REGISTERED, on=dt.date(2020, 3, 21))
        make_project(self.zone, "未注册项目", signed_on=dt.date(2020, 4, 1))
        kpis = figures(self.zone)
        self.assertEqual(kpis["conversion_signed_to_registered"].value, Decimal("0.5"))
        self.assertEqual(kpis["median_days_signed"].value, Decimal("20"))
        self.assertEqual(kpis["median_days_lead"].value, Decimal("30"))


class StageHistoryEditsTests(TestCase):
    """The pipeline figures read the day each stage was left from the stage changes themselves: whichever way a
    change is written, corrected or removed, the stays and the current stages follow."""

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()

    def stays(self, *keys):
        kpis = figures(self.zone)
        return [kpis[k].value for k in keys]

    def test_a_change_recorded_late_with_an_earlier_date_splits_the_stay_it_falls_into(self):
        project = make_project(self.zone, "补录项目", signed_on=dt.date(2020, 3, 31))  # lead on 1 March
        StageChange.objects.create(project=project, stage=Stage.NEGOTIATING, on=dt.date(2020, 3, 11))
        self.assertEqual(self.stays("median_days_lead", "median_days_negotiating", "projects_in_stage_signed"),
                         [Decimal("10"), Decimal("20"), 1])

    def test_correcting_a_date_and_deleting_the_latest_change_move_the_figures(self):
        project = make_project(self.zone, "更正项目", signed_on=dt.date(2020, 3, 31))
        signed = project.stage_changes.get(stage=Stage.SIGNED)
        signed.on = dt.date(2020, 3, 16)
        signed.save()
        self.assertEqual(self.stays("median_days_lead"), [Decimal("15")])
        signed.delete()
        self.assertEqual(self.stays("median_days_lead", "projects_in_stage_lead", "projects_in_stage_signed"),
                         [None, 1, 0])

    def test_bulk_writes_keep_the_stays(self):
        project = make_project(self.zone, "批量项目", signed_on=dt.date(2020, 3, 31))
        StageChange.objects.bulk_create([StageChange(project=project, stage=Stage.REGISTERED, on=dt.date(2020, 4, 10))])
        self.assertEqual(self.stays("median_days_signed", "projects_in_stage_registered"), [Decimal("10"), 1])
        project.stage_changes.filter(stage=Stage.REGISTERED).update(on=dt.date(2020, 4, 30))
        self.assertEqual(self.stays("median_days_signed"), [Decimal("30")])

    def test_a_stage_left_after_the_period_counts_as_the_stage_of_the_period(self):
        project = make_project(self.zone, "跨年项目", signed_on=dt.date(2020, 12, 21))
        StageChange.objects.create(project=project, stage=Stage.REGISTERED, on=dt.date(2021, 1, 20))
        self.assertEqual(self.stays("projects_in_stage_signed", "projects_in_stage_registered", "median_days_signed"),
                         [1, 0, None])
        self.assertEqual(figures(self.zone, 2021)["median_days_signed"].value, Decimal("30"))


class SeedOnEveryBasisTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()

    def test_enclave_counts_are_the_same_on_every_basis_because_the_agreement_counts_them_twice(self):
        keys = ["enclave_resident_projects", "enclave_resident_teams", "enclave_talents", "enclave_college_share"]
        for basis in ("full", "zone", "partner"):
            with self.subTest(basis=basis):
                values = {v.key: v.value for v in kpi_evaluate(zone=self.zone, period=Period.year(2020), keys=keys,
                                                                basis=basis, include_pipeline=False)}
                self.assertEqual(values, {"enclave_resident_projects": 8, "enclave_resident_teams": 6,
                                          "enclave_talents": 53, "enclave_college_share": Decimal("1.0000")})
