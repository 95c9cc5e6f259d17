"""Failure classes reported on articles the extractor had not seen, each pinned by a short example
written for this file (not taken from any held-out article)."""

import pytest

from zhaoshang.text import process


def _run(text: str) -> dict:
    return process(text, "test.txt")


def _metrics(text: str) -> list[tuple]:
    return [(m["value"], m["unit"]) for m in _run(text)["metrics"]]


def _events(text: str) -> list[tuple]:
    return [(e["investor"], e["amount"] and e["amount"]["value"], e["stage"]) for e in _run(text)["investments"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("集装箱吞吐量完成标箱10.9万个。", [(109000, "TEU")]),
        ("新建5万吨级泊位2个。", [(2, "count")]),
        ("码头岸线长560米。", [(0.56, "km")]),
        ("来自沪苏浙皖八个城市的代表参会。", []),
        ("对投资额在1000万元以上的项目给予奖励。", []),
        ("设备投资额超过5000万元的，按10%给予补助。", [(0.1, "ratio")]),
    ],
)
def test_figures_that_are_and_are_not_metrics(text, expected):
    assert _metrics(text) == expected


def test_the_stated_investment_wins_over_the_registered_capital():
    text = "浙江甲乙新材料有限公司在德清县完成注册，注册资本5000万元，项目总投资3亿元。"
    assert _events(text) == [("浙江甲乙新材料有限公司", 300000000, "registered")]


def test_a_bank_lending_to_a_project_is_not_an_investor():
    text = "中国工商银行长兴支行为浙江甲乙新材料有限公司提供了8亿元的项目贷款。"
    assert all("银行" not in e[0] for e in _events(text))


def test_both_parties_of_a_joint_venture_invest():
    text = ("甲乙化学集团股份有限公司与丙丁能源集团有限公司签署合资协议。"
            "双方将共同出资68亿元，合资建设年产40万吨新材料项目。")
    assert _events(text) == [("甲乙化学集团股份有限公司", 6800000000, "signed"),
                             ("丙丁能源集团有限公司", 6800000000, "signed")]


def test_a_brand_whose_plant_starts_operating_is_an_investor():
    text = "宁波前湾新区管委会与吉利汽车签约。吉利汽车宁波工厂正式投产。"
    assert _events(text) == [("吉利汽车", None, "operating")]


def test_a_dated_plan_does_not_beat_an_actual_start():
    text = "浙江甲乙科技有限公司年产2GWh储能电池项目日前开工，计划于2026年6月主体完工，2027年建成投产。"
    assert [e[2] for e in _events(text)] == ["started"]


def test_settling_inside_a_signing_sentence_is_a_signing():
    text = "苏州甲乙微电子有限公司签约落户南浔经济开发区，投资30亿元建设封装测试基地。"
    assert _events(text) == [("苏州甲乙微电子有限公司", 3000000000, "signed")]


def test_government_bodies_and_not_projects_or_phrases():
    orgs = _run("上海市松江区投资促进服务中心与南浔区投资促进局签约，宁波前湾新区、长三角G60科创走廊联席会议出席。"
                "浙江甲乙纺织有限公司投资5亿元建设数码印花产业园，另有省级以上重点实验室3家，将与上海开发区合作。")[
        "organizations"]
    assert orgs == ["上海市松江区投资促进服务中心", "南浔区投资促进局", "宁波前湾新区", "长三角G60科创走廊联席会议",
                    "浙江甲乙纺织有限公司"]


def test_names_keep_their_与_and_zones_their_own_name():
    out = _run("中国科学院上海微系统与信息技术研究所参会。项目位于江苏省太仓市高新区，太仓高新区管委会表示欢迎。")
    assert "中国科学院上海微系统与信息技术研究所" in out["organizations"]
    assert "江苏省太仓市高新区" not in out["organizations"]


def test_divisions_created_after_2019_and_brands_named_after_places():
    places = _run("杭州市钱塘区与广德市签约，龙港市企业参加。安吉白茶品牌价值再创新高。")["places"]
    assert places == ["杭州市钱塘区", "宣城市广德市", "温州市龙港市"]
