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

from .numbers import PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS, parse_number

__all__ = ["Metric", "find_metrics"]

CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_NUMERAL = f"[{CN_DIGITS}十拾百佰千仟万亿]"
_NUM = rf"(?:[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]+)?(?:[十百千万亿]+)?|{CN_NUMERAL}+(?:点[{CN_DIGITS}]+)?)"

# Unit word → (unit code, multiplier). Longest words first in the pattern so 平方公里 wins over 公里.
MONEY = {
    "元人民币": ("CNY", 1), "人民币": ("CNY", 1), "元": ("CNY", 1), "美元": ("USD", 1), "美金": ("USD", 1),
    "欧元": ("EUR", 1), "港元": ("HKD", 1), "港币": ("HKD", 1), "日元": ("JPY", 1), "英镑": ("GBP", 1),
}
MEASURES = {
    "平方公里": ("m2", 1_000_000), "平方千米": ("m2", 1_000_000), "平方米": ("m2", 1), "平米": ("m2", 1),
    "㎡": ("m2", 1), "m²": ("m2", 1), "m2": ("m2", 1), "公顷": ("m2", 10_000), "亩": ("mu", 1),
    "公里": ("km", 1), "千米": ("km", 1), "km": ("km", 1), "吨": ("ton", 1),
    "标箱": ("TEU", 1), "标准箱": ("TEU", 1), "TEU": ("TEU", 1),
    "千瓦时": ("kwh", 1), "度电": ("kwh", 1), "kWh": ("kwh", 1), "kwh": ("kwh", 1),
    "MWh": ("kwh", 1_000), "GWh": ("kwh", 1_000_000), "兆瓦时": ("kwh", 1_000),
}
RATIOS = {"%": 100, "％": 100, "个百分点": 100, "百分点": 100, "成": 10}
# Measure words that count things, each with the words that would make it part of another word
# (位于, 支持, 条件…): those continuations are excluded by a lookahead.
COUNTERS = {
    "人次": "", "个": "月|百分点|工作日|小时|季度", "项": "", "家": "庭|乡|人|属|居|园", "名": "列|单|牌|义|称|字|额",
    "人": "民|员|才|口|士|们|工|类|大|物|气|文|事|均|心", "件": "事", "支": "持|付|撑|出|援|柱",
    "所": "有|属|在|得|以|谓|需|长", "座": "谈|位", "台": "湾|风|阶|账|上", "套": "餐|路", "户": "籍|口|外|型",
    "位": "于|列|居|置|数", "批": "准|复|示|发|次", "条": "件|例|款|约|理|线上", "次": "要|数|级|序|生",
    "场": "地|景|所|馆|合|面", "栋": "", "幢": "", "辆": "", "架": "构|设|起", "艘": "", "款": "项",
    "种": "植|子|类型", "篇": "章", "份": "额|子", "张": "贴", "间": "隔|距", "处": "理|置|于|长|罚",
    "只": "有|是|要|能|需", "例": "如|行", "起": "来|步|点|草|航|飞|到|源|诉", "宗": "旨|教", "笔": "者|记",
    "颗": "", "枚": "", "块": "钱", "列": "入|为|车|表|出|举",
}
_PREFIX = "|".join(sorted(PREFIX_QUALIFIERS, key=len, reverse=True)) + "|最高|突破|高达|达到|超出"
_SUFFIX = "|".join(sorted(SUFFIX_QUALIFIERS, key=len, reverse=True))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _counter_alternation() -> str:
    parts = []
    for word in sorted(COUNTERS, key=len, reverse=True):
        guard = COUNTERS[word]
        parts.append(re.escape(word) + (f"(?!{guard})" if guard else ""))
    return "|".join(parts)


