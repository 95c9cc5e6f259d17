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
CN_NUMERAL = f"[{CN_DIGITS}十拾百佰千仟万萬亿]"
# Thousands separators may be full-width (19，212，760股), as announcements type them; a group of three
# digits followed by another digit is not a group (1，2345 is a list). The digits are taken possessively
# (++): nothing that may follow a number begins with a digit, so giving digits back never finds a match,
# and the engine no longer tries it at every digit of every date (speed only).
_NUM = (rf"(?:[0-9]++(?:[,，][0-9]{{3}}(?![0-9]))*(?:\.[0-9]+)?(?:[十拾百佰千仟万萬亿]+)?"
        rf"|{CN_NUMERAL}+(?:点[{CN_DIGITS}]+)?)")

PREFIX_QUALIFIERS = prefix_qualifiers()
SUFFIX_QUALIFIERS = suffix_qualifiers()
# Unit word → (unit code, multiplier), from the vocabulary (currencies are shared with the spreadsheet
# importer). Alternations put the longest words first, so 平方公里 wins over 公里.
MONEY = currency_words("news")
# The generic yuan words; a currency named before the number (港币两千九百六十元) or after them
# (9000元日币, 三万元欧元) says whose.
_YUAN = frozenset(w for w, (code, _) in MONEY.items() if code == "CNY" and len(w) == 1)
_NAMED_CURRENCIES = {w: code for w, (code, factor) in MONEY.items() if factor == 1 and w not in _YUAN
                     and not w.endswith("钱") and not w.startswith("元") and not w.endswith("币元")}
# Spoken and financial amounts: 十块三毛, 一百三十五块六角七分钱, 壹仟玖佰圆整.
_SPOKEN_YUAN = rf"块(?=[{CN_DIGITS}0-9][毛角])|毛(?=[{CN_DIGITS}0-9]分)"  # 四毛五分钱: jiao, then fen
_CHANGE = rf"(?P<change>(?:[{CN_DIGITS}0-9][毛角])?(?:[{CN_DIGITS}0-9]分(?!钟))?钱?整?)"
MEASURES = {word: (unit, Decimal(factor)) for word, unit, factor in rows("measures.tsv")}
RATIOS = {row[0]: Decimal(row[1]) for row in rows("ratios.tsv")}
# Words before a figure other than qualifiers; 最高 caps a grant or loan (最高给予1000万元, 最高可获1亿元).
_FIGURE_PREFIXES = mapping("figure_prefixes.tsv")
_PREFIX = alternation([*PREFIX_QUALIFIERS, *_FIGURE_PREFIXES])
_SUFFIX = alternation(SUFFIX_QUALIFIERS)


# Every figure starts with a character that begins its number, or with a word before the number; after
# the first character of such a word comes the word's second, a word after it or the number (or a
# space). The lookahead lets the regex engine skip the rest of the text quickly (about 2.5 times faster
# than trying the whole pattern at each position; testing the second character too, about 1.5 again).
_NUMBER_FIRST = "0123456789十拾百佰千仟万萬亿一-－−" + CN_DIGITS
_WORDS_BEFORE = [*PREFIX_QUALIFIERS, *_FIGURE_PREFIXES, *_NAMED_CURRENCIES]
_WORD_FIRST = "".join(sorted({w[0] for w in _WORDS_BEFORE}))
_WORD_SECOND = "".join(sorted({w[1] for w in _WORDS_BEFORE if len(w) > 1} | set(_NUMBER_FIRST + _WORD_FIRST + " ")))
# A number is followed by more of it, a space, 多 or 余, a magnitude or a unit (分 and 半 begin 三分之一
# and 一半): after a numeral in a word (统一, 一体化, 之一) the pattern need not be tried.
_UNIT_WORDS = [*MONEY, "块", "毛", *MEASURES, *RATIOS, "成", *words("counters.tsv")]
_NUMBER_SECOND = "".join(sorted(set("0123456789,，.点分半 多余十拾百佰千仟万萬亿" + CN_DIGITS)
                                | {w[0] for w in _UNIT_WORDS}))
