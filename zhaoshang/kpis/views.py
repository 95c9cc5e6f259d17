"""The leader's cockpit and the list of records behind each figure."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import render

from zhaoshang.core.concurrency import concurrently
from zhaoshang.core.errors import UserError
from zhaoshang.core.figures import format_figure
from zhaoshang.core.text_input import spreadsheet_cell
from zhaoshang.core.xlsx import xlsx_write
from zhaoshang.kpis.cache import cached, viewer_class
from zhaoshang.kpis.cockpit import carded_keys, cockpit_extra, comparison_figures, filtered_for
from zhaoshang.kpis.comparisons import CockpitPeriod, cockpit_period
from zhaoshang.kpis.computations import record_query
from zhaoshang.kpis.definitions import kpi_definition
from zhaoshang.kpis.rankings import Filters
from zhaoshang.kpis.records import as_cells, as_row, record_spec
from zhaoshang.kpis.selectors import kpi_for_viewer, kpi_scope, kpis_for_viewer, records_visible_to
from zhaoshang.kpis.services import kpi_evaluate, kpi_evaluate_one, zone_figures
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


STALLED_SHOWN = 50  # the cockpit lists the first stalled projects; the drill-down lists them all, page by page


def _cockpit_figures(user, zone: Zone, period: CockpitPeriod, basis: str) -> dict:
    """The catalogue's figures for the period as the viewer may see them: the same for every viewer of a
    class, so cached under the zone, the period (year and quarter or month), the basis and the class."""
    values = zone_figures(zone=zone, period=period.period, basis=basis)
    # Every figure's hidden records are counted, the pipeline table's too: the small-cell rule (core.disclosure)
    # needs the count to decide whether the zone's figure may be shown beside what the viewer sees.
    values = kpis_for_viewer(user, values, zone=zone, period=period.period)
    stalled_value = next(v for v in values if v.key == "signed_not_landed")
    return {"values": values, "stalled": _projects_by_id(user, stalled_value.record_ids),
            "stalled_value": stalled_value}


def cockpit_context(request) -> dict:
    """The cockpit's figures for the zone, year, period (?period=Q3 or 2020-09) and basis asked for, with the
    targets, comparisons, filtered charts and rankings of `kpis.cockpit` (the page, its panel and the 大屏)."""
    zone, year = _zone_and_year(request)
    basis = _basis(request)
    period = cockpit_period(year, request.GET.get("period"))
    user = request.user
    # The period's figures, the other periods' for 同比/环比 and the filtered charts are independent: at once
    # (core.concurrency), each from the cache when it holds them.
    figures, others, filtered = concurrently(
        lambda: cached(("cockpit", zone.pk, period.year, period.code or "year", basis, viewer_class(user)),
                       lambda: _cockpit_figures(user, zone, period, basis), zone=zone.pk),
        lambda: comparison_figures(user, zone=zone, period=period, basis=basis, keys=carded_keys()),
        lambda: filtered_for(user, zone=zone, period=period, filters=Filters.from_query(request.GET)))
    values = figures["values"]
    context = {
        "nav": "cockpit", "zone": zone, "year": year, "seed": [v for v in values if v.group == "seed"],
        "pipeline": [v for v in values if v.group == "pipeline"], "stalled": figures["stalled"],
        "stalled_value": figures["stalled_value"], "years": range(year - 2, year + 2), "basis": basis,
        "bases": BASES.items(),
    }
    context.update(cockpit_extra(request, zone=zone, period=period, basis=basis, values=values, others=others,
                                 filtered=filtered))
    return context


@login_required
def cockpit(request):
    return render(request, "kpis/cockpit.html", cockpit_context(request))


def _projects_by_id(user, ids):
    return list(records_visible_to(user, "projects.Project", ids).select_related("owner").prefetch_related(
        "stage_changes")[:STALLED_SHOWN])


PAGE_SIZE = 100  # records per drill-down page; the Excel export holds them all


@dataclass
class Section:
    """One table of a drill-down: the records behind a figure (or a ratio's records that did not go on)."""

    title: str
    headers: list[str]
    records: QuerySet  # the visible records in id order, fetched a page at a time (or streamed to Excel)
    total: int
    figure: Callable[[object], str] | None = None  # the extra per-record column, if the value has one

    def page(self, number: int) -> list:
        return list(self.records[(number - 1) * PAGE_SIZE:number * PAGE_SIZE])


# A share's two tables where they are not a conversion's (converted, not yet).
RATIO_PARTS = {
    "signed_yrd_share": ("来源地属于长三角的项目（分子）", "来源地不在长三角的项目（分母中其余）"),
    "enclave_college_share": ("大专及以上学历的人才（分子）", "其余人才（分母中其余）"),
}


def _sections(user, value) -> list[Section]:
    """The drill-down's tables, built once for the page and for the Excel export."""
    spec = record_spec(value.record_model)
    headers = [*spec.headers, *([value.record_figure_header] if value.record_figures else [])]
    figure = None
    if value.record_figures:
        def figure(record):
            return format_figure(value.record_figures.get(record.pk), value.unit)
    counted = spec.records(user, value.record_ids)
    if not value.base_ids:
        return [Section("记录", headers, counted, len(value.record_ids), figure)]
    went_on = record_query(value.record_model, value.record_ids)
    rest = spec.records(user, value.base_ids).exclude(pk__in=went_on.values("pk"))
    part, others = RATIO_PARTS.get(value.key, ("已转化的项目（分子）", "尚未转化的项目（分母中其余）"))
    return [Section(part, headers, counted, len(value.record_ids), figure),
            Section(others, headers, rest, len(value.base_ids) - len(value.record_ids), figure)]


def _extra(section: Section):
    figure = section.figure
    return (lambda r: [figure(r)]) if figure is not None else (lambda r: [])


def _html_rows(spec, section: Section, records, user) -> list[list]:
    extra = _extra(section)
    return [[*as_row(spec, record, user), *extra(record)] for record in records]


def _cells(spec, section: Section, user):
    extra = _extra(section)
    for record in section.records.iterator(chunk_size=2000):
        yield [spreadsheet_cell(c) for c in [*as_cells(spec, record, user), *extra(record)]]


def _xlsx(user, value, sections: list[Section], filename: str) -> FileResponse:
    spec = record_spec(value.record_model)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
    xlsx_write(spool, [(section.title, _with_headers(section.headers, _cells(spec, section, user)))
                       for section in sections])
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=filename,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _with_headers(headers: list[str], rows):
    yield headers
    yield from rows


def _value(zone, period, key: str, basis: str = "full"):
    try:
        return kpi_evaluate_one(zone=zone, period=period, definition=kpi_definition(key), basis=basis)
    except KeyError:
        value = next((v for v in kpi_evaluate(zone=zone, period=period, keys=[key], basis=basis)), None)
        if value is None:
            raise Http404(f"没有代码为 {key} 的指标") from None
        return value


def _page_number(request, pages: int) -> int:
    """The page asked for; past the last page, the last (as Django's Paginator.get_page), so that no number
    reaches the database as an offset it cannot hold."""
    text = request.GET.get("page", "1")
    return min(int(text), pages) if text.isdigit() and int(text) >= 1 else 1


@login_required
def kpi_records(request, key: str):
    zone, year = _zone_and_year(request)
    basis = _basis(request)
    period = cockpit_period(year, request.GET.get("period"))
    value = kpi_for_viewer(request.user, _value(zone, period.period, key, basis))
    sections = _sections(request.user, value)
    if request.GET.get("format") == "xlsx":
        return _xlsx(request.user, value, sections, f"{value.label}-{zone.name}-{period.label}.xlsx")
    spec = record_spec(value.record_model)
    pages = max(1, *(-(-s.total // PAGE_SIZE) for s in sections))
    page = _page_number(request, pages)
    tables = [(s, _html_rows(spec, s, s.page(page), request.user)) for s in sections]
    return render(request, "kpis/records.html", {
        "nav": "cockpit", "zone": zone, "year": year, "value": value, "tables": tables, "basis": basis,
        "page": page, "pages": pages, "page_size": PAGE_SIZE, "period": period,
        "counted": len(value.record_ids) + value.hidden_count,
        "base_counted": len(value.base_ids) + value.base_hidden_count})

