"""The approvals figures, computed from cases and checklists. Loaded by zhaoshang.kpis.computations,
whose `@computation` registers each function under its name for the KPI catalogue to name."""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal

from zhaoshang.approvals.models import ApprovalTask, Case
from zhaoshang.approvals.selectors import (
    DecidedCase,
    case_days,
    checklists_completed,
    decided_cases,
    tasks_overdue_on,
    timings_of,
)
from zhaoshang.kpis.computations import Result, computation
from zhaoshang.projects.models import Project, Stage

CASE = "approvals.Case"


def _received(zone, period, channel: str | None = None):
    cases = Case.objects.filter(zone=zone, received_on__range=(period.start, period.end))
    return cases.filter(channel=channel) if channel else cases


def _decided(zone, period) -> list[DecidedCase]:
    return decided_cases(Case.objects.filter(zone=zone, decided_on__range=(period.start, period.end)))


@computation
def cases_received(zone, period, params) -> Result:
    """Cases received in the period through one channel."""
    ids = list(_received(zone, period, params["channel"]).order_by("id").values_list("id", flat=True))
    return Result(len(ids), CASE, ids)


@computation
def cases_on_time(zone, period, params) -> Result:
    """Share of the cases decided in the period that were decided within their promised time limit."""
    decided = _decided(zone, period)
    days = case_days(decided)
    on_time = [c.pk for c in decided if days[c.pk] <= c.promised_days]
    share = (Decimal(len(on_time)) / len(decided)).quantize(Decimal("0.0001")) if decided else Decimal(0)
    return Result(share, CASE, on_time, [f"{len(on_time)}/{len(decided)} 件在承诺时限内办结"])


def _breakdown(decided: list[DecidedCase], days: dict[int, int], by: str) -> str:
    parts = [f"{t.label} {t.median_days:g} 个工作日（{t.cases} 件）" for t in timings_of(decided, by, days)]
    return ("按渠道：" if by == "channel" else "按事项：") + "；".join(parts)


@computation
def case_median_days(zone, period, params) -> Result:
    """Median working days from receipt to decision of the cases decided in the period."""
    decided = _decided(zone, period)
    if not decided:
        return Result(None, CASE, [], ["期间内没有办结的办件"])  # no decision means no median, not 0 days
    days = case_days(decided)
    median = Decimal(str(statistics.median(days.values())))
    return Result(median, CASE, [c.pk for c in decided],
                  [f"基于 {len(decided)} 件办结办件", _breakdown(decided, days, "channel"),
                   _breakdown(decided, days, "item")])


@computation
def projects_overdue_approvals(zone, period, params) -> Result:
    """Projects with at least one 全代办 item past its due date and not done at the period's end (or today)."""
    as_of = min(period.end, dt.date.today())
    overdue = tasks_overdue_on(as_of, ApprovalTask.objects.filter(project__zone=zone))
    ids = sorted(set(overdue.values_list("project_id", flat=True)))
    return Result(len(ids), "projects.Project", ids,
                  [f"截至 {as_of}，共 {overdue.count()} 项代办事项逾期未办结"])



@computation
def signed_to_approved_median_days(zone, period, params) -> Result:
    """Median calendar days from 签约 to the last 全代办 item done, over the projects whose checklist was
    completed in the period."""
    completed = checklists_completed(ApprovalTask.objects.filter(project__zone=zone), period.end)
    completed = {pk: day for pk, day in completed.items() if day >= period.start}
    projects = Project.objects.filter(pk__in=completed).prefetch_related("stage_changes").order_by("id")
    days = {p.pk: (completed[p.pk] - p.signed_on).days for p in projects if p.signed_on is not None}
    if not days:
        return Result(None, "projects.Project", [], ["期间内没有代办事项全部办结的项目"])
    inferred = sum(1 for p in projects if p.pk in days and p.stage_inferred(Stage.SIGNED))
    notes = [f"基于 {len(days)} 个期间内代办事项全部办结的项目，从签约日到最后一项办结日（自然日）"]
    if inferred:
        notes.append(f"其中 {inferred} 个项目的签约日期为推定")
    median = Decimal(str(statistics.median(days.values())))
    return Result(median, "projects.Project", sorted(days), notes)