_FIRST = (f"(?=[{re.escape(''.join(sorted(set(_NUMBER_FIRST))))}][{re.escape(_NUMBER_SECOND)}]"
          f"|[{re.escape(_WORD_FIRST)}][{re.escape(_WORD_SECOND)}])")
_METRIC = re.compile(
    rf"{_FIRST}(?P<pre>{_PREFIX})?(?P<cpre>{alternation(_NAMED_CURRENCIES)})?[ ]?"
    rf"(?:百分之(?P<pct>{_NUM})|(?P<frac>(?:[0-9]++|[{CN_DIGITS}十]+)分之(?:[0-9.]+|[{CN_DIGITS}十点]+))"
    rf"|(?P<half>一半)"
    rf"|(?P<neg>[-－−])?(?P<num>{_NUM})[ ]?(?P<more>多|余)?(?P<mag>[十百千万萬亿]*)[ ]?"
    rf"(?:(?P<money>{alternation(MONEY)}|{_SPOKEN_YUAN})(?(cpre)|(?P<cpost>{alternation(_NAMED_CURRENCIES)})?)"
    rf"{_CHANGE}"
    rf"|(?(cpre)(?!)|(?:(?P<measure>{alternation(MEASURES)})"
    rf"|(?P<ratio>{guarded('ratios.tsv', ahead=2)}|成(?:半|[一二三四五六七八九](?![成个项家名年月日]))?"
    rf"(?![为立本功果交员都长熟型效绩品功就绩套]|不变))"
    rf"|(?P<count>{guarded('counters.tsv')})))|(?(cpre)(?P<bare>)|(?!))))"
    rf"(?P<post>{_SUFFIX})?"
)
# “5:5”比例 — a split written as a ratio of two parts; 1/15 — a fraction.
_SPLIT = re.compile(rf"(?=[“\"0-9])[“\"]?([0-9]{{1,3}})[:：]([0-9]{{1,3}})[”\"]?(?=的?(?:{any_of('split_nouns.txt')}))")
_SLASH = re.compile(r"(?=[0-9][0-9]?/)(?<![0-9/.])([0-9]{1,2})/([0-9]{1,3})(?![0-9/.])")
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
    # A bound of a range (3至5亿元): both bounds, low first; the two metrics of a range share their span.
    range: tuple[Decimal, Decimal] | None = None
    # "share" for a price per share (每股25港元, 10元/股).
    per: str | None = None
    # A vague amount read as a range (数十万元, 两三千元): its bounds are an order, not figures stated.
    vague: bool = False

    def as_dict(self) -> dict:
        out: dict[str, object] = {"value": _json_number(self.value), "unit": self.unit, "qualifier": self.qualifier,
               "indicator": self.indicator, "span": self.span, "start": self.start, "end": self.end}
        if self.range:
            out["range"] = {"low": _json_number(self.range[0]), "high": _json_number(self.range[1])}
        if self.per:
            out["per"] = self.per
        return out


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


_SPEED_BEFORE = re.compile(any_of("speed_words.txt"))


# The helpers below read a figure's groups from `g`, its match's groupdict(), read once per figure.

def _qualifier(g: dict) -> str:
    post, pre = g["post"], g["pre"]
    if post:
        return SUFFIX_QUALIFIERS[post]
    if g["more"]:
        return "more_than"
    return PREFIX_QUALIFIERS.get(pre or "") or _FIGURE_PREFIXES.get(pre or "", "exact")


def _unit_and_value(g: dict) -> tuple[str, Decimal] | None:
    if g["pct"]:
        return "ratio", parse_number(g["pct"]) / 100
    if g["frac"]:
        return "ratio", parse_number(g["frac"])
    if g["half"]:
        return "ratio", Decimal("0.5")
    number = _number(g["num"] + g["mag"])
    if g["money"] or g["bare"] is not None:
        return _currency(g), (number * _factor(g) + _change(g["change"] or "")) * (-1 if g["neg"] else 1)
    if g["measure"]:
        unit, factor = MEASURES[g["measure"]]
        return unit, number * factor
    if g["ratio"]:
        word = g["ratio"]
        if word.startswith("成"):
            return _tenths(number, word)
        return "ratio", number / RATIOS[word]
    return "count", number


