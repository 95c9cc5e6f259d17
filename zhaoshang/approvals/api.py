"""Cases and 全代办 items over the API, for the zone's staff; partners get none (selectors.py)."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from zhaoshang.accounts.masking import id_number_for
from zhaoshang.api_auth import api_user
from zhaoshang.approvals.models import ApprovalTask, Case
from zhaoshang.approvals.selectors import cases_visible_to, tasks_overdue_on, tasks_visible_to
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR

router = Router(tags=["审批服务"])


class CaseOut(Schema):
    id: int
    number: str
    item: str
    channel: str
    applicant: str
    id_number: str
    received_on: dt.date
    decided_on: dt.date | None
    promised_days: int
    working_days: int | None
    on_time: bool | None
    result: str


class CaseFilters(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description=f"{MIN_YEAR}–{MAX_YEAR}")
    channel: str = ""


class TaskOut(Schema):
    id: int
    project_id: int
    project: str
    kind: str
    owner: str | None
    due_on: dt.date
    status: str
    done_on: dt.date | None


def _case(case: Case, user) -> dict:
    return {"id": case.pk, "number": case.number, "item": case.item.name, "channel": case.channel,
            "applicant": case.applicant_name, "id_number": id_number_for(user, case.id_number),
            "received_on": case.received_on, "decided_on": case.decided_on, "promised_days": case.promised_days,
            "working_days": case.working_days(), "on_time": case.on_time(), "result": case.result}


@router.get("/cases", response=list[CaseOut], summary="办件列表")
def cases_list(request, filters: Query[CaseFilters]):
    user = api_user(request)
    qs = cases_visible_to(user, Case.objects.select_related("item"))
    if filters.year:
        qs = qs.filter(received_on__year=filters.year)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    return [_case(c, user) for c in qs.order_by("id")]


@router.get("/tasks/overdue", response=list[TaskOut], summary="逾期的全代办事项")
def tasks_overdue(request):
    tasks = tasks_overdue_on(dt.date.today(), tasks_visible_to(api_user(request), ApprovalTask.objects.all()))
    return [{"id": t.pk, "project_id": t.project_id, "project": t.project.name, "kind": t.kind,
             "owner": t.owner.display_name if t.owner else None, "due_on": t.due_on, "status": t.status,
             "done_on": t.done_on} for t in tasks.select_related("project", "owner").order_by("due_on")]
