"""Figures in normalised text: value, unit, qualifier, indicator label and span.

One compiled pattern finds every candidate (a number with a unit, or a ratio word); small guard
functions then throw away the candidates a careful reader would not note: names that contain digits
(G60, 世界500强), ordinals (第三), vague or idiomatic numerals (一个个, 千家万户), and category
thresholds (超10亿元项目, 亿元以上项目) that describe other figures rather than being one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from zhaoshang.core.numerals import parse_number

from .labels import label_for
from .vocabulary import (
    alternation,
    any_of,
    currency_words,
    guarded,
    mapping,
    prefix_qualifiers,
    rows,
    suffix_qualifiers,
    tagged,
    words,
)

__all__ = ["Metric", "find_metrics"]

CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_NUMERAL = f"[{CN_DIGITS}十拾百佰千仟万亿]"
_NUM = rf"(?:[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]+)?(?:[十百千万亿]+)?|{CN_NUMERAL}+(?:点[{CN_DIGITS}]+)?)"

PREFIX_QUALIFIERS = prefix_qualifiers()
SUFFIX_QUALIFIERS = suffix_qualifiers()
# Unit word → (unit code, multiplier), from the vocabulary (currencies are shared with the spreadsheet
# importer). Alternations put the longest words first, so 平方公里 wins over 公里.
MONEY = currency_words("news")
MEASURES = {word: (unit, Decimal(factor)) for word, unit, factor in rows("measures.tsv")}
RATIOS = {row[0]: Decimal(row[1]) for row in rows("ratios.tsv")}
# Words before a figure other than qualifiers; 最高 caps a grant or loan (最高给予1000万元, 最高可获1亿元).
_FIGURE_PREFIXES = mapping("figure_prefixes.tsv")
_PREFIX = alternation([*PREFIX_QUALIFIERS, *_FIGURE_PREFIXES])
_SUFFIX = alternation(SUFFIX_QUALIFIERS)


# Every figure starts with one of these characters; the lookahead lets the regex engine skip the rest
# of the text quickly (about 2.5 times faster than trying the whole pattern at each position).
_FIRST = "".join(sorted(set("0123456789十拾百佰千仟万亿一" + CN_DIGITS
                             + "".join(w[0] for w in [*PREFIX_QUALIFIERS, *_FIGURE_PREFIXES]))))
_METRIC = re.compile(
    rf"(?=[{_FIRST}])(?P<pre>{_PREFIX})?"
    rf"(?:百分之(?P<pct>{_NUM})|(?P<frac>(?:[0-9]+|[{CN_DIGITS}十]+)分之(?:[0-9.]+|[{CN_DIGITS}十点]+))"
    rf"|(?P<half>一半)"
    rf"|(?P<num>{_NUM})[ ]?(?P<more>多|余)?(?P<mag>[十百千万亿]*)"
    rf"(?:(?P<money>{alternation(MONEY)})|(?P<measure>{alternation(MEASURES)})"
    rf"|(?P<ratio>{guarded('ratios.tsv', ahead=2)}|成(?:半|[一二三四五六七八九](?![成个项家名年月日]))?"
    rf"(?![为立本功果交员都长熟型效绩品功就绩套]|不变))"
    rf"|(?P<count>{guarded('counters.tsv')})))"
    rf"(?P<post>{_SUFFIX})?"
)
# “5:5”比例 — a split written as a ratio of two parts; 1/15 — a fraction.
_SPLIT = re.compile(rf"[“\"]?([0-9]{{1,3}})[:：]([0-9]{{1,3}})[”\"]?(?=的?(?:{any_of('split_nouns.txt')}))")
_SLASH = re.compile(r"(?<![0-9/.])([0-9]{1,2})/([0-9]{1,3})(?![0-9/.])")
_REJECT_BEFORE = re.compile(r"[A-Za-z0-9_.\-/#第]$")
_VAGUE_BEFORE = re.compile(f"(?:{any_of('vague_before.txt')})$")
_UNIT_ONLY = re.compile(r"[十百千万亿拾佰仟]+")
# A money figure directly followed by 项目/企业 (超10亿元项目, 10亿元以上项目) names a category.
_THRESHOLD_AFTER = re.compile(rf"(?:以上|以下)?(?:的[^，。；、\n]{{0,8}}?)?(?:{any_of('threshold_nouns.txt')})")
# Dimensionless ratios named by their indicator: 容积率不低于1.5, 能源利用效率(PUE)控制在1.3以下.
_KEYED_RATIO = re.compile(
    rf"(?:{any_of('ratio_keys.txt')})(?:值)?[^，。；0-9]{{0,4}}?"
    rf"(?P<pre>{any_of('ratio_key_prefixes.tsv')})?(?P<num>[0-9]+(?:\.[0-9]+)?)(?P<post>以上|以下|左右)?(?![0-9%％.])"
)


@dataclass(slots=True)
class Metric:
    """One figure: exact value in whole units, its unit, how it is qualified, and where it is."""

    value: Decimal
    unit: str
    qualifier: str
    indicator: str
    span: str
    start: int
    end: int

    def as_dict(self) -> dict:
        value = self.value
        number: int | float = int(value) if value == value.to_integral_value() else float(value)
        return {"value": number, "unit": self.unit, "qualifier": self.qualifier, "indicator": self.indicator,
                "span": self.span, "start": self.start, "end": self.end}


_SPEED_BEFORE = re.compile(any_of("speed_words.txt"))


def _qualifier(m: re.Match) -> str:
    post, pre = m.group("post"), m.group("pre")
    if post:
        return SUFFIX_QUALIFIERS[post]
    if m.group("more"):
        return "more_than"
    return PREFIX_QUALIFIERS.get(pre or "") or _FIGURE_PREFIXES.get(pre or "", "exact")


def _unit_and_value(m: re.Match) -> tuple[str, Decimal] | None:
    if m.group("pct"):
        return "ratio", parse_number(m.group("pct")) / 100
    if m.group("frac"):
        return "ratio", parse_number(m.group("frac"))
    if m.group("half"):
        return "ratio", Decimal("0.5")
    number = parse_number(m.group("num") + m.group("mag"))
    if m.group("money"):
        unit, factor = MONEY[m.group("money")]
        return unit, number * factor
    if m.group("measure"):
        unit, factor = MEASURES[m.group("measure")]
        return unit, number * factor
    if m.group("ratio"):
        word = m.group("ratio")
        if word.startswith("成"):
            return _tenths(number, word)
        return "ratio", number / RATIOS[word]
    return "count", number


def _tenths(number: Decimal, word: str) -> tuple[str, Decimal] | None:
    """7成 → 0.7, 一成半 → 0.15, 九成五 → 0.95."""
    if number > 10:
        return None
    extra = Decimal(0)
    if word == "成半":
        extra = Decimal("0.5")
    elif len(word) == 2:
        extra = parse_number(word[1]) / 10
    return "ratio", (number + extra) / 10


def _figure_start(m: re.Match) -> int:
    if m.group("pct"):
        return m.start("pct") - 3
    for group in ("frac", "half"):
        if m.group(group):
            return m.start(group)
    return m.start("num")


def _plausible(text: str, m: re.Match) -> bool:
    """Reject names with digits, ordinals, vague and idiomatic numerals."""
    start = _figure_start(m)
    before = text[max(0, m.start() - 2): m.start()]
    if not m.group("pre") and _REJECT_BEFORE.search(before):
        return False
    if m.group("frac") or m.group("half"):
        return True
    num = m.group("num") or m.group("pct")
    if m.group("measure") == "度" and not _is_electricity(text, m):
        return False  # 度 is degrees unless it counts electricity (万度, 度电, 发电…度)
    if m.group("measure") and text.startswith("级", m.end()):
        return False  # 5万吨级泊位, 千米级: a class of berth or ship, not a tonnage
    if m.group("measure") in ("公里", "千米", "km", "米") and _SPEED_BEFORE.search(text, max(0, m.start() - 3),
                                                                         m.start()):
        return False  # 时速350公里 is a speed
    if num in ("百", "千", "万", "亿", "千万", "百万") and not m.group("pre") and not m.group("mag"):
        return False  # 亿元以上项目, 万家: a category or an idiom, not an amount
    return num[0] not in CN_DIGITS + "十拾百佰千仟万亿" or _plausible_chinese(text, m, start, num)


def _is_electricity(text: str, m: re.Match) -> bool:
    if "万" in m.group("num") + m.group("mag") or "亿" in m.group("num") + m.group("mag"):
        return True
    return text.startswith("电", m.end("measure")) or "电" in text[max(0, m.start() - 6): m.start()]


def _plausible_chinese(text: str, m: re.Match, start: int, num: str) -> bool:
    if text[start - 1: start] in ("“", "「", "‘") and not m.group("pre"):
        return False  # “四个全面”, “两个维护”: a slogan, not a count
    if num[0] in "十百千万亿" and _VAGUE_BEFORE.search(text[max(0, start - 2): start]) and not m.group("pre"):
        return False  # 数十个, 上百家, 成千上万
    if m.group("count") or m.group("measure"):
        if num == "一" and not m.group("mag"):
            return False  # 一个个, 一批, 一家企业: 一 is an article here, not a figure
        if len(num) == 1 and _UNIT_ONLY.fullmatch(num) and not m.group("pre"):
            return False  # 万家, 百家, 千家万户
        nxt = text[m.end("count") if m.group("count") else m.end(): m.end() + 1]
        if m.group("count") and nxt == m.group("count"):
            return False  # 一个个, 一项项
    return True


def _is_threshold(text: str, m: re.Match) -> bool:
    if not m.group("money"):
        return False
    if text.startswith("级", m.end()):
        return True  # 百亿元级产业集群
    if m.group("post") in ("以上", "以下", "及以上") and text.startswith("的", m.end()) and \
            _CONDITION_BEFORE.search(text, max(0, m.start() - 8), m.start()):
        return True  # 投资额在5000万元以上的（项目）: who qualifies, not a figure
    if (m.group("post") or m.group("pre") in _BOUNDS) and \
            text.startswith(("的，", "的,", "的；"), m.end()):
        return True  # 设备投资额超过5000万元的，按…: a condition
    qualified = bool(m.group("post") or m.group("pre") in _EXCEEDED)
    if m.group("post") in ("以上", "及以上") and _CATEGORY_AFTER.match(text, m.end()):
        return True  # 签约10亿元以上制造业项目7个
    return qualified and bool(_THRESHOLD_AFTER.match(text, m.end()))


_BOUNDS = frozenset(words("threshold_bounds.tsv"))
_EXCEEDED = frozenset(tagged("threshold_bounds.tsv", "above"))
_CATEGORY_AFTER = re.compile(r"[\u4e00-\u9fff]{1,5}?(?:项目|企业)")


# 投入在500万元以上的, 额度为1亿元以下的: a condition on the things counted.
_CONDITION_BEFORE = re.compile(f"(?:{any_of('condition_words.txt')})$")
# A Chinese numeral count of these names a group (沪苏浙皖八个城市, 两个方面), not a figure noted.
_GROUP_NOUN = re.compile(any_of("group_nouns.txt"))


_CLAUSE_START = re.compile(r"[，。；：！？\n]")
_RESTATING = re.compile(f"(?:^|[，。；：！？\n])(?:{any_of('restating_words.txt')})?$")
_COUNTING_VERB = re.compile(f"(?:{any_of('counting_verbs.txt')})$")


def _names_or_restates(text: str, m: re.Match, value: Decimal, counts: set[Decimal]) -> bool:
    """A small count in Chinese numerals that only counts items just named (湖州东站、南浔站两座车站;
    集成电路、生物医药三个方向) or repeats a figure already given (3宗工业用地 … 三宗地块分别由…)."""
    num = m.group("num")
    if m.group("pre") or not num or num[0] not in CN_DIGITS or value > 10:
        return False
    start = m.start("num")
    clause_start = max(0, max(text.rfind(c, 0, start) for c in "，。；：！？\n") + 1)
    before = text[clause_start:start]
    if ("、" in before or "和" in before) and before and not _COUNTING_VERB.search(before):
        return True
    restated = value in counts
    return restated and bool(_RESTATING.search(text, max(0, start - 3), start))


_TEU_BEFORE = re.compile(f"(?:{alternation(w for w, (unit, _) in MEASURES.items() if unit == 'TEU')})$")


def _repeats_a_name(text: str, m: re.Match) -> bool:
    """年产30万吨生物基尼龙项目 named a second time: the project's name again, not a new figure."""
    if not text.startswith("年产", m.start() - 2) or m.group("money"):
        return False
    name = text[m.start() - 2: m.end() + 6]
    return len(name) == m.end() - m.start() + 8 and text.find(name, 0, m.start() - 2) >= 0


