"""Writing a figure for people: the one formatter of money, ratios, counts and days.

Pages, the console, exports and the bulletin all call `format_amount` and `format_figure`; console tables
line up with `pad` and `table_lines`, which count a Chinese character as two columns. Plain Python, no Django.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from zhaoshang.core.vocabulary import currency_codes, unit_words

__all__ = ["YI", "WAN", "format_amount", "format_figure", "display_width", "pad", "table_lines"]

YI = Decimal(10) ** 8  # 亿
WAN = Decimal(10) ** 4  # 万
CURRENCIES = frozenset(currency_codes().values())  # the ISO codes money is kept in
# How a qualified figure is written: 70%以上, 50多, 约3亿元, 5000万元以下.
QUALIFIER_WORDS = {"at_least": ("", "以上"), "more_than": ("", "多"), "about": ("约", ""), "at_most": ("", "以下")}


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def format_amount(value: Decimal, currency: str = "CNY") -> str:
    """200000000, CNY → '2亿元'; 1000000, USD → '100万美元'; `parse_amount` reads it back exactly."""
    suffix = unit_words().get(currency, currency)
    for unit, size in (("亿", YI), ("万", WAN)):
        if abs(value) >= size:
            return f"{_plain(value / size)}{unit}{suffix}"
    return f"{_plain(value)}{suffix}"


def format_figure(value, unit: str, qualifier: str = "exact") -> str:
    """A figure for people: 441.38亿元, 72.73%, 45 天, 2,274, 2,274标箱, and with its qualifier 70%以上, 50多."""
    if value is None:
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return f"{value} {unit}"
    if unit == "ratio":
        # A computed share always shows two decimals (24.00%, 96.08%), so a column of them reads alike; a
        # qualified figure quoted from a text keeps the words' precision (7成以上 → 70%以上).
        text = f"{number * 100:.2f}%" if qualifier == "exact" else f"{number * 100:.2f}".rstrip("0").rstrip(".") + "%"
    elif unit in CURRENCIES:
        text = format_amount(number, unit)
    elif unit == "days":
        text = f"{_plain(number)} 天"
    else:
        whole = f"{int(number):,}" if number == number.to_integral_value() else _plain(number)
        text = whole + unit_words().get(unit, unit or "")
    before, after = QUALIFIER_WORDS.get(qualifier, ("", ""))
    return before + text + after


def display_width(text: str) -> int:
    """Columns a terminal gives the text: wide and full-width characters (Chinese) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, align: str = "<") -> str:
    """The text padded with spaces to `width` display columns (`<` left, `>` right)."""
    fill = " " * max(0, width - display_width(text))
    return text + fill if align == "<" else fill + text


def table_lines(rows: Sequence[Sequence[str]], align: str, *, indent: str = "", gap: str = "  ") -> list[str]:
    """Rows of cells as lines whose columns line up on a terminal; `align` has one `<` or `>` per column."""
    widths = [max((display_width(row[i]) for row in rows), default=0) for i in range(len(align))]
    return [(indent + gap.join(pad(cell, width, side) for cell, width, side in zip(row, widths, align, strict=True))
             ).rstrip() for row in rows]
