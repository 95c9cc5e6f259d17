"""Extract figures, organisations, places and investment events from normalised text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .events import Investment, find_investments
from .financing import find_financing
from .metrics import Metric, find_metrics
from .orgs import OrgMatch, find_organizations, setting_up
from .places import Place, PlaceMatch, division_automaton, find_places, resolve
from .recognised import confirm, confirm_places, in_doubt, merge_recognised, place_clauses, suspects, unexplained
from .recogniser import Tagged, names_in, tag, words_in
from .vocabulary import any_of

__all__ = ["Extraction", "extract"]

# Places inside these names are part of a name, not a mention (浙江大学, 上海擎天数据科技有限公司,
# 上海证券交易所); a government body's, zone's or park's place (湖州市港航管理中心, 湖州南太湖新区) is still a mention.
_NAME_KINDS = ("company", "academic", "exchange")


@dataclass(slots=True)
class Extraction:
    """Everything found in one normalised text; every item carries offsets into that text."""

    metrics: list[Metric] = field(default_factory=list)
    organizations: list[OrgMatch] = field(default_factory=list)
    places: list[PlaceMatch] = field(default_factory=list)
    investments: list[Investment] = field(default_factory=list)

    def organization_names(self) -> list[str]:
        return list(dict.fromkeys(o.name for o in self.organizations))

    text: str = ""

    def place_details(self) -> list[Place]:
        """Each place once by its full name, with its code and its mentions (places.resolve)."""
        return resolve(self.places, self.text)

    def place_names(self) -> list[str]:
        return [p.name for p in self.place_details()]


def _is_place(name: str) -> bool:
    return division_automaton().exists(name)


def _campus_end(text: str, org: OrgMatch) -> int:
    """上海交通大学闵行校区: the campus is part of the university's name, 闵行 no mention of the district."""
    if org.kind == "academic":
        m = _CAMPUS.match(text, org.end)
        if m:
            return m.end()
    return org.end


_CAMPUS = re.compile(r"[\u4e00-\u9fff]{2,4}?校区")


def _without_financed(projects: list[Investment], financing: list[Investment]) -> list[Investment]:
    """A company's financing round is not also a project invested by its investors."""
    if not financing:
        return projects
    investors = {n for f in financing for n in f.investors}
    raised = {(f.company, f.amount.start) for f in financing if f.amount is not None}
    # 甲公司完成3亿元B轮融资，并在嘉兴设立研发中心: the round is financing, the centre still a project.
    kept = [p for p in projects if p.investor not in investors
            and (p.investor, p.amount.start if p.amount else None) not in raised]
    return sorted(kept + financing, key=lambda e: e.start)


# 《纽约时报》, 《美国陆军3》: a title of a work; its places are part of the title (documents excepted).
_TITLE = re.compile("《([^《》]{1,40})》")
_DOCUMENT = re.compile(f"(?:{any_of('document_endings.txt')})$")


def _work_titles(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TITLE.finditer(text) if not _DOCUMENT.search(m.group(1))]


def _without_overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans, a span inside or overlapping the one before merged into it."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _confirmed(text: str, places: list[PlaceMatch], tagged: list[Tagged]) -> list[PlaceMatch]:
    """The places after the recogniser's word check (recognised.confirm_places), on the clause already
    tagged for names where one holds the place's clause, on the place's own clause elsewhere."""
    doubted = in_doubt(places)
    if not doubted:
        return places
    near: dict[int, Tagged] = {}  # the tagged pieces that hold a clause, by offset
    untagged = []
    for lo, hi in place_clauses(text, doubted):
        holder = next((t for t in tagged if t[0] <= lo and hi <= t[0] + len(t[1])), None)
        if holder is None:
            untagged.append((lo, hi))
        else:
            near[holder[0]] = holder
    return confirm_places(text, places, doubted, words_in([*near.values(), *tag(text, untagged)]), _is_place)


def extract(text: str, fast: bool = False) -> Extraction:
    """Metrics, organisations, places and investment events of a normalised text.

    By default the statistical recogniser (zhaoshang.text.recogniser) adds the names the rules cannot
    see (short names, brands, government bodies, foreign places); `fast` runs the rules alone."""
    setups = setting_up(text, _is_place)
    orgs = find_organizations(text, _is_place, setups)
    recognised = []
    tagged: list[Tagged] = []
    if not fast:
        doubtful = suspects(text, orgs)
        spans = unexplained(text, orgs)
        if doubtful:
            spans = sorted(set(spans) | {span for _, span in doubtful})
        tagged = tag(text, spans)
        recognised = names_in(tagged)
        orgs = confirm(orgs, [o for o, _ in doubtful], recognised)
    if recognised:
        orgs = merge_recognised(text, orgs, recognised, _is_place)
    blocked = [(o.start, _campus_end(text, o)) for o in orgs if o.kind in _NAME_KINDS]
    if "《" in text:
        blocked = _without_overlaps(blocked + _work_titles(text))
    places = find_places(text, blocked, [(o.start, o.end) for o in orgs])
    if not fast:
        places = _confirmed(text, places, tagged)
    metrics = find_metrics(text)
    financing = find_financing(text, metrics, orgs)
    investments = _without_financed(find_investments(text, metrics, orgs, places), financing)
    return Extraction(metrics, orgs, places, investments, text)
