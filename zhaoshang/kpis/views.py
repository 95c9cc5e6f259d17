"""The leader's cockpit and the list of records behind each figure."""

from __future__ import annotations

import json
from collections import Counter

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html

from zhaoshang.accounts.masking import id_number_for, phone_for
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR, kpi_definition
from zhaoshang.kpis.selectors import default_year, kpi_for_viewer, records_visible_to
from zhaoshang.kpis.services import kpi_evaluate, kpi_evaluate_one
from zhaoshang.projects.models import PIPELINE, Project, Stage
from zhaoshang.zones.selectors import ZoneNotFound, zone_resolve


def _zone_and_year(request):
    try:
        zone = zone_resolve(request.GET.get("zone"))
    except ZoneNotFound as exc:
        raise Http404(str(exc)) from None
    year = request.GET.get("year", "")
    if not year.isdigit():
        return zone, default_year(zone)
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise Http404(f"年度须在 {MIN_YEAR} 与 {MAX_YEAR} 之间")
    return zone, int(year)


def _chart_data(values) -> dict:
    by_key = {v.key: v for v in values}
    funnel = [{"name": Stage(s).label, "value": sum(by_key[f"projects_in_stage_{t}"].value
                                                     for t in PIPELINE[PIPELINE.index(s):])} for s in PIPELINE]
    signed = Project.objects.filter(pk__in=by_key["signed_projects_over_100m"].record_ids).select_related(
        "source_region__parent")
    cities = Counter()
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
    records = apps.get_model(value.record_model).objects.filter(pk__in=value.record_ids)
    return ROW_BUILDERS[value.record_model](records, user)


def _projects(records, user):
    rows = [[format_html('<a href="{}">{}</a>', p.get_absolute_url(), p.name),
             ", ".join(o.name for o in p.investors.all()),
             p.amount_display, p.source_region.name if p.source_region else "", p.signed_on or "",
             p.get_stage_display()]
            for p in records.select_related("source_region").prefetch_related("investors", "stage_changes")]
    return ["项目", "投资方", "总投资", "来源地", "签约日期", "阶段"], rows


def _people(records, user):
    rows = [[p.name, p.get_education_display(), p.team or "", p.carrier or "", p.introduced_on,
             id_number_for(user, p.id_number), phone_for(user, p.phone)]
            for p in records.select_related("team", "carrier")]
    return ["姓名", "学历", "团队", "载体", "引进日期", "身份证号", "手机号"], rows


def _teams(records, user):
    return ["团队", "类型", "领域", "申报年度", "来源地"], [
        [t.name, t.get_kind_display(), t.field, t.declared_year or "", t.source_region or ""]
        for t in records.select_related("source_region")]


def _carriers(records, user):
    return ["载体", "类型", "合作方", "引进日期", "统计规则"], [
        [c.name, c.get_kind_display(), c.partner or "", c.introduced_on or "", c.attribution_rule]
        for c in records.select_related("partner", "host_region")]


def _observations(records, user):
    return ["指标", "截止日期", "数值", "来源"], [
        [o.indicator.name, o.on, o.value.normalize(), o.source] for o in records.select_related("indicator")]


def _graduates(records, user):
    return ["年度", "来源地", "人数", "数据来源"], [
        [g.year, g.source_region, g.count, g.source] for g in records.select_related("source_region")]


def _research(records, user):
    return ["项目", "合作院校", "立项日期", "列入计划"], [
        [r.title, "、".join(p.name for p in r.partners.all()), r.started_on, r.listed_as]
        for r in records.prefetch_related("partners")]


ROW_BUILDERS = {
    "projects.Project": _projects, "talent.Person": _people, "talent.TalentTeam": _teams,
    "zones.Carrier": _carriers, "indicators.Observation": _observations,
    "talent.GraduateIntake": _graduates, "talent.ResearchProject": _research,
}


@login_required
def kpi_records(request, key: str):
    zone, year = _zone_and_year(request)
    period = Period.year(year)
    try:
        value = kpi_evaluate_one(zone=zone, period=period, definition=kpi_definition(key))
    except KeyError:
        value = next((v for v in kpi_evaluate(zone=zone, period=period, keys=[key])), None)
        if value is None:
            raise Http404(f"没有代码为 {key} 的指标") from None
    value = kpi_for_viewer(request.user, value)
    headers, rows = _rows(request.user, value)
    return render(request, "kpis/records.html", {
        "nav": "cockpit", "zone": zone, "year": year, "value": value, "headers": headers, "rows": rows,
        "counted": len(value.record_ids) + value.hidden_count})

