"""Importing projects from a spreadsheet, and exporting the project list as one.

Both stay thin: the import page queues an import job (`project_import` run by `project_import_task`,
inline when tasks run immediately, else in the background with a progress bar); the export calls
`project_list` with the list page's own filter form, so the export shows exactly what the list shows to that user.
"""

from __future__ import annotations

import csv
import io
import tempfile

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from zhaoshang.accounts.permissions import can_import_projects
from zhaoshang.core.figures import format_amount
from zhaoshang.core.text_input import spreadsheet_cell
from zhaoshang.core.xlsx import xlsx_write
from zhaoshang.projects.forms import ProjectFilterForm
from zhaoshang.projects.importers.jobs import import_job_queue
from zhaoshang.projects.importers.rows import FIELDS
from zhaoshang.projects.importers.template import project_template
from zhaoshang.projects.models import ImportJob, Project, Stage, StageChange
from zhaoshang.projects.selectors import project_list
from zhaoshang.projects.tasks import project_import_task
from zhaoshang.zones.models import Zone

PROBLEMS_SHOWN = 1000
# Kept under its old name for kpis/views.py, which imports it from here until it imports spreadsheet_cell.
EXPORT_FIELDS = ["name", "investor", "credit_code", "source_city", "amount", "stage", "signed_on", "industry",
                 "owner", "confidential", "carrier", "description"]