def _names_group(text: str, m: re.Match, value: Decimal) -> bool:
    num = m.group("num")
    if m.group("pre") or not num or num[0] not in CN_DIGITS or value > 10 or m.group("count") != "个":
        return False
    return bool(_GROUP_NOUN.match(text, m.end("count")))


def find_metrics(text: str) -> list[Metric]:
    """Every figure in `text`, in order of appearance."""
    found: list[Metric] = []
    counts: set[Decimal] = set()  # count values already stated, to spot restatements
    for m in _METRIC.finditer(text):
        if not _plausible(text, m) or _is_threshold(text, m):
            continue
        try:
            parsed = _unit_and_value(m)
        except ValueError:
            continue
        if parsed is None:
            continue
        unit, value = parsed
        if _repeats_a_name(text, m):
            continue
        if unit == "count":
            if _names_or_restates(text, m, value, counts) or _names_group(text, m, value):
                continue
            if _TEU_BEFORE.search(text, max(0, m.start() - 3), m.start()):
                unit = "TEU"  # 集装箱吞吐量完成标箱268.4万个
            counts.add(value)
        found.append(_metric(text, m.start(), m.end(), unit, value, _qualifier(m), found))
    if ":" in text or "：" in text:
        found.extend(_splits(text))
    if "/" in text:
        found.extend(_fractions(text))
    found.extend(_keyed_ratios(text))
    found.sort(key=lambda x: x.start)
    return found


