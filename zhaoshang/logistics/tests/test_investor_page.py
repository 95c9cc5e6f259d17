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


class BondedSavingTests(TestCase):
    """The 一日游 saving on the demo's typical import flow, against the public facts it rests on."""

    @classmethod
    def setUpTestData(cls):
        network_load_demo()
        cls.officer = make_user("officer")

    def test_an_import_landed_at_yangshan_saves_money_and_most_of_a_day_through_the_bonded_centre(self):
        import datetime as dt

        from zhaoshang.logistics.investor import bonded_saving

        saving = bonded_saving(site="zone_park", port="yangshan", ready=dt.datetime(2026, 3, 2, 8, 0))
        assert saving.cost_saving > 0 and saving.hours_saving >= 12
        assert "B保一日游" in [s.name for s in saving.via_bonded.steps if hasattr(s, "name")]
        # in bond the truck drives straight to the bonded centre, not through the park it is bound for
        assert [leg.link.destination for leg in saving.via_bonded.legs][:1] == ["bonded_centre"]

    def test_the_page_says_what_the_saving_is_in_words(self):
        self.client.force_login(self.officer)
        text = self.client.get("/logistics/investor/", QUERY).content.decode()
        explanation = text.split('id="bonded-explanation">')[1].split("</p>")[0]
        assert explanation.startswith("经保税物流中心“一日游”清关，比在上海洋山港口岸报关省 ")
        assert "没有节省" not in explanation


def test_a_loop_that_costs_more_is_explained_as_no_saving():
    from decimal import Decimal
    from types import SimpleNamespace

    from zhaoshang.logistics.investor import BondedSaving

    port = SimpleNamespace(name="某港")
    saving = BondedSaving(port, SimpleNamespace(cost=Decimal(100), duration_minutes=600),
                          SimpleNamespace(cost=Decimal(150), duration_minutes=660))
    assert saving.explanation(lambda d: f"{d}元") == ("在这条线路上没有节省：经保税物流中心比在某港口岸报关贵 50元、"
                                                    "慢 1 小时（保税运输的路线绕行抵消了“一日游”的好处）。")