def _number(text: str) -> Decimal:
    return parse_number(text.replace("，", ",").replace("萬", "万"))


def _currency(g: dict) -> str:
    """港币两千九百六十元 and 9000元日币 are Hong Kong dollars and yen: a named currency beats 元."""
    word = g["money"] or ""
    named = g["cpre"] or g["cpost"]
    if named and (not word or word in _YUAN or word.startswith("块")):
        return _NAMED_CURRENCIES[named]
    return MONEY[word][0] if word in MONEY else "CNY"


def _factor(g: dict) -> Decimal:
    word = g["money"] or ""
    if word == "毛":
        return Decimal("0.1")
    return MONEY[word][1] if word in MONEY else Decimal(1)


_CHANGE_PART = re.compile(rf"([{CN_DIGITS}0-9])([毛角分])")


def _change(text: str) -> Decimal:
    """三毛 → 0.3, 六角七分 → 0.67: the jiao and fen after the yuan."""
    if not text:
        return Decimal(0)  # most amounts have no change
    return sum((parse_number(d) * (Decimal("0.01") if unit == "分" else Decimal("0.1"))
                for d, unit in _CHANGE_PART.findall(text)), Decimal(0))


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


def _figure_start(m: re.Match, g: dict) -> int:
    if g["pct"]:
        return m.start("pct") - 3
    for group in ("frac", "half"):
        if g[group]:
            return m.start(group)
    return m.start("num")


_CHINESE_FIRST = frozenset(CN_DIGITS + "十拾百佰千仟万亿")


def _plausible(text: str, m: re.Match, g: dict) -> bool:
    """Reject names with digits, ordinals, vague and idiomatic numerals."""
    at = m.start()
    if not g["pre"] and not g["cpre"] and _REJECT_BEFORE.search(text[max(0, at - 2): at]):
        return False
    bare = g["bare"] is not None
    if bare and not _MAGNITUDE_TAIL.search(g["num"] + g["mag"]):
        return False  # 美元兑人民币6.5 is a rate; 人民币2亿 an amount
    if g["neg"] and not (g["money"] or bare):
        return False  # -1.73% in a quote (4.550,-0.08,-1.73%): only money is written with a sign here
    if g["frac"] or g["half"]:
        return True
    num = g["num"] or g["pct"]
    measure = g["measure"]
    if measure:
        if measure == "度" and not _is_electricity(text, m, g):
            return False  # 度 is degrees unless it counts electricity (万度, 度电, 发电…度)
        if text.startswith("级", m.end()):
            return False  # 5万吨级泊位, 千米级: a class of berth or ship, not a tonnage
        if measure in ("公里", "千米", "km", "米") and _SPEED_BEFORE.search(text, max(0, at - 3), at):
            return False  # 时速350公里 is a speed
    if num in ("百", "千", "万", "亿", "千万", "百万") and not g["pre"] and not g["mag"]:
        return False  # 亿元以上项目, 万家: a category or an idiom, not an amount
    return num[0] not in _CHINESE_FIRST or _plausible_chinese(text, m, g, _figure_start(m, g), num)


def _is_electricity(text: str, m: re.Match, g: dict) -> bool:
    if "万" in g["num"] + g["mag"] or "亿" in g["num"] + g["mag"]:
        return True
    return text.startswith("电", m.end("measure")) or "电" in text[max(0, m.start() - 6): m.start()]


