"""The records behind a figure read the same on the drill-down page, in the API and as plain cells."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role, User
from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.kpis.records import RECORD_SPECS, as_cells, as_json, record_spec
from zhaoshang.kpis.selectors import YearInvalid, kpi_scope
from zhaoshang.projects.models import Stage
from zhaoshang.talent.models import GraduateIntake, TalentTeam
from zhaoshang.testing import PASSWORD, make_carrier, make_project, make_user, make_zone
from zhaoshang.zones.models import Residency
from zhaoshang.zones.selectors import ZoneNotFound

NEWS_DAY = dt.date(2020, 6, 15)  # the day a news item first reported the project as started (开工)


def _drill_down(client, user, key: str) -> str:
    client.login(username=user.username, password=PASSWORD)
    response = client.get(reverse("kpi_records", args=[key]), {"year": 2020})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class InferredSigningTests(TestCase):
    """A project first reported as 开工 was signed at some point: counted, and marked 推定 where its date shows."""

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.leader = make_user("leader", Role.LEADER)
        cls.reported = make_project(cls.zone, "正常签约项目", signed_on=dt.date(2020, 3, 1))
        cls.jumped = make_project(cls.zone, "新闻开工项目")
        cls.jumped.advance_to(Stage.STARTED, on=NEWS_DAY)

    def signed(self):
        self.client.force_login(self.leader)
        return {k["key"]: k for k in self.client.get("/api/kpis", {"year": 2020}).json()}

    def test_signing_kpis_count_the_inferred_signing_and_say_how_many_rest_on_it(self):
        kpis = self.signed()
        for key in ["signed_projects_over_100m", "signed_investment_total_cny", "signed_yrd_share"]:
            with self.subTest(key=key):
                self.assertIn("其中 1 个项目的签约日期为推定", kpis[key]["notes"])
        self.assertEqual(kpis["signed_projects_over_100m"]["value"], 2)

    def test_a_figure_with_only_reported_dates_has_no_inferred_note(self):
        self.jumped.delete()
        kpis = self.signed()
        for key in ["signed_projects_over_100m", "median_days_signed"]:
            self.assertFalse([n for n in kpis[key]["notes"] if "推定" in n], key)

    def test_median_stage_days_say_how_many_stays_rest_on_inferred_dates(self):
        self.assertIn("其中 1 个项目的停留起止日期为推定", self.signed()["median_days_signed"]["notes"])

    def test_the_drill_down_marks_the_inferred_signing_date(self):
        page = _drill_down(self.client, self.leader, "signed_projects_over_100m")
        self.assertIn("2020年6月15日（推定）", page)
        self.assertIn("2020年3月1日", page)
        self.assertNotIn("2020年3月1日（推定）", page)

    def test_the_api_says_which_signing_date_is_inferred(self):
        self.client.force_login(self.leader)
        records = self.client.get("/api/kpis/signed_projects_over_100m/records", {"year": 2020}).json()["records"]
        fields = {r["label"]: r["fields"] for r in records}
        self.assertEqual((fields["新闻开工项目"]["signed_on"], fields["新闻开工项目"]["signed_on_inferred"]),
                         ("2020-06-15", True))
        self.assertFalse(fields["正常签约项目"]["signed_on_inferred"])

    def test_cells_carry_the_same_mark_as_the_page(self):
        spec = record_spec("projects.Project")
        cells = as_cells(spec, spec.records(self.leader, [self.jumped.pk]).get(), self.leader)
        self.assertEqual(dict(zip(spec.headers, cells, strict=True))["签约日期"], "2020年6月15日（推定）")


class OneDescriptionTests(TestCase):
    """Where the page and the API used to disagree, both now say what a person expects."""

    leader: User

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.leader = make_user("leader", Role.LEADER)
        carrier = make_carrier(cls.zone)
        cls.partner = make_user("partner", Role.PARTNER, carrier=carrier)
        team = TalentTeam.objects.create(zone=cls.zone, name="智能网联团队", kind=TalentTeam.Kind.STARTUP,
                                         leader="李明", source_region_id="310100")
        Residency.objects.create(carrier=carrier, team=team, since=dt.date(2020, 1, 1))
        GraduateIntake.objects.create(zone=cls.zone, year=2020, source_region_id="310100", count=1200)
        indicator = Indicator.objects.create(zone=cls.zone, key="online_service_cases", name="全程网办件", unit="件")
        Observation.objects.create(indicator=indicator, on=dt.date(2020, 6, 30), value=Decimal("1234"))

    def api_fields(self, key: str) -> dict:
        self.client.force_login(self.leader)
        return self.client.get(f"/api/kpis/{key}/records", {"year": 2020}).json()["records"][0]["fields"]

    def test_a_team_shows_its_leader_on_the_page_and_in_the_api(self):
        self.assertIn("李明", _drill_down(self.client, self.leader, "enclave_resident_teams"))
        self.assertEqual(self.api_fields("enclave_resident_teams")["leader"], "李明")

    def test_an_observation_names_its_indicator_and_keeps_the_key_as_a_code(self):
        # No catalogue figure opens observations since 全程网办件 is counted from cases; the spec still
        # describes them for indicator drill-downs and exports.
        observation = Observation.objects.get(indicator__key="online_service_cases")
        spec = record_spec("indicators.Observation")
        fields = as_json(spec, observation, self.leader)["fields"]
        self.assertEqual((fields["indicator"], fields["indicator_key"], fields["value"]),
                         ("全程网办件", "online_service_cases", "1234"))
        self.assertIn("1,234", as_cells(spec, observation, self.leader))

    def test_a_graduate_intake_names_its_region_and_keeps_the_code_as_a_code(self):
        fields = self.api_fields("graduates_introduced")
        self.assertEqual((fields["source_region"], fields["source_region_code"], fields["count"]),
                         ("上海市", "310100", 1200))
        self.assertIn("上海市", _drill_down(self.client, self.leader, "graduates_introduced"))

    def test_partners_read_the_published_observations(self):
        from zhaoshang.kpis.selectors import records_visible_to

        observation = Observation.objects.get(indicator__key="online_service_cases")
        visible = records_visible_to(self.partner, "indicators.Observation", [observation.pk])
        self.assertEqual(list(visible.values_list("pk", flat=True)), [observation.pk])

    def test_partners_still_do_not_open_zone_wide_graduate_records(self):
        page = _drill_down(self.client, self.partner, "graduates_introduced")
        self.assertIn("少于 3 条，为防止据此推算出单条保密记录，未计入", page)
        self.assertNotIn("上海市", page)

    def test_every_record_model_has_as_many_cells_as_headers_and_an_api_field_per_column(self):
        team = TalentTeam.objects.get()
        spec = record_spec("talent.TalentTeam")
        self.assertEqual(as_cells(spec, team, self.leader), ["智能网联团队", "创业团队", "", "", "上海市", "李明"])
        self.assertEqual(set(as_json(spec, team, self.leader)["fields"]),
                         {"name", "kind", "field", "declared_year", "source_region", "leader"})
        self.assertLessEqual({"projects.Project", "talent.Person", "talent.TalentTeam", "zones.Carrier",
                             "indicators.Observation", "talent.GraduateIntake", "talent.ResearchProject"},
                            set(RECORD_SPECS))


class KpiScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        make_project(cls.zone, "去年签约项目", signed_on=dt.date(2019, 9, 1))

    def test_without_a_year_the_scope_is_the_latest_year_with_a_signing(self):
        self.assertEqual(kpi_scope(None, None), (self.zone, 2019))
        self.assertEqual(kpi_scope("testzone", ""), (self.zone, 2019))

    def test_a_year_given_as_text_or_number_is_the_same_year(self):
        self.assertEqual(kpi_scope(None, "2020"), kpi_scope(None, 2020))

    def test_a_year_outside_the_reporting_range_or_not_a_number_is_refused_in_chinese(self):
        for year in ["10000", "1989", "二〇二〇", "2020a"]:
            with self.subTest(year=year), self.assertRaisesMessage(YearInvalid, "年度须在 1990 与 2100 之间"):
                kpi_scope(None, year)

    def test_an_unknown_zone_is_refused_naming_what_was_asked_for(self):
        with self.assertRaisesMessage(ZoneNotFound, "“atlantis”的园区"):
            kpi_scope("atlantis", 2020)

    def test_page_api_and_console_refuse_the_same_year(self):
        self.client.force_login(make_user("leader", Role.LEADER))
        self.assertEqual(self.client.get(reverse("cockpit"), {"year": "abc"}).status_code, 404)
        response = self.client.get("/api/kpis", {"year": 1989})
        self.assertEqual(response.status_code, 422)
        self.assertIn("年度须在 1990 与 2100 之间", response.json()["detail"])


class StalledListTests(TestCase):
    def test_the_cockpits_stalled_list_marks_an_inferred_signing_date(self):
        zone = make_zone()
        project = make_project(zone, "推定签约未落地项目", signed_on=dt.date(2020, 3, 2))
        project.stage_changes.filter(stage=Stage.SIGNED).update(inferred=True)
        leader = make_user("leader", Role.LEADER)
        self.client.force_login(leader)
        page = self.client.get(reverse("cockpit"), {"year": 2020}).content.decode()
        self.assertIn("2020年3月2日（推定）", page)
        self.assertIn("其中 1 个项目的签约日期为推定", page)
