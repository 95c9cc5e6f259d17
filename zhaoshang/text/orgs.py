"""Organisation names: companies, parks and zones, universities and institutes, exchanges, government.

Chinese organisation names end in a small set of words (有限公司, 集团, 产业园, 管委会, 大学, 局…), so we
find those endings and walk back to where the name begins: the last punctuation mark, preposition or
framing verb before it (与上海张江高科技园区合作 → 上海张江高科技园区). A short parenthesised place inside a
name is kept (湖州南太湖新区(杭州)创新中心). Each kind has its own sanity check: a government body must
start with a jurisdiction (德清县经信局, not 产业布局), a company name must not be a generic phrase
(该公司, 子公司).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .vocabulary import alternation, any_of, currency_words, guarded, mapping, opening, tagged, untagged, words

__all__ = ["OrgMatch", "find_organizations"]

CJK = "\u4e00-\u9fff"
# Ending → kind. Kinds: company, academic, park, zone, gov, exchange, association.
SUFFIXES = mapping("org_suffixes.tsv")
# An ending followed by certain continuations is part of another word (大学生, 局长, 政府采购, 集团化, 办公).
# The alternation's tree starts with one branch per first character, which lets the regex engine skip
# the characters that begin no ending.
_SUFFIX = re.compile(guarded("org_suffixes.tsv", ahead=2))
# Words that frame a name rather than belong to it; the name starts after the last one.
_STOPS = re.compile(guarded("name_stops.tsv", ahead=1, behind=2))
# Verbs that, right before the ending, belong to the name: 联丰投资有限公司, 联合创新中心, 建设集团.
_PART_OF_NAME = frozenset(words("name_verbs.txt"))
_PART_OF_NAME_WORDS = tuple(sorted(_PART_OF_NAME))  # for str.startswith
# A figure ends a name with its measure word: 3个跨区域产业合作园 is not named 个跨区域产业合作园.
_YUAN = alternation(w for w in currency_words("news") if w.endswith("元"))
_HARD_STOP = re.compile(
    rf"(?<![A-Za-z0-9])[0-9]+(?:[年月日届期号个家项名座所条批]|[十百千万亿]*(?:{_YUAN})|[十百千万亿]+)?"
    rf"|[^{CJK}A-Za-z0-9（）()·—]|——"
)  # digits after a letter stay in the name: 长三角G60科创走廊联席会议
# The end of the last of _HARD_STOP's matches: `.*` runs to the end and backs off to the last place a
# stop matches, which is the last match of a scan from the left, since no stop starts inside another
# (digits inside a number are not preceded by a boundary, the rest are single characters) except for
# dashes, where three in a row hold two overlapping ——; those windows are scanned (speed only).
_LAST_HARD_STOP = re.compile(f"(?s:.*)(?:{_HARD_STOP.pattern})")


def _last_stop_end(window: str) -> int:
    if "——" in window:
        end = 0
        for stop in _HARD_STOP.finditer(window):
            end = stop.end()
        return end
    last = _LAST_HARD_STOP.match(window)
    return last.end() if last else 0


_PAREN_GROUP = re.compile(r"[（(][^（）()]{1,6}[)）]")
_GENERIC = re.compile(f"^(?:{any_of('generic_heads.txt')})+$")
_COMPANY_GENERIC_TAIL = re.compile(f"(?:{any_of('company_generic_tails.txt')})$|.{{2,}}[为是在对]$")
# A bare 公司 after a verb is the company spoken of (有利于扩大公司产能, 推动公司转型), not a name.
_VERB_BEFORE_COMPANY = re.compile(
    f"^(?:{alternation(tagged('company_verbs.tsv', 'start'))})"
    f"|{alternation(untagged('company_verbs.tsv'))}"
)
_ENCLAVE_NAME = re.compile(r"[（(][^（）()]{2,6}[)）]|[^—]—[^—]")
_ZONE_GENERIC = re.compile(
    f"{alternation(untagged('zone_generic.tsv'))}|^(?:{alternation(tagged('zone_generic.tsv', 'start'))})"
    f"|(?:{alternation(tagged('zone_generic.tsv', 'end'))})$"
)
_INDUSTRY = re.compile(f"(?:{any_of('industries.txt')})+")
_GOV_PREFIX = re.compile(f"^(?:[市县区省镇乡]|{any_of('gov_prefixes.txt')})")
_ADMIN_IN = re.compile("[省市县区镇乡州]")
# Patterns below start at a fixed word and look back, which scans far faster than patterns that
# start with "any two to four characters".
_TECH = re.compile(
    f"(?:{any_of('brand_heads.txt')})(?={any_of('brand_followers.txt')}|[、，。；]|$"
    r"|[\u4e00-\u9fff]{2,8}?(?:工厂|基地)(?:正式|已|于|的|项目|，|。))"
)
_BRAND_BOUNDARY = "，。；：、 \n“”"
_BRAND_JOINER = "与和及由同"  # 与吉利汽车签约: a shorter brand after a joining word
# Words that make a description, not a brand, of what precedes 汽车 or 科技 (扩建汽车, 新能源汽车).
_BRAND_NOT = re.compile(any_of("brand_not.txt"))
_BRAND_TECH_GENERIC = re.compile(any_of("brand_generic.txt"))
_REGIONAL_HQ = re.compile(f"(?:{any_of('hq_regions.txt')})(?:区域)?(?:{any_of('hq_units.txt')})")
_SETS_UP = re.compile(
    rf"(?=[在{re.escape(''.join(sorted({w[0] for w in words('setup_adverbs.txt')})))}])"  # speed only
    rf"(?:{any_of('setup_adverbs.txt')})?在([{CJK}]{{2,8}}?)(?:{any_of('setup_verbs.txt')})"
)
_SUBJECT_LEAD = re.compile(f"(?:{any_of('subject_leads.txt')}|[0-9]{{1,2}}月(?:[0-9]{{1,2}}日)?)")


@dataclass(frozen=True, slots=True)
class OrgMatch:
    """An organisation name at text[start:end]."""

    name: str
    start: int
    end: int
    kind: str


def _masked(window: str) -> str:
    """Hide short parenthesised groups (杭州) so their characters neither stop nor split a name."""
    return _PAREN_GROUP.sub(lambda m: "囗" * len(m.group()), window)


def _name_start(text: str, suffix_start: int, max_len: int = 24, loose: bool = False, keep_part: bool = False) -> int:
    """Where the name ending at `suffix_start` begins. `loose` lets 和 stay inside the name
    (德清县自然资源和规划局)."""
    lo = max(0, suffix_start - max_len)
    window = text[lo:suffix_start]
    if "(" in window or "（" in window:
        window = _masked(window)
    start = _last_stop_end(window)
    for m in _STOPS.finditer(window, start):
        if loose and m.group() in ("和", "与", "及"):
            continue
        if m.group() in _PART_OF_NAME and (keep_part or m.end() == len(window)
                                            or _name_so_far(window[start: m.start()])):
            continue  # 上海汇川联合动力系统有限公司: a place begins the name, 联合 is inside it
        start = max(start, m.end())
    while start < len(window) and window[start] == "囗":  # an aside after the framing words: （即质权人）
        start += 1
    return lo + start


# Words that make a phrase of what precedes an ending (湖州市已设立各类政府, 家纺企业向合作园, 公司还计划).
_NOT_IN_NAME = re.compile(guarded("not_in_name.tsv"))
# 局 after these is a word (布局, 格局, 大局, 开局), not a bureau.
_WORD_JU = re.compile("[" + "".join(w[0] for w in words("ju_words.txt")) + "]$")
# Endings that a province alone does not name (上海开发区 means Shanghai's development zones).
_PROVINCE_GENERIC = frozenset(tagged("org_suffixes.tsv", "province-generic", 3))


def _name_so_far(segment: str) -> bool:
    return len(segment) >= 4 and _starts_with_place(segment) and not _SUFFIX.search(segment)


_ZONE_IN_NAME = re.compile(f".{{2,8}}?(?:{alternation(tagged('org_suffixes.tsv', 'in-gov-name', 3))}).")


@functools.lru_cache(maxsize=65536)
def _valid(name_part: str, kind: str, suffix: str) -> bool:
    """Whether `name_part` before the ending `suffix` makes a name of that kind (cached: an ending is
    checked up to three times while its start is looked for, and names recur)."""
    if len(name_part) < 2 or _GENERIC.match(name_part) or _NOT_IN_NAME.search(name_part):
        return False
    if suffix in _PROVINCE_GENERIC and _is_province(name_part):
        return False
    if name_part[0] in "（(—" or _COMPANY_GENERIC_TAIL.search(name_part) and kind == "company":
        return False
    if suffix == "公司" and _VERB_BEFORE_COMPANY.search(name_part):
        return False
    if suffix == "控股" and name_part.endswith(("公司", "集团", "股份")):
        return False  # 由海亮集团有限公司控股: the verb, not a name
    if suffix == "新城" and not _starts_with_place(name_part):
        return False  # 衢州智造新城, not 产城融合新城
    if kind == "gov" and not (_GOV_PREFIX.match(name_part) or _starts_with_place(name_part)
                              or _ZONE_IN_NAME.match(name_part)):  # 莫干山高新区经济发展局
        return False
    if kind == "zone" and _ZONE_GENERIC.search(name_part):
        return False
    if kind in ("park", "academic") and _INDUSTRY.fullmatch(name_part):
        return False  # 数字经济产业园, 产业技术研究院: a kind of place, not a named institution
    if kind == "gov" and len(suffix) == 1 and (len(name_part) < 3 or suffix == "局" and _WORD_JU.search(name_part)):
        return False  # 布局, 格局, 大局 are words, not bureaus (长三角布局)
    if suffix in ("科创飞地", "飞地") and not _ENCLAVE_NAME.search(name_part):
        return False  # an enclave is named after its two places: 安吉（上海）科创飞地, 长兴—余杭数字经济飞地
    return not (kind == "zone" and suffix == "港区" and not _starts_with_place(name_part))


_COUNTRIES = re.compile(f"^(?:{alternation([*tagged('regions.tsv', 'name'), *words('countries.txt')])})")
_LEADING_FILLER = re.compile(f"(?:{any_of('leading_fillers.txt')})")


@functools.lru_cache(maxsize=65536)
def _is_province(name: str) -> bool:
    from .places import division_automaton

    entry = division_automaton().get(name, None)
    return entry is not None and any(code.endswith("0000") for code in entry[1].codes)


@functools.lru_cache(maxsize=65536)
def _starts_with_place(name: str) -> bool:
    from .places import division_automaton

    if _COUNTRIES.match(name):
        return True
    automaton = division_automaton()
    return any(automaton.exists(name[:n]) for n in range(2, min(len(name), 8) + 1))


def _trim_filler(text: str, start: int, suffix_start: int) -> int:
    """据湖州市统计局 → 湖州市统计局: a leading preposition glued to a name that starts with a place."""
    m = _LEADING_FILLER.match(text, start, suffix_start)
    if m and _starts_with_place(text[m.end(): suffix_start]):
        return m.end()
    return start


# 和 occurs inside names (浙江和顺, 东和精机, 自然资源和规划局); 与 and 及 inside those of institutes and
# schools (中国科学院上海微系统与信息技术研究所, 电子信息与电气工程学院).
_JOINERS = re.compile("[和与及]")
_AIM = re.compile(f"(?:{any_of('aim_verbs.txt')})“?$")
# What a company builds is a project (投资5亿元建设数码印花产业园), unless a place names it as a zone.
_BUILT = re.compile(f"(?:{any_of('build_verbs.txt')})$")
_COUNTED = re.compile("(?:[0-9]+|[一二两三四五六七八九十百千万]+)[个家所座项批]$")
_COUNTED_LAST = frozenset("个家所座项批\n")  # what _COUNTED's window can end with ($ also matches before \n)


def _no_name_between(text: str, lo: int, hi: int, kind: str) -> bool:
    """No other name ends in text[lo:hi], except a university or academy heading an institute's name
    (中国科学院上海微系统与信息技术研究所, 复旦大学化学与材料学院)."""
    return all(kind == "academic" and SUFFIXES[m.group()] == "academic" for m in _SUFFIX.finditer(text, lo, hi))


def _loose_start(text: str, m: re.Match, kind: str, start: int) -> int:
    """Let 和 stay inside a name that starts with a place: 德清县自然资源和规划局, 浙江和顺智造科技有限公司."""
    if text[max(0, start - 1): start] in ("与", "及") and kind not in ("academic", "gov"):
        return start
    loose = _trim_filler(text, _name_start(text, m.start(), loose=True), m.start())
    if loose < start and _starts_with_place(text[loose: m.start()]) and _no_name_between(text, loose, start, kind) and (
            kind == "gov" and not _valid(text[start: m.start()], kind, m.group())
            or not _starts_with_place(text[start: m.start()])):
        return loose
    return start


_FUNCTION_WORDS = re.compile(any_of("function_words.txt"))


def _loosest_start(text: str, m: re.Match, start: int) -> int:
    """湖州市投资促进服务中心, 湖州市建设投资发展有限公司: when the framing words cut a name down to nothing
    valid, a name that runs from the last punctuation and starts with a place is taken whole."""
    lo = max(0, m.start() - 24)
    window = _masked(text[lo: m.start()])
    cut = _last_stop_end(window)
    for word in _FUNCTION_WORDS.finditer(window, cut):
        cut = word.end()
    loosest = _trim_filler(text, lo + cut, m.start())
    if loosest < start and _starts_with_place(text[loosest: m.start()]) and not _SUFFIX.search(text, loosest, start):
        return loosest
    return start


# 实控人为海尔集团: a role and its copula are words before the name, not part of it.
_ROLE_COPULA = re.compile(f"(?:{any_of('role_nouns.txt')})(?:{any_of('role_glue.txt')})")


def _after_role(text: str, start: int, suffix_start: int) -> int:
    ends = [m.end() for m in _ROLE_COPULA.finditer(text, start, suffix_start)]
    return ends[-1] if ends and suffix_start - ends[-1] >= 2 else start


# 减持公司股份, 回购股份, 所持质押股份: 股份 after these words is shares, not a company's name; a short name
# after the last of them is one (关联交易金额占联明股份 → 联明股份).
_SHARE_WORDS = re.compile(any_of("share_words.txt"))


def _after_share_words(text: str, start: int, suffix_start: int) -> int:
    ends = [w.end() for w in _SHARE_WORDS.finditer(text, start, suffix_start)]
    return ends[-1] if ends else start


def _suffix_matches(text: str) -> list[OrgMatch]:
    out = []
    for m in _SUFFIX.finditer(text):
        at, suffix = m.start(), m.group()  # read once: each is needed up to ten times below
        kind = SUFFIXES[suffix]
        start = _trim_filler(text, _name_start(text, at), at)
        start = _after_role(text, start, at)
        if suffix == "股份":
            start = _after_share_words(text, start, at)
            if at - start < 2:
                continue
        if _JOINERS.search(text, max(0, start - 2), start + 1):
            start = _loose_start(text, m, kind, start)
        if not _valid(text[start: at], kind, suffix):
            start = _loosest_start(text, m, start)
        if kind == "company" and not _valid(text[start: at], kind, suffix):
            kept = _name_start(text, at, keep_part=True)  # 国投创业投资管理有限公司
            if not text.startswith(_PART_OF_NAME_WORDS, kept) and not _HARD_STOP.match(text, kept - 1):
                start = kept
        if text[start - 1: start] in _COUNTED_LAST and _COUNTED.search(text, max(0, start - 6), start):
            continue  # 3个跨区域产业合作园, 两家产业园: counted things are kinds, not names
        if kind in ("park", "zone") and (text.startswith("项目", m.end())
                                         or _AIM.search(text, max(0, start - 3), start)
                                         or _BUILT.search(text, max(0, start - 2), start)
                                         and not _starts_with_place(text[start: at])):
            continue  # 海盐秦山核电配套产业园项目 is a project; 打造“核电关联产业集聚区” an aim
        if _valid(text[start: at], kind, suffix):
            out.append(OrgMatch(text[start: m.end()], start, m.end(), kind))
    return out


def _brand_matches(text: str) -> list[OrgMatch]:
    """纵目科技 (a brand followed by 科技) and 唯品会 in 唯品会华东运营中心 (a brand before a regional HQ)."""
    out = []
    for m in _TECH.finditer(text):
        start = m.start() - 4
        while start < m.start() - 2 and (start < 0 or _HARD_STOP.search(text, start, m.start())):
            start += 1
        if start > 0 and text[start - 1] not in _BRAND_BOUNDARY:
            start = next((s for s in (start + 1, start + 2) if text[s - 1] in _BRAND_JOINER), -1)
            if start < 0:
                continue  # 信息经济科技: the word before runs on, so this is a description
        brand = text[start: m.start()]
        if 2 <= len(brand) <= 4 and not _HARD_STOP.search(brand) and not _BRAND_TECH_GENERIC.search(brand) \
                and not _GENERIC.match(brand) and not _INDUSTRY.fullmatch(brand) and not _BRAND_NOT.search(brand):
            out.append(OrgMatch(brand + m.group(), start, m.end(), "company"))
    for m in _REGIONAL_HQ.finditer(text):
        start = _name_start(text, m.start(), max_len=8)
        name = text[start: m.start()]
        if 2 <= len(name) <= 4 and not _GENERIC.match(name):
            out.append(OrgMatch(name, start, m.start(), "company"))
    return out


def setting_up(text: str, is_place) -> list[tuple[OrgMatch, str]]:
    """`X已在湖州设立…`: X is an investor even without a company ending. Returns (X, place)."""
    out = []
    for m in _SETS_UP.finditer(text):
        place = m.group(1)
        if not is_place(place):
            continue
        lo = max(0, m.start() - 8)
        cut = max(text.rfind(c, lo, m.start()) for c in "，。；\n")
        start = cut + 1 if cut >= 0 else lo if lo > 0 else 0
        if cut < 0 and lo > 0:
            continue  # no clause start within reach: the subject is not a short name
        lead = _SUBJECT_LEAD.match(text, start, m.start())
        start = lead.end() if lead else start
        name = text[start: m.start()]
        if not (2 <= len(name) <= 6) or _HARD_STOP.search(name) or _GENERIC.match(name) or is_place(name) \
                or _ADMIN_IN.search(name[-1]) or _NOT_IN_NAME.search(name) or _STOPS.search(name):
            continue
        out.append((OrgMatch(name, start, m.start(), "company"), place))
    return out


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


def _without_aliases(matches: list[OrgMatch]) -> list[OrgMatch]:
    """Name short forms by their full name (吉瑞集团 → 上海吉瑞汽车集团, 平湖经开区 → 平湖经济技术开发区)
    and drop zones that are administrative divisions (上海市浦东新区 is a district, not a body). A zone
    written with its province and city (江苏省昆山市高新区) is named as the text also names it (昆山高新区)."""
    # Longest first, names of one length in order of appearance: a set's order would change with the
    # interpreter's string hashing from one run to the next (which of two equally long names is taken).
    names = sorted(dict.fromkeys(m.name for m in matches), key=len, reverse=True)
    full_names = {name: _full_name(name, names) for name in names}
    zones = dict.fromkeys(m.name for m in matches if m.kind in ("zone", "park"))
    if zones:
        known = set(names)
        for name in zones:
            plain = _plain_zone(name, known)
            if plain:
                full_names[name] = plain
                full_names[plain] = plain
    kept = []
    for m in matches:
        if m.kind == "zone" and _is_division(m.name):
            continue
        full = full_names[m.name]
        kept.append(OrgMatch(full, m.start, m.end, m.kind) if full else m)
    return kept


def _plain_zone(name: str, names: set[str]) -> str | None:
    """江苏省昆山市高新区 → 昆山高新区 when the text also writes that: the province and the 市 are the
    address, the zone's name is its city's short name and its kind."""
    plain = _plain_form(name)
    if plain is None:
        return None
    known = plain in names or any(other.startswith(plain) for other in names)
    return plain if plain != name and known else None


@functools.lru_cache(maxsize=65536)
def _plain_form(name: str) -> str | None:
    """The zone's name without its province, with its city's short name (_plain_zone), whatever the text."""
    from zhaoshang.core.gb2260 import short_name

    from .places import division_automaton

    automaton = division_automaton()
    rest = name
    for n in range(min(len(name) - 2, 8), 1, -1):
        if _is_province(name[:n]) and _starts_with_place(name[n:]):
            rest = name[n:]
            break
    for n in range(min(len(rest) - 2, 8), 2, -1):
        head = rest[:n]
        if head[-1] in "市县区" and automaton.exists(head):
            return short_name(head) + rest[n:]
    return None


_CORE_GENERIC = re.compile(any_of("core_generic.txt"))
_LEGAL_ENDING = re.compile(r"(?:(?:集团)?(?:股份)?有限(?:责任)?公司|集团|株式会社)$")


def _short_forms(text: str, matches: list[OrgMatch]) -> list[OrgMatch]:
    """A company named in full and then by its four-character core (宁德时代新能源科技股份有限公司 …
    宁德时代将投资; 杭州星衍储能科技有限公司 … 星衍储能将追加投资): each later core is a mention of it."""
    taken = [(m.start, m.end) for m in matches]
    out = []
    for m in matches:
        if m.kind != "company":
            continue
        for core in _cores(m.name):
            pos = text.find(core, m.end)
            while pos >= 0:
                if not any(a <= pos < b for a, b in taken):
                    out.append(OrgMatch(m.name, pos, pos + len(core), "company"))
                pos = text.find(core, pos + len(core))
    return out


@functools.lru_cache(maxsize=65536)
def _cores(name: str) -> tuple[str, ...]:
    """The distinctive short forms of a company's full name (宁德时代, 星衍储能, 欣旺达)."""
    from .places import division_automaton

    if not _LEGAL_ENDING.search(name):
        return ()
    automaton = division_automaton()
    body = _LEGAL_ENDING.sub("", name)
    place = next((n for n in range(min(len(body) - 2, 6), 1, -1) if automaton.exists(body[:n])
                  or (country := _COUNTRIES.match(body[:n])) is not None and country.end() == n), 0)
    cores = {body[place: place + 4]}
    if len(body) - place > 3:
        cores.add(body[place: place + 3])  # 欣旺达 for 欣旺达电子股份有限公司
    cores = {core for core in cores if not _CORE_GENERIC.search(core)}  # not 城市投资 of 湖州市城市投资…
    if place <= 2:
        cores.add(body[:4])
    return tuple(sorted(core for core in cores if not (
        len(core) < 3 or _GENERIC.match(core) or _INDUSTRY.match(core) or _STOPS.search(core)
        or _COUNTRIES.match(core) or automaton.exists(core) or _HARD_STOP.search(core))))


