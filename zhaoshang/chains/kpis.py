"""The key-project library's KPIs (重点项目库), registered with the KPI catalogue's `@computation`
(kpis/computations.py imports this module at its end). They count every project of the zone, confidential
ones included, like every zone figure; the drill-down shows each viewer only what they may see."""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from zhaoshang.chains.conversion import funnel
from zhaoshang.kpis.computations import Result, _ratio, computation, counted
from zhaoshang.projects.models import Activity, Project, Stage, StageChange


def _as_of(period) -> dt.date:
    return min(period.end, dt.date.today())


def _chain_projects(zone):
    return (Project.objects.filter(zone=zone, segment__isnull=False)
            .select_related("segment__chain", "owner").order_by("id"))


@computation
def chain_conversion(zone, period, params) -> Result:
    """Projects linked to a chain segment that reached 签约 or later, out of all of them, as of the period's end."""
    as_of = _as_of(period)
    projects = list(_chain_projects(zone))
    result = funnel(projects, as_of=as_of)
    total = result.total
    notes = [f"截至 {as_of}，{len(total.signed_ids)}/{len(total.project_ids)} 个已关联产业链环节的项目到达签约"]
    by_chain: dict[int, tuple[str, set[int], int]] = {}
    kept = set(total.project_ids)
    for p in projects:
        if p.id not in kept:
            continue
        chain = p.segment.chain if p.segment else None
        if chain is None:
            continue
        name, signed, count = by_chain.get(chain.id, (chain.name, set(), 0))
        if p.id in total.signed_ids:
            signed.add(p.id)
        by_chain[chain.id] = (name, signed, count + 1)
    notes += [f"{name}：{len(signed)}/{count}" for name, signed, count in by_chain.values()]
    return Result(_ratio(len(total.signed_ids), len(total.project_ids)), "projects.Project",
                  sorted(total.signed_ids), notes)


@computation
def chain_days_to_sign(zone, period, params) -> Result:
    """Median days from lead to 签约 of the chain-linked projects signed in the period."""
    as_of = _as_of(period)
    days: dict[int, int] = {}
    for p in _chain_projects(zone).prefetch_related("stage_changes"):
        lead, signed = p.stage_date(Stage.LEAD), p.stage_date(Stage.SIGNED)
        if lead and signed and period.start <= signed <= as_of:
            days[p.id] = (signed - lead).days
    value = Decimal(str(statistics.median(days.values()))) if days else None
    notes = [f"基于期间内签约的 {len(days)} 个已关联产业链环节的项目"] if days else ["期间内没有已关联环节的项目签约"]
    return Result(value, "projects.Project", sorted(days), notes)


def _utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def stalled_query(projects: QuerySet, *, as_of: dt.date, days: int) -> QuerySet:
    """The rule of chains.conversion.stalled_projects as one query, for the KPI at any scale: a project that
    existed on as_of (a stage change by then; with no history at all, created by then), whose latest stage by
    then is neither 投产 nor 中止 (none: a lead), and whose last stage change or activity up to as_of (with
    neither, its creation) is older than `days` days. A creation date is its UTC date, as the Python rule reads it."""
    cutoff = as_of - dt.timedelta(days=days)
    changes = StageChange.objects.filter(project=OuterRef("pk"), on__lte=as_of)
    activities = Activity.objects.filter(project=OuterRef("pk"), on__lte=as_of)
    latest = changes.order_by("-on", "-id").values("stage")[:1]
    existed = Q(Exists(changes)) | (~Q(Exists(StageChange.objects.filter(project=OuterRef("pk"))))
                                    & Q(created_at__lt=_utc_midnight(as_of + dt.timedelta(days=1))))
    untouched = (~Q(Exists(changes.filter(on__gte=cutoff))) & ~Q(Exists(activities.filter(on__gte=cutoff)))
                 & (Q(Exists(changes)) | Q(Exists(activities)) | Q(created_at__lt=_utc_midnight(cutoff))))
    return (projects.filter(existed & untouched).annotate(stage_then=Subquery(latest))
            .filter(Q(stage_then__isnull=True) | ~Q(stage_then__in=[Stage.OPERATING, Stage.DROPPED])))


@computation
def projects_stalled(zone, period, params) -> Result:
    """Projects of the zone in the pipeline with no stage change or activity for `days` days."""
    as_of = _as_of(period)
    ids = counted(stalled_query(Project.objects.filter(zone=zone), as_of=as_of, days=params["days"]))
    return Result(len(ids), "projects.Project", ids,
                  [f"截至 {as_of}，{params['days']} 天内既无阶段变更也无跟进记录（未投产、未中止）"])
