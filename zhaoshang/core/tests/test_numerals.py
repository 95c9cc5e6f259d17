"""Number parsing: Arabic, Chinese and mixed numerals read back to exactly the value written."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhaoshang.core.numerals import parse_number, parse_quantity

BIG = 10**15


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("441.38亿", 44138000000),
        ("两千三百万", 23000000),
        ("1.2万", 12000),
        ("1,200万", 12000000),
        ("逾百亿", 10000000000),
        ("近九成", Decimal("0.9")),
        ("百分之八十", Decimal("0.8")),
        ("7成", Decimal("0.7")),
        ("50多", 50),
        ("二〇二〇", 2020),
        ("十二", 12),
        ("一百零五", 105),
        ("3.5万亿", 3500000000000),
        ("一万零五", 10005),
        ("两千", 2000),
        ("三万五", 35000),
        ("一千二", 1200),
        ("四十六点八亿", 4680000000),
        ("六亿五千万", 650000000),
        ("三分之二", Decimal(2) / 3),
        ("99%以上", Decimal("0.99")),
        ("壹佰零伍", 105),
        ("超亿", 100000000),
    ],
)
def test_parses_written_forms(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("逾百亿", "more_than"), ("近九成", "about"), ("50多", "more_than"), ("7成以上", "at_least"),
     ("约380", "about"), ("不超过200万", "at_most"), ("不少于150", "at_least"), ("300余", "more_than"),
     ("30左右", "about"), ("12以内", "at_most"), ("1,860", "exact")],
)
def test_reads_the_qualifier(text, qualifier):
    assert parse_quantity(text)[1] == qualifier


@pytest.mark.parametrize("vague", ["数十", "几百", "上万", "若干", "", "12,00", "一点", "万余人"])
def test_rejects_vague_or_malformed_numbers(vague):
    with pytest.raises(ValueError):
        parse_number(vague)


@given(st.integers(min_value=0, max_value=BIG))
def test_arabic_integers_parse_back(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_arabic_decimals_parse_back(d):
    assert parse_number(str(d)) == d


@given(st.integers(min_value=0, max_value=BIG))
def test_cn2an_lowercase_numerals_parse_back(n):
    assert parse_number(cn2an.an2cn(n, "low")) == n


@given(st.integers(min_value=0, max_value=BIG))
def test_cn2an_financial_numerals_parse_back(n):
    assert parse_number(cn2an.an2cn(n, "up")) == n


def _colloquial(n: int) -> str:
    """How people write numbers by hand: 两 before 千/百/万/亿 at the head of a section, 一十 kept."""
    text = cn2an.an2cn(n, "low")
    for unit in "千百万亿":
        text = text.replace("二" + unit, "两" + unit) if text.startswith("二" + unit) else text
        for head in "零万亿":
            text = text.replace(head + "二" + unit, head + "两" + unit)
    return text


@given(st.integers(min_value=0, max_value=BIG))
def test_hand_written_numerals_parse_back(n):
    assert parse_number(_colloquial(n)) == n


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["万", "亿", "千万", "百万", "万亿"]))
def test_mixed_integer_and_unit_parse_back(n, unit):
    scale = {"万": 10**4, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万亿": 10**12}[unit]
    assert parse_number(f"{n}{unit}") == n * scale


@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("9999.99"), places=2), st.sampled_from(["万", "亿"]))
def test_mixed_decimal_and_unit_parse_back(d, unit):
    scale = {"万": 10**4, "亿": 10**8}[unit]
    assert parse_number(f"{d}{unit}") == d * scale


@given(st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=9))
def test_digit_then_small_unit_then_big_unit(a, b):
    # 3千万 and 5百亿: an Arabic digit, a Chinese unit and a big unit.
    assert parse_number(f"{a}千万") == a * 10**7
    assert parse_number(f"{b}百亿") == b * 10**10


@given(st.integers(min_value=1000, max_value=9999))
def test_digit_by_digit_years(year):
    digits = "".join("〇一二三四五六七八九"[int(c)] for c in str(year))
    assert parse_number(digits) == year



def test_every_qualifier_word_of_the_vocabulary_qualifies_a_figure():
    from zhaoshang.core.vocabulary import prefix_qualifiers, suffix_qualifiers

    for word, qualifier in prefix_qualifiers().items():
        assert parse_quantity(f"{word}50") == (50, qualifier), word
    for word, qualifier in suffix_qualifiers().items():
        assert parse_quantity(f"50{word}") == (50, qualifier), word
