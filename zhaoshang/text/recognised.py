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

from . import orgs as orgs_rules
from .orgs import OrgMatch
from .places import COUNTRY_CODES, PlaceMatch, division_at
from .recogniser import Entity, Word
from .vocabulary import any_of, tagged, words

__all__ = ["confirm", "confirm_places", "in_doubt", "merge_recognised", "place_clauses", "suspects", "unexplained"]

# Words the model sometimes tags as an organisation although they name none (公司, 董事会, 上市公司).
_NOT_NAMES = frozenset(words("recognised_not_names.txt"))
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


# The recogniser tags clauses, and adjacent clauses of one sentence together (the model reads context).
_CLAUSE = re.compile(r"[^，,。！？；：:\n]+[，,。！？；：:\n]?")
_SENTENCE_END = frozenset("。！？；\n")
_LONGEST = 80
_JOIN = False


def unexplained(text: str, orgs: list[OrgMatch]) -> list[tuple[int, int]]:
    """The spans worth the recogniser's time: clauses without a legal name the rules found (there the rules
    have said who acts: 浙江瑞驰动力科技有限公司投资5亿元…) that hold a cue of a name without one (a name
    head such as 银行 or 部, a verb said of an actor such as 表示, a Latin brand, a quoted name)."""
    legal = sorted((o.start, o.end) for o in orgs if _LEGAL.search(o.name))
    spans: list[tuple[int, int]] = []
    joinable = False
    for m in _CLAUSE.finditer(text):
        lo, hi = m.span()
        i = bisect.bisect_left(legal, (hi, 0)) - 1
        explained = i >= 0 and legal[i][1] > lo
        if explained or not _TWO_HAN.search(m.group()) or not _CUED.search(m.group()):
            joinable = False
            continue
        if _JOIN and joinable and spans and hi - spans[-1][0] <= _LONGEST:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, min(hi, lo + _LONGEST)))
        joinable = text[hi - 1] not in _SENTENCE_END
    return spans


_TWO_HAN = re.compile(r"[\u4e00-\u9fff][^\u4e00-\u9fff]*[\u4e00-\u9fff]")  # two Chinese characters
# A Latin word (TCL, bwin), a quoted name (“蚂蚁”) or a list of short names (花旗、汇丰、渣打等) is a cue as
# much as the words of the list. The lookahead on the first characters lets the search skip the rest.
_CUED_FIRST = re.escape("".join(sorted({w[0] for w in words("recogniser_cues.txt")} | set("“《、，,"))))
_CUED = re.compile(f"(?:^|(?=[{_CUED_FIRST}A-Za-z]))"
                   f"(?:{any_of('recogniser_cues.txt')}|[A-Za-z]{{2,}}|[“《][^”》]{{2,12}}[”》]"
                   r"|(?:^|[、，,])[^、，,]{2,4}、)")


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


_NOT_ENDINGS = tuple(words("recognised_not_endings.txt"))
# An article that says 全县, 县委 or 我市 is about one place, and 县政协 is that place's body (unnamed here).
_JURISDICTION = re.compile(r"(?:全|我|本|该)[市县区省]|[市县区]委")


def _rules_reject(text: str, entity: Entity, is_place, named_bodies: bool) -> bool:
    """What the rules' own checks say is no name: an industry (新能源汽车), a facility or delegation
    (湖州市代表团), a zone the rules would not accept (科技城), a body named relative to the article's place
    (县政协, 市发改委) where the article names its bodies in full, a party committee (安吉县委), a piece of
    a place name (凯德苏|州)."""
    name = entity.text
    if name.endswith(_NOT_ENDINGS) or orgs_rules.industry(name) or not orgs_rules.acceptable_zone(name):
        return True
    if named_bodies and name[0] in "市县区省镇乡" and not orgs_rules.starts_with_place(name[1:]):
        return True
    if name.endswith("委") and is_place(name[:-1]):
        return True
    return any(is_place(text[i:entity.end + k]) for i in range(entity.start + 1, entity.end)
               for k in (1, 2) if entity.end + k <= len(text))


# A name ending in a building's or venue's word is that building, a place (zhaoshang.text.places), not who acts.
_VENUES = tuple(tagged("address_heads.tsv", "building"))


