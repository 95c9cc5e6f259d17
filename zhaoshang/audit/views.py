"""The audit log for the people responsible: the whole log, one user's events, and both as Excel or CSV.

Read only: every view answers GET (and HEAD) alone, so nothing here can change a row. Each reading writes
a row of its own (查阅审计日志); each export is recorded by AuditMiddleware like every other download.
"""

from __future__ import annotations

import csv
import io
import tempfile

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import AUDIT_READ_DENIED, can_read_audit
from zhaoshang.audit.forms import MAX_DB_ID, AuditFilterForm
from zhaoshang.audit.models import AuditEvent
from zhaoshang.audit.objects import audit_objects, readable_detail
from zhaoshang.audit.selectors import COLUMNS, SHANGHAI, Outcome, audit_events, export_rows, outcome_of
from zhaoshang.audit.services import audit_record
from zhaoshang.core.forms import form_errors
from zhaoshang.core.text_input import spreadsheet_cell
from zhaoshang.core.xlsx import xlsx_write

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_ROWS = 1_048_575  # an Excel sheet holds 1,048,576 rows, the header included
USERNAMES_LISTED = 500  # the user box suggests names from this many accounts


def _reader(request) -> None:
    if not can_read_audit(request.user):
        raise PermissionDenied(AUDIT_READ_DENIED)


def _read_recorded(request, status: int) -> None:
    audit_record(action=AuditEvent.Action.AUDIT_READ, request=request, target=f"GET {request.path}",
                 detail=request.META.get("QUERY_STRING", "")[:1000], result=status)


def _table(request, events) -> list[dict]:
    rows = []
    for event, obj in zip(events, audit_objects(request, events), strict=True):
        outcome = outcome_of(event.action, event.result)
        rows.append({"event": event, "at": event.at.astimezone(SHANGHAI), "object": obj,
                     "detail": readable_detail(event),
                     "outcome": outcome, "outcome_label": Outcome(outcome).label})
    return rows


def _page(request, *, subject: User | None = None):
    """The list page, the whole log's or one user's."""
    form = AuditFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.filters() if valid else {}
    # Fixed before this reading writes its own row, so the pages that follow show the same list.
    filters.setdefault("upto", AuditEvent.objects.aggregate(newest=Max("id"))["newest"] or 0)
    _read_recorded(request, 200 if valid else 400)
    if subject is not None:
        filters.update(user_id=subject.pk, username="")
    events = audit_events(**filters) if valid else AuditEvent.objects.none()
    page = Paginator(events.select_related("user"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["upto"] = str(filters["upto"])
    export = query.copy()
    if subject is not None:
        export["uid"] = str(subject.pk)
    return render(request, "audit/list.html", {
        "nav": "audit", "form": form, "problems": form_errors(form), "page": page, "rows": _table(request, page),
        "total": page.paginator.count, "query": query.urlencode(), "export_query": export.urlencode(),
        "subject": subject, "usernames": User.objects.order_by("username").values_list(
            "username", flat=True)[:USERNAMES_LISTED],
        "subject_admin": reverse("admin:accounts_user_change", args=[subject.pk])
        if subject and admin.site.has_permission(request) else "",
    }, status=200 if valid else 400)


@require_safe
@never_cache
@login_required
def audit_list(request):
    _reader(request)
    return _page(request)


@require_safe
@never_cache
@login_required
def audit_user(request, pk: int):
    _reader(request)
    if pk > MAX_DB_ID:  # past the database's integers: no such user
        raise Http404
    return _page(request, subject=get_object_or_404(User, pk=pk))


def _headers() -> list[str]:
    return [header for header, _ in COLUMNS]


def _cells(row: dict, as_text: bool) -> list:
    cells = []
    for _, key in COLUMNS:
        value = row[key]
        if as_text and key == "at":
            value = value.strftime("%Y-%m-%d %H:%M:%S")
        cells.append(spreadsheet_cell(value))
    return cells


def _csv(events, filename: str) -> StreamingHttpResponse:
    def lines():
        yield "\ufeff"  # Excel in China opens UTF-8 CSV correctly only with a BOM
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_headers())
        for n, row in enumerate(export_rows(events), 1):
            writer.writerow(_cells(row, as_text=True))
            if n % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _xlsx(events, filename: str) -> FileResponse:
    def rows():
        yield _headers()
        for row in export_rows(events):
            yield _cells(row, as_text=False)

    spool = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
    xlsx_write(spool, [("审计日志", rows())])
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX)


@require_safe
@never_cache
@login_required
def audit_export(request):
    """The filtered rows (the page's filters, and uid for one user's) as .xlsx or .csv."""
    _reader(request)
    fmt = request.GET.get("format", "xlsx")
    form = AuditFilterForm(request.GET)
    problems = form_errors(form) if not form.is_valid() else []
    if fmt not in ("xlsx", "csv"):
        problems.append("导出格式只能是 xlsx 或 csv")
    events = audit_events(**form.filters()) if not problems else AuditEvent.objects.none()
    if not problems and fmt == "xlsx" and events.count() > XLSX_MAX_ROWS:
        problems.append(f"筛选出的记录超过 Excel 一张表的上限（{XLSX_MAX_ROWS:,} 行），请缩小日期范围或导出 CSV")
    if problems:
        return render(request, "audit/export_refused.html", {"nav": "audit", "problems": problems}, status=400)
    filename = f"审计日志-{timezone.localtime(timezone.now(), SHANGHAI):%Y-%m-%d-%H%M}.{fmt}"
    return _csv(events, filename) if fmt == "csv" else _xlsx(events, filename)
