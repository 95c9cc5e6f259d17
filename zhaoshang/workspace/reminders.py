"""待办: what needs a user's attention today, for the home page, the header's count and the daily digest.

Each source is a function of the user returning one `Reminder` (or None when it does not apply); every
source reads through the visibility selectors, so a reminder never names or counts what the user may
not see. Another app adds a source with `reminder_source` (background imports will report here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.permissions import PROJECT_OWNER_ROLES, can_review_extractions
from zhaoshang.approvals.models import ApprovalTask
from zhaoshang.approvals.selectors import tasks_overdue_on, tasks_visible_to
from zhaoshang.intel.models import ExtractedItem
from zhaoshang.intel.selectors import document_visible_to
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.definitions import kpi_definition
from zhaoshang.kpis.services import kpi_evaluate_one
from zhaoshang.projects.models import ImportJob, Stage, StageChange
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.zones.models import Zone

# Days without an activity or stage change after which a project is due a follow-up, per stage; a
# deployment overrides any of them with settings.REMINDER_IDLE_DAYS = {"lead": 14, ...}.
IDLE_DAYS_DEFAULT = 30
FINAL_STAGES = (Stage.OPERATING, Stage.DROPPED)  # nothing left to follow up
CHANGES_BY_OTHERS_DAYS = 14
IMPORTS_ENDED_DAYS = 7


@dataclass
class Item:
    text: str
    url: str
    note: str = ""


@dataclass
class Reminder:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    count: int | None = None  # when the items shown are fewer than those counted
    url: str = ""  # where the whole list is

    @property
    def total(self) -> int:
        return self.count if self.count is not None else len(self.items)


Source = Callable[[object], Reminder | None]
SOURCES: list[Source] = []


def reminder_source(func: Source) -> Source:
    """Register a source of reminders (a decorator, so a source is declared where it is written)."""
    SOURCES.append(func)
    return func


def idle_days(stage: str) -> int:
    return {**getattr(settings, "REMINDER_IDLE_DAYS", {})}.get(stage, IDLE_DAYS_DEFAULT)


def _owned(user):
    return project_visible_to(user).filter(owner=user)


def _answerable(user):
    """The projects a user answers for: an owner their own, a leader or administrator every visible one."""
    if user.reads_everything:
        return project_visible_to(user)
    return _owned(user) if user.role in PROJECT_OWNER_ROLES else project_visible_to(user).none()


@reminder_source
def signed_not_landed(user) -> Reminder | None:
    """签而不落, by the cockpit's own KPI rule, today."""
    definition, today = kpi_definition("signed_not_landed"), timezone.localdate()
    ids = [i for zone in Zone.objects.all()
           for i in kpi_evaluate_one(zone=zone, period=Period.year(today.year), definition=definition).record_ids]
    projects = _answerable(user).filter(pk__in=ids).order_by("id")
    return Reminder("signed_not_landed", "签而不落：签约超过 90 天仍未注册",
                    [Item(p.name, p.get_absolute_url(), f"签约 {p.signed_on}") for p in projects])


@reminder_source
def idle_projects(user) -> Reminder | None:
    """Open projects with no activity and no stage change for their stage's number of days."""
    today = timezone.localdate()
    projects = (_owned(user).exclude(stage__in=FINAL_STAGES)
                .annotate(last_activity=Max("activities__on"), last_change=Max("stage_changes__on")))
    items = []
    for p in projects.order_by("id"):
        # The dates the work happened on, not when it was typed in (an import records a 2020 signing today).
        dated = [d for d in (p.last_activity, p.last_change) if d]
        last = max(dated) if dated else timezone.localtime(p.created_at).date()
        days = (today - last).days
        if days >= idle_days(p.stage):
            items.append(Item(p.name, p.get_absolute_url(), f"{p.get_stage_display()} · 已 {days} 天无跟进"))
    return Reminder("idle", f"久未跟进：超过所处阶段的跟进期限（默认 {IDLE_DAYS_DEFAULT} 天）没有跟进或阶段变化", items)


@reminder_source
def review_waiting(user) -> Reminder | None:
    if not can_review_extractions(user):
        return None
    docs = (document_visible_to(user).annotate(pending=Count("items", filter=Q(
        items__status=ExtractedItem.Status.PENDING))).filter(pending__gt=0).order_by("-id"))
    return Reminder("review", "待审核的资讯抽取结果",
                    [Item(str(d), reverse("intel:review", args=[d.pk]), f"{d.pending} 条待审核") for d in docs],
                    url=reverse("intel:documents") + "?status=pending")


@reminder_source
def changes_by_others(user) -> Reminder | None:
    """Stage changes others recorded on the user's own projects lately."""
    since = timezone.now() - dt.timedelta(days=CHANGES_BY_OTHERS_DAYS)
    changes = (StageChange.objects.filter(project__in=_owned(user),
                                          recorded_at__gte=since, inferred=False)
               .exclude(recorded_by=user).exclude(recorded_by=None)
               .select_related("project", "recorded_by").order_by("-recorded_at"))
    return Reminder("changes", f"他人变更了您负责项目的阶段（近 {CHANGES_BY_OTHERS_DAYS} 天）",
                    [Item(f"{c.project.name} → {c.get_stage_display()}", c.project.get_absolute_url(),
                          _recorded(c))
                     for c in changes])


@reminder_source
def imports_ended(user) -> Reminder | None:
    """The user's own web imports that finished or failed lately, each opening to its outcome."""
    since = timezone.now() - dt.timedelta(days=IMPORTS_ENDED_DAYS)
    jobs = ImportJob.objects.filter(user=user, finished_at__gte=since).order_by("-finished_at")
    url = reverse("projects:import")
    return Reminder("imports", f"导入已结束（近 {IMPORTS_ENDED_DAYS} 天）",
                    [Item(job.summary, f"{url}?job={job.pk}", job.get_status_display()) for job in jobs])


@reminder_source
def approvals_overdue(user) -> Reminder | None:
    """全代办 items past due and not done today: the 代办员's own, and those of the projects the user answers
    for, one line a project."""
    today = timezone.localdate()
    mine = Q(owner=user) | Q(project__in=_answerable(user)) if user.is_authenticated else Q(pk__in=[])
    tasks = tasks_overdue_on(today, tasks_visible_to(user, ApprovalTask.objects.filter(mine)))
    by_project: dict[int, list[ApprovalTask]] = {}
    for task in tasks.select_related("project").order_by("project_id", "due_on"):
        by_project.setdefault(task.project_id, []).append(task)
    items = [Item(late[0].project.name, late[0].project.get_absolute_url() + "#approvals",
                  f"逾期 {len(late)} 项：{'、'.join(t.get_kind_display() for t in late)}，"
                  f"最早应于 {late[0].due_on} 完成") for late in by_project.values()]
    return Reminder("approvals_overdue", "全代办事项逾期未办结", items, url=reverse("approvals:overdue"))


def reminders_for(user) -> list[Reminder]:
    """Every source's reminder for the user, those with nothing to say left out."""
    found = (source(user) for source in SOURCES)
    return [r for r in found if r is not None and r.total]


def reminder_count(user) -> int:
    return sum(r.total for r in reminders_for(user))


__all__ = ["Item", "Reminder", "reminder_count", "reminder_source", "reminders_for"]


def _recorded(change: StageChange) -> str:
    who = change.recorded_by.display_name if change.recorded_by else ""
    return f"{who} 记录于 {timezone.localtime(change.recorded_at):%Y-%m-%d %H:%M}"