def merge_recognised(text: str, orgs: list[OrgMatch], found: list[Entity], is_place) -> list[OrgMatch]:
    """The rules' organisations plus the recogniser's, in order; glued role words cut off."""
    out = list(orgs)
    added = []
    named_bodies = any(o.kind in ("gov", "zone", "park") for o in orgs) or bool(_JURISDICTION.search(text))
    for entity in found:
        if entity.tag != "ORG" or not _acceptable(entity.text) or _rules_reject(text, entity, is_place, named_bodies):
            continue
        if entity.text.endswith(_VENUES):
            continue  # 星火网吧, 海棠酒店: a venue, which the place rules read as a place
        if (entity.next_tag in _NOUN_TAGS and not entity.text.endswith(_NAME_HEADS)) or entity.text in _INDUSTRIES:
            continue  # 新能源汽车热管理系统, 跨境电商: the words describe a product or a trade, not who
        if any(o.start < entity.end and entity.start < o.end for o in out):
            continue  # the rules' name stands: they own legal names and their boundaries
        if is_place(entity.text):
            continue  # a division the model took for its government (上海 in 上海发布)
        added.append(OrgMatch(entity.text, entity.start, entity.end, _kind(entity.text)))
    return sorted((o for o in out + added if not _DETERMINED.match(o.name)), key=lambda o: o.start)


# A rule name that is only a bare head after some words (警方调取银行, 现在博彩公司, 试图促进商业银行) is a
# phrase unless the recogniser reads a name there: without a legal ending or a place to start it, the rules
# cannot tell 星展银行 from 致电银行.
_BARE_HEADS = tuple(words("bare_heads.txt"))
_CLAUSE_MARK = re.compile(r"[，,。！？；：:\n、“”《》（）()]")


def suspects(text: str, orgs: list[OrgMatch]) -> list[tuple[OrgMatch, tuple[int, int]]]:
    """The rules' names ending in a bare head with nothing else vouching for them, each with its clause."""
    out = []
    for o in orgs:
        if o.name.endswith(_BARE_HEADS) and not _LEGAL.search(o.name) and o.kind in ("company", "association",
                                                                                     "exchange") \
                and not orgs_rules.starts_with_place(o.name) and not orgs_rules.known(o.name) \
                and not o.name.startswith("中国") and o.end - o.start == len(o.name):
            out.append((o, _clause_around(text, o.start, o.end, 30)))
    return out


