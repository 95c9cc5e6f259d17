"""A short indicator label for a figure: the noun phrase it measures.

Chinese news puts the measured noun either before the figure (总投资441.38亿元, 引进大学生2274人) or,
for counts and shares, after it (入驻了8个创业项目, 7成以上项目来自长三角). Without a word segmenter we
take the clause fragment on the side where the noun is and trim the adverbs and verbs that frame it.
"""

from __future__ import annotations

import re

from .vocabulary import alternation, any_of, guarded, tagged, untagged, words

__all__ = ["label_for"]

_BOUNDARY = re.compile(r"[，。；：！？、,;:!?\n（）()“”《》\"「」]")
# Through the last boundary of a segment: one greedy match instead of listing every boundary.
_THROUGH_BOUNDARY = re.compile(rf".*{_BOUNDARY.pattern}", re.DOTALL)
_LEAD = re.compile(f"^(?:{any_of('label_leads.txt')})+")
_LEAD_FIRST = frozenset(w[0] for w in words("label_leads.txt"))
_TRAIL = re.compile(f"(?:{any_of('label_trails.txt')})+$")
_TRAIL_LAST = frozenset(w[-1] for w in words("label_trails.txt"))  # a segment ending otherwise has no trail
# A count or share followed directly by a noun measures that noun (8个创业项目).
_AFTER_STOP = re.compile(f"{any_of('label_after_stops.txt')}|[，。；、\n0-9]")
_LIST_HEAD = re.compile(r"[^，。；！？\n]*?等(?:相关)?([^，。；！？\n、]{2,20}?)(?=[，。；！？\n]|$|及|和)")
_CLAUSE_END = re.compile(r"[，。；！？\n]")
_MAX = 20
# The label starts at the last framing verb: 该区已累计引进亿元以上项目 → 引进亿元以上项目,
# 南太湖新区报长三角地区领军型人才团队 → 领军型人才团队 (报 and 共有 framed by a subject are dropped too).
_SUBJECT_VERBS = tagged("label_verbs.tsv", "subject")
_VERB = re.compile(
    "(?=[" + re.escape("".join(sorted({w[0] for w in words("label_verbs.tsv")}))) + "])"  # speed only
    + f"(?:{alternation(untagged('label_verbs.tsv'))}"
    + f"|(?<=[区市县省])(?:{alternation(_SUBJECT_VERBS)}))"
)
_DROP_VERB = re.compile(f"^(?:{alternation(_SUBJECT_VERBS)})")
_SUBJECT_VERB_START = "".join(w[0] for w in _SUBJECT_VERBS)
_REGIONS = tagged("regions.tsv", "label")
_REGION = re.compile(f"(?:{alternation(_REGIONS)})(?:地区|区域)?")
_OWNER_WORD = re.compile(alternation(tagged('money_words.tsv', 'owner')))
_OWNER = re.compile(
    f".*(?:{guarded('label_owner_endings.tsv')})(?={alternation(tagged('money_words.tsv', 'owner'))})"
)


def _before(text: str, start: int, floor: int) -> tuple[str, int]:
    lo = max(floor, start - 40)
    segment = text[lo:start]
    through = _THROUGH_BOUNDARY.match(segment)
    offset = lo + (through.end() if through else 0)
    segment = text[offset:start]
    lead = _LEAD.match(segment) if segment[:1] in _LEAD_FIRST else None
    if lead:
        offset += lead.end()
        segment = segment[lead.end():]
    if segment[-1:] in _TRAIL_LAST:
        segment = _TRAIL.sub("", segment)
    owner = _OWNER.match(segment) if _OWNER_WORD.search(segment) else None
    if owner and len(segment) > owner.end():
        offset += owner.end()  # 浙江瑞驰动力科技有限公司投资 → 投资: the company is the investor, not the label
        segment = segment[owner.end():]
    verbs = list(_VERB.finditer(segment))
    if verbs and len(segment) - verbs[-1].start() >= 3:
        offset += verbs[-1].start()
        segment = segment[verbs[-1].start():]
    if len(segment) > _MAX:
        offset += len(segment) - _MAX
        segment = segment[-_MAX:]
    label = _DROP_VERB.sub("", segment) if segment[:1] in _SUBJECT_VERB_START else segment
    if _REGION.search(label):  # one scan instead of a test per region word (speed only)
        label = _REGION.sub("", label)
    return (label if len(label) >= 2 else segment), offset


def _after(text: str, end: int, whole_clause: bool = False) -> tuple[str, int]:
    """The noun after a figure and where it ends; for a share, the rest of the clause
    (7成以上项目来自长三角地区)."""
    segment = text[end: end + 40]
    stop = (_CLAUSE_END if whole_clause else _AFTER_STOP).search(segment)
    if stop and stop.group() == "、":
        listed = _LIST_HEAD.match(segment)
        if listed:  # 6个互联网、网络安全、大数据等相关产业创业团队 → the noun after 等
            return listed.group(1)[:_MAX], end + listed.end(1)
    segment = (segment[: stop.start()] if stop else segment)[:_MAX]
    return segment, end + len(segment)


def label_for(text: str, start: int, end: int, unit: str, floor: int = 0) -> tuple[str, int, int]:
    """Return (indicator, span start, span end) for the figure at text[start:end]."""
    share_of = unit == "ratio" and text[start - 1: start] == "的"  # 按设备投资额的10%: the base is before
    if unit in ("count", "ratio") and not share_of:
        after, after_end = _after(text, end, whole_clause=unit == "ratio")
        if len(after) >= 2 and not after[0].isdigit():
            return after, start, after_end
    before, offset = _before(text, start, floor)
    if before:
        return before, offset, end
    after, after_end = _after(text, end)
    return after, start, after_end