def _full_name(name: str, names: list[str]) -> str | None:
    if _LEGAL_ENDING.search(name) and len(name) >= 8:
        return None  # 上海电气集团股份有限公司 is a full name, not short for 上海电气风电集团股份有限公司
    full = next((other for other in names if len(other) > len(name) and other[-1] == name[-1]
                 and name[:2] in other and _is_subsequence(name, other)), None)
    if full is None and name.endswith(("股份", "集团")) and len(name) >= 4:
        # 巨化股份 → 浙江巨化股份有限公司; 浙能集团 → 浙江省能源集团有限公司
        full = next((other for other in names if other.endswith("公司") and (name in other or len(name) <= 6
                     and other[0] == name[0] and name[-2:] in other and _is_subsequence(name, other))), None)
    return full


@functools.lru_cache(maxsize=65536)
def _is_division(name: str) -> bool:
    from .places import division_automaton

    automaton = division_automaton()
    return any(automaton.exists(name[i:]) for i in range(0, max(1, len(name) - 3)))


def _longest(matches: list[OrgMatch]) -> list[OrgMatch]:
    """Keep the longest of overlapping matches (上海恒拓精密机械集团 over 上海恒拓精密机械)."""
    kept: list[OrgMatch] = []
    for m in sorted(matches, key=lambda x: (x.start, -(x.end - x.start))):
        if kept and m.start < kept[-1].end:
            if m.end - m.start > kept[-1].end - kept[-1].start:
                kept[-1] = m
            continue
        kept.append(m)
    return kept