def _clause_around(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """The span of text[start:end]'s clause, at most `reach` characters on either side of it."""
    lo = max(0, start - reach)
    cuts = [m.end() for m in _CLAUSE_MARK.finditer(text, lo, start)]
    after = _CLAUSE_MARK.search(text, end, end + reach)
    return (cuts[-1] if cuts else lo), (after.start() if after else min(len(text), end + reach))


def confirm(orgs: list[OrgMatch], doubtful: list[OrgMatch], found: list[Entity]) -> list[OrgMatch]:
    """Keep a doubtful rule name where the recogniser tags a name ending with it (cut to the recogniser's
    start: 昨天上海黄金交易所 → 上海黄金交易所); drop it where it does not."""
    if not doubtful:
        return orgs
    ends: dict[int, Entity] = {}
    for e in found:
        if e.tag == "ORG":
            ends.setdefault(e.end, e)
    out = []
    for o in orgs:
        if o in doubtful:
            seen = ends.get(o.end)
            head = max(len(h) for h in _BARE_HEADS if o.name.endswith(h))
            if seen is None or o.end - max(seen.start, o.start) <= head:
                continue
            if seen.start > o.start:
                o = OrgMatch(seen.text, seen.start, o.end, o.kind)
        out.append(o)
    return out


# A place name written without its administrative ending (商洛, 白山, 和田, 米兰) can be a piece of another
# word where it stands: 生产商洛克希德 (a maker, Lockheed), 长白山 (a mountain), 马拉喀什, 处长赵路兴, or
# the start of a person's name (和田洋一, 米兰内托). The recogniser's segmentation of the clause tells.
_ADMINISTRATIVE_ENDINGS = tuple("省市县区州旗盟镇乡") + ("街道",)
_PERSON_TAGS = frozenset({"PER", "nr"})
_PLACE_TAGS = frozenset({"LOC", "ns"})


def in_doubt(places: list[PlaceMatch]) -> list[PlaceMatch]:
    """The places written without an administrative ending, except those the text also writes with one
    (湖州 after 湖州市: the writer's short form of a place named)."""
    named = {code for m in places if m.name.endswith(_ADMINISTRATIVE_ENDINGS) for code in m.codes}
    return [m for m in places if not m.name.endswith(_ADMINISTRATIVE_ENDINGS)
            and not (m.codes[0] and named.issuperset(m.codes))]


# How much of its clause a place in doubt is tagged with, on either side: enough for the words around it
# (the cost of tagging grows with the characters).
_PLACE_CONTEXT = 10


def place_clauses(text: str, doubted: list[PlaceMatch]) -> list[tuple[int, int]]:
    """The clauses around the places in doubt (in_doubt), for the recogniser to segment; merged where
    they overlap."""
    spans: list[tuple[int, int]] = []
    for m in doubted:
        lo, hi = _clause_around(text, m.start, m.end, _PLACE_CONTEXT)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def confirm_places(text: str, places: list[PlaceMatch], doubted: list[PlaceMatch], found: list[Word],
                   is_place) -> list[PlaceMatch]:
    """The places, checked against the recogniser's words where the rules may have cut across them.

    A division's short name that begins inside a word is a piece of it (生产商|洛克希德, 长|白山, 马拉|喀什),
    unless what comes before in that word is itself a place (江苏|江阴) or the word is an organisation's
    name (whose places the organisation rules judge); one that runs into a word it does not end is too
    (和|田秀树, and a road's 处长|赵路兴); so is the start of a person's name (米兰内托). A place word the
    recogniser reads where the rules' match was takes its place (生产商|洛阳: the rules saw 商洛). A road or
    venue (no code) that begins inside a word begins at the first name-like word inside it instead
    (5次|做客|锐步球场), or is the whole place word it ends (布莱克本埃伍德公园). `doubted`: in_doubt(places)."""
    if not found:
        return places
    starts = [w.start for w in found]

    def word_at(i: int) -> Word | None:
        k = bisect.bisect_right(starts, i) - 1
        return found[k] if k >= 0 and found[k].end > i else None

    in_question = set(doubted)
    out = []
    for m in places:
        first, last = word_at(m.start), word_at(m.end - 1)
        if first is None or last is None or m not in in_question:
            out.append(m)
            continue
        before = text[first.start:m.start]
        inside_a_word = bool(before) and first.tag != "ORG" and not (is_place(before) or before in COUNTRY_CODES)
        runs_into = m.start < last.start and m.end < last.end  # its end is inside a word that begins in it
        if not m.codes[0]:  # a road, a compound, a venue
            if runs_into and last.tag in _PERSON_TAGS:
                continue  # 处长|赵路兴: the road's name runs into a person's
            if inside_a_word:
                out.extend(_finer_start(text, found, m, first))
            else:
                out.append(m)
        elif inside_a_word:
            out.extend(_places_within(text, found, m))
        elif runs_into and last.tag not in _PLACE_TAGS | {"ORG"}:
            continue  # 和|田秀树, 处长|赵路兴
        elif not before and first.tag in _PERSON_TAGS and first.end > m.end:
            continue  # 米兰内托: a person's name
        else:
            out.append(m)
    return sorted(out, key=lambda m: m.start)


# Words a place's name does not begin with: verbs, numbers, measure words, adverbs, prepositions,
# conjunctions, particles, pronouns, adjectives, times.
_NOT_NAME_START = frozenset({"v", "vd", "vn", "m", "q", "d", "ad", "p", "c", "u", "r", "a", "an", "f", "TIME", "w"})


def _finer_start(text: str, found: list[Word], match: PlaceMatch, first: Word) -> list[PlaceMatch]:
    if first.tag in _PLACE_TAGS and first.end == match.end:
        return [PlaceMatch(text[first.start:first.end], first.start, first.end, match.codes, False)]
    for w in found:
        if match.start < w.start < match.end and w.tag not in _NOT_NAME_START:
            if match.end - w.start >= 3:
                return [PlaceMatch(text[w.start:match.end], w.start, match.end, match.codes, False)]
            break
    return []


def _places_within(text: str, found: list[Word], match: PlaceMatch) -> list[PlaceMatch]:
    """The divisions the recogniser reads as place words beginning inside a match it splits, if any
    stands on its own (a city's or a province's name)."""
    out = []
    for w in found:
        if match.start < w.start < match.end and w.tag in _PLACE_TAGS:
            place = division_at(text, w.start, w.end)
            if place is not None and not place.needs_context:
                out.append(place)
    return out
