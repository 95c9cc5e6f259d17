"""Reading the audit trail: the rows a filter selects, each row's outcome, and the columns the page, the
CSV and the Excel export all show (one specification, rendered three ways)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet, TextChoices

from zhaoshang.audit.models import AuditEvent

Action = AuditEvent.Action
# Audit times are read in Beijing time whatever the server's TIME_ZONE says.
SHANGHAI = ZoneInfo("Asia/Shanghai")
EXPORT_CHUNK = 2000
ACTIONS = dict(Action.choices)


class Outcome(TextChoices):
    """What became of the request: the three answers a reader of the log asks for."""

    ALLOWED = "allowed", "允许"
    DENIED = "denied", "拒绝"
    FAILED = "failed", "失败"


def outcome_of(action: str, result: int | None) -> str:
    """拒绝 for a refusal (401/403/429 on a page or the API), 失败 for a failed sign-in or any other answer of
    400 and over, 允许 for the rest (a sign-in, a write, an export, a reading of this log)."""
    if action == Action.DENIED:
        return Outcome.DENIED
    if action == Action.SIGN_IN_FAILED or (result is not None and result >= 400):
        return Outcome.FAILED
    return Outcome.ALLOWED


def _outcome_q(outcome: str) -> Q:
    denied = Q(action=Action.DENIED)
    if outcome == Outcome.DENIED:
        return denied
    failed = Q(action=Action.SIGN_IN_FAILED) | Q(result__gte=400)
    if outcome == Outcome.FAILED:
        return ~denied & failed
    return ~denied & ~Q(action=Action.SIGN_IN_FAILED) & (Q(result__isnull=True) | Q(result__lt=400))


def _named(username: str) -> Q:
    """The user's own rows, and failed sign-ins naming the account (no one was signed in to own those)."""
    return Q(username__iexact=username) | Q(action=Action.SIGN_IN_FAILED, target__iexact=username)


def events_of_user(user) -> Q:
    """Every row of one user: theirs (by id, so a rename keeps them), and failed sign-ins on their account."""
    return Q(user_id=user.pk) | Q(action=Action.SIGN_IN_FAILED, target=user.username)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=SHANGHAI)


def audit_events(*, user_id: int | None = None, username: str = "", action: str = "",
                 outcome: str = "", start: dt.date | None = None, end: dt.date | None = None,
                 text: str = "", upto: int | None = None) -> QuerySet[AuditEvent]:
    """Audit rows newest first, filtered; dates are whole days in Beijing time, both ends included; `text`
    is looked for in the object (a path or app.Model:id) and the detail; `user_id` selects one user's rows
    (events_of_user); `upto` leaves out rows written after the row with that id.
    Who may read them: accounts.permissions.can_read_audit."""
    events = AuditEvent.objects.all()
    if user_id is not None:
        from zhaoshang.accounts.models import User

        found = User.objects.filter(pk=user_id).first()
        events = events.filter(events_of_user(found)) if found else events.none()
    if username:
        events = events.filter(_named(username))
    if action:
        events = events.filter(action=action)
    if outcome:
        events = events.filter(_outcome_q(outcome))
    if start:
        events = events.filter(at__gte=_day_start(start))
    if end:
        events = events.filter(at__lt=_day_start(end + dt.timedelta(days=1)))
    if text:
        events = events.filter(Q(target__icontains=text) | Q(detail__icontains=text))
    if upto is not None:
        events = events.filter(id__lte=upto)
    return events.order_by("-at", "-id")


# The columns of every rendering: (header, key of export_row's dict).
COLUMNS = [("时间（北京时间）", "at"), ("用户名", "username"), ("来源地址", "address"), ("操作", "action"),
           ("对象", "target"), ("结果", "outcome"), ("HTTP 状态", "result"), ("说明", "detail")]
_VALUES = ("at", "username", "address", "action", "target", "result", "detail")


def export_row(row: dict) -> dict:
    """One row's cells: Beijing time without a zone (a spreadsheet has none), labels in Chinese."""
    return {"at": row["at"].astimezone(SHANGHAI).replace(tzinfo=None, microsecond=0),
            "username": row["username"], "address": row["address"] or "",
            "action": ACTIONS.get(row["action"], row["action"]), "target": row["target"],
            "outcome": Outcome(outcome_of(row["action"], row["result"])).label,
            "result": row["result"] if row["result"] is not None else "", "detail": row["detail"]}


def export_rows(events: QuerySet[AuditEvent]) -> Iterator[dict]:
    """The rows as plain values, a chunk at a time, so a long log streams without being held in memory."""
    for row in events.values(*_VALUES).iterator(chunk_size=EXPORT_CHUNK):
        yield export_row(row)
