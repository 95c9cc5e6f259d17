"""The shipped chains: their codes exist in GB/T 4754-2017, and they cover what the zone needs."""

import csv
from importlib import resources

from django.test import SimpleTestCase, TestCase

from zhaoshang.chains.defaults import chain_rows
from zhaoshang.chains.models import Chain, Segment
from zhaoshang.chains.selectors import segment_criteria
from zhaoshang.industries.models import Industry


def _table_codes() -> set[str]:
    text = resources.files("zhaoshang.industries").joinpath("data", "gbt4754-2017.csv").read_text(encoding="utf-8")
    return {row["code"] for row in csv.DictReader(text.splitlines())}


class ShippedChainDataTests(SimpleTestCase):
    def test_every_code_of_every_segment_is_in_the_shipped_gbt4754_table(self):
        known = _table_codes()
        missing = [f"{chain['key']}/{s['key']}: {c['code']}" for chain in chain_rows() for s in chain["segment"]
                   for c in s["industry_codes"] if c["code"] not in known]
        self.assertEqual(missing, [])

    def test_three_chains_each_with_at_least_twenty_segments(self):
        counts = {chain["name"]: len(chain["segment"]) for chain in chain_rows()}
        self.assertEqual(set(counts), {"智能网联与新能源汽车", "数字经济", "生命健康"})
        self.assertTrue(all(n >= 20 for n in counts.values()), counts)

    def test_the_vehicle_chain_covers_resources_cells_motors_parts_cockpit_vehicles_charging_recycling(self):
        vehicles = next(c for c in chain_rows() if c["key"] == "vehicles")
        codes = {c["code"] for s in vehicles["segment"] for c in s["industry_codes"]}
        self.assertLessEqual({"0913", "0939", "3841", "3812", "3670", "3962", "3612", "5267", "4210"}, codes)

    def test_segments_sharing_class_3670_are_told_apart_by_keywords(self):
        vehicles = next(c for c in chain_rows() if c["key"] == "vehicles")
        in_3670 = {s["name"]: s["keywords"] for s in vehicles["segment"]
                   if any(c["code"] == "3670" and c["partial"] for c in s["industry_codes"])}
        words = " ".join(w for ws in in_3670.values() for w in ws)
        for needed in ["电池管理", "BMS", "电驱", "热管理", "智能驾驶"]:
            self.assertIn(needed, words)
        self.assertTrue(all(in_3670.values()), "a partial class needs keywords to select anything")

    def test_positions_and_supply_links_name_real_segments(self):
        for chain in chain_rows():
            keys = {s["key"] for s in chain["segment"]}
            for s in chain["segment"]:
                self.assertIn(s["position"], {"upstream", "midstream", "downstream"})
                self.assertLessEqual(set(s.get("supplies", [])), keys, s["key"])
                self.assertIn(s.get("parent", s["key"]), keys)


class LoadedChainsTests(TestCase):
    def test_the_migration_loads_the_shipped_chains_with_their_tree(self):
        self.assertEqual(Chain.objects.count(), 3)
        lidar = Segment.objects.get(chain__key="vehicles", key="lidar")
        self.assertEqual(lidar.parent.key, "sensors")
        self.assertIn("cells-packs", Segment.objects.get(chain__key="vehicles", key="cathode").supplies)

    def test_every_loaded_code_is_an_industry_of_the_table(self):
        codes = {c["code"] for s in Segment.objects.all() for c in s.industry_codes}
        self.assertEqual(codes - set(Industry.objects.filter(code__in=codes).values_list("code", flat=True)), set())

    def test_segment_criteria_splits_full_and_partial_codes(self):
        bms = Segment.objects.get(chain__key="vehicles", key="bms")
        codes, partial, keywords = segment_criteria(bms)
        self.assertEqual((codes, partial), ([], ["3670", "3824"]))
        self.assertIn("电池管理", keywords)
