"""The demo network: loaded once from its data file, every parameter with a source or an estimate flag."""

from django.test import TestCase

from zhaoshang.logistics.models import Departure, Link, Node
from zhaoshang.logistics.selectors import network_current
from zhaoshang.logistics.services import network_load_demo


class DemoNetworkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.count, cls.created = network_load_demo()

    def test_the_demo_has_the_research_nodes(self):
        keys = set(Node.objects.values_list("key", flat=True))
        assert self.created and self.count >= 12
        assert {"zone_park", "bonded_centre", "huzhou_west", "changxing_south", "huzhou_port", "anji_port",
                "waigaoqiao", "yangshan", "luchaogang", "chuanshan", "zhapu", "taicang", "hangzhou", "suzhou"} <= keys

    def test_loading_twice_adds_nothing(self):
        before = (Node.objects.count(), Link.objects.count(), Departure.objects.count())
        assert network_load_demo() == (self.count, False)
        assert (Node.objects.count(), Link.objects.count(), Departure.objects.count()) == before

    def test_every_parameter_names_a_source_or_says_it_is_estimated(self):
        for record in [*Node.objects.all(), *Link.objects.all(), *Departure.objects.all()]:
            for parameter in record.sources_expected():
                assert parameter in record.sources, f"{record}: {parameter} has no source entry"
                entry = record.sources[parameter]
                assert entry["source"] and isinstance(entry["estimate"], bool), (record, parameter)

    def test_published_facts_are_not_flagged_as_estimates(self):
        road = Link.objects.get(key="zone_park-waigaoqiao-road")
        assert road.source_of("co2_g_per_tkm") == ("CEFIC/ECTA 2011 物流碳排放指南（WTW）", False)
        assert road.source_of("distance_km")[1] is True
        barge = Link.objects.get(key="huzhou_port-waigaoqiao-inland_waterway")
        assert barge.capacity_teu == 64 and barge.source_of("capacity_teu")[1] is False

    def test_the_passenger_only_high_speed_line_carries_no_freight(self):
        assert not Link.objects.filter(mode="rail", origin__key="zone_park").exists()
        assert set(Link.objects.filter(mode="rail").values_list("origin__key", flat=True)) <= {
            "huzhou_west", "changxing_south", "luchaogang", "chuanshan"}

    def test_the_database_network_plans_like_the_data_file(self):
        network = network_current()
        assert len(network.nodes) == self.count and len(network.links) == Link.objects.count()
        assert network.nodes["bonded_centre"].customs_step.name == "B保一日游"
        assert len(network.outgoing["huzhou_west"]) >= 3
