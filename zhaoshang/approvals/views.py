"""Pages: the cases of a year with their timing by channel and item, one case, and overdue 全代办 items."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from zhaoshang.accounts.masking import id_number_for, phone_for
from zhaoshang.accounts.permissions import CASES_EDIT_DENIED, CASES_READ_DENIED, can_edit_cases, can_read_cases
from zhaoshang.approvals.importers.cases import FIELDS as CASE_FIELDS
from zhaoshang.approvals.importers.cases import case_import
from zhaoshang.approvals.models import ApprovalTask, Case, Channel
from zhaoshang.approvals.selectors import case_timings, cases_visible_to, tasks_overdue_on, tasks_visible_to
from zhaoshang.core.errors import UserError
from zhaoshang.core.imports.web import sheet_upload_page
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.zones.selectors import zone_to_read


def _reader(request) -> None:
    if not can_read_cases(request.user):
        raise PermissionDenied(CASES_READ_DENIED)


def _zone(request):
    try:
        return zone_to_read(request.GET.get("zone") or None)
    except UserError as exc:
        raise Http404(str(exc)) from None


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR else 2020


def _tasks(user, queryset):
    return tasks_visible_to(user, queryset)  # leaves out the tasks of projects the user may not read


@login_required
def case_list(request):
    _reader(request)
    year, channel = _year(request), request.GET.get("channel", "")
    cases = cases_visible_to(request.user, Case.objects.filter(zone=_zone(request), received_on__year=year))
    if channel in Channel.values:
        cases = cases.filter(channel=channel)
    page = Paginator(cases.select_related("item").order_by("-received_on", "number"), 50).get_page(
        request.GET.get("page"))
    return render(request, "approvals/list.html", {
        "nav": "approvals", "year": year, "channel": channel, "channels": Channel.choices, "page": page,
        "by_channel": case_timings(cases, "channel"), "by_item": case_timings(cases, "item"),
        "query": urlencode({"year": year, "channel": channel}), "can_edit": can_edit_cases(request.user)})


@login_required
def case_detail(request, pk: int):
    _reader(request)
    case = get_object_or_404(cases_visible_to(request.user, Case.objects.select_related("item", "project")), pk=pk)
    project = project_visible_to(request.user).filter(service_cases=case).first()
    return render(request, "approvals/detail.html", {
        "nav": "approvals", "case": case, "project": project, "steps": case.steps.all(),
        "tasks": _tasks(request.user, case.approval_tasks.all()),
        "id_number": id_number_for(request.user, case.id_number), "phone": phone_for(request.user, case.phone)})


@login_required
def overdue(request):
    _reader(request)
    today = dt.date.today()
    tasks = tasks_overdue_on(today, _tasks(request.user, ApprovalTask.objects.filter(
        project__zone=_zone(request)))).select_related("project", "owner").order_by("due_on")
    rows = [(t, (today - t.due_on).days) for t in tasks]
    return render(request, "approvals/overdue.html", {"nav": "approvals", "rows": rows, "today": today})


@login_required
def case_import_page(request):
    """Upload a service platform's case export (办件导出): all rows or none, the same file twice changes nothing."""
    return sheet_upload_page(request, importer=case_import, fields=CASE_FIELDS, allowed=can_edit_cases,
                             denied=CASES_EDIT_DENIED, template="approvals/import.html",
                             context={"nav": "approvals", "done_url": reverse("approvals:list"),
                                      "done_label": "查看办件"})