def _plausible_chinese(text: str, m: re.Match, g: dict, start: int, num: str) -> bool:
    if text[start - 1: start] in ("“", "「", "‘") and not g["pre"]:
        return False  # “四个全面”, “两个维护”: a slogan, not a count
    if num[0] in "十百千万亿" and _VAGUE_BEFORE.search(text[max(0, start - 2): start]) and not g["pre"]:
        return False  # 数十个, 上百家, 成千上万
    if g["count"] or g["measure"]:
        if num == "一" and not g["mag"]:
            return False  # 一个个, 一批, 一家企业: 一 is an article here, not a figure
        if len(num) == 1 and _UNIT_ONLY.fullmatch(num) and not g["pre"]:
            return False  # 万家, 百家, 千家万户
        nxt = text[m.end("count") if g["count"] else m.end(): m.end() + 1]
        if g["count"] and nxt == g["count"]:
            return False  # 一个个, 一项项
    return True


def _is_threshold(text: str, m: re.Match, g: dict) -> bool:
    if not g["money"]:
        return False
    end = m.end()
    if text.startswith("级", end):
        return True  # 百亿元级产业集群
    post, pre = g["post"], g["pre"]
    if post in ("以上", "以下", "及以上") and text.startswith("的", end) and \
            _CONDITION_BEFORE.search(text, max(0, m.start() - 8), m.start()):
        return True  # 投资额在5000万元以上的（项目）: who qualifies, not a figure
    if (post or pre in _BOUNDS) and text.startswith(("的，", "的,", "的；"), end):
        return True  # 设备投资额超过5000万元的，按…: a condition
    qualified = bool(post or pre in _EXCEEDED)
    if post in ("以上", "及以上") and _CATEGORY_AFTER.match(text, end):
        return True  # 签约10亿元以上制造业项目7个
    return qualified and bool(_THRESHOLD_AFTER.match(text, end))


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
        g = m.groupdict()
        low = _range_low(text, m, g)
        if low is None and (not _plausible(text, m, g) or _is_threshold(text, m, g)):
            continue
        try:
            parsed = _unit_and_value(g)
        except ValueError:
            continue
        if parsed is None:
            continue
        unit, value = parsed
        if low is not None:
            found.extend(_range(text, m, low, unit, abs(value), found))
            continue
        if not g["money"] and _repeats_a_name(text, m):
            continue
        if unit == "count" and g["count"] == "块" and _spoken_price(text, m):
            unit = "CNY"  # 一张票三十五块。
        if unit == "count":
            if _names_or_restates(text, m, value, counts) or _names_group(text, m, value):
                continue
            if _TEU_BEFORE.search(text, max(0, m.start() - 3), m.start()):
                unit = "TEU"  # 集装箱吞吐量完成标箱268.4万个
            counts.add(value)
        found.append(_metric(text, m.start(), m.end(), unit, value, _qualifier(g), found, _per(text, m, unit)))
    vague = _vague_amounts(text, found)
    if vague:
        taken = [(v.start, v.end) for v in vague]
        found = [f for f in found if not any(a < f.end and f.start < b for a, b in taken)] + vague
    if ":" in text or "：" in text:
        found.extend(_splits(text))
    if "/" in text:
        found.extend(_fractions(text))
    found.extend(_keyed_ratios(text))
    found.sort(key=lambda x: x.start)
    return found


_PRICE_CUE = re.compile(any_of("price_cues.txt"))
_CLAUSE_END = re.compile(r"[。，；！？、\n]|$")


def _spoken_price(text: str, m: re.Match) -> bool:
    """三十五块 ending its clause after a price word (票, 卖, 要…) is 35 yuan."""
    if not _CLAUSE_END.match(text, m.end("count")):
        return False
    lo = max(0, m.start() - 10)
    cut = max(text.rfind(c, lo, m.start()) for c in "。，；！？\n") + 1
    return bool(_PRICE_CUE.search(text, max(lo, cut), m.start()))


# The low bound of a range, just before the high one: 3至5亿元, 1万-5万元, 1.5亿元-3亿元, 从8500到3万港元,
# 每股25-25.30港元, 3%-10%. Only a bare number, its magnitude and a unit may stand between the two.
_RANGE_LEFT = re.compile(
    rf"(?:从)?(?P<pre>{_PREFIX})?(?P<cpre>{alternation(_NAMED_CURRENCIES)})?(?P<a>{_NUM})[ ]?"
    rf"(?P<amag>[十百千万萬亿]*)[ ]?(?P<aunit>{alternation(MONEY)}|[%％]|股)?[ ]?(?:[-－~～—–]|至|到)[ ]?$"
)
_SEPARATORS = frozenset("-－~～—–至到")
_MAGNITUDE_TAIL = re.compile("[十百千万萬亿]+$")


