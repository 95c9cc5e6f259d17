"""The leader's cockpit and the list of records behind each figure."""

from __future__ import annotations

import json
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from zhaoshang.core.errors import UserError
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.definitions import kpi_definition
from zhaoshang.kpis.records import as_row, record_spec
from zhaoshang.kpis.selectors import kpi_for_viewer, kpi_scope, records_visible_to
from zhaoshang.kpis.services import kpi_evaluate, kpi_evaluate_one
from zhaoshang.projects.models import PIPELINE, Project, Stage
from zhaoshang.zones.models import Zone


def _zone_and_year(request) -> tuple[Zone, int]:
    try:
        return kpi_scope(request.GET.get("zone"), request.GET.get("year"))
    except UserError as exc:  # a zone or year that is not there: the page is not there either
        raise Http404(str(exc)) from None


def _chart_data(values) -> dict:
    by_key = {v.key: v for v in values}
    funnel = [{"name": Stage(s).label, "value": sum(by_key[f"projects_in_stage_{t}"].value
                                                     for t in PIPELINE[PIPELINE.index(s):])} for s in PIPELINE]
    signed = Project.objects.filter(pk__in=by_key["signed_projects_over_100m"].record_ids).select_related(
        "source_region__parent")
    cities: Counter[str] = Counter()
    for project in signed:
        city = project.source_region.city if project.source_region else None
        cities[city.name if city else "未知"] += 1
    return {"funnel": funnel, "cities": cities.most_common()}


@login_required
def cockpit(request):
    zone, year = _zone_and_year(request)
    values = kpi_evaluate(zone=zone, period=Period.year(year))
    chart = _chart_data(values)  # counts per city and stage only: zone-level, like the figures themselves
    values = [kpi_for_viewer(request.user, v) for v in values]
    seed = [v for v in values if v.group == "seed"]
    pipeline = [v for v in values if v.group == "pipeline"]
    stalled_ids = next(v.record_ids for v in values if v.key == "signed_not_landed")
    stalled = _projects_by_id(request.user, stalled_ids)
    return render(request, "kpis/cockpit.html", {
        "nav": "cockpit", "zone": zone, "year": year, "seed": seed, "pipeline": pipeline, "stalled": stalled,
        "years": range(year - 2, year + 2), "chart": json.dumps(chart, ensure_ascii=False),
    })


def _projects_by_id(user, ids):
    return list(records_visible_to(user, "projects.Project", ids).select_related("owner").prefetch_related(
        "stage_changes"))


def _rows(user, value) -> tuple[list[str], list[list]]:
    """Column headers and rows for the records behind a viewer's value, masked for non-administrators."""
    spec = record_spec(value.record_model)
    return spec.headers, [as_row(spec, record, user) for record in spec.records(user, value.record_ids)]


@login_required
def kpi_records(request, key: str):
    zone, year = _zone_and_year(request)
    period = Period.year(year)
    try:
        value = kpi_evaluate_one(zone=zone, period=period, definition=kpi_definition(key))
    except KeyError:
        found = next((v for v in kpi_evaluate(zone=zone, period=period, keys=[key])), None)
        if found is None:
            raise Http404(f"没有代码为 {key} 的指标") from None
        value = found
    value = kpi_for_viewer(request.user, value)
    headers, rows = _rows(request.user, value)
    return render(request, "kpis/records.html", {
        "nav": "cockpit", "zone": zone, "year": year, "value": value, "headers": headers, "rows": rows,
        "counted": len(value.record_ids) + value.hidden_count})

