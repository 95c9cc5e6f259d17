import datetime as dt
from decimal import Decimal

from django.test import TestCase

from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.services import kpi_evaluate
from zhaoshang.organizations.models import Organization
from zhaoshang.testing import make_carrier, make_project, make_zone
from zhaoshang.zones.models import AttributionRule, CooperationAgreement, Residency

MONEY = ["signed_investment_total_cny"]
COUNTS = ["enclave_resident_projects"]


class AttributionTests(TestCase):
    def setUp(self):
        self.zone = make_zone()
        self.partner = Organization.objects.create(name="杭州市人民政府", kind="government", region_id="330100")
        self.agreement = CooperationAgreement.objects.create(zone=self.zone, partner=self.partner, title="飞地协议",
                                                             signed_on=dt.date(2019, 1, 1))
        self.enclave = make_carrier(self.zone, agreement=self.agreement)

    def rule(self, figure, mode, share="1", start="2019-01-01", end=None):
        return AttributionRule.objects.create(
            agreement=self.agreement, figure=figure, mode=mode, zone_share=Decimal(share),
            valid_from=dt.date.fromisoformat(start), valid_until=dt.date.fromisoformat(end) if end else None,
            signed_on=dt.date(2019, 1, 1))

    def resident(self, name, since, amount="1.11111111", carrier=None):
        project = make_project(self.zone, name, amount=amount, signed_on=dt.date(2020, 3, 1))
        Residency.objects.create(carrier=carrier or self.enclave, project=project, since=since)
        return project

    def figure(self, basis, keys, partner=None):
        [value] = kpi_evaluate(zone=self.zone, period=Period.year(2020), keys=keys, basis=basis, partner=partner,
                               include_pipeline=False)
        return value

    def test_split_amounts_add_up_to_the_full_figure_exactly(self):
        self.rule("investment", "split", "0.6")
        for i in range(3):
            self.resident(f"项目{i}", dt.date(2020, 1, 1), amount="1.00000001")
        full, zone, partner = (self.figure(b, MONEY).value for b in ("full", "zone", "partner"))
        self.assertEqual(full, Decimal("300000003.00"))
        self.assertEqual(zone + partner, full)
        self.assertEqual(zone, Decimal("180000001.80"))

    def test_split_counts_are_decimal_shares_not_rounded(self):
        self.rule("projects", "split", "0.6")
        self.resident("甲", dt.date(2020, 1, 1))
        self.assertEqual(self.figure("zone", COUNTS).value, Decimal("0.6"))
        self.assertEqual(self.figure("partner", COUNTS).value, Decimal("0.4"))
        self.assertEqual(self.figure("full", COUNTS).value, 1)

    def test_counted_twice_shows_in_full_on_both_sides_and_says_so(self):
        self.rule("projects", "both")
        self.resident("甲", dt.date(2020, 1, 1))
        zone, partner = self.figure("zone", COUNTS), self.figure("partner", COUNTS)
        self.assertEqual((zone.value, partner.value), (1, 1))
        self.assertIn("重复计算", " ".join(partner.notes))

    def test_one_side_only_counts_for_that_side(self):
        self.rule("projects", "one_side", "0")
        self.resident("甲", dt.date(2020, 1, 1))
        self.assertEqual(self.figure("zone", COUNTS).value, 0)
        self.assertEqual(self.figure("partner", COUNTS).value, 1)

    def test_a_project_registered_the_day_a_rule_changes_falls_under_the_new_rule(self):
        self.rule("investment", "split", "1", end="2020-06-01")
        self.rule("investment", "split", "0.5", start="2020-06-01")
        before = self.resident("之前", dt.date(2020, 5, 31), amount="1")
        on_the_day = self.resident("当天", dt.date(2020, 6, 1), amount="1")
        zone = self.figure("zone", MONEY)
        self.assertEqual(zone.record_figures, {before.id: Decimal("100000000.00"),
                                               on_the_day.id: Decimal("50000000.00")})
        self.assertIn("2020-06-01 起", " ".join(zone.all_notes))

    def test_a_carrier_without_an_agreement_counts_in_full_for_its_zone_and_says_so(self):
        other = make_carrier(self.zone, name="本地孵化器")
        self.resident("甲", dt.date(2020, 1, 1), carrier=other)
        self.assertEqual(self.figure("zone", COUNTS).value, 1)
        self.assertEqual(self.figure("partner", COUNTS).value, 0)
        self.assertIn("本地孵化器：未关联合作协议，全部计入本区", self.figure("full", COUNTS).notes)

    def test_partner_basis_for_another_partner_counts_nothing(self):
        self.rule("projects", "both")
        self.resident("甲", dt.date(2020, 1, 1))
        self.assertEqual(self.figure("partner", COUNTS, partner="杭州").value, 1)
        self.assertEqual(self.figure("partner", COUNTS, partner="上海").value, 0)

    def test_notes_name_the_rule_and_period_applied_to_each_record(self):
        self.rule("investment", "split", "0.6", end="2023-12-31")
        self.resident("甲", dt.date(2020, 1, 1))
        notes = " ".join(self.figure("partner", MONEY).all_notes)
        self.assertIn("甲：《飞地协议》分成：本区 60%，合作方 40%（2019-01-01 至 2023-12-31）", notes)

    def test_rule_changes_are_kept_in_history(self):
        rule = self.rule("investment", "split", "0.6")
        rule.zone_share = Decimal("0.5")
        rule.save()
        self.assertEqual([h.zone_share for h in rule.history.order_by("history_date")],
                         [Decimal("0.6"), Decimal("0.5")])
