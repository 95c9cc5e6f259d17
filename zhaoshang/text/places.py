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

from .vocabulary import alternation, any_of, mapping, words

__all__ = ["COUNTRY_CODES", "PlaceMatch", "find_places", "division_automaton"]

# Countries and regions abroad, with their ISO 3166-1 code: a closed list, so the rules find them.
COUNTRY_CODES = mapping("country_codes.tsv")
_COUNTRY = re.compile(f"(?:{alternation(n for n, c in COUNTRY_CODES.items() if c != 'CN')})(?!族|法郎|克朗|元|币)")

# City short names that are more often something else: 阿里(巴巴), 白银 (silver), 大理(石), 普洱 (tea),
# 朝阳(产业) (sunrise industry), 来宾 (guests).
_CITY_SHORT_STOP = frozenset(words("city_short_stops.txt"))
# County full names that are ordinary words.
_GENERIC_COUNTY = frozenset(words("generic_counties.txt"))
_ETHNIC_TAIL = re.compile(r"(?:[\u4e00-\u9fff]{1,4}?族)+$")
_NOT_AFTER = re.compile(any_of("street_words.txt"))
# A short name before a regional product is a brand (安吉白茶, 绍兴黄酒, 西湖龙井), not a mention.
_PRODUCT_AFTER = re.compile(any_of("regional_products.txt"))


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


def _raw_matches(text: str) -> list[PlaceMatch]:
    out = []
    for end_index, (name, entry) in division_automaton().iter_long(text):
        start = end_index - len(name) + 1
        if _NOT_AFTER.match(text, end_index + 1):
            continue  # 中山路, 上海路: a street named after the place
        if _PRODUCT_AFTER.match(text, end_index + 1) and name[-1] not in "省市县区":
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


def find_places(text: str, exclude: list[tuple[int, int]] | None = None) -> list[PlaceMatch]:
    """Place mentions in order, outside the `exclude` spans (company and university names). A district
    found inside a local name (绍兴滨海新区) is that name's short form when it recurs alone (滨海新区)."""
    raw = _raw_matches(text)
    local = {m.name for i, m in enumerate(raw) if i and _inside_other_name(m, raw[i - 1])}
    matches = [m for i, m in enumerate(raw) if not _inside_other_name(m, raw[i - 1] if i else None)
               and m.name not in local]
    anchors = _anchors(matches)
    blocked = sorted(exclude or [])
    found = [m for m in matches if _supported(m, anchors) and not _inside(m, blocked)]
    abroad = _abroad(text, raw, blocked)
    return sorted(found + abroad, key=lambda m: m.start) if abroad else found


def _abroad(text: str, divisions: list[PlaceMatch], blocked: list[tuple[int, int]]) -> list[PlaceMatch]:
    """德国, 新加坡: countries abroad, outside names (德国博泽汽车零部件有限公司) and divisions (内蒙古, 香港)."""
    out = []
    for m in _COUNTRY.finditer(text):
        match = PlaceMatch(m.group(), m.start(), m.end(), (COUNTRY_CODES[m.group()],), False)
        if not _inside(match, blocked) and not any(d.start < m.end() and m.start() < d.end for d in divisions):
            out.append(match)
    return out


def _inside(match: PlaceMatch, spans: list[tuple[int, int]]) -> bool:
    """Whether the match lies inside one of the sorted, non-overlapping spans (found by bisection)."""
    i = bisect.bisect_right(spans, (match.start, len(spans) and spans[-1][1] + 1)) - 1
    return i >= 0 and spans[i][0] <= match.start and match.end <= spans[i][1]
