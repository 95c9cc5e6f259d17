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
from django.db.models import Count, DateField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.permissions import PROJECT_OWNER_ROLES, can_review_extractions
from zhaoshang.approvals.models import ApprovalTask
from zhaoshang.approvals.selectors import tasks_overdue_on, tasks_visible_to
from zhaoshang.intel.models import ExtractedItem
from zhaoshang.intel.selectors import document_visible_to
from zhaoshang.kpis.computations import Period, RecordIds
from zhaoshang.kpis.definitions import kpi_definition
from zhaoshang.kpis.services import kpi_evaluate_one
from zhaoshang.projects.models import Activity, ImportJob, Stage, StageChange
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.zones.models import Zone

# Days without an activity or stage change after which a project is due a follow-up, per stage; a
# deployment overrides any of them with settings.REMINDER_IDLE_DAYS = {"lead": 14, ...}.
IDLE_DAYS_DEFAULT = 30
FINAL_STAGES = (Stage.OPERATING, Stage.DROPPED)  # nothing left to follow up
CHANGES_BY_OTHERS_DAYS = 14
IMPORTS_ENDED_DAYS = 7
# A reminder lists this many records and counts the rest: the header's badge is drawn on every page, and an
# officer with 2,000 idle projects needs the count and the first ones, not a page of 2,000 links.
ITEMS_SHOWN = 30


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


def _capped(reminder: Reminder, everything) -> Reminder:
    """A reminder listing its first ITEMS_SHOWN records, counting all of them (a query or a list; for a
    query one query more, only then)."""
    if len(reminder.items) >= ITEMS_SHOWN:
        reminder.count = len(everything) if isinstance(everything, list) else everything.count()
    return reminder


def _owned(user):
    return project_visible_to(user).filter(owner=user)


def _answerable(user):
    """The projects a user answers for: an owner their own, a leader or administrator every visible one."""
    if user.reads_everything:
        return project_visible_to(user)
    return _owned(user) if user.role in PROJECT_OWNER_ROLES else project_visible_to(user).none()


@reminder_source
def signed_not_landed(user) -> Reminder | None:
    """签而不落, by the cockpit's own KPI rule, today: the projects the user answers for among each zone's."""
    definition, today = kpi_definition("signed_not_landed"), timezone.localdate()
    among = Q(pk__in=[])
    for zone in Zone.objects.all():
        ids = kpi_evaluate_one(zone=zone, period=Period.year(today.year), definition=definition).record_ids
        among |= Q(pk__in=ids.query.values("pk") if isinstance(ids, RecordIds) else list(ids))
    projects = _answerable(user).filter(among)
    shown = projects.order_by("id").prefetch_related("stage_changes")[:ITEMS_SHOWN]
    return _capped(Reminder("signed_not_landed", "签而不落：签约超过 90 天仍未注册",
                            [Item(p.name, p.get_absolute_url(), f"签约 {p.signed_on}") for p in shown]), projects)


def _last_worked_on():
    """A project's latest activity or stage change (the dates the work happened on, not when it was typed
    in: an import records a 2020 signing today), else the day it was created: in the database."""
    activity = Subquery(Activity.objects.filter(project=OuterRef("pk")).order_by("-on").values("on")[:1])
    change = Subquery(StageChange.objects.filter(project=OuterRef("pk")).order_by("-on").values("on")[:1])
    return Coalesce(Greatest(Coalesce(activity, change), Coalesce(change, activity)), TruncDate("created_at"),
                    output_field=DateField())


@reminder_source
def idle_projects(user) -> Reminder | None:
    """Open projects with no activity and no stage change for their stage's number of days."""
    today = timezone.localdate()
    overdue = Q(pk__in=[])
    for stage in Stage.values:
        if stage not in FINAL_STAGES:
            overdue |= Q(stage=stage, last_worked_on__lte=today - dt.timedelta(days=idle_days(stage)))
    projects = _owned(user).exclude(stage__in=FINAL_STAGES).annotate(last_worked_on=_last_worked_on()).filter(overdue)
    items = [Item(p.name, p.get_absolute_url(),
                  f"{p.get_stage_display()} · 已 {(today - p.last_worked_on).days} 天无跟进")
             for p in projects.order_by("id")[:ITEMS_SHOWN]]
    title = f"久未跟进：超过所处阶段的跟进期限（默认 {IDLE_DAYS_DEFAULT} 天）没有跟进或阶段变化"
    return _capped(Reminder("idle", title, items), projects)


@reminder_source
def review_waiting(user) -> Reminder | None:
    if not can_review_extractions(user):
        return None
    docs = (document_visible_to(user).annotate(pending=Count("items", filter=Q(
        items__status=ExtractedItem.Status.PENDING))).filter(pending__gt=0).order_by("-id"))
    return _capped(Reminder("review", "待审核的资讯抽取结果",
                            [Item(str(d), reverse("intel:review", args=[d.pk]), f"{d.pending} 条待审核")
                             for d in docs[:ITEMS_SHOWN]],
                            url=reverse("intel:documents") + "?status=pending"), docs)


@reminder_source
def changes_by_others(user) -> Reminder | None:
    """Stage changes others recorded on the user's own projects lately."""
    since = timezone.now() - dt.timedelta(days=CHANGES_BY_OTHERS_DAYS)
    changes = (StageChange.objects.filter(project__in=_owned(user),
                                          recorded_at__gte=since, inferred=False)
               .exclude(recorded_by=user).exclude(recorded_by=None)
               .select_related("project", "recorded_by").order_by("-recorded_at"))
    return _capped(Reminder("changes", f"他人变更了您负责项目的阶段（近 {CHANGES_BY_OTHERS_DAYS} 天）",
                            [Item(f"{c.project.name} → {c.get_stage_display()}", c.project.get_absolute_url(),
                                  _recorded(c))
                             for c in changes[:ITEMS_SHOWN]]), changes)


@reminder_source
def imports_ended(user) -> Reminder | None:
    """The user's own web imports that finished or failed lately, each opening to its outcome."""
    since = timezone.now() - dt.timedelta(days=IMPORTS_ENDED_DAYS)
    jobs = ImportJob.objects.filter(user=user, finished_at__gte=since).order_by("-finished_at")
    url = reverse("projects:import")
    return _capped(Reminder("imports", f"导入已结束（近 {IMPORTS_ENDED_DAYS} 天）",
                            [Item(job.summary, f"{url}?job={job.pk}", job.get_status_display())
                             for job in jobs[:ITEMS_SHOWN]]), jobs)


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
    return _capped(Reminder("approvals_overdue", "全代办事项逾期未办结", items[:ITEMS_SHOWN],
                            url=reverse("approvals:overdue")), items)


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
