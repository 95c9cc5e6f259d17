"""Finer places in news written by others (issue 7): roads, villages, compounds, squares and business
districts written without their division. Every sentence here was written for this file."""

import pytest

from zhaoshang.text import process


def _places(text: str, fast: bool = True) -> list[str]:
    return process(text, "t.txt", fast=fast)["places"]


def _details(text: str) -> list[tuple[str, str]]:
    return [(d["name"], d["code"]) for d in process(text, "t.txt", fast=True)["place_details"]]


# --- finer places without their division ----------------------------------------------------------------

@pytest.mark.parametrize("fast", [True, False])
def test_a_road_a_compound_and_a_village_written_alone_are_places(fast):
    assert _places("住在桂花小区的王女士说，她每天沿着青石路步行到柳塘村的菜园。", fast) == [
        "桂花小区", "青石路", "柳塘村"]


def test_a_finer_place_without_a_division_has_no_code():
    assert _details("新店开在明珠广场一楼。") == [("明珠广场", "")]


def test_the_name_begins_after_a_word_that_leads_to_a_place():
    assert _places("该项目位于银杏商务区，紧邻望江大道。") == ["银杏商务区", "望江大道"]


def test_without_a_mark_before_it_a_road_is_named_by_two_characters():
    assert _places("车队经城市快速干道云杉路驶离。") == ["云杉路"]


def test_a_road_written_before_a_square_on_it_is_one_place():
    assert _places("活动设在松涛路海韵广场。") == ["松涛路海韵广场"]


def test_words_that_end_like_a_road_or_a_village_are_no_places():
    text = "这条道路的思路很清楚，一路走来，发展农村经济也不走回头路，村民代表和村委会都赞成，路线已定。"
    assert _places(text) == []


def test_a_street_or_square_counted_or_pointed_at_is_no_place():
    assert _places("他走到另一条街，又在这个小区门口的小广场停下。") == []


def test_a_finer_place_inside_an_organisation_name_is_part_of_that_name():
    assert _places("青禾小区物业管理有限公司发布通知。") == []


def test_a_finer_place_after_its_division_stays_one_address():
    assert _places("门店在杭州市文晖路的星光广场。") == ["杭州市文晖路的星光广场"]


def test_a_venue_written_alone_is_a_place():
    assert _places("决赛在星火网吧举行，选手住在海棠酒店。") == ["星火网吧", "海棠酒店"]


def test_a_venue_after_a_city_abroad_is_one_place_with_it():
    assert _details("新品发布会在德国汉堡易北会展中心举行。") == [("汉堡易北会展中心", "DE-HAM")]


def test_a_venue_after_a_place_the_text_names_begins_after_it():
    assert _places("展会在美国拉斯维加斯，主会场是金沙体育馆。") == ["拉斯维加斯", "金沙体育馆"]


def test_a_kind_of_hotel_or_pitch_is_no_place():
    assert _places("他们不住快捷酒店，只去足球场踢球，所有酒店都订满了。") == []


def test_an_airport_a_pier_a_bridge_and_a_sight_written_alone_are_places():
    assert _places("货物从云岭机场运到白沙码头，再经青龙大桥送往翠屏景区。") == [
        "云岭机场", "白沙码头", "青龙大桥", "翠屏景区"]


def test_a_pier_of_a_kind_is_no_place_however_long_the_word_before_it():
    assert _places("港口新建两个集装箱码头。") == []


def test_a_kind_of_park_or_airport_or_a_grade_of_sight_is_no_place():
    assert _places("新建一座主题公园和一个国际机场，申报AAAA级景区。") == []


# --- continents and regions of the world ----------------------------------------------------------------

def test_a_continent_or_world_region_is_a_place_with_its_m49_code():
    assert _details("这批订单来自欧洲，货物经东南亚转运。") == [("欧洲", "M49:150"), ("东南亚", "M49:035")]


def test_a_world_region_glued_into_another_word_is_no_place():
    assert _places("中东部地区降温明显，其中东侧山区有雪。") == []


def test_a_continent_that_names_a_competition_is_no_place():
    assert _places("两支球队在欧洲三大杯交手三次，亚洲盘开出平手。") == []


# --- bylines --------------------------------------------------------------------------------------------

def test_a_reporters_given_name_that_is_a_city_is_no_place():
    assert _places("本报记者李丽江杭州报道") == ["杭州市"]


# --- cities abroad --------------------------------------------------------------------------------------

def test_capitals_and_large_cities_abroad_are_places_with_their_locode():
    assert _details("考察团先后访问了布达佩斯和名古屋。") == [("布达佩斯", "HU-BUD"), ("名古屋", "JP-NGO")]


def test_a_city_abroad_that_contains_a_county_name_wins_over_it():
    assert _places("他从乌兰巴托转机回国。") == ["乌兰巴托"]


def test_a_new_club_city_in_a_match_report_is_the_club():
    assert _places("多特蒙德主场2比1击败对手，球队重回榜首。") == []


def test_a_native_place_of_a_person_is_no_place_of_the_article():
    assert _places("几名河南籍工人来到湖州打工。") == ["湖州市"]


def test_a_roadbed_a_car_brand_or_a_companys_region_is_no_place():
    text = "工程范围内路基已完工，捷豹路虎销量回升，他向公司亚洲区总裁汇报，项目在大湾区核心区域。"
    assert _places(text) == []


def test_a_building_after_a_number_begins_after_the_number():
    assert _places("收件地址：北辰路8号院3号楼远航大厦B座。") == ["北辰路", "远航大厦"]


def test_a_venue_the_recogniser_takes_for_an_organisation_is_a_place():
    found = process("记者来到海棠大酒店，酒店经理表示客房已订满。", "t.txt", fast=False)
    assert (found["places"], found["organizations"]) == (["海棠大酒店"], [])
