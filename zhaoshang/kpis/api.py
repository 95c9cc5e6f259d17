"""KPIs over the API: the zone's figures for a year, and the records behind each one.

Who may see what: every signed-in role, partners included, may read the KPI *values* — they are the
zone's published figures, the same numbers the bulletin prints. The *records* behind a value follow the
records' own visibility rules (`kpis.selectors.records_visible_to`, which asks each app's selector:
`project_visible_to` for projects, `people_visible_to` for talents…): a record the caller may not see is
left out of `record_ids` and `records`, counted in `hidden_count`, and notes that name it are dropped.
So a partner sees that 33 projects were signed but can open only those of their own carrier. Each record
is described by `kpis.records`, the same specification the drill-down page renders.
"""

from dataclasses import replace
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from zhaoshang.api_auth import api_user
from zhaoshang.kpis.cache import cached, viewer_class
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR
from zhaoshang.kpis.records import as_json, record_spec
from zhaoshang.kpis.selectors import YearInvalid, kpi_for_viewer, kpi_scope
from zhaoshang.kpis.services import KpiValue, kpi_evaluate
from zhaoshang.zones.models import Zone

router = Router(tags=["KPI"])
LISTED_IDS = 1000  # record ids per KPI in the list; the records endpoint pages through all of them


class KpiQuery(Schema):
    year: int | None = Field(None, description=f"{MIN_YEAR}–{MAX_YEAR}；默认为最近一个有签约的年度")
    zone: str = ""
    basis: Literal["full", "zone", "partner"] = Field(
        "full", description="口径：full 全口径、zone 本区口径、partner 合作方口径（按飞地合作协议分成）")
    partner: str = Field("", description="合作方口径下只计这一合作方（编号或名称的一部分）")


class KpiOut(Schema):
    key: str
    label: str
    value: int | float | None = Field(..., description="无从计算时为 null（如尚无已完成阶段停留的中位数）")
    unit: str
    period: str
    zone: str
    group: str
    basis: str
    description: str
    record_model: str
    record_ids: list[int] = Field(..., description=(
        f"调用者可查看的记录编号（按编号排序；列表中每个指标至多 {LISTED_IDS} 个，"
        "全部见 /api/kpis/{key}/records 分页）"))
    record_count: int = Field(..., description="调用者可查看的记录数（records 端点分页时为全部页的合计）")
    hidden_count: int
    suppressed: bool = Field(False, description="少于阈值（默认 3）条无权查看的记录时为 true：value 只含可查看的记录，"
                                                "hidden_count 为 0，以免推算出保密记录")
    notes: list[str]


class KpiRecord(Schema):
    id: int
    label: str
    fields: dict[str, Any]


class KpiRecordsOut(KpiOut):
    records: list[KpiRecord]
    next_offset: int | None = Field(None, description="还有更多记录时，下一页的 offset")


class RecordsPage(Schema):
    offset: int = Field(0, ge=0)
    limit: int = Field(1000, ge=1, le=1000, description="每页记录数（record_ids 与 records 只含本页）")


def _period(query: KpiQuery) -> tuple[Zone, Period]:
    """The zone and year asked for; an unknown zone is a 400 (ZoneNotFound), a bad year a 422."""
    try:
        zone, year = kpi_scope(query.zone, query.year)
    except YearInvalid as exc:
        raise HttpError(422, str(exc)) from None
    return zone, Period.year(year)


def _out(value: KpiValue, ids_limit: int | None = None) -> dict:
    data = value.as_json(ids_limit)
    data["hidden_count"] = value.hidden_count
    data["record_count"] = len(value.record_ids)
    return data


def _listed(user, zone: Zone, period: Period, query: KpiQuery) -> list[dict]:
    values = kpi_evaluate(zone=zone, period=period, basis=query.basis, partner=query.partner or None)
    return [_out(kpi_for_viewer(user, value), LISTED_IDS) for value in values]


@router.get("", response=list[KpiOut], summary="KPI 列表")
def kpis_list(request, query: Query[KpiQuery]):
    """Every KPI of the zone for the year (default: the latest year with a signing)."""
    user = api_user(request)
    zone, period = _period(query)
    return cached(("api", zone.pk, period.start, period.end, query.basis, query.partner, viewer_class(user)),
                  lambda: _listed(user, zone, period, query))


@router.get("/{key}/records", response=KpiRecordsOut, summary="KPI 背后的记录")
def kpi_records(request, key: str, query: Query[KpiQuery], page: Query[RecordsPage]):
    """The records one KPI counted, limited to those the caller may see, a page at a time (`offset`,
    `limit`; `next_offset` while more follow); `hidden_count` says how many were left out."""
    user = api_user(request)
    zone, period = _period(query)
    value = next(iter(kpi_evaluate(zone=zone, period=period, keys=[key], basis=query.basis,
                                   partner=query.partner or None)), None)
    if value is None:
        raise Http404(key)
    value = kpi_for_viewer(user, value)
    total = len(value.record_ids)
    shown = list(record_spec(value.record_model).records(user, value.record_ids)[page.offset:page.offset + page.limit])
    spec = record_spec(value.record_model)
    data = _out(replace(value, record_ids=[r.pk for r in shown]))
    data["record_count"] = total
    data["records"] = [as_json(spec, record, user) for record in shown]
    data["next_offset"] = page.offset + page.limit if page.offset + page.limit < total else None
    return data
