"""The seed, exactly as received, gives back exactly its figures and a clean simplified body."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from zhaoshang.text import decode, process

ROOT = Path(__file__).resolve().parents[3]
SEED_NAME = "000_4b3a84f5f5d92920.txt"
CANDIDATES = [ROOT / "corpus" / "seed" / SEED_NAME, Path("/work/shared/seed") / SEED_NAME]


@pytest.fixture(scope="module")
def seed() -> dict:
    path = next((p for p in CANDIDATES if p.exists()), None)
    if path is None:
        pytest.fail(f"the seed is missing: looked for {', '.join(map(str, CANDIDATES))}")
    return process(decode(path.read_bytes()), str(path))


EXPECTED = [
    (33, "count", "exact"),
    (44138000000, "CNY", "exact"),
    (Decimal("0.7"), "ratio", "at_least"),
    (8, "count", "exact"),
    (6, "count", "exact"),
    (50, "count", "more_than"),
    (Decimal("0.99"), "ratio", "at_least"),
    (4, "count", "exact"),
    (2, "count", "exact"),
    (19, "count", "exact"),
    (2274, "count", "exact"),
    (849, "count", "exact"),
]


def test_the_seed_gives_back_exactly_its_figures(seed):
    found = [(Decimal(str(m["value"])), m["unit"], m["qualifier"]) for m in seed["metrics"]]
    assert found == [(Decimal(v), u, q) for v, u, q in EXPECTED]


def test_the_seed_labels_its_headline_figures(seed):
    by_value = {m["value"]: m for m in seed["metrics"]}
    assert by_value[33]["indicator"] == "签约亿元以上项目"
    assert by_value[44138000000]["indicator"] == "总投资"
    assert by_value[44138000000]["span"] == "总投资441.38亿元"
    assert by_value[849]["indicator"].endswith("全程网办件")


@pytest.mark.parametrize("noise", ["12318", "64334547", "2016", "5721", "500", "60"])
def test_no_figure_comes_from_hotline_copyright_counter_or_names(seed, noise):
    assert all(noise not in m["span"] or noise == "60" and "G60" not in m["span"] for m in seed["metrics"])
    assert all(not re.fullmatch(noise, str(m["value"])) for m in seed["metrics"])


def test_the_body_has_no_byline_hotline_copyright_or_comments(seed):
    text = seed["text"]
    for furniture in ("记者", "编辑", "举报电话", "Copyright", "版权所有", "全部评论", "暂无评论", "5721"):
        assert furniture not in text


def test_the_body_is_simplified_without_pinyin(seed):
    text = seed["text"]
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[1-5]?\)", text)
    for traditional in "風從來長區發國戰個項會們這億資":
        assert traditional not in text
    assert text.startswith("风从海上来，潮涌长三角。")
    assert "湖州南太湖新区(杭州)创新中心" in text


def test_the_seed_matches_its_expected_body_when_the_corpus_has_it(seed):
    expected = ROOT / "corpus" / "seed" / "000_4b3a84f5f5d92920.body.txt"
    if expected.exists():
        assert seed["text"].strip() == expected.read_text(encoding="utf-8").strip()


def test_the_seed_names_its_organisations_places_and_investors(seed):
    names = ("上海张江高科技园区", "上海证券交易所", "湖州南太湖新区(杭州)创新中心", "纵目科技", "湖州铁公水综合物流园")
    for name in names:
        assert name in seed["organizations"]
    assert seed["places"] == ["湖州市", "上海市", "杭州市", "苏州市", "浙江省"]
    assert "长三角" not in seed["places"]
    assert [e["investor"] for e in seed["investments"]] == ["创徒", "纵目科技", "唯品会"]
