"""Parse Arabic, Chinese and mixed numerals into exact decimals.

`parse_number("441.38亿")` → Decimal("44138000000"); `parse_number("近九成")` → Decimal("0.9").
The parser is hand-written rather than delegated to cn2an because extraction calls it for every figure
in every article and cn2an's general-purpose checks cost about 20 µs a call; cn2an is still used by the
tests as an independent writer of Chinese numerals.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from .vocabulary import alternation, prefix_qualifiers, suffix_qualifiers

__all__ = ["parse_number", "parse_quantity", "QUALIFIERS", "qualifier_of"]

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8,
    "玖": 9, "幺": 1,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}

# Qualifier words as they appear before (prefix) or after (suffix) a figure: core/data/qualifiers_*.tsv.
PREFIX_QUALIFIERS = prefix_qualifiers()
SUFFIX_QUALIFIERS = suffix_qualifiers()
QUALIFIERS = ("exact", "at_least", "more_than", "about", "at_most")

_ARABIC = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
_PREFIX_RE = re.compile(f"^({alternation(PREFIX_QUALIFIERS)})")
_SUFFIX_RE = re.compile(f"({alternation(SUFFIX_QUALIFIERS)})$")
_FRACTION_RE = re.compile(r"^(.+?)分之(.+)$")
_ONE = Decimal(1)


def _arabic(text: str) -> Decimal:
    # Thousands separators are only valid in groups of three ("1,200", not "12,00").
    if "," in text and not re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", text):
        raise ValueError(f"not a number: {text!r}")
    return Decimal(text.replace(",", ""))


def _tokens(text: str) -> list[Decimal | str]:
    """Split into Arabic numbers (as Decimal), Chinese digits (as Decimal) and unit characters."""
    out: list[Decimal | str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isascii() and ch.isdigit():
            m = _ARABIC.match(text, i)
            assert m is not None  # the pattern starts with a digit, and text[i] is one
            out.append(_arabic(m.group()))
            i = m.end()
            continue
        if ch in DIGITS:
            out.append(Decimal(DIGITS[ch]))
        elif ch in SMALL_UNITS or ch in BIG_UNITS:
            out.append(ch)
        else:
            raise ValueError(f"not a number: {text!r}")
        i += 1
    return out


def _digit_string(tokens: list[Decimal | str]) -> Decimal | None:
    """二〇二〇 → 2020: a run of two or more single Chinese digits with no unit is read digit by digit."""
    if len(tokens) < 2 or any(isinstance(t, str) or t > 9 or t != t.to_integral_value() for t in tokens):
        return None
    return Decimal("".join(str(int(t)) for t in tokens))


def _positional(tokens: list[Decimal | str]) -> Decimal:
    """Evaluate 一亿三千万零五 style numerals, with Arabic numbers allowed wherever a digit is."""
    total = Decimal(0)  # the part already multiplied by 亿
    wan = Decimal(0)  # the part already multiplied by 万, below 亿
    section = Decimal(0)  # below 万
    number: Decimal | None = None
    last_unit = 0
    for tok in tokens:
        if isinstance(tok, Decimal):
            if number is not None and number != 0:  # 零 only ever stands before another digit
                raise ValueError("two digits in a row")
            number = tok
            continue
        if tok in SMALL_UNITS:
            unit = SMALL_UNITS[tok]
            section += (_ONE if number is None else number) * unit
            last_unit = unit
        elif tok == "亿":
            base = total + wan + section + (number or 0)
            total = (base or _ONE) * BIG_UNITS[tok]  # 亿 alone (超亿元) is one 亿
            wan = section = Decimal(0)
            last_unit = BIG_UNITS[tok]
        else:  # 万
            base = section + (number or 0)
            wan += (base or _ONE) * 10_000
            section = Decimal(0)
            last_unit = 10_000
        number = None
    if number is not None:
        number = _abbreviated_tail(tokens, number, last_unit)
    return total + wan + section + (number or 0)


def _abbreviated_tail(tokens: list[Decimal | str], number: Decimal, last_unit: int) -> Decimal:
    """三万五 means 35000 and 一千二 means 1200: a bare digit right after a unit counts a tenth of it."""
    if len(tokens) >= 2 and isinstance(tokens[-2], str) and last_unit >= 100 and number < 10:
        return number * (last_unit // 10)
    return number


_MAGNITUDE_TAIL = re.compile("[十百千万亿]+$")


_SIMPLE_ARABIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _plain(text: str) -> Decimal:
    if _SIMPLE_ARABIC.fullmatch(text):
        return Decimal(text)  # the common case, without tokenising
    if "点" in text:
        tail = _MAGNITUDE_TAIL.search(text)
        if tail and tail.start() > text.index("点"):  # 四十六点八亿
            return _plain(text[: tail.start()]) * _plain("一" + tail.group())
        whole, _, frac = text.partition("点")
        digits = "".join(str(DIGITS[c]) if c in DIGITS else "" for c in frac)
        if not frac or len(digits) != len(frac) or not whole:
            raise ValueError(f"not a number: {text!r}")
        return _plain(whole) + Decimal("0." + digits)
    tokens = _tokens(text)
    if not tokens:
        raise ValueError("empty number")
    as_digits = _digit_string(tokens)
    return as_digits if as_digits is not None else _positional(tokens)


def _scaled(text: str) -> Decimal:
    """A number that may be a ratio: 百分之八十, 三分之一, 7成, 45%, or a plain number."""
    if text.endswith(("%", "％")):
        return _plain(text[:-1]) / 100
    if text.startswith("百分之"):
        return _plain(text[3:]) / 100
    if text.startswith("千分之"):
        return _plain(text[3:]) / 1000
    m = _FRACTION_RE.match(text)
    if m:
        return _plain(m.group(2)) / _plain(m.group(1))
    if text.endswith("成") and len(text) > 1:
        return _plain(text[:-1]) / 10
    return _plain(text)


@functools.lru_cache(maxsize=4096)
def parse_quantity(text: str) -> tuple[Decimal, str]:
    """Return (value, qualifier) for a figure such as 逾百亿, 近九成, 50多, 7成以上, 1,200万.

    Raises ValueError for anything that is not a definite number (数十, 几百, 上万, empty text).
    """
    text = text.strip()
    qualifier = "exact"
    m = _PREFIX_RE.match(text)
    if m:
        qualifier = PREFIX_QUALIFIERS[m.group(1)]
        text = text[m.end():]
    m = _SUFFIX_RE.search(text)
    if m and m.start() > 0:
        qualifier = SUFFIX_QUALIFIERS[m.group(1)]
        text = text[: m.start()]
    if not text:
        raise ValueError("no number")
    try:
        value = _scaled(text)
    except (InvalidOperation, ZeroDivisionError, AttributeError) as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    return _tidy(value), qualifier


def parse_number(text: str) -> Decimal:
    """The value of a figure, ignoring its qualifier: parse_number("两千三百万") == Decimal(23000000)."""
    return parse_quantity(text)[0]


def qualifier_of(text: str) -> str:
    return parse_quantity(text)[1]


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros so 441.38亿 compares and prints as 44138000000, not 44138000000.00."""
    if value == value.to_integral_value():
        return value.quantize(_ONE)
    return value.normalize()