class ProjectImportForm(forms.Form):
    file = forms.FileField(label="文件（.xlsx 或 .csv）",
                           widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}))
    zone = forms.ModelChoiceField(Zone.objects.order_by("name"), label="园区", required=False)
    dry_run = forms.BooleanField(label="只检查，不写入", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zones = list(Zone.objects.all()[:2])
        if len(zones) == 1:
            self.single_zone = zones[0]
            del self.fields["zone"]
        else:
            self.single_zone = None
            self.fields["zone"].required = True

    def chosen_zone(self) -> Zone:
        return self.single_zone or self.cleaned_data["zone"]


TEMPLATE_NAME = "项目导入模板.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def project_import_page(request):
    if not can_import_projects(request.user):
        raise PermissionDenied("只有招商专员和管理员可以导入项目。")
    if request.method == "GET" and request.GET.get("template") == "xlsx":
        response = HttpResponse(project_template(), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_NAME)
        return response
    job = _job(request)
    if job is not None and request.headers.get("HX-Request"):
        if job.ended:  # the whole page shows the outcome
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"{reverse('projects:import')}?job={job.pk}"
            return response
        return render(request, "projects/_import_job.html", {"job": job})
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_queue(user=request.user, zone=form.chosen_zone(), upload=upload,
                               dry_run=form.cleaned_data["dry_run"])
        project_import_task(job.pk)  # inline when huey runs immediate: the job has ended on return
        job.refresh_from_db()
        if not job.ended:
            return redirect(f"{reverse('projects:import')}?job={job.pk}")
    status = 400 if job is not None and job.ended and not job.ok else 200
    return render(request, "projects/import.html", {
        "nav": "import", "form": form, **(_job_context(job) if job else {}),
        "fields": [(f.label, f.aliases, f.name) for f in FIELDS],
        "max_mb": settings.UPLOAD_MAX_BYTES / 2**20,
    }, status=status)


def _job(request) -> ImportJob | None:
    """The job named by ?job=, if it is the user's own (no one else learns of another's import)."""
    pk = request.GET.get("job", "")
    return ImportJob.objects.filter(pk=pk, user=request.user).first() if pk.isdigit() else None


def _job_context(job: ImportJob) -> dict:
    return {"job": job, "result": job if job.ended else None, "problems": job.problems[:PROBLEMS_SHOWN],
            "hidden_problems": max(0, job.problem_count - PROBLEMS_SHOWN)}


# The export reads plain values a chunk at a time (no model instances, investors in one query per chunk), so
# 100,000 projects stream out without being held in memory. One row's cells: see _export_row.
_COLUMNS = ("pk", "name", "source_region__name", "amount", "currency", "stage", "signed_date", "industry__code",
            "industry__name", "owner__username", "confidential", "carrier__name", "description")
EXPORT_CHUNK = 2000
_STAGES = dict(Stage.choices)


def _export_row(row: dict, investors: list[tuple[str, str | None]], as_text: bool) -> list:
    codes = [code or "" for _, code in investors]
    signed = row["signed_date"]
    values = {
        "name": row["name"],
        "investor": "、".join(name for name, _ in investors),
        "credit_code": "、".join(codes) if codes and all(codes) else "",
        "source_city": row["source_region__name"] or "",
        "amount": format_amount(row["amount"], row["currency"]) if row["amount"] is not None else "",
        "stage": _STAGES.get(row["stage"], row["stage"]),
        "signed_on": (signed.isoformat() if as_text else signed) if signed else "",
        "industry": f"{row['industry__code']} {row['industry__name']}" if row["industry__code"] else "",
        "owner": row["owner__username"] or "",
        "confidential": "是" if row["confidential"] else "否",
        "carrier": row["carrier__name"] or "",
        "description": row["description"],
    }
    return [spreadsheet_cell(values[name]) for name in EXPORT_FIELDS]


def _headers() -> list[str]:
    return [FIELDS.label(name) for name in EXPORT_FIELDS]


def _investors(ids: list[int]) -> dict[int, list[tuple[str, str | None]]]:
    """Each project's investors (name, credit code) in the organisations' own order, for a chunk of projects."""
    through = Project.investors.through
    rows = (through.objects.filter(project_id__in=ids).order_by("project_id", "organization__name", "organization_id")
            .values_list("project_id", "organization__name", "organization__credit_code"))
    found: dict[int, list[tuple[str, str | None]]] = {}
    for project_id, name, code in rows:
        found.setdefault(project_id, []).append((name, code))
    return found


def _rows(queryset, as_text: bool):
    signed = StageChange.objects.filter(project=OuterRef("pk"), stage=Stage.SIGNED).values("on")[:1]
    values = queryset.prefetch_related(None).annotate(signed_date=Subquery(signed)).values(*_COLUMNS)
    chunk: list[dict] = []
    for row in values.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(row)
        if len(chunk) == EXPORT_CHUNK:
            yield from _chunk_rows(chunk, as_text)
            chunk = []
    yield from _chunk_rows(chunk, as_text)


def _chunk_rows(chunk: list[dict], as_text: bool):
    investors = _investors([row["pk"] for row in chunk]) if chunk else {}
    for row in chunk:
        yield _export_row(row, investors.get(row["pk"], []), as_text)


def _csv_response(queryset, filename: str) -> StreamingHttpResponse:
    def lines():
        yield "\ufeff"  # Excel in China opens UTF-8 CSV correctly only with a BOM
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_headers())
        for n, row in enumerate(_rows(queryset, as_text=True), 1):
            writer.writerow(row)
            if n % 500 == 0:  # a few hundred rows per chunk sent: far fewer pieces for the server to pass on
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _xlsx_response(queryset, filename: str) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
    xlsx_write(spool, [("项目", _with_headers(_rows(queryset, as_text=False)))])
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename,
                        content_type=XLSX)


def _with_headers(rows):
    yield _headers()
    yield from rows


@login_required
def project_export(request):
    """The project list as .xlsx or .csv, with the list's filters and the list's permissions."""
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        return HttpResponseBadRequest("format 只能是 xlsx 或 csv")
    form = ProjectFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = project_list(user=request.user, **{k: v for k, v in filters.items() if v not in (None, "")})
    queryset = queryset.order_by("-id")
    filename = f"项目清单-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return _csv_response(queryset, filename) if fmt == "csv" else _xlsx_response(queryset, filename)
