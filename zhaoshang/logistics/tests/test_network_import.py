"""Importing the network from spreadsheets: every bad cell named, all files or none, twice changes nothing."""

import io

from django.test import TestCase

from zhaoshang.logistics.importing import network_import
from zhaoshang.logistics.models import Departure, Link, Node
from zhaoshang.logistics.services import network_load_demo, ready_parse, route_plan

NODES = """节点键,名称,类型,经度,纬度,海关状态,来源
hz_depot,湖州仓,物流园区,120.10,30.87,domestic,现场测量
sh_market,上海市场,城市,121.47,31.23,,
"""
LINKS = """from,to,mode,distance_km,speed_kmh,cost_per_teu,cost_per_tkm,co2_g_per_tkm,source,estimate
hz_depot,sh_market,road,150,60,1800,0,62,报价单,否
hz_depot,zone_park,road,5,30,200,0,62,,
"""
DEPARTURES = """线路键,出发,到达,到达为出发后第几天,截止（出发前分钟）
hz_depot-sh_market-road,08:00,11:00,0,30
hz_depot-sh_market-road,22:00,02:00,1,30
"""


def csv(name: str, body: str) -> tuple[str, io.BytesIO]:
    return name, io.BytesIO(body.encode("utf-8"))


def problems(outcome) -> list[str]:
    return [str(p) for p in outcome.all_problems]


class NetworkImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        network_load_demo()

    def counts(self) -> tuple[int, int, int]:
        return Node.objects.count(), Link.objects.count(), Departure.objects.count()

    def test_three_files_add_nodes_links_and_departures_the_planner_uses(self):
        before = self.counts()
        outcome = network_import(files=[csv("班期.csv", DEPARTURES), csv("links.csv", LINKS), csv("nodes.csv", NODES)])
        assert outcome.ok, problems(outcome)
        assert self.counts() == (before[0] + 2, before[1] + 2, before[2] + 2)
        link = Link.objects.get(key="hz_depot-sh_market-road")
        assert link.source_of("distance_km") == ("报价单", False)
        assert Node.objects.get(key="sh_market").source_of("lon")[1] is True  # no source: an estimate
        plan = route_plan(origin="hz_depot", destination="sh_market", ready=ready_parse("2026-03-01 07:40"), teu=1)
        assert plan.routes

    def test_importing_the_same_files_twice_changes_nothing(self):
        files = lambda: [csv("nodes.csv", NODES), csv("links.csv", LINKS), csv("departures.csv", DEPARTURES)]  # noqa: E731
        network_import(files=files())
        before = self.counts()
        again = network_import(files=files())
        assert again.ok and self.counts() == before
        assert [(r.created, r.updated, r.unchanged) for r in again.results] == [(0, 0, 2)] * 3

    def test_a_changed_cell_updates_its_record_only(self):
        network_import(files=[csv("nodes.csv", NODES), csv("links.csv", LINKS)])
        outcome = network_import(files=[csv("links.csv", LINKS.replace("150,60,1800", "150,60,1900"))])
        assert (outcome.results[0].updated, outcome.results[0].unchanged) == (1, 1)
        assert Link.objects.get(key="hz_depot-sh_market-road").cost_per_teu == 1900

    def test_a_link_to_an_unknown_node_is_named_and_nothing_is_written(self):
        before = self.counts()
        outcome = network_import(files=[csv("nodes.csv", NODES), csv("links.csv", LINKS.replace("hz_depot,zone_park",
                                                                                               "hz_depot,nowhere"))])
        assert not outcome.ok and self.counts() == before
        assert problems(outcome) == ["links.csv:3:to: 节点“nowhere”不存在：节点表和现有网络中都没有这个节点键"]

    def test_a_negative_distance_or_cost_is_named_by_its_cell(self):
        bad = LINKS.replace("150,60,1800", "-150,60,-1800")
        outcome = network_import(files=[csv("nodes.csv", NODES), csv("links.csv", bad)])
        assert problems(outcome) == ["links.csv:2:distance_km: 不能为零或负数（-150）",
                                     "links.csv:2:cost_per_teu: 不能为负数（-1800）"]
        assert not Node.objects.filter(key="hz_depot").exists()

    def test_an_arrival_before_its_departure_is_named(self):
        bad = DEPARTURES.replace("22:00,02:00,1", "22:00,02:00,0")
        outcome = network_import(files=[csv("nodes.csv", NODES), csv("links.csv", LINKS), csv("dep.csv", bad)])
        assert problems(outcome) == [
            "dep.csv:3:到达: 到达 02:00 不晚于出发 22:00；次日到达请在“到达为出发后第几天”填 1"]
        assert not Link.objects.filter(key="hz_depot-sh_market-road").exists()

    def test_a_negative_cutoff_and_a_departure_of_an_unknown_link_are_named(self):
        bad = DEPARTURES.replace("0,30\n", "0,-5\n", 1).replace("hz_depot-sh_market-road,22", "nope,22")
        outcome = network_import(files=[csv("nodes.csv", NODES), csv("links.csv", LINKS), csv("dep.csv", bad)])
        assert problems(outcome) == [
            "dep.csv:2:截止（出发前分钟）: 不能为负数（-5）",
            "dep.csv:3:线路键: 线路“nope”不存在：线路表和现有网络中都没有这个线路键（起点键-终点键-方式）"]

    def test_every_bad_file_is_checked_even_after_the_first_fails(self):
        outcome = network_import(files=[csv("nodes.csv", NODES.replace("120.10", "东经")),
                                        csv("links.csv", LINKS.replace(",62,报价单", ",-62,报价单"))])
        assert problems(outcome) == ["nodes.csv:2:经度: “东经”不是 -180 到 180 之间的度数",
                                     "links.csv:2:co2_g_per_tkm: 不能为负数（-62）"]

    def test_a_file_that_is_no_table_is_refused_by_name(self):
        outcome = network_import(files=[csv("notes.csv", "名字,备注\n甲,乙\n")])
        assert not outcome.ok and outcome.all_problems[0].file == "notes.csv"
        assert "看不出是哪张表" in outcome.all_problems[0].reason

    def test_an_unknown_mode_lists_the_modes(self):
        outcome = network_import(files=[csv("nodes.csv", NODES), csv("links.csv", LINKS.replace(",road,", ",air,", 1))])
        assert problems(outcome)[0].startswith("links.csv:2:mode: “air”不是以下之一：公路（road）")

    def test_a_dry_run_checks_and_writes_nothing(self):
        before = self.counts()
        outcome = network_import(files=[csv("nodes.csv", NODES), csv("links.csv", LINKS)], dry_run=True)
        assert outcome.ok and not outcome.written and self.counts() == before