# Central government bodies are named without a jurisdiction (商务部, not 国家商务部): a closed list.
_CENTRAL = re.compile(f"(?:{any_of('central_bodies.txt')})(?!门|长|属|委)")  # not 电子商务部门, 商务部长


def _central_bodies(text: str) -> list[OrgMatch]:
    return [OrgMatch(m.group(), m.start(), m.end(), "gov") for m in _CENTRAL.finditer(text)]


def industry(name: str) -> bool:
    """新能源汽车, 生物医药: a trade, not an organisation."""
    return bool(_INDUSTRY.fullmatch(name))


def starts_with_place(name: str) -> bool:
    """德清县…, 德国…: the name begins with a division or a country."""
    return _starts_with_place(name)


def acceptable_zone(name: str) -> bool:
    """A name ending in a zone's or park's ending passes the rules' check for it (科技城 alone does not)."""
    m = _SUFFIX.search(name, max(0, len(name) - 6))
    while m and m.end() != len(name):
        m = _SUFFIX.search(name, m.start() + 1)
    if m is None:
        return True
    kind = SUFFIXES[m.group()]
    return kind not in ("zone", "park") or _valid(name[: m.start()], kind, m.group())


# Well-known short names and brands (招行, 花旗, 银监会): a closed list matched as words. A short name is
# no mention where it runs into a word (施工行业, 成交行情, 全国航线, 广东航空); 市发改委 is the body of a
# place the article names (the rules leave those to the article's own full names).
_KNOWN = mapping("known_names.tsv")
# The lookaheads on the first two characters let the regex engine skip most positions at once (speed only).
_KNOWN_NAME = re.compile(f"{opening(_KNOWN)}"
                         f"(?<![其施成集市县区省设确树创A-Za-z])(?:{alternation(_KNOWN)})"
                         "(?![业情为驶线空运道班次列程长政员路士物A-Za-z])")


