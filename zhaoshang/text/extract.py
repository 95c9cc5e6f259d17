"""Extract figures, organisations, places and investment events from normalised text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .events import Investment, find_investments
from .metrics import Metric, find_metrics
from .orgs import OrgMatch, find_organizations, setting_up
from .places import PlaceMatch, division_automaton, find_places

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

    def place_names(self) -> list[str]:
        return list(dict.fromkeys(p.name for p in self.places))


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


def extract(text: str) -> Extraction:
    """Metrics, organisations, places and investment events of a normalised text."""
    setups = setting_up(text, _is_place)
    orgs = find_organizations(text, _is_place, setups)
    blocked = [(o.start, _campus_end(text, o)) for o in orgs if o.kind in _NAME_KINDS]
    places = find_places(text, blocked)
    metrics = find_metrics(text)
    investments = find_investments(text, metrics, orgs, places)
    return Extraction(metrics, orgs, places, investments)
