"""The cockpit against the demo: targets and completion, 同比 and 环比 opening to their periods' records,
filters through the htmx panel, rankings of visible projects only, and its tables as Excel."""

import datetime as dt
import io
import json
import re

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.accounts.models import Role
from zhaoshang.demo.load import demo_load
from zhaoshang.testing import PASSWORD, make_carrier, make_project, make_user, make_zone


def _chart(page: str) -> dict:
    found = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', page, re.S)
    assert found is not None, "the page carries no chart data"
    return json.loads(found[1])


def _rows(response) -> list[tuple]:
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


class DemoCockpitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()
        cls.leader = make_user("targets-leader", Role.LEADER)

    def setUp(self):
        self.client.login(username=self.leader.username, password=PASSWORD)

    def test_each_card_shows_its_target_and_completion(self):
        page = self.client.get(reverse("cockpit")).content.decode()
        self.assertRegex(page, r'data-target="signed_projects_over_100m">年度目标 30 · 完成率 <strong>110.00%')
        self.assertRegex(page, r'data-target="signed_investment_total_cny">年度目标 450亿元 · 完成率 '
                               r'<strong>98.08%</strong> <span class="alert-tag">落后于计划')

    def test_a_quarter_compares_with_the_quarter_before_and_the_same_quarter_last_year(self):
        page = self.client.get(reverse("cockpit"), {"year": 2020, "period": "Q3"}).content.decode()
        self.assertIn("2020年第三季度", page)
        self.assertIn('href="/kpis/signed_projects_over_100m/?year=2020&amp;period=Q2" data-compare="环比"', page)
        self.assertIn('href="/kpis/signed_projects_over_100m/?year=2019&amp;period=Q3" data-compare="同比"', page)

    def test_the_drill_down_opens_the_period_it_is_asked_for(self):
        url = reverse("kpi_records", args=["signed_projects_over_100m"])
        year = self.client.get(url, {"year": 2020}).content.decode()
        quarter = self.client.get(url, {"year": 2020, "period": "Q2"}).content.decode()
        self.assertLess(quarter.count('href="/projects/'), year.count('href="/projects/'))
        self.assertIn("2020-04-01 至 2020-06-30", quarter)
        self.assertEqual(self.client.get(url, {"year": 2020, "period": "Q5"}).status_code, 404)

    def test_a_filter_through_the_panel_changes_the_figures_and_names_the_page(self):
        everything = self.client.get(reverse("cockpit_panel"), {"year": 2020})
        shanghai = self.client.get(reverse("cockpit_panel"), {"year": 2020, "source": "310000"})
        self.assertEqual(shanghai["HX-Push-Url"], "/?year=2020&source=310000")
        signed = [_chart(r.content.decode())["filtered"]["signed"] for r in (everything, shanghai)]
        self.assertGreater(signed[0], signed[1])
        cities = {c["name"] for c in _chart(shanghai.content.decode())["map"]["cities"]}
        self.assertEqual(cities, {"上海市"})

    def test_the_map_places_source_cities_by_their_coordinates_with_the_zone_at_huzhou(self):
        chart = _chart(self.client.get(reverse("cockpit")).content.decode())["map"]
        self.assertEqual(chart["zone"]["value"], [120.086809, 30.89441])
        beijing = next(c for c in chart["cities"] if c["name"] == "北京市")
        self.assertFalse(beijing["yrd"])
        self.assertIn("示意图", chart["source"])

    def test_the_online_cases_series_is_drawn_against_its_target(self):
        series = _chart(self.client.get(reverse("cockpit")).content.decode())["indicators"]
        online = next(s for s in series if s["key"] == "online_service_cases")
        self.assertEqual(online["values"][9], 849.0)  # January to October, cumulative
        self.assertEqual(online["plan"][11], 1000.0)
        self.assertFalse(online["behind"])

    def test_the_wall_refreshes_itself(self):
        page = self.client.get(reverse("cockpit_wall"), {"year": 2020}).content.decode()
        self.assertIn('hx-trigger="every 120s"', page)
        self.assertIn('class="wall"', page)

    def test_the_indicator_table_exports_as_excel(self):
        response = self.client.get(reverse("cockpit_export", args=["kpis"]), {"year": 2020})
        rows = _rows(response)
        self.assertEqual(rows[1][:4], ("指标", "数值", "年度目标", "完成率"))
        self.assertIn(("签约亿元以上项目总投资", "441.38亿元", "450亿元", "98.08%"), [r[:4] for r in rows])


class RankingVisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        carrier = make_carrier(zone, "甲园")
        cls.owner = make_user("rank-owner", Role.OFFICER, team="一组")
        cls.other = make_user("rank-other", Role.OFFICER, team="二组")
        cls.partner = make_user("rank-partner", Role.PARTNER, carrier=carrier)
        make_project(zone, "机密大项目", owner=cls.owner, amount="50", confidential=True, carrier=carrier,
                     signed_on=dt.date(2020, 5, 1))
        make_project(zone, "公开小项目", owner=cls.owner, amount="2", carrier=carrier, signed_on=dt.date(2020, 6, 1))
        make_project(zone, "别处项目", owner=cls.other, amount="3", signed_on=dt.date(2020, 7, 1),
                     source_region="110100")

    def rankings_as(self, user) -> str:
        self.client.login(username=user.username, password=PASSWORD)
        response = self.client.get(reverse("cockpit_export", args=["officer"]), {"year": 2020})
        return repr(_rows(response))

    def test_a_confidential_project_adds_to_its_owners_ranking_only_for_who_may_see_it(self):
        self.assertIn("52亿元", self.rankings_as(self.owner))
        self.assertNotIn("52亿元", self.rankings_as(self.other))
        self.assertIn("2亿元", self.rankings_as(self.other))

    def test_a_partner_ranks_only_its_carriers_public_projects(self):
        seen = self.rankings_as(self.partner)
        self.assertIn("2亿元", seen)
        self.assertNotIn("3亿元", seen)
        self.assertNotIn("52亿元", seen)
        page = self.client.get(reverse("cockpit"), {"year": 2020}).content.decode()
        self.assertNotIn("北京市", json.dumps(_chart(page)["map"], ensure_ascii=False))
        self.assertNotIn("年度目标", page)


class RankingsCountWhatExistedTests(TestCase):
    def test_a_project_first_recorded_after_the_period_is_not_in_that_periods_rankings(self):
        from zhaoshang.kpis.computations import Period
        from zhaoshang.kpis.rankings import Filters, filtered_figures
        from zhaoshang.projects.models import StageChange

        zone = make_zone()
        leader = make_user("rank-leader", Role.LEADER)
        officer = make_user("rank-officer", Role.OFFICER, team="一组")
        make_project(zone, "早项目", owner=officer, signed_on=dt.date(2020, 5, 1))
        late = make_project(zone, "晚项目", owner=officer)
        StageChange.objects.create(project=late, stage="lead", on=dt.date(2021, 3, 1))
        make_project(zone, "无记录项目", owner=officer)  # no history at all: it counts whatever the period

        def in_hand(year: int) -> int:
            teams = filtered_figures(leader, zone, Filters(), Period.year(year), year).rankings["team"]
            return next(row.projects for row in teams if row.name == "一组")

        self.assertEqual((in_hand(2020), in_hand(2021)), (2, 3))