# 英国警方, 日本防卫省, 美国国会: a body headed by a country's name; 美军, 日军: a country's armed forces.
_FOREIGN = [n for n, c in mapping('country_codes.tsv').items() if c != 'CN']
_FOREIGN_BODY = re.compile(
    f"{opening([*_FOREIGN, *(c + '军' for c in '美日英俄苏韩法德印')])}"
    f"(?:(?:{alternation(_FOREIGN)})"
    f"(?:{any_of('foreign_bodies.txt')})|(?<![{CJK}])[美日英俄苏韩法德印]军(?![事区团种]))")


def _foreign_bodies(text: str) -> list[OrgMatch]:
    return [OrgMatch(m.group(), m.start(), m.end(), "gov") for m in _FOREIGN_BODY.finditer(text)]


# Armed forces (海军, 八路军, 太平洋舰队, 俄罗斯伞兵部队, 日军), government bodies named by their kind (警方,
# 法院, 国会; 锦江警方 keeps its place) and departments written by their trade (市房管部门, 广州市国土部门).
# The regexes find the body's own word (a lookahead on its first two characters skips most positions at
# once); the words before it are looked up afterwards, which keeps the scan cheap (speed only).
_ARMED = re.compile(
    opening([*words("armed_forces.txt"), *words("armed_units.txt"),
             *(c + "军" for c in "美日英俄苏韩法德印汉蜀魏吴秦楚"), *(c + "韩" for c in "美日英俄苏韩法德印")])
    + f"(?:(?:(?P<force>{any_of('armed_forces.txt')})(?![事区团种官基])|(?P<unit>{any_of('armed_units.txt')}))"
    f"|(?<![中欧亚南北东西美日英俄苏韩法德印])[美日英俄苏韩法德印汉蜀魏吴秦楚]军(?![事区团种官人用火工械舰机费队演校民])"
    f"|(?<![{CJK}])[美日英俄苏韩法德印]韩?军(?=演))")