@dataclass(slots=True)
class _Low:
    start: int
    number: Decimal  # as written, magnitude included when it has one
    scaled: bool  # written with its own unit or magnitude (1万-5万元), else it takes the high bound's


# The last character _RANGE_LEFT's low bound may end in, before the separator: a digit, a numeral, a
# magnitude or the end of its unit. Checked first, it spares the search at most figures after 到 or 至.
_LOW_LAST = frozenset("0123456789%％股" + CN_DIGITS + "十拾百佰千仟万萬亿" + "".join(w[-1] for w in MONEY))


def _range_low(text: str, m: re.Match, g: dict) -> _Low | None:
    if not g["num"] or g["pre"] or g["cpre"]:
        return None
    at = m.start("num")
    j = at - 1
    if j >= 0 and text[j] == " ":
        j -= 1
    if j < 1 or text[j] not in _SEPARATORS:
        return None
    j -= 1
    while j >= 0 and text[j] == " ":
        j -= 1
    if j < 0 or text[j] not in _LOW_LAST:
        return None
    left = _RANGE_LEFT.search(text, max(0, at - 30), at)
    if not left:
        return None
    try:
        number = _number(left.group("a") + left.group("amag"))
    except ValueError:
        return None
    return _Low(left.start(), number, bool(left.group("amag") or left.group("aunit")))


def _range(text: str, m: re.Match, low: _Low, unit: str, high: Decimal, found: list[Metric]) -> list[Metric]:
    """Two metrics for one range: its low bound at_least, its high bound at_most, sharing one span."""
    written = m.group("num") + m.group("mag")
    if not _number(written):
        return []
    scale = high / _number(written)
    if not low.scaled:
        scale *= _low_scale(low.number, written)  # 3至5亿元: the 3 is 3亿 too; 8500到3万港元 is 8500
    first = _tidy(low.number * scale)
    while found and found[-1].start >= low.start:
        found.pop()  # 1.5亿元-3亿元: its low bound was read as a figure of its own
    bounds = (min(first, _tidy(high)), max(first, _tidy(high)))  # 7247.87万元-6270.59万元 runs downwards
    per = _per(text, m, unit, low.start)
    return [_metric(text, low.start, m.end(), unit, bounds[0], "at_least", found, per, bounds),
            _metric(text, low.start, m.end(), unit, bounds[1], "at_most", found, per, bounds)]


def _low_scale(low: Decimal, written: str) -> Decimal:
    """The magnitude a bare low bound shares with the high bound: strip the high bound's magnitude
    characters from the end one at a time (5千万 → 5千 → 5) and take the first bare number of the low
    bound's order (3到5千万元 is 3千万, 十八到三十万元 is 18万, 一千到两千万元 is 1千万, 五到十元 is 5); else the
    first the low bound does not exceed (2到30万元 is 2万); else none (8500到3万港元 is 8500)."""
    whole = _number(written)
    bares = []
    rest = written
    while rest and rest[-1] in "十百千万萬亿":
        stripped, rest = rest[-1], rest[:-1]
        if stripped == "十":
            continue  # 五到八十元 is 5 to 80: a low bound takes no tens from its high bound
        try:
            value = _number(rest) if rest else Decimal(1)
        except ValueError:
            continue
        if value:
            bares.append(value)
    for bare in bares:
        if bare / 10 <= low <= bare:
            return whole / bare
    for bare in bares:
        if low <= bare:
            return whole / bare
    return Decimal(1)


