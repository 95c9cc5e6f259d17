"""Reads of cases and checklists that respect who may see what, and the figures built from them."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Q, QuerySet

from zhaoshang.accounts.permissions import can_read_cases
from zhaoshang.approvals.models import ApprovalTask, Case, Channel
from zhaoshang.approvals.workdays import zone_calendar
from zhaoshang.projects.selectors import project_visible_to


def cases_visible_to(user, queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    qs = Case.objects.all() if queryset is None else queryset
    return qs if can_read_cases(user) else qs.none()


def tasks_visible_to(user, queryset: QuerySet[ApprovalTask] | None = None) -> QuerySet[ApprovalTask]:
    """A project's 代办 items are read by whoever may read the cases and the project itself."""
    qs = ApprovalTask.objects.all() if queryset is None else queryset
    if not can_read_cases(user):
        return qs.none()
    return qs.filter(project__in=project_visible_to(user))


def tasks_overdue_on(day: dt.date, queryset: QuerySet[ApprovalTask] | None = None) -> QuerySet[ApprovalTask]:
    """Tasks past their due date on `day` and not done by then; the query form of ApprovalTask.overdue_on."""
    qs = ApprovalTask.objects.all() if queryset is None else queryset
    return qs.filter(due_on__lt=day).exclude(status=ApprovalTask.Status.WAIVED).filter(
        Q(done_on__isnull=True) | Q(done_on__gt=day))


def checklists_completed(queryset: QuerySet[ApprovalTask], by: dt.date) -> dict[int, dt.date]:
    """Project id → the day its 全代办 checklist was complete, for the projects whose every item was done
    (or waived) by `by`: the last item's done date. A checklist of waived items only completes nothing."""
    last: dict[int, dt.date | None] = {}
    for project_id, status, done_on in queryset.values_list("project_id", "status", "done_on"):
        if project_id in last and last[project_id] is None:
            continue  # an item already found open
        if status == ApprovalTask.Status.WAIVED:
            last.setdefault(project_id, dt.date.min)
        elif status == ApprovalTask.Status.DONE and done_on is not None and done_on <= by:
            last[project_id] = max(last.get(project_id) or dt.date.min, done_on)
        else:
            last[project_id] = None
    return {pk: day for pk, day in last.items() if day is not None and day != dt.date.min}


@dataclass(frozen=True)
class Timing:
    """How a group of decided cases went: how many, how many on time, the median working days."""

    label: str
    cases: int
    on_time: int
    median_days: float | None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.cases if self.cases else None


def case_days(cases) -> dict[int, int]:
    """Working days from receipt to decision of each decided case, by id (cases decided over the same
    dates counted once)."""
    calendar = zone_calendar()
    spans: dict[tuple[dt.date, dt.date], int] = {}
    out = {}
    for c in cases:
        if c.decided_on is None:
            continue
        span = (c.received_on, c.decided_on)
        if span not in spans:
            spans[span] = calendar.working_days_between(*span)
        out[c.pk] = spans[span]
    return out


def _timing(label: str, cases: list[DecidedCase], days: dict[int, int]) -> Timing:
    taken = [days[c.pk] for c in cases if c.pk in days]
    on_time = sum(1 for c in cases if c.pk in days and days[c.pk] <= c.promised_days)
    return Timing(label, len(taken), on_time, statistics.median(taken) if taken else None)


class DecidedCase(NamedTuple):
    """What the timings read of a decided case (a row, not a model instance: a year's cases are thousands)."""

    pk: int
    received_on: dt.date
    decided_on: dt.date | None  # never None here (decided cases only); the column allows it
    promised_days: int
    channel: str
    item_name: str


def decided_cases(cases: QuerySet[Case]) -> list[DecidedCase]:
    """The decided cases of a query, in id order."""
    rows = cases.filter(decided_on__isnull=False).order_by("id").values_list(
        "id", "received_on", "decided_on", "promised_days", "channel", "item__name")
    return [DecidedCase(*row) for row in rows]


def timings_of(decided: list[DecidedCase], by: str, days: dict[int, int] | None = None) -> list[Timing]:
    """Decided cases (decided_cases) grouped by "channel" or "item", each group's count, on-time count and
    median days; `days` when the caller has counted them already (case_days)."""
    days = case_days(decided) if days is None else days
    channels = dict(Channel.choices)
    groups: dict[str, list[DecidedCase]] = defaultdict(list)
    for case in decided:
        groups[channels.get(case.channel, case.channel) if by == "channel" else case.item_name].append(case)
    return sorted((_timing(label, members, days) for label, members in groups.items()),
                  key=lambda t: -t.cases)


def case_timings(cases: QuerySet[Case], by: str) -> list[Timing]:
    """Decided cases grouped by "channel" or "item", each group's count, on-time count and median days."""
    return timings_of(decided_cases(cases), by)