_ARMED_HEADS = frozenset(_FOREIGN) | frozenset("美日英俄苏韩法德印") | frozenset(words("armed_prefixes.txt"))
_ARMED_HEAD_LENGTHS = sorted({len(h) for h in _ARMED_HEADS}, reverse=True)
_BODY_KIND = re.compile(
    f"{opening([*words('public_bodies.txt'), *words('public_domains.txt')])}"
    f"(?:(?:{any_of('public_bodies.txt')})(?![长单门])|(?:{any_of('public_domains.txt')})部门)")
_CJK_RUN = re.compile(f"[{CJK}]{{1,6}}$")
_NOT_BEFORE_CONGRESS = frozenset("中全各两")


def _armed_head(text: str, start: int) -> int:
    """Where the country or direction written right before text[start] begins (start when there is none)."""
    for n in _ARMED_HEAD_LENGTHS:
        if n <= start and text[start - n: start] in _ARMED_HEADS:
            return start - n
    return start


def _public_bodies(text: str, is_place) -> list[OrgMatch]:
    out = []
    for m in _ARMED.finditer(text):
        if m.lastgroup in ("force", "unit"):
            start = _armed_head(text, m.start())
            if m.lastgroup == "unit" and start == m.start():
                continue  # 这支部队: a unit needs its country or direction
            out.append(OrgMatch(text[start: m.end()], start, m.end(), "gov"))
        else:
            out.append(OrgMatch(m.group(), m.start(), m.end(), "gov"))
    last = 0
    for m in _BODY_KIND.finditer(text):
        if text.startswith("国会", m.start()) and text[m.start() - 1: m.start()] in _NOT_BEFORE_CONGRESS:
            continue  # 中国会计准则, 全国会议, 各国会员: 国会 across two words
        run = _CJK_RUN.search(text, max(last, m.start() - 6), m.start())
        head = run.group() if run else ""
        last = m.end()
        # 在法院, 向法院: the words before the body stay only when they are a place (锦江警方, 广州市国土部门),
        # a bare 市 or 区 (市房管部门) or a place with its level.
        cut = len(head)
        for i in range(len(head)):
            h = head[i:]
            if is_place(h) or h in _LEVELS or (h[-1] in _LEVELS and is_place(h[:-1])) or h in _FOREIGN_SET:
                cut = i
                break
        start = m.start() - len(head) + cut
        out.append(OrgMatch(text[start: m.end()], start, m.end(), "gov"))
    return out


