"""Amounts as people type them into spreadsheets."""

from decimal import Decimal

import pytest

from zhaoshang.core.figures import format_amount
from zhaoshang.currencies.amounts import parse_amount

YI, WAN = 100_000_000, 10_000


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("2.5亿元", 2.5 * YI, "CNY"),
    ("25000万元", 25000 * WAN, "CNY"),
    ("3000万美元", 3000 * WAN, "USD"),
    ("1.2亿港元", 1.2 * YI, "HKD"),
    ("5000万欧元", 5000 * WAN, "EUR"),
    ("20亿日元", 20 * YI, "JPY"),
    ("200000000", 2 * YI, "CNY"),
    ("2,000万元", 2000 * WAN, "CNY"),
    ("两亿元", 2 * YI, "CNY"),
    ("二点五亿元", 2.5 * YI, "CNY"),
    ("十二亿五千万元", 12.5 * YI, "CNY"),
    ("1亿2000万元", 1.2 * YI, "CNY"),
    ("USD 3000万", 3000 * WAN, "USD"),
    ("3000万 USD", 3000 * WAN, "USD"),
    ("人民币2亿元", 2 * YI, "CNY"),
    ("￥２亿", 2 * YI, "CNY"),
    ("  441.38亿元 ", 441.38 * YI, "CNY"),
    ("1000.5元", 1000.5, "CNY"),
])
def test_reads_the_amounts_of_a_spreadsheet_exactly(text, value, currency):
    amount, code = parse_amount(text)
    assert (amount, code) == (Decimal(str(value)).quantize(Decimal("0.01")), currency)
    assert isinstance(amount, Decimal)


def test_decimal_parts_of_yi_are_exact_not_floats():
    assert parse_amount("441.38亿元")[0] == Decimal("44138000000")
    assert parse_amount("0.07亿元")[0] == Decimal("7000000")


@pytest.mark.parametrize(("text", "reason"), [
    ("", "金额为空"),
    ("面议", "无法识别金额"),
    ("-5亿元", "负数"),
    ("0", "大于零"),
    ("1.234元", "精确到分"),
    ("USD 3亿元", "币种前后不一致"),
    ("99999999999亿元", "过大"),
])
def test_refuses_what_is_not_an_amount_with_a_reason_in_chinese(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_amount(text)


@pytest.mark.parametrize(("value", "currency", "text"), [
    ("200000000", "CNY", "2亿元"),
    ("44138000000", "CNY", "441.38亿元"),
    ("100000000", "USD", "1亿美元"),
    ("30000000", "HKD", "3000万港元"),
    ("12345.67", "CNY", "1.234567万元"),
    ("5000.00", "EUR", "5000欧元"),
])
def test_formatted_amounts_read_back_to_the_same_figure(value, currency, text):
    assert format_amount(Decimal(value), currency) == text
    assert parse_amount(text) == (Decimal(value), currency)


def test_every_currency_word_and_code_of_the_shared_vocabulary_is_read_in_a_cell():
    from zhaoshang.core.vocabulary import currency_codes, currency_words

    for word, (code, _) in currency_words("sheets").items():
        assert parse_amount(f"3000万{word}") == (Decimal(30_000_000), code), word
    for sign, code in currency_codes().items():
        assert parse_amount(f"{sign}3000万") == (Decimal(30_000_000), code), sign


def test_a_spoken_news_word_is_no_currency_in_a_cell():
    # 毛钱 is read in quoted speech in news (两毛钱左右); a sheet cell never means a tenth of a yuan.
    with pytest.raises(ValueError, match="无法识别金额"):
        parse_amount("5毛钱")
