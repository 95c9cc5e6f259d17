"""The KPI API on the South Taihu demo: the seed's figures, and records limited to what the caller may see."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase

from zhaoshang.accounts.models import Role, User
from zhaoshang.demo.load import demo_load
from zhaoshang.projects.models import Project
from zhaoshang.testing import make_project, make_user, make_zone
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