_LEVELS = "省市县区州镇乡"
_FOREIGN_SET = frozenset(_FOREIGN)


# Companies named in Latin letters (IBM, Visa, bet365): a closed list matched as whole Latin words.
_LATIN_BRANDS = frozenset(w.lower().replace(" ", "") for w in words("latin_brands.txt"))
_LATIN_WORD = re.compile("[A-Za-z][A-Za-z0-9&]*(?: [A-Za-z][A-Za-z0-9&]*)?")


def _latin_brands(text: str) -> list[OrgMatch]:
    out = []
    for m in _LATIN_WORD.finditer(text):
        word = m.group()
        if m.start() and text[m.start() - 1].isdigit():
            continue
        if word.lower().replace(" ", "") in _LATIN_BRANDS:
            out.append(OrgMatch(word, m.start(), m.end(), "company"))
        elif " " in word and word.split(" ")[0].lower() in _LATIN_BRANDS:
            end = m.start() + len(word.split(" ")[0])
            out.append(OrgMatch(text[m.start(): end], m.start(), end, "company"))
    return out



# A listed company by its short name: before its stock code (天和电子（300123）, 天和电子(300123.SZ)) or
# opening a clause with its announcement (天和电子公告，公司拟…; 天和电子发布公告称).
_LISTED = re.compile(r"(?=[（(发披公])"  # speed only
                     r"(?:[（(](?:[0-9]{6}|[0-9]{4,5}\.HK)(?:\.S[HZ])?[)）]|(?:(?:发布|披露)了?)?公告称?[，,:：])",
                     re.IGNORECASE)
