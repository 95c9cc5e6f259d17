"""The KPI API on the South Taihu demo: the seed's figures, and records limited to what the caller may see."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase

from zhaoshang.accounts.models import Role, User
from zhaoshang.demo.load import demo_load
from zhaoshang.kpis.models import KpiTarget
from zhaoshang.projects.models import Project
from zhaoshang.testing import make_project, make_user, make_zone, signed_from_records
from zhaoshang.zones.models import Carrier

SECRET = "12英寸特色工艺晶圆项目"  # signed in 2020, confidential, owned by wangqiang of the second team


class KpiApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_load()
        users = {u.username: u for u in User.objects.all()}
        cls.leader, cls.admin, cls.partner = users["leader"], users["admin"], users["enclave"]
        cls.owner, cls.other_team = users["wangqiang"], users["zhangwei"]
        cls.secret = Project.objects.get(name=SECRET)

    def get(self, user, path):
        self.client.force_login(user)
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def kpis(self, user):
        return {k["key"]: k for k in self.get(user, "/api/kpis?year=2020")}

    def test_the_seeds_figures_for_2020(self):
        kpis = self.kpis(self.leader)
        signed = kpis["signed_projects_over_100m"]
        self.assertEqual((signed["value"], signed["unit"], signed["label"], signed["period"]),
                         (33, "count", "签约亿元以上项目", "2020年"))
        self.assertEqual((len(signed["record_ids"]), signed["hidden_count"], signed["record_model"]),
                         (33, 0, "projects.Project"))
        self.assertEqual(kpis["signed_investment_total_cny"]["value"], 44_138_000_000)
        self.assertEqual(kpis["online_service_cases"]["value"], 849)
        self.assertIn("双计", kpis["enclave_resident_projects"]["notes"][0])

    def test_zone_may_be_named_and_an_unknown_zone_is_a_400(self):
        kpis = {k["key"]: k for k in self.get(self.leader, "/api/kpis?year=2020&zone=nantaihu")}
        self.assertEqual(kpis["signed_projects_over_100m"]["value"], 33)
        self.client.force_login(self.leader)
        response = self.client.get("/api/kpis?year=2020&zone=atlantis")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "zone")

    def test_another_teams_officer_sees_the_visible_part_but_not_the_one_confidential_record(self):
        # One hidden record is a small cell (core.disclosure): 33 − 32 would say it exists, and its amount.
        signed = self.kpis(self.other_team)["signed_projects_over_100m"]
        self.assertEqual((signed["value"], len(signed["record_ids"]), signed["hidden_count"]), (32, 32, 0))
        self.assertIn("少于 3 条", signed["notes"][0])
        self.assertNotIn(self.secret.pk, signed["record_ids"])
        records = self.get(self.other_team, "/api/kpis/signed_projects_over_100m/records?year=2020")
        self.assertEqual((len(records["records"]), records["hidden_count"]), (32, 0))
        self.assertNotIn(SECRET, [r["label"] for r in records["records"]])

    def test_owner_and_leader_open_every_record(self):
        for user in (self.owner, self.leader):
            records = self.get(user, "/api/kpis/signed_projects_over_100m/records?year=2020")
            with self.subTest(user=user.username):
                self.assertEqual((len(records["records"]), records["hidden_count"]), (33, 0))
                self.assertIn(SECRET, [r["label"] for r in records["records"]])

    def test_partner_reads_the_figure_but_opens_only_their_carriers_records(self):
        signed = self.get(self.partner, "/api/kpis/signed_projects_over_100m/records?year=2020")
        self.assertEqual((signed["value"], signed["records"], signed["record_ids"], signed["hidden_count"]),
                         (33, [], [], 33))
        residents = self.get(self.partner, "/api/kpis/enclave_resident_projects/records?year=2020")
        self.assertEqual((len(residents["records"]), residents["hidden_count"]), (8, 0))

    def test_pipeline_figures_hide_confidential_records_too(self):
        negotiating = self.get(self.other_team, "/api/kpis/projects_in_stage_negotiating/records?year=2020")
        # Two hidden records are a small cell: the count is the visible part only (core.disclosure).
        self.assertEqual((negotiating["hidden_count"], negotiating["suppressed"]), (0, True))
        self.assertEqual(negotiating["value"], len(negotiating["records"]))
        self.assertNotIn("氢能重卡整车项目", [r["label"] for r in negotiating["records"]])

    def test_a_project_record_shows_amount_with_currency_and_signing_date(self):
        records = self.get(self.leader, "/api/kpis/signed_projects_over_100m/records?year=2020")["records"]
        dollars = next(r for r in records if r["label"] == "精密医疗器械外资项目")
        self.assertEqual((dollars["fields"]["amount_display"], dollars["fields"]["signed_on"]),
                         ("1亿美元", "2020-12-03"))

    def test_talents_phone_and_id_numbers_are_masked_except_for_administrators(self):
        masked = self.get(self.leader, "/api/kpis/enclave_talents/records?year=2020")["records"][0]["fields"]
        full = self.get(self.admin, "/api/kpis/enclave_talents/records?year=2020")["records"][0]["fields"]
        self.assertRegex(masked["phone"], r"^138\*{4}\d{4}$")
        self.assertRegex(masked["id_number"], r"^330\*{11}[\dX]{4}$")
        self.assertRegex(full["phone"], r"^1380572\d{4}$")

    def test_unknown_kpi_is_a_404(self):
        self.client.force_login(self.leader)
        response = self.client.get("/api/kpis/no_such_kpi/records?year=2020")
        self.assertEqual(response.status_code, 404)
        self.assertIn("detail", response.json())


class KpiApiTargetsAndComparisonsTests(TestCase):
    """`/api/kpis` gives what the cockpit's cards give: target, 完成率, 同比 and 环比, targets only to who may
    read them; the expected figures are worked out from the demo's projects, not by the KPI code."""

    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()
        cls.leader, cls.analyst = User.objects.get(username="leader"), User.objects.get(username="analyst")
        cls.partner = User.objects.get(username="enclave")

    def signed(self, user, query: str) -> dict:
        self.client.force_login(user)
        response = self.client.get(f"/api/kpis?{query}")
        self.assertEqual(response.status_code, 200, response.content)
        return {k["key"]: k for k in response.json()}

    def test_a_quarter_gives_its_target_completion_year_to_date_and_both_comparisons(self):
        d = dt.date
        q3 = signed_from_records(self.zone, d(2020, 7, 1), d(2020, 9, 30))
        to_september = signed_from_records(self.zone, d(2020, 1, 1), d(2020, 9, 30))
        q2 = signed_from_records(self.zone, d(2020, 4, 1), d(2020, 6, 30))
        q3_last_year = signed_from_records(self.zone, d(2019, 7, 1), d(2019, 9, 30))
        self.assertLess(len(q3), len(to_september))  # the demo signs before July too: the two differ
        kpis = self.signed(self.leader, "year=2020&period=Q3")
        count, total = kpis["signed_projects_over_100m"], kpis["signed_investment_total_cny"]
        self.assertEqual((count["value"], count["target"], count["year_to_date"]), (len(q3), 30, len(to_september)))
        self.assertEqual(count["completion"], round(len(to_september) / 30, 4))
        self.assertEqual(Decimal(str(total["year_to_date"])), sum(to_september.values()))
        self.assertEqual(total["target"], 45_000_000_000)
        self.assertEqual(Decimal(str(total["completion"])),
                         (sum(to_september.values()) / Decimal(45_000_000_000)).quantize(Decimal("0.0001")))
        # 9 months of 12 gone: a count below 75% of its target is behind plan.
        self.assertEqual(count["behind_plan"], len(to_september) / 30 < 0.75)
        compared = {c["label"]: c for c in count["comparisons"]}
        self.assertEqual((compared["同比"]["period"], compared["同比"]["value"]), ("2019年第三季度", len(q3_last_year)))
        self.assertEqual((compared["环比"]["period"], compared["环比"]["period_code"], compared["环比"]["value"]),
                         ("2020年第二季度", "Q2", len(q2)))
        self.assertEqual(compared["环比"]["change"], round((len(q3) - len(q2)) / len(q2), 4))

    def test_a_year_has_its_target_and_only_a_comparison_with_last_year(self):
        kpis = self.signed(self.leader, "year=2020")
        count = kpis["signed_projects_over_100m"]
        self.assertEqual((count["value"], count["target"], count["completion"], count["behind_plan"]),
                         (33, 30, 1.1, False))
        self.assertEqual([c["label"] for c in count["comparisons"]], ["同比"])
        share, last_year = kpis["signed_yrd_share"], self.signed(self.leader, "year=2019")["signed_yrd_share"]
        before = share["comparisons"][0]
        self.assertEqual((before["value"], before["change"]), (last_year["value"], None))
        self.assertEqual(share["comparisons"][0]["points"], round((share["value"] - last_year["value"]) * 100, 2))
        self.assertIsNone(kpis["signed_not_landed"]["target"])  # no target set: null, the field still there

    def test_who_may_not_read_targets_gets_no_target_field_and_the_analyst_does(self):
        hidden = self.signed(self.partner, "year=2020&period=Q3")["signed_projects_over_100m"]
        self.assertFalse({"target", "year_to_date", "completion", "behind_plan"} & hidden.keys())
        self.assertEqual([c["label"] for c in hidden["comparisons"]], ["同比", "环比"])
        self.assertEqual(self.signed(self.analyst, "year=2020")["signed_projects_over_100m"]["target"], 30)

    def test_another_periods_figure_gives_no_hidden_project_away(self):
        # zhangwei cannot see the confidential wafer project signed in the second quarter: one hidden record,
        # so Q2 is shown to him over the visible projects; the third quarter's 环比 must be that figure too,
        # not the zone's (their difference would be the hidden project's amount), and so must his 完成率.
        officer = User.objects.get(username="zhangwei")
        total = "signed_investment_total_cny"
        second = self.signed(officer, "year=2020&period=Q2")[total]
        self.assertTrue(second["suppressed"])
        third = self.signed(officer, "year=2020&period=Q3")[total]
        before = next(c for c in third["comparisons"] if c["label"] == "环比")
        self.assertEqual(before["value"], second["value"])
        self.assertNotEqual(before["value"], self.signed(self.leader, "year=2020&period=Q2")[total]["value"])
        # The year to September that his 完成率 is read against: the projects he may see, worked out here.
        secret = Project.objects.get(name=SECRET)
        signed = signed_from_records(self.zone, dt.date(2020, 1, 1), dt.date(2020, 9, 30))
        visible = {pk: cny for pk, cny in signed.items() if pk != secret.pk}
        self.assertEqual(Decimal(str(third["year_to_date"])), sum(visible.values(), Decimal(0)))

    def test_a_target_saved_shows_at_once_though_the_figures_are_cached(self):
        self.signed(self.leader, "year=2020")
        KpiTarget.objects.filter(zone=self.zone, kpi_key="signed_projects_over_100m", year=2020).update(value=66)
        count = self.signed(self.leader, "year=2020")["signed_projects_over_100m"]
        self.assertEqual((count["target"], count["completion"]), (66, 0.5))

    def test_a_bad_period_is_a_422_in_chinese(self):
        self.client.force_login(self.leader)
        response = self.client.get("/api/kpis?year=2020&period=Q5")
        self.assertEqual(response.status_code, 422)
        self.assertIn("没有这个期间", response.json()["detail"])

    def test_the_schema_documents_the_period_the_targets_and_the_comparisons(self):
        self.client.force_login(self.leader)
        schema = self.client.get("/api/openapi.json").json()
        kpi = schema["components"]["schemas"]["KpiOut"]["properties"]
        for name in ("target", "year_to_date", "completion", "behind_plan", "comparisons"):
            self.assertIn(name, kpi)
        self.assertIn("合作方", kpi["target"]["description"])
        parameters = schema["paths"]["/api/kpis"]["get"]["parameters"]
        self.assertIn("period", [p["name"] for p in parameters])


