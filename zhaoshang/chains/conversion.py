"""The key-project library (重点项目库): how a chain's projects convert, how long they stay in each stage,
and which have stalled.

One computation over a set of projects and their stage histories serves the chain page (only the
projects the viewer may see) and the KPIs (every project of the zone, the drill-down filtering).

- **Conversion** lead → signed: of the projects in a group, the share that reached 签约 or a later stage
  (by the history, so a project signed and later dropped still converted).
- **Median days per stage**: for each stage a project has left, the days from reaching it to reaching the
  next one; a project still in a stage does not count.
- **Stalled** (停滞): not operating or dropped, with neither a stage change nor an activity in the last
  `STALLED_DAYS` days (nor created in them).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max

from zhaoshang.projects.models import PIPELINE, Activity, Project, Source, Stage, StageChange

STALLED_DAYS = 60
SIGNED_OR_LATER = frozenset(PIPELINE[PIPELINE.index(Stage.SIGNED):])


@dataclass
class Group:
    """One row of a funnel table: a segment, a source or an officer, and its projects' figures."""

    key: str
    label: str
    project_ids: list[int] = field(default_factory=list)
    signed_ids: list[int] = field(default_factory=list)
    stalled_ids: list[int] = field(default_factory=list)

    @property
    def conversion(self) -> Decimal | None:
        if not self.project_ids:
            return None
        return (Decimal(len(self.signed_ids)) / len(self.project_ids)).quantize(Decimal("0.0001"))


@dataclass
class Funnel:
    """The figures of a set of projects as of a date."""

    as_of: dt.date
    reached: dict[str, list[int]]  # stage → projects that reached it (or a later stage)
    median_days: dict[str, Decimal | None]  # stage → median days of the completed stays
    stays: dict[str, dict[int, int]]  # stage → project → days
    stalled: list[Project]
    total: Group
    by_segment: list[Group]
    by_source: list[Group]
    by_owner: list[Group]

    @property
    def signed_ids(self) -> list[int]:
        return self.total.signed_ids


def _histories(ids: Iterable[int]) -> dict[int, list[tuple[str, dt.date]]]:
    rows = (StageChange.objects.filter(project_id__in=list(ids))
            .order_by("project_id", "on", "id").values_list("project_id", "stage", "on"))
    histories: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for project_id, stage, on in rows:
        histories[project_id].append((stage, on))
    return histories


def _as_of(projects: list[Project], histories, as_of: dt.date):
    """The projects that existed on `as_of` (a stage reached by then; with no history at all, created by
    then) and their histories cut at that date."""
    kept, cut = [], {}
    for p in projects:
        history = [(stage, on) for stage, on in histories.get(p.id, []) if on <= as_of]
        if history or (not histories.get(p.id) and p.created_at.date() <= as_of):
            kept.append(p)
            cut[p.id] = history
    return kept, cut


def _last_touch(projects: list[Project], histories, as_of: dt.date) -> dict[int, dt.date]:
    """The last date anything happened to each project: a stage change or an activity (or its creation)."""
    activity = dict(Activity.objects.filter(project__in=projects, on__lte=as_of).values("project_id")
                    .annotate(last=Max("on")).values_list("project_id", "last"))
    touch = {}
    for p in projects:
        dates = [on for _, on in histories.get(p.id, [])]
        if p.id in activity:
            dates.append(activity[p.id])
        touch[p.id] = max(dates) if dates else p.created_at.date()
    return touch


def stalled_projects(projects: Iterable[Project], *, as_of: dt.date, days: int = STALLED_DAYS,
                     histories=None) -> list[Project]:
    """Projects in the pipeline on `as_of` (not operating, not dropped) untouched for `days` days before it."""
    projects = list(projects)
    if histories is None:
        projects, histories = _as_of(projects, _histories(p.id for p in projects), as_of)
    cutoff = as_of - dt.timedelta(days=days)
    open_ones = [p for p in projects if _stage_on(p, histories) not in (Stage.OPERATING, Stage.DROPPED)]
    touch = _last_touch(open_ones, histories, as_of)
    return sorted((p for p in open_ones if touch[p.id] < cutoff), key=lambda p: (touch[p.id], p.id))


def _stage_on(p: Project, histories) -> str:
    history = histories.get(p.id)
    return history[-1][0] if history else Stage.LEAD


def _median(values) -> Decimal | None:
    values = list(values)
    return Decimal(str(statistics.median(values))) if values else None


def funnel(projects: Iterable[Project], *, as_of: dt.date, days: int = STALLED_DAYS,
           segment_label: Callable[[Project], tuple[str, str]] | None = None) -> Funnel:
    """The funnel of these projects as of a date, in total and by segment, source and officer."""
    projects = list(projects)
    projects, histories = _as_of(projects, _histories(p.id for p in projects), as_of)
    reached: dict[str, set[int]] = defaultdict(set)
    stays: dict[str, dict[int, int]] = defaultdict(dict)
    for p in projects:
        history = histories[p.id] or [(Stage.LEAD, p.created_at.date())]
        for (stage, on), nxt in zip(history, [*history[1:], None], strict=True):
            if stage in PIPELINE:
                for earlier in PIPELINE[: PIPELINE.index(stage) + 1]:
                    reached[earlier].add(p.id)
            if nxt is not None:
                stays[stage][p.id] = (nxt[1] - on).days
    signed = reached[Stage.SIGNED]
    stalled = stalled_projects(projects, as_of=as_of, days=days, histories=histories)
    stalled_ids = {p.id for p in stalled}

    def grouped(key_of: Callable[[Project], tuple[str, str]]) -> list[Group]:
        groups: dict[str, Group] = {}
        for p in projects:
            key, label = key_of(p)
            group = groups.setdefault(key, Group(key, label))
            group.project_ids.append(p.id)
            if p.id in signed:
                group.signed_ids.append(p.id)
            if p.id in stalled_ids:
                group.stalled_ids.append(p.id)
        return sorted(groups.values(), key=lambda g: (-len(g.project_ids), g.label))

    total = grouped(lambda p: ("all", "合计"))
    return Funnel(
        as_of=as_of, reached={s: sorted(reached[s]) for s in PIPELINE},
        median_days={s: _median(stays[s].values()) for s in PIPELINE[:-1]},
        stays={s: dict(stays[s]) for s in PIPELINE[:-1]}, stalled=stalled,
        total=total[0] if total else Group("all", "合计"),
        by_segment=grouped(segment_label or _segment_of), by_source=grouped(_source_of),
        by_owner=grouped(_owner_of))


def _segment_of(p: Project) -> tuple[str, str]:
    segment = p.segment
    return (segment.key, segment.name) if segment else ("", "未关联环节")


def _source_of(p: Project) -> tuple[str, str]:
    return (p.source, Source(p.source).label) if p.source else ("", "未注明")


def _owner_of(p: Project) -> tuple[str, str]:
    owner = p.owner
    return (owner.username, owner.display_name) if owner else ("", "无负责人")