def _splits(text: str) -> list[Metric]:
    out = []
    for m in _SPLIT.finditer(text):
        first, second = Decimal(m.group(1)), Decimal(m.group(2))
        if first + second:
            out.append(_metric(text, m.start(), m.end(), "ratio", first / (first + second), "exact", []))
    return out


# Qualifier of a word before a keyed ratio: its own, else the one it has before any figure.
_KEYED_QUALIFIER = {word: qualifier or PREFIX_QUALIFIERS[word]
                    for word, qualifier in mapping("ratio_key_prefixes.tsv").items()}


def _keyed_ratios(text: str) -> list[Metric]:
    out = []
    for m in _KEYED_RATIO.finditer(text):
        qualifier = SUFFIX_QUALIFIERS.get(m.group("post") or "") or _KEYED_QUALIFIER.get(m.group("pre") or "", "exact")
        if m.group("pre") == "控制在" and not m.group("post"):
            qualifier = "at_most"
        out.append(_metric(text, m.start("num"), m.end(), "ratio", Decimal(m.group("num")), qualifier, []))
    return out


def _fractions(text: str) -> list[Metric]:
    out = []
    for m in _SLASH.finditer(text):
        numerator, denominator = Decimal(m.group(1)), Decimal(m.group(2))
        if 0 < numerator < denominator:
            qualifier = "about" if re.search(r"约|近|大约", text[max(0, m.start() - 4): m.start()]) else "exact"
            out.append(_metric(text, m.start(), m.end(), "ratio", numerator / denominator, qualifier, []))
    return out


def _metric(text: str, start: int, end: int, unit: str, value: Decimal, qualifier: str,
            previous: list[Metric]) -> Metric:
    floor = previous[-1].end if previous else 0
    indicator, span_start, span_end = label_for(text, start, end, unit, floor)
    value = value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))
    return Metric(value, unit, qualifier, indicator, text[span_start:span_end], start, end)
