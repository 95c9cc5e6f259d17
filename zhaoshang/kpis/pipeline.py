"""Pipeline figures: projects by stage, stage-to-stage conversion and median days in each stage.

Counted by the database in two queries whatever the number of projects: the current stage of each
project, the stages each project reached and the distribution of completed stays (days → how many stays,
from which the medians are read) in two grouped scans of the stage history, which carries the day each
stage was left (projects.models.link_stage_changes), and the number of projects.
Each figure's records are a query, fetched by a drill-down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from functools import partial

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from zhaoshang.kpis.computations import LazyRecordMap, RecordIds, inferred_note
from zhaoshang.projects.models import PIPELINE, Project, Stage, StageChange

_TABLE, _PROJECTS = StageChange._meta.db_table, Project._meta.db_table


def _days() -> str:
    return ('(sc.left_on - sc."on")' if connection.vendor == "postgresql"
            else 'CAST(julianday(sc.left_on) - julianday(sc."on") AS INTEGER)')


# A change's stay is over by the date (parameter) when the project left the stage by then (projects.models.
# link_stage_changes keeps left_on); otherwise the change is the project's latest on that date.
_LEFT = "sc.left_on IS NOT NULL AND sc.left_on <= %s"
_CHANGES = f"""FROM {_TABLE} sc JOIN {_PROJECTS} pr ON pr.id = sc.project_id WHERE pr.zone_id = %s AND sc."on" <= %s"""  # noqa: S608 — names are ours


def _pipeline_sql(among: str = "") -> str:
    """Two grouped scans of the zone's stage history up to a date (parameters: the date twice, then zone, date
    and the parameters of `among`, a condition on the project `pr`, twice). Rows of kind 'stay': per stage and
    days in it (NULL for a project's latest change by the date, i.e. its stage then) how many changes, and how
    many of those stays begin or end on an inferred date. One row of kind 'reached': per stage how many
    projects reached it and, for the next stage, how many of those reached it or a later one."""
    flags = ", ".join(f"MAX(CASE WHEN sc.stage = '{s}' THEN 1 ELSE 0 END) AS r{i}" for i, s in enumerate(PIPELINE))
    sums = []
    for i in range(len(PIPELINE)):
        sums.append(f"SUM(r{i})")
        if i + 1 < len(PIPELINE):
            later = " OR ".join(f"r{j} = 1" for j in range(i + 1, len(PIPELINE)))
            sums.append(f"SUM(CASE WHEN r{i} = 1 AND ({later}) THEN 1 ELSE 0 END)")
    padding = ", ".join(["NULL"] * (len(sums) - 2))
    days = f"CASE WHEN {_LEFT} THEN {_days()} END"
    return f"""
        SELECT 'stay', sc.stage, {days}, COUNT(*),
               SUM(CASE WHEN {_LEFT} AND (sc.inferred OR sc.left_inferred) THEN 1 ELSE 0 END), {padding}
        {_CHANGES} {among} GROUP BY 2, 3
        UNION ALL
        SELECT 'reached', NULL, NULL, {', '.join(sums)}
        FROM (SELECT {flags} {_CHANGES} {among} GROUP BY sc.project_id) reached"""  # noqa: S608 — names are ours


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _counts(zone, as_of: dt.date, among: QuerySet | None = None):
    """In one query: how many projects are in each stage (their latest change up to as_of), per stage the
    completed stays as days → how many with how many rest on an inferred date, and the reached counts
    (key (stage, "") for reaching it, (stage, next) for reaching next or later after it); of the zone's
    projects, or only of those in `among`."""
    condition, among_params = "", list[object]()
    if among is not None:
        among_sql, among_given = among.values("pk").query.sql_with_params()
        condition, among_params = f"AND pr.id IN ({among_sql})", list(among_given)
    params = [as_of, as_of, zone.pk, as_of, *among_params, zone.pk, as_of, *among_params]
    current: dict[str, int] = {}
    stays: dict[str, tuple[dict[int, int], int]] = {}
    reached: dict[tuple[str, str], int] = {(s, ""): 0 for s in PIPELINE}
    reached.update({(a, b): 0 for a, b in zip(PIPELINE, PIPELINE[1:], strict=False)})
    for kind, stage, days, *figures in _fetch(_pipeline_sql(condition), params):
        if kind == "reached":
            values = iter(figures)
            for i, here in enumerate(PIPELINE):
                reached[(here, "")] = int(next(values) or 0)
                if i + 1 < len(PIPELINE):
                    reached[(here, PIPELINE[i + 1])] = int(next(values) or 0)
        elif days is None:
            current[stage] = figures[0]
        else:
            histogram, inferred = stays.get(stage, ({}, 0))
            histogram[int(days)] = figures[0]
            stays[stage] = (histogram, inferred + int(figures[1] or 0))
    return current, stays, reached


def _median(histogram: dict[int, int]) -> Decimal | None:
    """The median of the days the histogram counts (statistics.median's rule: the middle two averaged)."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(k: int) -> int:
        seen = 0
        for days, n in ordered:
            seen += n
            if k < seen:
                return days
        raise AssertionError(k)

    if total % 2:
        return Decimal(str(nth(total // 2)))
    return Decimal(str((nth(total // 2 - 1) + nth(total // 2)) / 2))  # a float, as statistics.median gives


def _reached(zone, stage: str, as_of: dt.date) -> Q:
    """Projects that reached the stage by as_of; a project with no change at all counts as a lead."""
    condition = Q(Exists(StageChange.objects.filter(project=OuterRef("pk"), stage=stage, on__lte=as_of)))
    if stage == Stage.LEAD:
        condition |= ~Q(Exists(StageChange.objects.filter(project=OuterRef("pk"), on__lte=as_of)))
    return condition


def _reached_from(stages: Sequence[str], as_of: dt.date) -> Q:
    return Q(Exists(StageChange.objects.filter(project=OuterRef("pk"), stage__in=stages, on__lte=as_of)))


def _in_stage(zone, stage: str, as_of: dt.date) -> QuerySet:
    """The zone's projects whose latest change by as_of is to the stage (with no change at all: leads)."""
    latest = StageChange.objects.filter(project=OuterRef("pk"), stage=stage).latest_on(as_of)
    condition = Q(Exists(latest))
    if stage == Stage.LEAD:
        condition |= ~Q(Exists(StageChange.objects.filter(project=OuterRef("pk"), on__lte=as_of)))
    return Project.objects.filter(zone=zone).filter(condition)


def _stay_ids(zone, stage: str, as_of: dt.date, completed: int) -> RecordIds:
    """Projects whose stay in the stage is over: they left it by as_of."""
    left = StageChange.objects.filter(project=OuterRef("pk"), stage=stage, on__lte=as_of, left_on__lte=as_of)
    return RecordIds(Project.objects.filter(zone=zone).filter(Exists(left)), completed)


def _stay_days(zone, stage: str, as_of: dt.date) -> dict[int, int]:
    """Each project's days in the stage, for the drill-down's column."""
    rows = _fetch(f"SELECT sc.project_id, {_days()} {_CHANGES} AND {_LEFT} AND sc.stage = %s "  # noqa: S608 — names are ours
                  f"ORDER BY sc.project_id", [zone.pk, as_of, as_of, stage])
    return {project_id: int(days) for project_id, days in rows}


def _item(key, label, unit, value, ids, notes=(), description="", **drill_down):
    return {"key": key, "label": label, "unit": unit, "value": value, "record_model": "projects.Project",
            "record_ids": ids, "notes": list(notes), "description": description, **drill_down}


def _in_stage_description(label: str, as_of: dt.date) -> str:
    # The funnel counts projects that reached a stage or a later one; this counts each project once.
    return f"截至 {as_of} 最新阶段为“{label}”的项目数（每个项目只计一次，不同于漏斗图的“累计到达”）"


def _counted(current: dict, reached: dict, projects: int) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Projects per stage and the reached counts with the projects that have no change yet counted as leads."""
    unstaged = projects - sum(current.values())
    in_stage = {str(stage): current.get(stage, 0) + (unstaged if stage == Stage.LEAD else 0)
                for stage in [*PIPELINE, Stage.DROPPED]}
    return in_stage, {**reached, (Stage.LEAD, ""): reached[(Stage.LEAD, "")] + unstaged}


def pipeline_hidden(*, zone, period, hidden: QuerySet) -> dict[str, tuple[int, int]]:
    """For each pipeline figure, how many of its records and of its denominator's are among `hidden` (the
    zone's projects a viewer may not see): the same two scans as the figures, restricted to those projects,
    in place of one count per figure (kpis.selectors.kpi_for_viewer takes them as `counted`)."""
    as_of = min(period.end, dt.date.today())
    current, stays, reached = _counts(zone, as_of, among=hidden)
    in_stage, reached = _counted(current, reached, hidden.count())
    found = {f"projects_in_stage_{stage}": (n, 0) for stage, n in in_stage.items()}
    found.update({f"conversion_{here}_to_{there}": (reached[(here, there)], reached[(here, "")])
                  for here, there in zip(PIPELINE, PIPELINE[1:], strict=False)})
    found.update({f"median_days_{stage}": (sum(stays.get(stage, ({}, 0))[0].values()), 0) for stage in PIPELINE[:-1]})
    return found


def pipeline_kpis(*, zone, period) -> list[dict]:
    as_of = min(period.end, dt.date.today())
    current, stays, reached = _counts(zone, as_of)
    zone_projects = Project.objects.filter(zone=zone)
    in_stage, reached = _counted(current, reached, zone_projects.count())

    items = []
    for stage in [*PIPELINE, Stage.DROPPED]:
        label = Stage(stage).label
        count = in_stage[stage]
        items.append(_item(f"projects_in_stage_{stage}", f"当前处于“{label}”的项目", "count", count,
                           RecordIds(_in_stage(zone, stage, as_of), count),
                           description=_in_stage_description(label, as_of)))
    for here, there in zip(PIPELINE, PIPELINE[1:], strict=False):
        base, went_on = reached[(here, "")], reached[(here, there)]
        ratio = (Decimal(went_on) / base).quantize(Decimal("0.0001")) if base else 0
        a, b = Stage(here).label, Stage(there).label
        base_query = zone_projects.filter(_reached(zone, here, as_of))
        went_query = base_query.filter(_reached_from(PIPELINE[PIPELINE.index(there):], as_of))
        items.append(_item(f"conversion_{here}_to_{there}", f"{a}→{b}转化率", "ratio", ratio,
                           RecordIds(went_query, went_on), [f"{went_on}/{base}"],
                           f"到达过“{a}”的项目（分母）中，后来到达“{b}”或其后阶段的项目（分子）所占比例",
                           base_ids=RecordIds(base_query, base)))
    for stage in PIPELINE[:-1]:
        histogram, inferred = stays.get(stage, ({}, 0))
        completed = sum(histogram.values())
        # No completed stay means no median: "—", not 0 days.
        median = _median(histogram)
        label = Stage(stage).label
        notes = [f"基于 {completed} 次已完成的阶段停留"] if completed else []
        notes += inferred_note(inferred, "停留起止日期")
        ids = _stay_ids(zone, stage, as_of, completed)
        items.append(_item(f"median_days_{stage}", f"“{label}”阶段停留天数（中位数）", "days", median, ids,
                           notes, f"已离开“{label}”阶段的项目在该阶段停留天数的中位数；仍处于该阶段的项目不计入",
                           record_figures=LazyRecordMap(partial(_stay_days, zone, stage, as_of), empty=not completed),
                           record_figure_header="停留天数"))
    return items
