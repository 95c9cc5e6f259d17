"""Merge the statistical recogniser's names (zhaoshang.text.recogniser) with the rules' finds.

The rules own legal names (…有限公司, …管理委员会): where both see a name, the rules' span wins, except
that a rule name glued to a role word (实控人为海尔集团, 簿记管理人为兴业银行) is cut back to the name the
recogniser saw. The recogniser adds what has no legal ending: short names, brands, government bodies
(外交部, 市住建委), courts, universities and exchanges; and places outside the division table: countries
and regions abroad (德国, 香港特别行政区), with their ISO code. Lakes, regions (长三角) and streets
stay out: no maintained table says which are places in our sense.
"""

from __future__ import annotations

import bisect
import re

from .orgs import OrgMatch
from .places import PlaceMatch
from .recogniser import Entity
from .vocabulary import any_of, mapping, tagged, words

__all__ = ["merge_places", "merge_recognised", "COUNTRY_CODES"]

COUNTRY_CODES = mapping("country_codes.tsv")
# Words the model sometimes tags as an organisation although they name none (公司, 董事会, 上市公司).
_NOT_NAMES = frozenset(words("recognised_not_names.txt"))
# A rule name that starts with one of these before the recognised name is a role glued to it.
_ROLE_GLUE = re.compile(f"(?:{any_of('role_glue.txt')})$")
_GOV_ENDINGS = tuple(tagged("recognised_kinds.tsv", "gov"))
_ACADEMIC_ENDINGS = tuple(tagged("recognised_kinds.tsv", "academic"))
_EXCHANGE_ENDINGS = tuple(tagged("recognised_kinds.tsv", "exchange"))
_NAME_HEADS = (*tagged("recognised_kinds.tsv", "head"), *_GOV_ENDINGS, *_ACADEMIC_ENDINGS, *_EXCHANGE_ENDINGS)
# Legal endings: a rule name with one is the rules' to keep whole.
_LEGAL = re.compile(f"(?:{any_of('legal_endings.txt')})$")
# 各银行, 多家公司, 这些公司, 某股份制银行, 一家银行: a reference to organisations, not a name.
_DETERMINED = re.compile(f"(?:{any_of('determiners.txt')})")
_NOUN_TAGS = frozenset({"n", "nz", "nw", "an", "vn", "ORG"})
_INDUSTRIES = frozenset(words("industries.txt"))
_NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_BAD_CHARS = re.compile(r"[、，。；：！？\s“”\"《》]")


def _kind(name: str) -> str:
    if name.endswith(_GOV_ENDINGS):
        return "gov"
    if name.endswith(_ACADEMIC_ENDINGS):
        return "academic"
    if name.endswith(_EXCHANGE_ENDINGS):
        return "exchange"
    return "company"


def _acceptable(name: str) -> bool:
    return (2 <= len(name) <= 30 and name not in _NOT_NAMES and not _BAD_CHARS.search(name)
            and len(_NAME_CHARS.findall(name)) >= 2)


def merge_recognised(text: str, orgs: list[OrgMatch], found: list[Entity], is_place) -> list[OrgMatch]:
    """The rules' organisations plus the recogniser's, in order; glued role words cut off."""
    out = list(orgs)
    added = []
    for entity in found:
        if entity.tag != "ORG" or not _acceptable(entity.text):
            continue
        if (entity.next_tag in _NOUN_TAGS and not entity.text.endswith(_NAME_HEADS)) or entity.text in _INDUSTRIES:
            continue  # 新能源汽车热管理系统, 跨境电商: the words describe a product or a trade, not who
        overlapping = [i for i, o in enumerate(out) if o.start < entity.end and entity.start < o.end]
        if overlapping:
            for i in overlapping:
                rule = out[i]
                prefix = text[rule.start:entity.start]
                if rule.end == entity.end and rule.start < entity.start and (
                        _ROLE_GLUE.search(prefix) or not (_LEGAL.search(rule.name) or _placed(prefix, is_place))):
                    # 实控人为海尔集团 → 海尔集团; 昨天上海黄金交易所 → 上海黄金交易所: words before the name
                    out[i] = OrgMatch(entity.text, entity.start, entity.end, rule.kind)
            continue
        if is_place(entity.text):
            continue  # a division the model took for its government (上海 in 上海发布)
        added.append(OrgMatch(entity.text, entity.start, entity.end, _kind(entity.text)))
    return sorted((o for o in out + added if not _DETERMINED.match(o.name)), key=lambda o: o.start)


def _placed(prefix: str, is_place) -> bool:
    """德国博世特精密部件集团, 湖州市港航管理中心: a place before the name is part of it."""
    return any(is_place(prefix[:n]) or prefix[:n] in COUNTRY_CODES for n in range(2, min(len(prefix), 8) + 1))


def merge_places(text: str, places: list[PlaceMatch], found: list[Entity],
                 blocked: list[tuple[int, int]]) -> list[PlaceMatch]:
    """The rules' places plus the recogniser's places abroad and outside the division table."""
    spans = sorted(blocked)
    added = []
    for entity in found:
        if entity.tag != "LOC" or not _acceptable(entity.text) or _inside(entity, spans):
            continue
        if any(p.start < entity.end and entity.start < p.end for p in places):
            continue
        code = COUNTRY_CODES.get(entity.text)
        if code and code != "CN":  # a country or region abroad; lakes, regions and streets have no table here
            added.append(PlaceMatch(entity.text, entity.start, entity.end, (code,), False))
    return sorted(places + added, key=lambda p: p.start)


def _inside(entity: Entity, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (entity.start, 1 << 30)) - 1
    return i >= 0 and spans[i][0] <= entity.start and entity.end <= spans[i][1]