_LISTED_NAME = re.compile(f"[{CJK}]{{2,6}}$")
_LISTED_BOUNDARY = "，。；：:\n “”（）()"


def _listed(text: str) -> list[OrgMatch]:
    out = []
    for m in _LISTED.finditer(text):
        lo = max(0, m.start() - 7)
        cut = max(text.rfind(c, lo, m.start()) for c in _LISTED_BOUNDARY)
        if cut < 0 and lo > 0:
            continue  # no clause start within reach
        start = cut + 1 if cut >= 0 else 0
        name = text[start: m.start()]
        if not _LISTED_NAME.match(name):
            continue
        lead = _LISTED_LEAD.match(name)
        if lead:
            name, start = name[lead.end():], start + lead.end()
        name = _LISTED_TIME.sub("", name)
        if len(name) < 2 or _LISTED_TIME.search(name[:2] + "$") or "公司" in name or "集团" in name \
                or _GENERIC.match(name) or _STOPS.match(name) or _NOT_IN_NAME.search(name) or _is_division(name) \
                or name.endswith(("公司", "集团", "本次", "董事会", "股东", "上述")) or name in ("公司", "本公司"):
            continue
        out.append(OrgMatch(name, start, start + len(name), "company"))
    return out


_LISTED_LEAD = re.compile("(?:另外|此外|其中|另|而|但)?据?")
_LISTED_TIME = re.compile("(?:今日|昨日|今天|昨天|近日|日前|晚间|早间|午间|盘后|盘前|同日|当日|此前|目前)+$")


