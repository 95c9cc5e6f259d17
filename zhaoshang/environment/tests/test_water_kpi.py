"""The share of sections meeting their target class, its records, alerts, and the demo's figures."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.environment.demo import environment_demo_load
from zhaoshang.environment.models import PlanTask, Reading, Station
from zhaoshang.environment.selectors import alerts, assessments
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.selectors import kpi_for_viewer
from zhaoshang.kpis.services import kpi_evaluate
from zhaoshang.testing import make_user, make_zone


def _water(zone, year=2020):
    return kpi_evaluate(zone=zone, period=Period.year(year), keys=["water_sections_on_target_share"],
                        include_pipeline=False)[0]


class WaterKpiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.river = Station.objects.create(zone=cls.zone, name="甲港", water_body="river", target_class=3)
        cls.lake = Station.objects.create(zone=cls.zone, name="湖岸", water_body="lake", target_class=3)
        cls.idle = Station.objects.create(zone=cls.zone, name="无数据断面", target_class=2)
        for month, tp in ((6, "0.25"), (9, "0.05")):  # one Ⅳ类 month; the year's mean 0.15 is Ⅲ类
            Reading.objects.create(station=cls.river, on=dt.date(2020, month, 10), parameter="tp",
                                   value=Decimal(tp), unit="mg/L")
        Reading.objects.create(station=cls.lake, on=dt.date(2020, 6, 10), parameter="tn", value=Decimal("1.6"),
                               unit="mg/L")

    def test_the_share_counts_sections_whose_yearly_means_meet_their_target(self):
        value = _water(self.zone)
        self.assertEqual(value.value, Decimal("0.5"))
        self.assertEqual(value.record_ids, [self.river.pk])
        self.assertIn("未达标：湖岸，Ⅴ类（目标Ⅲ类）", value.notes)
        self.assertIn("另有 1 个断面期间内无监测数据，未计入", value.notes)

    def test_a_partner_sees_the_same_share_and_its_sections(self):
        partner = make_user("partner", Role.PARTNER)
        seen = kpi_for_viewer(partner, _water(self.zone))
        self.assertEqual((seen.value, seen.record_ids, seen.hidden_count), (Decimal("0.5"), [self.river.pk], 0))

    def test_a_sample_worse_than_target_raises_an_alert_naming_the_parameter(self):
        found = alerts([self.river, self.lake], dt.date(2020, 1, 1), dt.date(2020, 12, 31))
        self.assertEqual([(a.station.name, a.on, a.below_target) for a in found],
                         [("甲港", dt.date(2020, 6, 10), ["tp"]), ("湖岸", dt.date(2020, 6, 10), ["tn"])])

    def test_a_year_without_readings_has_no_share_to_report(self):
        value = _water(self.zone, 2019)
        self.assertEqual((value.value, value.record_ids), (Decimal(0), []))


class DemoWaterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.first = environment_demo_load(zone=cls.zone)

    def test_the_demo_ships_its_sections_with_estimated_coordinates_and_a_years_readings(self):
        self.assertEqual(Station.objects.filter(zone=self.zone, coordinates_estimated=True).count(), 5)
        self.assertEqual(self.first.created, Reading.objects.count())
        self.assertEqual(Reading.objects.filter(on__year=2020).dates("on", "month").count(), 12)

    def test_four_of_the_five_demo_sections_meet_their_target_in_2020(self):
        value = _water(self.zone)
        self.assertEqual(value.value, Decimal("0.8"))
        missed = [a for a in assessments(list(Station.objects.all()), dt.date(2020, 1, 1), dt.date(2020, 12, 31))
                  if not a.on_target]
        self.assertEqual([(a.station.name, a.classed.deciding) for a in missed], [("太湖南岸湖州近岸", ["tn"])])

    def test_loading_the_demo_again_changes_nothing(self):
        counts = (Station.objects.count(), Reading.objects.count(), PlanTask.objects.count())
        again = environment_demo_load(zone=self.zone)
        self.assertEqual((again.created, again.updated), (0, 0))
        self.assertEqual((Station.objects.count(), Reading.objects.count(), PlanTask.objects.count()), counts)

    def test_the_kpi_opens_to_the_sections_on_target(self):
        self.client.force_login(make_user("leader", Role.LEADER))
        page = self.client.get("/kpis/water_sections_on_target_share/", {"year": 2020}).content.decode()
        self.assertIn("长兜港（入湖口）", page)
        self.assertIn("未达标：太湖南岸湖州近岸，Ⅴ类（目标Ⅲ类）", page)
