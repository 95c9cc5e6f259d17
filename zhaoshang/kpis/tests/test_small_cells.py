"""Small cells: a viewer who may not see one or two of a figure's records gets the visible part and a
note, never the zone total that, minus what they see, would give a confidential project away."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase, override_settings
from django.urls import reverse

from zhaoshang.core.disclosure import breakdown_disclosed
from zhaoshang.currencies.models import ExchangeRate
from zhaoshang.testing import make_project, make_user, make_zone

SIGNED = dt.date(2020, 6, 1)


class SmallCellTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer_a = make_user("officer_a", team="招商一组")
        cls.officer_b = make_user("officer_b", team="招商二组")
        for n in range(3):
            make_project(cls.zone, f"公开项目{n}", owner=cls.officer_b, amount="2", signed_on=SIGNED,
                         source_region="310100")
        cls.secret = make_project(cls.zone, "保密晶圆项目", owner=cls.officer_a, amount="5", signed_on=SIGNED,
                                  confidential=True, source_region="440300")

    def kpis(self, user) -> dict:
        self.client.force_login(user)
        return {k["key"]: k for k in self.client.get("/api/kpis?year=2020").json()}

    def test_one_hidden_project_leaves_only_the_visible_total_and_says_so(self):
        kpis = self.kpis(self.officer_b)
        total, count = kpis["signed_investment_total_cny"], kpis["signed_projects_over_100m"]
        self.assertEqual(total["value"], 600_000_000)  # 3 × 2亿, not 11亿: 11亿 − 6亿 would be the secret's 5亿
        self.assertEqual(count["value"], 3)
        self.assertEqual((total["hidden_count"], count["hidden_count"]), (0, 0))
        self.assertIn("少于 3 条", total["notes"][0])

    def test_a_share_counts_the_hidden_projects_of_its_base(self):
        # The secret project comes from 深圳: the zone's YRD share is 3/4. Shown beside the three projects the
        # officer sees, all from 上海, 75% would say a hidden signed project comes from outside the delta.
        share = self.kpis(self.officer_b)["signed_yrd_share"]
        self.assertEqual(share["value"], 1)
        self.assertIn("少于 3 条", share["notes"][0])
        self.assertEqual(self.kpis(self.officer_a)["signed_yrd_share"]["value"], 0.75)
        # The share's drill-down lists its base in two tables: the projects from the delta and the rest.
        page = self.client.get("/kpis/signed_yrd_share/?year=2020").content.decode()
        self.assertIn("来源地不在长三角的项目（分母中其余）", page)
        self.assertGreater(page.index("保密晶圆项目"), page.index("来源地不在长三角的项目"))

    def test_who_sees_every_record_gets_the_full_figure(self):
        total = self.kpis(self.officer_a)["signed_investment_total_cny"]
        self.assertEqual(total["value"], 1_100_000_000)
        self.assertFalse(any("少于" in n for n in total["notes"]))

    def test_three_hidden_projects_are_enough_to_show_the_full_figure(self):
        for n in range(2):
            make_project(self.zone, f"保密项目{n}", owner=self.officer_a, amount="1", signed_on=SIGNED,
                         confidential=True)
        total = self.kpis(self.officer_b)["signed_investment_total_cny"]
        self.assertEqual((total["value"], total["hidden_count"]), (1_300_000_000, 3))

    @override_settings(DISCLOSURE_MIN_HIDDEN=1)
    def test_the_threshold_is_a_setting(self):
        self.assertEqual(self.kpis(self.officer_b)["signed_investment_total_cny"]["value"], 1_100_000_000)

    def test_the_drill_down_page_shows_the_visible_part(self):
        self.client.force_login(self.officer_b)
        response = self.client.get(reverse("kpi_records", args=["signed_investment_total_cny"]) + "?year=2020")
        self.assertContains(response, "6亿元")
        self.assertNotContains(response, "11亿元")
        self.assertNotContains(response, "无权")

    def test_the_source_city_map_has_no_point_for_the_hidden_projects_city(self):
        def cities(user):
            self.client.force_login(user)
            chart = self.client.get(reverse("cockpit") + "?year=2020").context["chart"]
            return sorted((c["name"], c["count"]) for c in chart["map"]["cities"])

        self.assertEqual(cities(self.officer_b), [("上海市", 3)])
        self.assertEqual(cities(self.officer_a), [("上海市", 3), ("深圳市", 1)])


class BreakdownRuleTests(TestCase):
    def test_a_cell_with_one_or_two_hidden_records_counts_the_visible_ones_only(self):
        cells = {"上海": [1, 2, 3], "苏州": [4, 5], "深圳": [6, 7, 8, 9]}
        shown, reduced = breakdown_disclosed(cells, visible={1, 2, 3, 4}, threshold=3)
        self.assertEqual(shown, [("深圳", 4), ("上海", 3), ("苏州", 1)])  # 深圳: 4 hidden, enough to show
        self.assertTrue(reduced)


class PipelineHiddenCountsTests(TestCase):
    """The pipeline figures' hidden projects, counted in one query for all of them, are the ones each figure's
    own count finds: the small-cell rule decides the same way either way."""

    def test_the_counts_of_one_query_are_each_figures_own(self):
        from zhaoshang.kpis.computations import Period
        from zhaoshang.kpis.selectors import kpi_for_viewer, kpis_for_viewer
        from zhaoshang.kpis.services import kpi_evaluate
        from zhaoshang.projects.models import PIPELINE, StageChange

        zone = make_zone()
        mine, theirs = make_user("officer_a", team="招商一组"), make_user("officer_b", team="招商二组")
        for n in range(24):  # every stage, some left, a few with no history, a third confidential of either team
            project = make_project(zone, f"项目{n}", owner=mine if n % 2 else theirs, confidential=n % 3 == 0)
            on = dt.date(2020, 1, 1) + dt.timedelta(days=n * 7)
            for step, stage in enumerate(PIPELINE[:n % 7]):
                StageChange.objects.create(project=project, stage=stage, on=on + dt.timedelta(days=11 * step + n))
            if n % 5 == 4:
                StageChange.objects.create(project=project, stage="dropped", on=dt.date(2020, 11, 30))
        values = [v for v in kpi_evaluate(zone=zone, period=Period.year(2020)) if v.group == "pipeline"]
        together = kpis_for_viewer(mine, values, zone=zone, period=Period.year(2020))
        one_by_one = [kpi_for_viewer(mine, v) for v in values]
        seen = [(v.key, v.hidden_count, v.base_hidden_count, v.value, v.suppressed) for v in together]
        self.assertEqual(seen, [(v.key, v.hidden_count, v.base_hidden_count, v.value, v.suppressed)
                                for v in one_by_one])
        self.assertTrue(any(hidden for _, hidden, _, _, _ in seen))  # some figures do hide projects


class SharedRecordsHiddenCountTests(TestCase):
    """The signing count and the signing total rest on the same projects: their hidden ones are counted once,
    and the visible ones among those with a conversion note looked up once, for both figures."""

    def test_the_signing_figures_count_their_hidden_projects_once(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from zhaoshang.kpis.computations import Period
        from zhaoshang.kpis.selectors import kpis_for_viewer
        from zhaoshang.kpis.services import kpi_evaluate

        zone = make_zone()
        mine, theirs = make_user("officer_a", team="招商一组"), make_user("officer_b", team="招商二组")
        ExchangeRate.objects.create(currency="USD", on=dt.date(2020, 1, 1), cny_per_unit=Decimal("7"))
        projects = [make_project(zone, f"签约{n}", owner=theirs if n < 4 else mine, amount="3", currency="USD",
                                 confidential=n < 4, signed_on=dt.date(2020, 3 + n, 1))
                    for n in range(5)]  # in dollars: each counted project has a note on its conversion
        keys = ["signed_projects_over_100m", "signed_investment_total_cny"]
        values = kpi_evaluate(zone=zone, period=Period.year(2020), keys=keys, include_pipeline=False)
        with CaptureQueriesContext(connection) as queries:
            seen = kpis_for_viewer(mine, values, zone=zone, period=Period.year(2020))
        self.assertEqual([v.hidden_count for v in seen], [4, 4])
        self.assertEqual([list(v.record_notes) for v in seen], [[projects[4].pk]] * 2)  # the visible one's
        self.assertEqual(sum('"confidential"' in q["sql"] for q in queries.captured_queries), 2)  # count, notes


class ShareWithTwoHiddenTests(TestCase):
    """Two hidden projects in a share's base are two records, fewer than three, although each also counts in
    the share's numerator: the share shows only the visible part."""

    def test_two_hidden_projects_of_the_delta_do_not_show_in_the_share(self):
        zone = make_zone()
        mine, theirs = make_user("officer_a", team="招商一组"), make_user("officer_b", team="招商二组")
        for n, (region, confidential) in enumerate([("310100", False)] * 3 + [("440300", False)]
                                                   + [("310100", True)] * 2):
            make_project(zone, f"项目{n}", owner=mine if confidential else theirs, amount="2", source_region=region,
                         confidential=confidential, signed_on=SIGNED)
        self.client.force_login(theirs)
        kpis = {k["key"]: k for k in self.client.get("/api/kpis?year=2020").json()}
        # The zone's share is 5/6; beside the three of four visible projects from the delta it would say that
        # both hidden ones come from it.
        self.assertEqual(kpis["signed_yrd_share"]["value"], 0.75)
        self.assertIn("少于 3 条", kpis["signed_yrd_share"]["notes"][0])
        self.client.force_login(mine)
        self.assertEqual({k["key"]: k for k in self.client.get("/api/kpis?year=2020").json()}[
            "signed_yrd_share"]["value"], 0.8333)
