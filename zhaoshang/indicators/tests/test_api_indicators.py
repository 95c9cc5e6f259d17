"""The indicator API: the zone's series, each observation with where it came from, read by every role."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.intel.models import Document, content_hash
from zhaoshang.testing import make_carrier, make_user, make_zone

BULLETIN = "2023年全区政务服务网办件4.2万件，同比增长12%。"


class IndicatorApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        other = make_zone("anji", "安吉经济开发区")
        cls.officer = make_user("officer")
        cls.partner = make_user("partner", Role.PARTNER, carrier=make_carrier(cls.zone))
        cls.cases = Indicator.objects.create(zone=cls.zone, key="online-cases", name="网办件数", unit="件",
                                             annual_target=Decimal("50000"))
        Indicator.objects.create(zone=cls.zone, key="water-quality", name="Ⅲ类水质比例", unit="%",
                                 aggregation=Indicator.Aggregation.MEAN)
        Indicator.objects.create(zone=other, key="online-cases", name="安吉网办件数", unit="件")
        document = Document.objects.create(zone=cls.zone, title="2023年政务服务年报", raw=BULLETIN,
                                           digest=content_hash(BULLETIN))
        Observation.objects.create(indicator=cls.cases, on=dt.date(2022, 12, 31), value=Decimal("37500"),
                                   source="区行政服务中心报表")
        Observation.objects.create(indicator=cls.cases, on=dt.date(2023, 6, 30), value=Decimal("20100"),
                                   source="区行政服务中心报表")
        Observation.objects.create(indicator=cls.cases, on=dt.date(2023, 12, 31), value=Decimal("42000"),
                                   source="政务服务年报", document=document, span="网办件4.2万件")

    def get(self, path, user=None):
        self.client.force_login(user or self.officer)
        return self.client.get(f"/api/indicators{path}")

    def test_the_list_shows_each_indicator_with_its_zone_and_how_it_adds_up(self):
        body = self.get("?zone=testzone").json()
        self.assertEqual([i["name"] for i in body], ["网办件数", "Ⅲ类水质比例"])
        self.assertEqual(body[0]["zone"]["code"], "testzone")
        self.assertEqual((body[0]["aggregation_label"], body[1]["aggregation_label"]), ("期间合计", "期间平均"))
        self.assertEqual(Decimal(body[0]["annual_target"]), Decimal("50000"))

    def test_without_a_zone_the_list_covers_every_zone(self):
        self.assertEqual(len(self.get("").json()), 3)

    def test_observations_come_in_date_order_with_their_source_and_document(self):
        body = self.get(f"/{self.cases.pk}/observations").json()
        self.assertEqual([o["on"] for o in body], ["2022-12-31", "2023-06-30", "2023-12-31"])
        latest = body[-1]
        self.assertEqual(Decimal(latest["value"]), Decimal("42000"))
        self.assertEqual((latest["source"], latest["span"]), ("政务服务年报", "网办件4.2万件"))
        self.assertEqual(latest["document"]["title"], "2023年政务服务年报")
        self.assertIsNone(body[0]["document"])

    def test_the_year_filter_keeps_the_observations_dated_in_that_year(self):
        body = self.get(f"/{self.cases.pk}/observations?year=2023").json()
        self.assertEqual([o["on"] for o in body], ["2023-06-30", "2023-12-31"])

    def test_a_partner_reads_the_zones_indicators_and_their_observations(self):
        self.assertEqual(self.get(f"/{self.cases.pk}", self.partner).json()["name"], "网办件数")
        self.assertEqual(len(self.get(f"/{self.cases.pk}/observations", self.partner).json()), 3)

    def test_a_year_that_is_not_a_number_answers_422_naming_the_field(self):
        response = self.get(f"/{self.cases.pk}/observations?year=去年")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"][0]["field"], "year")

    def test_an_unknown_zone_answers_400_without_listing_the_known_ones(self):
        response = self.get("?zone=nowhere")
        self.assertEqual(response.status_code, 400)
        self.assertIn("nowhere", response.json()["detail"])
        self.assertNotIn("testzone", response.json()["detail"])

    def test_an_unknown_indicator_answers_404(self):
        for path in ("/999999", "/999999/observations"):
            with self.subTest(path=path):
                self.assertEqual(self.get(path).status_code, 404)

    def test_a_caller_who_is_not_signed_in_gets_401(self):
        self.assertEqual(self.client.get("/api/indicators").status_code, 401)