def _known_names(text: str) -> list[OrgMatch]:
    return [OrgMatch(m.group(), m.start(), m.end(), _KNOWN[m.group()]) for m in _KNOWN_NAME.finditer(text)]


def known(name: str) -> bool:
    """招行, 招商银行, 银监会: a name on the list of well-known organisations."""
    return name in _KNOWN


def _known_in_full(found: list[OrgMatch]) -> list[OrgMatch]:
    """吉利 after 吉利汽车, 比亚迪 after 比亚迪股份有限公司: a known short name is that company's mention."""
    names = sorted(dict.fromkeys(o.name for o in found), key=len, reverse=True)  # as in _without_aliases
    out = []
    for o in found:
        if o.name in _KNOWN:
            full = next((n for n in names if len(n) > len(o.name) and n.startswith(o.name)), None)
            if full is not None:
                o = OrgMatch(full, o.start, o.end, o.kind)
        out.append(o)
    return out


# 北京某商业银行, 宜春市各寿险公司, 上海一银行: a determiner inside a name without a legal ending makes a
# reference to organisations of a kind, not a name.
_REFERENCE = re.compile(f"(?:{any_of('determiners.txt')})"
                        r"|(?<![第统唯万])一(?:大型|中型|小型|国有|股份制|商业|外资|家|些)?(?=银行$|公司$)")


@functools.lru_cache(maxsize=65536)
def a_reference(name: str) -> bool:
    return _REFERENCE.search(name) is not None and not _LEGAL_ENDING.search(name)


def find_organizations(text: str, is_place=lambda name: False,
                       setups: list[tuple[OrgMatch, str]] | None = None) -> list[OrgMatch]:
    """Organisation mentions in order of appearance (overlaps resolved to the longest)."""
    found = _suffix_matches(text) + _brand_matches(text) + _central_bodies(text)
    known_names = _known_names(text) + _foreign_bodies(text) + _public_bodies(text, is_place) + _latin_brands(text)
    found += _listed(text)
    if known_names:
        # 结婚前使用招商银行: a known name ends the rules' walk back to where the name begins.
        at_end = {k.end: k for k in known_names}
        found = [at_end[o.end] if o.end in at_end and o.start < at_end[o.end].start
                 and not _LEGAL_ENDING.search(o.name) else o for o in found] + known_names
    if setups is None:
        setups = setting_up(text, is_place)
    found += [org for org, _ in setups]
    found = _known_in_full(_longest([o for o in found if not a_reference(o.name)]))
    if found:
        found = _longest(found + _short_forms(text, found))
    return _without_aliases(found)
