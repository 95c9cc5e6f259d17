"""Local strength of each segment of a chain, and its gaps (补链, 强链, 延链).

Only projects the viewer may see count (`project_visible_to`): a confidential project's firm and amount
never show on someone else's map.

- A **local firm** is an investor of one of the zone's projects that has landed: registered (注册) or
  later and not dropped, or resident in one of the zone's carriers now (`zones.Residency`).
- A firm is **in a segment** by its industry code (`matching.segment_fit`): a code under one of the
  segment's full codes, or under a partial code with one of the segment's keywords in its name or in the
  names of its landed projects (the organisation record carries no business scope). A firm with no code
  fits by keywords alone. A landed project linked to the segment puts its investors in it whatever their
  code.
- A segment's **projects** are those linked to it (or to a node under it), not dropped; their amount is
  the sum of the signed (签约 or later) ones in CNY.
- **Strong**: at least `STRONG_MIN_FIRMS` local firms, or signed investment of `STRONG_MIN_CNY` or more.
- Gaps: **补链** no local firm; **延链** no local firm, but next to a strong segment on the chain (it
  supplies a strong segment or is supplied by one, `Segment.supplies`; or it is a node under a strong one);
  **强链** local firms, but fewer than `STRONG_MIN_FIRMS` and less than `STRONG_MIN_CNY` signed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from zhaoshang.chains.matching import segment_fit
from zhaoshang.chains.models import POSITIONS, Chain, Segment
from zhaoshang.chains.selectors import segment_criteria
from zhaoshang.currencies.money import MissingRate, to_cny
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project, Stage
from zhaoshang.projects.selectors import project_visible_to

STRONG_MIN_FIRMS = 3
STRONG_MIN_CNY = Decimal(20 * 100_000_000)  # 20亿元
LANDED = (Stage.REGISTERED, Stage.STARTED, Stage.OPERATING)
SIGNED_OR_LATER = (Stage.SIGNED, *LANDED)

GAP_FILL, GAP_STRENGTHEN, GAP_EXTEND = "补链", "强链", "延链"
GAP_CODES = {GAP_FILL: "fill", GAP_STRENGTHEN: "strengthen", GAP_EXTEND: "extend"}  # for CSS classes and keys
GAP_HELP = {
    GAP_FILL: "本地无企业：引进填补空白",
    GAP_STRENGTHEN: f"本地企业少于 {STRONG_MIN_FIRMS} 家且签约投资不足 20 亿元：做大做强",
    GAP_EXTEND: "本地无企业，紧邻本地已强的环节：向上下游延伸",
}


@dataclass
class SegmentCoverage:
    """What the zone has in one segment, as the viewer may see it, and the gap it leaves."""

    segment: Segment
    firms: dict[int, str] = field(default_factory=dict)  # organisation id → name
    projects: list[Project] = field(default_factory=list)
    amount_cny: Decimal = Decimal(0)
    strong: bool = False
    gap: str | None = None
    candidates: int | None = None

    @property
    def by_stage(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for project in self.projects:
            counts[project.stage] += 1
        return dict(counts)

    @property
    def strength(self) -> str:
        """none, weak or strong: the colour of the segment on the map."""
        if self.strong:
            return "strong"
        return "weak" if self.firms or self.projects else "none"


def candidate_count(segment: Segment) -> int | None:
    """How many ranked targets the universe holds for the segment; None until the targets module exists."""
    try:
        from zhaoshang.targets.services import candidate_count as count  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        return count(segment)
    except Exception:  # noqa: BLE001 — a missing universe must not take the chain page down
        return None


def _zone_projects(user, zone):
    """The zone's projects the viewer may see; every one of them for the console (user None)."""
    projects = Project.objects.all() if user is None else project_visible_to(user)
    return projects.filter(zone=zone)


def _landed(user, zone, today: dt.date) -> list[Project]:
    resident = Q(residencies__carrier__zone=zone, residencies__since__lte=today) & (
        Q(residencies__until__isnull=True) | Q(residencies__until__gt=today))
    qs = _zone_projects(user, zone).exclude(stage=Stage.DROPPED).filter(Q(stage__in=LANDED) | resident)
    return list(qs.distinct().prefetch_related("investors"))


def _amount_cny(project: Project) -> Decimal:
    if project.amount is None or project.stage not in SIGNED_OR_LATER:
        return Decimal(0)
    try:
        return to_cny(project.amount, project.currency, project.signed_on or dt.date.today()).cny
    except MissingRate:
        return Decimal(0)


