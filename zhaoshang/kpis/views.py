"""The leader's cockpit and the list of records behind each figure."""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from zhaoshang.core.disclosure import breakdown_disclosed, suppressed_note
from zhaoshang.core.errors import UserError
from zhaoshang.core.figures import format_figure
from zhaoshang.core.text_input import spreadsheet_cell
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.definitions import kpi_definition
from zhaoshang.kpis.records import as_cells, as_row, record_spec
from zhaoshang.kpis.selectors import kpi_for_viewer, kpi_scope, records_visible_to
from zhaoshang.kpis.services import kpi_evaluate, kpi_evaluate_one
from zhaoshang.projects.models import PIPELINE, Project, Stage
from zhaoshang.zones.models import Zone
from zhaoshang.zones.services import BASES


def _zone_and_year(request) -> tuple[Zone, int]:
    try:
        return kpi_scope(request.GET.get("zone"), request.GET.get("year"))
    except UserError as exc:  # a zone or year that is not there: the page is not there either
        raise Http404(str(exc)) from None


def _basis(request) -> str:
    basis = request.GET.get("basis") or "full"
    if basis not in BASES:
        raise Http404(f"没有这个口径：{basis}")
    return basis


def _chart_data(values, user=None, shown=None) -> dict:
    """The funnel from the figures as shown to the user, the city bars from all signed projects with the
    small-cell rule applied per city (values: as computed; shown: as kpi_for_viewer gives them)."""
    by_key = {v.key: v for v in values}
    shown_by_key = {v.key: v for v in shown or values}
    funnel = [{"name": Stage(s).label, "value": sum(shown_by_key[f"projects_in_stage_{t}"].value or 0
                                                     for t in PIPELINE[PIPELINE.index(s):])} for s in PIPELINE]
    signed = Project.objects.filter(pk__in=by_key["signed_projects_over_100m"].record_ids).select_related(
        "source_region__parent")
    cities: dict[str, list[int]] = defaultdict(list)
    for project in signed:
        city = project.source_region.city if project.source_region else None
        cities[city.name if city else "未知"].append(project.pk)
    # Small cells (issue 9, core.disclosure): a city bar with too few hidden projects counts the visible ones.
    visible = set(records_visible_to(user, "projects.Project", [p.pk for p in signed]).values_list("pk", flat=True)
                  ) if user is not None else {p.pk for p in signed}
    bars, reduced = breakdown_disclosed(cities, visible)
    return {"funnel": funnel, "cities": bars, "cities_note": suppressed_note() if reduced else ""}


@login_required
def cockpit(request):
    zone, year = _zone_and_year(request)
    basis = _basis(request)
    values = kpi_evaluate(zone=zone, period=Period.year(year), basis=basis)
    shown = [kpi_for_viewer(request.user, v) for v in values]
    chart = _chart_data(values, request.user, shown)  # counts per city and stage, small cells as the figures
    values = shown
    seed = [v for v in values if v.group == "seed"]
    pipeline = [v for v in values if v.group == "pipeline"]
    stalled_value = next(v for v in values if v.key == "signed_not_landed")
    stalled = _projects_by_id(request.user, stalled_value.record_ids)
    return render(request, "kpis/cockpit.html", {
        "nav": "cockpit", "zone": zone, "year": year, "seed": seed, "pipeline": pipeline, "stalled": stalled,
        "stalled_value": stalled_value,
        "years": range(year - 2, year + 2), "chart": json.dumps(chart, ensure_ascii=False),
        "cities_note": chart["cities_note"],
        "basis": basis, "bases": BASES.items(),
    })


def _projects_by_id(user, ids):
    return list(records_visible_to(user, "projects.Project", ids).select_related("owner").prefetch_related(
        "stage_changes"))


@dataclass
class Section:
    """One table of a drill-down: the records behind a figure (or a ratio's records that did not go on)."""

    title: str
    headers: list[str]
    records: list
    figure: Callable[[object], str] | None = None  # the extra per-record column, if the value has one


def _sections(user, value) -> list[Section]:
    """The drill-down's tables, built once for the page and for the Excel export."""
    spec = record_spec(value.record_model)
    headers = [*spec.headers, *([value.record_figure_header] if value.record_figures else [])]
    figure = None
    if value.record_figures:
        def figure(record):
            return format_figure(value.record_figures.get(record.pk), value.unit)
    counted = list(spec.records(user, value.record_ids))
    if not value.base_ids:
        return [Section("记录", headers, counted, figure)]
    went_on = set(value.record_ids)
    rest = list(spec.records(user, [i for i in value.base_ids if i not in went_on]))
    return [Section("已转化的项目（分子）", headers, counted, figure),
            Section("尚未转化的项目（分母中其余）", headers, rest, figure)]


def _extra(section: Section):
    figure = section.figure
    return (lambda r: [figure(r)]) if figure is not None else (lambda r: [])


def _html_rows(spec, section: Section, user) -> list[list]:
    extra = _extra(section)
    return [[*as_row(spec, record, user), *extra(record)] for record in section.records]


def _cells(spec, section: Section, user) -> list[list]:
    extra = _extra(section)
    return [[spreadsheet_cell(c) for c in [*as_cells(spec, record, user), *extra(record)]]
            for record in section.records]


def _xlsx(user, value, sections: list[Section], filename: str) -> FileResponse:
    from openpyxl import Workbook

    spec = record_spec(value.record_model)
    workbook = Workbook(write_only=True)
    for section in sections:
        sheet = workbook.create_sheet(section.title[:31])  # Excel's limit on a sheet name
        sheet.append(section.headers)
        for row in _cells(spec, section, user):
            sheet.append(row)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _value(zone, period, key: str, basis: str = "full"):
    try:
        return kpi_evaluate_one(zone=zone, period=period, definition=kpi_definition(key), basis=basis)
    except KeyError:
        value = next((v for v in kpi_evaluate(zone=zone, period=period, keys=[key], basis=basis)), None)
        if value is None:
            raise Http404(f"没有代码为 {key} 的指标") from None
        return value


@login_required
def kpi_records(request, key: str):
    zone, year = _zone_and_year(request)
    basis = _basis(request)
    value = kpi_for_viewer(request.user, _value(zone, Period.year(year), key, basis))
    sections = _sections(request.user, value)
    if request.GET.get("format") == "xlsx":
        return _xlsx(request.user, value, sections, f"{value.label}-{zone.name}-{year}.xlsx")
    spec = record_spec(value.record_model)
    tables = [(s, _html_rows(spec, s, request.user)) for s in sections]
    return render(request, "kpis/records.html", {
        "nav": "cockpit", "zone": zone, "year": year, "value": value, "tables": tables, "basis": basis,
        "counted": len(value.record_ids) + value.hidden_count,
        "base_counted": len(value.base_ids) + value.base_hidden_count})

