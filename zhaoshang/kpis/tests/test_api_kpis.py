"""The KPI API on the South Taihu demo: the seed's figures, and records limited to what the caller may see."""

from django.test import TestCase

from zhaoshang.accounts.models import User
from zhaoshang.demo.load import demo_load
from zhaoshang.projects.models import Project

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
        self.assertIn("飞地分成", kpis["enclave_resident_projects"]["notes"][0])

    def test_zone_may_be_named_and_an_unknown_zone_is_a_400(self):
        kpis = {k["key"]: k for k in self.get(self.leader, "/api/kpis?year=2020&zone=nantaihu")}
        self.assertEqual(kpis["signed_projects_over_100m"]["value"], 33)
        self.client.force_login(self.leader)
        response = self.client.get("/api/kpis?year=2020&zone=atlantis")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "zone")

    def test_another_teams_officer_sees_the_figure_but_not_the_confidential_record(self):
        signed = self.kpis(self.other_team)["signed_projects_over_100m"]
        self.assertEqual((signed["value"], len(signed["record_ids"]), signed["hidden_count"]), (33, 32, 1))
        self.assertNotIn(self.secret.pk, signed["record_ids"])
        records = self.get(self.other_team, "/api/kpis/signed_projects_over_100m/records?year=2020")
        self.assertEqual((len(records["records"]), records["hidden_count"]), (32, 1))
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
        self.assertEqual(negotiating["hidden_count"], 2)
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