def chain_coverage(*, chain: Chain, user, zone, today: dt.date | None = None,
                   with_candidates: bool = True) -> list[SegmentCoverage]:
    """Every segment of the chain (tree order) with its local firms, projects, strength and gap."""
    today = today or dt.date.today()
    segments = list(chain.segments.order_by("order", "id"))
    coverage = {s.id: SegmentCoverage(segment=s) for s in segments}
    children: dict[int, list[int]] = defaultdict(list)
    for s in segments:
        if s.parent_id in coverage:
            children[s.parent_id].append(s.id)
    _place_firms(coverage, _landed(user, zone, today))
    linked = (_zone_projects(user, zone).filter(segment__chain=chain).exclude(stage=Stage.DROPPED)
              .prefetch_related("stage_changes").order_by("-amount", "id"))
    for project in linked:
        entry = coverage[project.segment_id]
        entry.projects.append(project)
        entry.amount_cny += _amount_cny(project)
    _roll_up(coverage, children, segments)
    for entry in coverage.values():
        entry.strong = len(entry.firms) >= STRONG_MIN_FIRMS or entry.amount_cny >= STRONG_MIN_CNY
    _gaps(coverage, segments)
    ordered = _tree_order(segments, children, coverage)
    if with_candidates:
        for entry in ordered:
            if entry.gap:
                entry.candidates = candidate_count(entry.segment)
    return ordered


def _place_firms(coverage: dict[int, SegmentCoverage], landed: list[Project]) -> None:
    """Each local firm into every segment it fits (see the module's docstring)."""
    firms: dict[int, Organization] = {}
    texts: dict[int, list[str]] = defaultdict(list)
    for project in landed:
        for org in project.investors.all():
            firms[org.id] = org
            texts[org.id].append(project.name)
            if project.segment_id in coverage:
                coverage[project.segment_id].firms[org.id] = org.name
    criteria = {sid: segment_criteria(entry.segment) for sid, entry in coverage.items()}
    for org_id, org in firms.items():
        text = " ".join([org.name, *texts[org_id]])
        for sid, (codes, partial, keywords) in criteria.items():
            if segment_fit(codes, partial, keywords, org.industry_id, text):
                coverage[sid].firms[org_id] = org.name


def _roll_up(coverage, children, segments) -> None:
    """A segment also holds what its product and technology nodes hold (deepest first)."""
    def depth(s: Segment) -> int:
        d, node = 0, s
        while node.parent_id in coverage:
            d, node = d + 1, coverage[node.parent_id].segment
        return d

    for s in sorted(segments, key=depth, reverse=True):
        parent = coverage.get(s.parent_id) if s.parent_id else None
        if parent is None:
            continue
        mine = coverage[s.id]
        parent.firms.update(mine.firms)
        known = {p.id for p in parent.projects}
        for project in mine.projects:
            if project.id not in known:
                parent.projects.append(project)
                parent.amount_cny += _amount_cny(project)


def neighbours(segments: list[Segment]) -> dict[int, set[int]]:
    """Each segment's neighbours on the chain: the segments it supplies, those that supply it, its parent."""
    by_key = {s.key: s.id for s in segments}
    ids = {s.id for s in segments}
    near: dict[int, set[int]] = defaultdict(set)
    for s in segments:
        for key in s.supplies or []:
            if key in by_key:
                near[s.id].add(by_key[key])
                near[by_key[key]].add(s.id)
        if s.parent_id in ids:
            near[s.id].add(s.parent_id)
    return near


def _gaps(coverage: dict[int, SegmentCoverage], segments: list[Segment]) -> None:
    near = neighbours(segments)
    for s in segments:
        entry = coverage[s.id]
        if entry.strong:
            continue
        if entry.firms:
            entry.gap = GAP_STRENGTHEN
        elif any(coverage[n].strong for n in near[s.id]):
            entry.gap = GAP_EXTEND
        else:
            entry.gap = GAP_FILL


def _tree_order(segments, children, coverage) -> list[SegmentCoverage]:
    ordered: list[SegmentCoverage] = []

    def visit(sid: int) -> None:
        ordered.append(coverage[sid])
        for child in children.get(sid, []):
            visit(child)

    for position in POSITIONS:
        for s in segments:
            if s.position == position and s.parent_id not in coverage:
                visit(s.id)
    return ordered
