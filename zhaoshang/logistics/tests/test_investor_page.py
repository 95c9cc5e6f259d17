"""The investor's view: the three best routes per destination, the bonded saving, who may see it, bad input."""

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.logistics.services import network_load_demo
from zhaoshang.testing import make_carrier, make_user, make_zone

QUERY = {"site": "zone_park", "destinations": ["yangshan", "chuanshan", "suzhou"], "teu": "2",
         "ready": "2026-03-01 08:00"}


class InvestorPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        network_load_demo()
        cls.officer = make_user("officer")
        cls.partner = make_user("partner", Role.PARTNER, carrier=make_carrier(make_zone()))

    def setUp(self):
        self.client.force_login(self.officer)

    def test_each_destination_shows_the_cheapest_fastest_and_greenest_route(self):
        page = self.client.get("/logistics/investor/", QUERY)
        text = page.content.decode()
        assert page.status_code == 200
        for name in ("上海洋山港", "宁波舟山港穿山港区", "苏州"):
            assert name in text
        for mark in ("最省钱", "最快", "最低碳"):
            assert text.count(mark) >= 4  # the header and one cell per destination

    def test_the_bonded_centre_saving_is_shown_as_a_cost_and_time_difference(self):
        text = self.client.get("/logistics/investor/", QUERY).content.decode()
        assert 'id="bonded-saving"' in text and "口岸报关" in text and "B保一日游" in text and "节省" in text

    def test_the_empty_page_offers_the_default_destinations(self):
        page = self.client.get("/logistics/investor/")
        text = page.content.decode()
        assert page.status_code == 200 and text.count("checked") == 3

    def test_partners_may_not_see_it(self):
        self.client.force_login(self.partner)
        assert self.client.get("/logistics/investor/", QUERY).status_code == 403

    def test_a_bad_query_answers_400_in_chinese(self):
        for bad, label in (({"ready": "明天"}, "备货时间"), ({"site": "mars"}, "候选地块"),
                           ({"destinations": ["mars"]}, "目的港口与市场"), ({"teu": "-1"}, "箱量")):
            page = self.client.get("/logistics/investor/", {**QUERY, **bad})
            assert page.status_code == 400, bad
            assert f'class="error">{label}' in page.content.decode(), bad

    def test_the_route_page_links_to_it(self):
        assert "/logistics/investor/" in self.client.get("/logistics/").content.decode()
