"""The key-project library's KPIs (重点项目库), registered with the KPI catalogue's `@computation`
(kpis/computations.py imports this module at its end). They count every project of the zone, confidential
ones included, like every zone figure; the drill-down shows each viewer only what they may see."""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from zhaoshang.chains.conversion import funnel
from zhaoshang.kpis.computations import RecordIds, Result, _ratio, computation
from zhaoshang.projects.models import Activity, Project, Stage, StageChange
from zhaoshang.zones.models import Zone


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
                  sorted(total.signed_ids), notes, base_ids=sorted(total.project_ids))


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


def _open_and_quiet_sql() -> str:
    """Projects of a zone (parameter 1) whose latest stage change by a date (2 and 3) is older than a cutoff (4)
    and neither 投产 nor 中止: one scan of the zone's stage history, whose changes carry the day the project left
    the stage (projects.models.link_stage_changes): the latest by the date is the one not left by then."""
    closed = ", ".join(f"'{s}'" for s in (Stage.OPERATING, Stage.DROPPED))
    return f"""
        SELECT sc.project_id
        FROM {StageChange._meta.db_table} sc JOIN {Project._meta.db_table} pr ON pr.id = sc.project_id
        WHERE pr.zone_id = %s AND sc."on" <= %s AND (sc.left_on IS NULL OR sc.left_on > %s)
          AND sc."on" < %s AND sc.stage NOT IN ({closed})
    """  # noqa: S608 — names are ours, values are parameters


def stalled_query(zone: Zone, *, as_of: dt.date, days: int) -> QuerySet:
    """The rule of chains.conversion.stalled_projects as one query, for the KPI at any scale: a project that
    existed on as_of (a stage change by then; with no history at all, created by then), whose latest stage by
    then is neither 投产 nor 中止 (none: a lead), and whose last stage change or activity up to as_of (with
    neither, its creation) is older than `days` days. A creation date is its UTC date, as the Python rule reads it.

    Counted, it is one scan of the zone's stage history; `stalled_records` asks the same project by
    project, which is cheaper for a few (the drill-down's page, the confidential ones a viewer may not see)."""
    cutoff = as_of - dt.timedelta(days=days)
    with_history = RawSQL(_open_and_quiet_sql(), [zone.pk, as_of, as_of, cutoff])  # noqa: S611 — values are parameters
    return (Project.objects.filter(zone=zone).filter(Q(pk__in=with_history) | Q(pk__in=_unstaged(zone, as_of, cutoff)))
            .exclude(Exists(_activities(as_of).filter(on__gte=cutoff))))


def _activities(as_of: dt.date) -> QuerySet:
    return Activity.objects.filter(project=OuterRef("pk"), on__lte=as_of)


def _unstaged(zone: Zone, as_of: dt.date, cutoff: dt.date) -> QuerySet:
    """Projects with no stage history at all, created by as_of, and neither visited nor created since the cutoff."""
    return (Project.objects.filter(zone=zone, created_at__lt=_utc_midnight(as_of + dt.timedelta(days=1)))
            .exclude(Exists(StageChange.objects.filter(project=OuterRef("pk"))))
            .filter(Q(Exists(_activities(as_of))) | Q(created_at__lt=_utc_midnight(cutoff))).values("pk"))


def stalled_records(zone: Zone, *, as_of: dt.date, days: int) -> QuerySet:
    """The projects of `stalled_query`, tested one by one: each project's latest stage change by as_of (the one
    it had not left by then) is looked up by the index of its changes."""
    cutoff = as_of - dt.timedelta(days=days)
    quiet = (StageChange.objects.filter(project=OuterRef("pk"), on__lt=cutoff).latest_on(as_of)
             .exclude(stage__in=[Stage.OPERATING, Stage.DROPPED]))
    return (Project.objects.filter(zone=zone).filter(Q(Exists(quiet)) | Q(pk__in=_unstaged(zone, as_of, cutoff)))
            .exclude(Exists(_activities(as_of).filter(on__gte=cutoff))))


@computation
def projects_stalled(zone, period, params) -> Result:
    """Projects of the zone in the pipeline with no stage change or activity for `days` days."""
    as_of = _as_of(period)
    count = stalled_query(zone, as_of=as_of, days=params["days"]).count()
    ids = RecordIds(stalled_records(zone, as_of=as_of, days=params["days"]), count)
    return Result(len(ids), "projects.Project", ids,
                  [f"截至 {as_of}，{params['days']} 天内既无阶段变更也无跟进记录（未投产、未中止）"])