_METRIC = re.compile(
    rf"(?P<pre>{_PREFIX})?"
    rf"(?:百分之(?P<pct>{_NUM})"
    rf"|(?P<num>{_NUM})[ ]?(?P<more>多|余)?(?P<mag>[十百千万亿]*)"
    rf"(?:(?P<money>{_alternation(MONEY)})|(?P<measure>{_alternation(MEASURES)})"
    rf"|(?P<ratio>%|％|个百分点|百分点|成(?![为立本功果交员都长熟型效绩品功就绩套]))"
    rf"|(?P<count>{_counter_alternation()})))"
    rf"(?P<post>{_SUFFIX})?"
)
# “5:5”比例 — a split written as a ratio of two parts.
_SPLIT = re.compile(r"[“\"]?([0-9]{1,3})[:：]([0-9]{1,3})[”\"]?(?=的?比例)")
_REJECT_BEFORE = re.compile(r"[A-Za-z0-9_.\-/#第]$")
_VAGUE_BEFORE = re.compile(r"(?:数|几|上|成|好|若干)$")
_UNIT_ONLY = re.compile(r"[十百千万亿拾佰仟]+")
# A money figure directly followed by 项目/企业 (超10亿元项目, 10亿元以上项目) names a category.
_THRESHOLD_AFTER = re.compile(r"(?:以上|以下)?(?:的)?(?:级|项目|企业|大项目|工业项目|产业项目|重大项目)")


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


def _qualifier(m: re.Match) -> str:
    post, pre = m.group("post"), m.group("pre")
    if post:
        return SUFFIX_QUALIFIERS[post]
    if m.group("more"):
        return "more_than"
    if pre in PREFIX_QUALIFIERS:
        return PREFIX_QUALIFIERS[pre]
    return {"最高": "at_most", "突破": "more_than", "超出": "more_than"}.get(pre or "", "exact")


def _unit_and_value(m: re.Match) -> tuple[str, Decimal] | None:
    if m.group("pct"):
        return "ratio", parse_number(m.group("pct")) / 100
    number = parse_number(m.group("num") + m.group("mag"))
    if m.group("money"):
        return MONEY[m.group("money")][0], number
    if m.group("measure"):
        unit, factor = MEASURES[m.group("measure")]
        return unit, number * factor
    if m.group("ratio"):
        word = m.group("ratio")
        if word == "成" and number > 10:
            return None
        return "ratio", number / RATIOS[word]
    return "count", number


def _figure_start(m: re.Match) -> int:
    return m.start("pct") - 3 if m.group("pct") else m.start("num")


def _plausible(text: str, m: re.Match) -> bool:
    """Reject names with digits, ordinals, vague and idiomatic numerals."""
    start = _figure_start(m)
    before = text[max(0, m.start() - 2): m.start()]
    if not m.group("pre") and _REJECT_BEFORE.search(before):
        return False
    num = m.group("num") or m.group("pct")
    after = text[m.end(): m.end() + 1]
    if after and (after.isascii() and after.isalnum()) and not m.group("ratio"):
        return False  # 5G, 3D, a model number
    if num[0] in CN_DIGITS + "十拾百佰千仟万亿" and not _plausible_chinese(text, m, start, num):
        return False
    return True


def _plausible_chinese(text: str, m: re.Match, start: int, num: str) -> bool:
    if _VAGUE_BEFORE.search(text[max(0, start - 2): start]) and not m.group("pre"):
        return False  # 数十个, 上百家, 成千上万
    if m.group("count") or m.group("measure"):
        if num == "一" and not m.group("pre"):
            return False  # 一个个, 一批, 一家企业: 一 is an article here, not a figure
        if _UNIT_ONLY.fullmatch(num) and not m.group("pre"):
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
    qualified = bool(m.group("post") or m.group("pre") in ("超", "超过", "逾"))
    return qualified and bool(_THRESHOLD_AFTER.match(text, m.end()))


def find_metrics(text: str) -> list[Metric]:
    """Every figure in `text`, in order of appearance."""
    found: list[Metric] = []
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
        found.append(_metric(text, m.start(), m.end(), unit, value, _qualifier(m), found))
    found.extend(_splits(text))
    found.sort(key=lambda x: x.start)
    return found


def _splits(text: str) -> list[Metric]:
    out = []
    for m in _SPLIT.finditer(text):
        first, second = Decimal(m.group(1)), Decimal(m.group(2))
        if first + second:
            out.append(_metric(text, m.start(), m.end(), "ratio", first / (first + second), "exact", []))
    return out


def _metric(text: str, start: int, end: int, unit: str, value: Decimal, qualifier: str,
            previous: list[Metric]) -> Metric:
    from .labels import label_for

    floor = previous[-1].end if previous else 0
    indicator, span_start, span_end = label_for(text, start, end, unit, floor)
    value = value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))
    return Metric(value, unit, qualifier, indicator, text[span_start:span_end], start, end)