# Vague amounts, as JioNLP reads them: 数十万元 and 几百万美元 span one order (10万–100万), 十几万元 and
# 二十几万元 ten of the unit (10万–20万), 两三千元 and 五六百美元 two neighbouring digits (2000–3000): each a
# range, its two bounds sharing the span. 上千万元 reaches an order: at least 1000万.
_CN_SMALL = "一二两三四五六七八九"
_PREFIX_FIRST = re.escape("".join(sorted({w[0] for w in [*PREFIX_QUALIFIERS, *_FIGURE_PREFIXES]})))
_VAGUE = re.compile(
    rf"(?=[数几上十{_CN_SMALL}{_PREFIX_FIRST}])(?P<pre>{_PREFIX})?(?:"
    rf"(?P<some>[数几])(?P<smag>[十百千万萬亿]*)"
    rf"|(?P<tens>[{_CN_SMALL}]?十)几(?P<tmag>[百千万萬亿]*)"
    rf"|(?<![{_CN_SMALL}十百千万])(?P<pair>[{_CN_SMALL}]{{2}})(?P<pmag>[十百千万萬亿]+)"
    rf"|(?<![以之马线])上(?P<umag>[百千万萬亿]+))"
    rf"(?P<cur>{alternation(MONEY)})"
)


# Every vague amount holds one of these (数 or 几, 上 before a magnitude, two digits before one); most
# texts hold none, and one scan for them is cheap. A bare 上 would not do: 上海 is in most articles.
_VAGUE_HINT = re.compile(rf"(?=[数几上{_CN_SMALL}])(?:[数几]|上[百千万萬亿]|[{_CN_SMALL}]{{2}}[十百千万萬亿])")


def _vague_amounts(text: str, found: list[Metric]) -> list[Metric]:
    out: list[Metric] = []
    if not _VAGUE_HINT.search(text):
        return out
    for m in _VAGUE.finditer(text):
        word = m.group("cur")
        unit, factor = MONEY[word]
        if m.group("umag"):
            value = _number(m.group("umag")) * factor
            out.append(_metric(text, m.start(), m.end(), unit, value, "at_least", found))
            out[-1].vague = True
            continue
        if m.group("some"):
            low = _number(m.group("smag")) if m.group("smag") else Decimal(1)
            high = low * 10
        elif m.group("tens"):
            tens = _number(m.group("tens"))
            mag = _number(m.group("tmag")) if m.group("tmag") else Decimal(1)
            low, high = tens * mag, (tens + 10) * mag
        else:
            first, second = (_number(d) for d in m.group("pair"))
            if not (second - first == 1 or (first, second) == (3, 5)):
                continue
            mag = _number("一" + m.group("pmag"))
            low, high = first * mag, second * mag
        bounds = (_tidy(low * factor), _tidy(high * factor))
        per = _per(text, m, unit)
        for value, qualifier in ((bounds[0], "at_least"), (bounds[1], "at_most")):
            out.append(_metric(text, m.start(), m.end(), unit, value, qualifier, found, per, bounds))
            out[-1].vague = True
    return out


def _tidy(value: Decimal) -> Decimal:
    return value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))


_PER_SHARE_BEFORE = re.compile(r"每股[^，。；：0-9]{0,8}$")
_PER_SHARE_AFTER = re.compile(r"(?:/|每)股")
_MONEY_UNITS = frozenset(code for code, _ in MONEY.values())


def _per(text: str, m: re.Match, unit: str, start: int | None = None) -> str | None:
    """每股0.127港元, 每股发行价格为10元, 10元/股: a price per share."""
    if unit not in _MONEY_UNITS:
        return None
    start = m.start() if start is None else start
    if _PER_SHARE_BEFORE.search(text, max(0, start - 10), start) or _PER_SHARE_AFTER.match(text, m.end()):
        return "share"
    return None


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
            previous: list[Metric], per: str | None = None,
            bounds: tuple[Decimal, Decimal] | None = None) -> Metric:
    floor = previous[-1].end if previous else 0
    indicator, span_start, span_end = label_for(text, start, end, unit, floor)
    return Metric(_tidy(value), unit, qualifier, indicator, text[span_start:span_end], start, end, bounds, per)
