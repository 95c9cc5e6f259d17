"""Amounts of money as people type them into spreadsheets: 2.5亿元, 3000万美元, 两亿元, USD 3000万.

`parse_amount("2.5亿元")` → (Decimal("250000000"), "CNY"). Plain Python (no Django) so that an import
of a hundred thousand rows can call it for every cell. A bare number means yuan; 亿 = 10^8, 万 = 10^4.
`zhaoshang.core.figures.format_amount` writes the inverse, so an exported sheet imports back to the same
figures.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from zhaoshang.core.numerals import parse_number
from zhaoshang.core.vocabulary import currency_codes, currency_words

__all__ = ["parse_amount", "CURRENCY_WORDS"]

# Words after the number (万美元, 亿元) and codes or signs before it (USD 3000万, ¥2亿), from the
# currency vocabulary in core/data, which the news extractor reads too.
CURRENCY_WORDS = {word: code for word, (code, _) in currency_words("sheets").items()}
CURRENCY_CODES = currency_codes()

# Up to 18 whole digits and 2 decimals: what the project's amount column (max_digits=20) can hold.
LIMIT = Decimal(10) ** 18
CENT = Decimal("0.01")

EXAMPLES = "可写作 2.5亿元、25000万元、3000万美元 或 200000000"

_WORDS = sorted(CURRENCY_WORDS, key=len, reverse=True)
_CODES = sorted(CURRENCY_CODES, key=len, reverse=True)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # full-width digits, commas and signs
    return re.sub(r"[\s,，_']", "", text)


def _take_currency(text: str) -> tuple[str, str | None]:
    """Strip one currency word or code from either end; return the rest and the currency found."""
    found: list[str] = []
    upper = text.upper()
    for code in _CODES:
        if upper.startswith(code):
            found.append(CURRENCY_CODES[code])
            text, upper = text[len(code):], upper[len(code):]
            break
    for word in _WORDS:
        if text.startswith(word):  # 人民币2亿
            found.append(CURRENCY_WORDS[word])
            text, upper = text[len(word):], upper[len(word):]
            break
    for word in _WORDS:
        if text.endswith(word):
            found.append(CURRENCY_WORDS[word])
            text, upper = text[: -len(word)], upper[: -len(word)]
            break
    for code in _CODES:
        if upper.endswith(code) and code.isalpha():  # 3000万USD
            found.append(CURRENCY_CODES[code])
            text = text[: -len(code)]
            break
    if len(set(found)) > 1:
        raise ValueError(f"币种前后不一致：{'、'.join(dict.fromkeys(found))}")
    return text, (found[0] if found else None)


def _number(text: str) -> Decimal:
    """Arabic, Chinese or mixed: 2.5亿, 25000万, 两亿, 二点五亿, 十二亿五千万 (the news parser's rules)."""
    try:
        return parse_number(text)
    except (ValueError, ArithmeticError):
        raise ValueError(f"无法识别数字“{text}”") from None


def parse_amount(text: str) -> tuple[Decimal, str]:
    """An amount in whole units of its currency and the currency code; ValueError says why not."""
    if text is None or not str(text).strip():
        raise ValueError("金额为空")
    original = str(text).strip()
    rest, currency = _take_currency(_clean(original))
    if not rest:
        raise ValueError(f"“{original}”中没有数字")
    if rest.startswith("-"):
        raise ValueError(f"金额不能为负数：“{original}”")
    try:
        value = _number(rest)
    except ValueError:
        raise ValueError(f"无法识别金额“{original}”；{EXAMPLES}") from None
    if value <= 0:
        raise ValueError(f"金额应大于零：“{original}”")
    if value != value.quantize(CENT):
        raise ValueError(f"金额最多精确到分：“{original}”")
    if value >= LIMIT:
        raise ValueError(f"金额过大：“{original}”")
    return value.quantize(CENT), currency or "CNY"