class ConversionNoteTests(TestCase):
    """A note that names a confidential project is dropped for whoever may not see the project."""

    @classmethod
    def setUpTestData(cls):
        zone, _ = demo_load()
        cls.owner = User.objects.get(username="wangqiang")
        cls.other_team = User.objects.get(username="zhangwei")
        make_project(zone, "保密美元并购项目", owner=cls.owner, amount="2", currency="USD",
                     signed_on=dt.date(2020, 12, 20), confidential=True)

    def signed(self, user):
        self.client.force_login(user)
        return next(k for k in self.client.get("/api/kpis?year=2020").json()
                    if k["key"] == "signed_projects_over_100m")

    def test_conversion_note_of_a_confidential_project_is_hidden(self):
        self.assertTrue(any("保密美元并购项目" in note for note in self.signed(self.owner)["notes"]))
        hidden = self.signed(self.other_team)
        self.assertEqual((hidden["value"], hidden["hidden_count"], hidden["suppressed"]), (32, 0, True))
        self.assertFalse(any("保密美元并购项目" in note for note in hidden["notes"]))
        self.assertTrue(any("精密医疗器械外资项目" in note for note in hidden["notes"]))


class CarrierAndIndicatorApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_load()
        cls.leader = User.objects.get(username="leader")
        cls.partner = User.objects.get(username="enclave")

    def get(self, user, path):
        self.client.force_login(user)
        return self.client.get(path)

    def test_carriers_show_kind_host_region_and_attribution_rule(self):
        carriers = {c["name"]: c for c in self.get(self.leader, "/api/carriers").json()}
        self.assertEqual(len(carriers), 7)
        enclave = carriers["智车空间·湖州南太湖新区(杭州)创新中心"]
        self.assertEqual((enclave["kind"], enclave["kind_label"], enclave["host_region"]["name"]),
                         ("enclave", "飞地", "杭州市"))
        self.assertEqual(enclave["attribution_rule"], "按《湖州南太湖新区与杭州市共建智车空间飞地合作协议》统计归属")
        self.assertEqual(len(self.get(self.leader, "/api/carriers?kind=innovation").json()), 4)

    def test_partner_sees_only_their_own_carrier(self):
        carriers = self.get(self.partner, "/api/carriers").json()
        self.assertEqual([c["name"] for c in carriers], ["智车空间·湖州南太湖新区(杭州)创新中心"])
        other = Carrier.objects.exclude(pk=self.partner.carrier_id).first()
        self.assertEqual(self.get(self.partner, f"/api/carriers/{other.pk}").status_code, 404)
        self.assertEqual(self.get(self.partner, f"/api/carriers/{self.partner.carrier_id}").status_code, 200)

    def test_indicator_observations_carry_their_source(self):
        indicators = {i["key"]: i for i in self.get(self.leader, "/api/indicators?zone=nantaihu").json()}
        online = indicators["online_service_cases"]
        self.assertEqual((online["name"], online["unit"], online["aggregation"]), ("全程网办件", "件", "sum"))
        observations = self.get(self.leader, f"/api/indicators/{online['id']}/observations?year=2020").json()
        self.assertEqual(sum(Decimal(o["value"]) for o in observations), 849)
        self.assertEqual(observations[0]["source"], "新区行政审批局月报（示例数据）")
        self.assertIsNotNone(observations[-1]["document"])


class MissingRateTests(TestCase):
    def test_a_missing_exchange_rate_is_a_409_that_says_which_rate_to_add(self):
        zone = make_zone()
        make_project(zone, "欧元项目", amount="3", currency="EUR", signed_on=dt.date(2020, 3, 2))
        self.client.force_login(make_user("leader", Role.LEADER))
        response = self.client.get("/api/kpis?year=2020")
        self.assertEqual(response.status_code, 409)
        self.assertIn("EUR", response.json()["detail"])
        self.assertIn("汇率", response.json()["detail"])
