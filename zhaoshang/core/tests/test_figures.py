"""Figures are written one way everywhere, and console columns line up by display width."""

from decimal import Decimal

import pytest

from zhaoshang.core.figures import display_width, format_figure, pad, table_lines


@pytest.mark.parametrize(("value", "unit", "written"), [
    (Decimal("44138000000"), "CNY", "441.38亿元"),
    (Decimal("100000000"), "USD", "1亿美元"),
    (Decimal("0.7273"), "ratio", "72.73%"),
    (Decimal("1"), "ratio", "100.00%"),
    (Decimal("0.24"), "ratio", "24.00%"),
    (2274, "count", "2,274"),
    (Decimal("849.0000"), "count", "849"),
    (Decimal("2.5"), "km", "2.5公里"),
    (Decimal("905800"), "TEU", "905,800标箱"),
    (Decimal("45"), "days", "45 天"),
    (None, "count", "—"),
])
def test_a_figure_is_written_as_the_cockpit_writes_it(value, unit, written):
    assert format_figure(value, unit) == written


@pytest.mark.parametrize(("value", "unit", "qualifier", "written"), [
    (Decimal("0.7"), "ratio", "at_least", "70%以上"),
    (50, "count", "more_than", "50多"),
    (Decimal("300000000"), "CNY", "about", "约3亿元"),
    (Decimal("50000000"), "CNY", "at_most", "5000万元以下"),
])
def test_a_qualified_figure_is_written_with_its_qualifier(value, unit, qualifier, written):
    assert format_figure(value, unit, qualifier) == written


def test_a_chinese_character_takes_two_columns():
    assert display_width("签约") == 4
    assert display_width("441.38亿元") == 10
    assert display_width("（推定）") == 8


def test_pad_fills_to_display_width_on_either_side():
    assert pad("签约", 6) == "签约  "
    assert pad("签约", 6, ">") == "  签约"
    assert pad("太长的文字", 4) == "太长的文字"


def test_table_lines_line_up_mixed_chinese_and_latin_columns():
    lines = table_lines([["signed", "签约亿元以上项目", "33"], ["yrd_share", "比例", "72.73%"]], "<<>", indent="  ")
    assert lines == ["  signed     签约亿元以上项目      33",
                     "  yrd_share  比例              72.73%"]
    assert len({display_width(line) for line in lines}) == 1
