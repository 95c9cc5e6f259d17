"""KPIs over the API: the zone's figures for a year, and the records behind each one.

Who may see what: every signed-in role, partners included, may read the KPI *values* — they are the
zone's published figures, the same numbers the bulletin prints. The *records* behind a value follow the
records' own visibility rules (`kpis.selectors.records_visible_to`, which uses `project_visible_to` for
projects): a record the caller may not see is left out of `record_ids` and `records`, counted in
`hidden_count`, and notes that name it are dropped. So a partner sees that 33 projects were signed but
can open only those of their own carrier.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.http import Http404
from ninja import Field, Query, Router, Schema

from zhaoshang.accounts.masking import id_number_for, phone_for
from zhaoshang.api_auth import api_user
from zhaoshang.core.figures import format_amount
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR
from zhaoshang.kpis.selectors import default_year, kpi_for_viewer
from zhaoshang.kpis.services import KpiValue, kpi_evaluate
from zhaoshang.zones.selectors import zone_resolve

router = Router(tags=["KPI"])


class KpiQuery(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    zone: str = ""


class KpiOut(Schema):
    key: str
    label: str
    value: int | float
    unit: str
    period: str
    zone: str
    group: str
    description: str
    record_model: str
    record_ids: list[int]
    hidden_count: int
    notes: list[str]


class KpiRecord(Schema):
    id: int
    label: str
    fields: dict[str, Any]


class KpiRecordsOut(KpiOut):
    records: list[KpiRecord]


def _period(query: KpiQuery):
    zone = zone_resolve(query.zone or None)
    return zone, Period.year(query.year or default_year(zone))


def _out(value: KpiValue) -> dict:
    data = value.as_json()
    data["hidden_count"] = value.hidden_count
    return data


@router.get("", response=list[KpiOut], summary="KPI 列表")
def kpis_list(request, query: Query[KpiQuery]):
    """Every KPI of the zone for the year (default: the latest year with a signing)."""
    user = api_user(request)
    zone, period = _period(query)
    return [_out(kpi_for_viewer(user, value)) for value in kpi_evaluate(zone=zone, period=period)]


@router.get("/{key}/records", response=KpiRecordsOut, summary="KPI 背后的记录")
def kpi_records(request, key: str, query: Query[KpiQuery]):
    """The records one KPI counted, limited to those the caller may see; `hidden_count` says how many
    were left out."""
    user = api_user(request)
    zone, period = _period(query)
    value = next(iter(kpi_evaluate(zone=zone, period=period, keys=[key])), None)
    if value is None:
        raise Http404(key)
    value = kpi_for_viewer(user, value)
    data = _out(value)
    describe = DESCRIBERS[value.record_model]
    records = apps.get_model(value.record_model).objects.filter(pk__in=value.record_ids)
    data["records"] = [describe(record, user) for record in records.order_by("pk")]
    return data


def _project(p, user) -> dict:
    return {"id": p.pk, "label": p.name, "fields": {
        "stage": p.stage, "stage_label": p.get_stage_display(), "amount": str(p.amount) if p.amount else None,
        "currency": p.currency, "amount_display": format_amount(p.amount, p.currency) if p.amount else "",
        "source_region": p.source_region.name if p.source_region else None, "signed_on": _iso(p.signed_on),
        "investors": [o.name for o in p.investors.all()]}}


def _person(p, user) -> dict:
    return {"id": p.pk, "label": p.name, "fields": {
        "education": p.get_education_display(), "team": str(p.team or ""), "carrier": str(p.carrier or ""),
        "introduced_on": _iso(p.introduced_on),
        "id_number": id_number_for(user, p.id_number), "phone": phone_for(user, p.phone)}}


def _team(t, user) -> dict:
    return {"id": t.pk, "label": t.name, "fields": {
        "kind": t.get_kind_display(), "field": t.field, "declared_year": t.declared_year,
        "source_region": str(t.source_region or ""), "leader": t.leader}}


def _carrier(c, user) -> dict:
    return {"id": c.pk, "label": c.name, "fields": {
        "kind": c.get_kind_display(), "partner": str(c.partner or ""), "introduced_on": _iso(c.introduced_on),
        "attribution_rule": c.attribution_rule}}


def _observation(o, user) -> dict:
    return {"id": o.pk, "label": f"{o.indicator.name} {o.on}", "fields": {
        "indicator": o.indicator.key, "on": _iso(o.on), "value": _number(o.value), "source": o.source}}


def _graduates(g, user) -> dict:
    return {"id": g.pk, "label": f"{g.year} {g.source_region}", "fields": {
        "year": g.year, "source_region": g.source_region_id, "count": g.count, "source": g.source}}


def _research(r, user) -> dict:
    return {"id": r.pk, "label": r.title, "fields": {
        "partners": [o.name for o in r.partners.all()], "started_on": _iso(r.started_on),
        "listed_as": r.listed_as}}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


DESCRIBERS = {
    "projects.Project": _project, "talent.Person": _person, "talent.TalentTeam": _team,
    "zones.Carrier": _carrier, "indicators.Observation": _observation,
    "talent.GraduateIntake": _graduates, "talent.ResearchProject": _research,
}
