"""The GB/T 2260 division table every database holds, and finding a division from what people type."""

from django.test import TestCase

from zhaoshang.regions.models import Region
from zhaoshang.regions.selectors import region_find
from zhaoshang.regions.services import region_load


class DivisionTableTests(TestCase):
    def test_every_database_holds_the_national_table(self):
        self.assertGreater(Region.objects.count(), 3200)
        self.assertEqual(Region.objects.filter(level=Region.Level.PROVINCE).count(), 34)

    def test_the_yangtze_river_delta_is_its_41_cities(self):
        cities = Region.objects.filter(level=Region.Level.CITY, is_yrd=True)
        self.assertEqual(cities.count(), 41)
        self.assertEqual({c.code[:2] for c in cities}, {"31", "32", "33", "34"})
        self.assertTrue(cities.filter(code="330500").exists())  # 湖州市
        self.assertFalse(Region.objects.get(code="350100").is_yrd)  # 福州市

    def test_a_county_belongs_to_its_city_and_a_city_to_itself(self):
        wuxing = Region.objects.get(code="330502")
        self.assertEqual((wuxing.name, wuxing.level), ("吴兴区", Region.Level.COUNTY))
        self.assertEqual(wuxing.city.name, "湖州市")
        huzhou = Region.objects.get(code="330500")
        self.assertEqual(huzhou.city, huzhou)
        self.assertEqual(huzhou.parent.name, "浙江省")

    def test_a_municipalitys_city_level_carries_the_municipalitys_name(self):
        self.assertEqual(Region.objects.get(code="310100").name, "上海市")
        self.assertEqual(Region.objects.get(code="310115").city.code, "310100")  # 浦东新区

    def test_divisions_created_since_the_source_table_are_loaded_by_the_data_migration(self):
        for code, name, city in (("330114", "钱塘区", "杭州市"), ("330113", "临平区", "杭州市"),
                                 ("330383", "龙港市", "温州市")):
            with self.subTest(name=name):
                division = Region.objects.get(code=code)
                self.assertEqual((division.name, division.city.name), (name, city))
                self.assertIsNotNone(division.lng)
                self.assertTrue(division.is_yrd)

    def test_short_names_drop_the_suffix_but_keep_two_character_names_whole(self):
        self.assertEqual(Region.objects.get(code="330500").short_name, "湖州")
        self.assertEqual(Region.objects.get(code="330000").short_name, "浙江")
        self.assertEqual(Region.objects.filter(name="城区").first().short_name, "城区")

    def test_loading_again_adds_only_what_is_missing(self):
        self.assertEqual(region_load(), 0)
        Region.objects.filter(code__in=["330114", "330113"]).delete()
        self.assertEqual(region_load(), 2)
        self.assertEqual(Region.objects.get(code="330114").parent_id, "330100")


class RegionFindTests(TestCase):
    def codes(self, *texts):
        return [getattr(region_find(text), "code", None) for text in texts]

    def test_a_city_is_found_by_its_name_or_short_name(self):
        self.assertEqual(self.codes("湖州", "湖州市", " 湖州 "), ["330500"] * 3)

    def test_a_city_beats_the_province_of_the_same_name(self):
        self.assertEqual(self.codes("上海", "上海市", "北京"), ["310100", "310100", "110100"])

    def test_a_province_and_a_county_are_found_by_name(self):
        self.assertEqual(self.codes("浙江", "浙江省", "吴兴区", "吴兴"), ["330000", "330000", "330502", "330502"])

    def test_a_name_shared_by_two_counties_gives_the_lower_code(self):
        self.assertEqual(self.codes("朝阳区"), ["110105"])  # 北京's, not 长春's 220104

    def test_a_code_is_found_and_a_short_code_padded_to_six_digits(self):
        self.assertEqual(self.codes("330502", "3305", "33"), ["330502", "330500", "330000"])

    def test_nothing_typed_or_nothing_known_finds_nothing(self):
        self.assertEqual(self.codes("", "  ", None, "火星市", "999999"), [None] * 5)
