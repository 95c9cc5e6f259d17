"""Indicators over the API: the zone's reported series and each observation with its source.

Indicators are zone-wide published figures (cases handled online, water quality…), not a carrier's
records, so every signed-in role may read them, partners included — as with the KPI values.
"""

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from zhaoshang.api_auth import api_user
from zhaoshang.core.schemas import ZoneRef
from zhaoshang.indicators.models import Indicator
from zhaoshang.indicators.selectors import indicators_visible_to, observations_visible_to
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR
from zhaoshang.zones.selectors import zone_resolve

router = Router(tags=["指标"])


class IndicatorOut(Schema):
    id: int
    zone: ZoneRef
    key: str
    name: str
    unit: str
    aggregation: str
    aggregation_label: str = Field(..., alias="get_aggregation_display")
    annual_target: Decimal | None
    description: str


class DocumentRef(Schema):
    id: int
    title: str | None = None


class ObservationOut(Schema):
    id: int
    on: dt.date = Field(..., description="统计截止日期")
    value: Decimal
    source: str
    document: DocumentRef | None
    span: str


class IndicatorFilters(Schema):
    zone: str = ""


class ObservationFilters(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description=f"{MIN_YEAR}–{MAX_YEAR}")


@router.get("", response=list[IndicatorOut], summary="指标列表")
def indicators_list(request, filters: Query[IndicatorFilters]):
    qs = indicators_visible_to(api_user(request), Indicator.objects.select_related("zone"))
    if filters.zone:
        qs = qs.filter(zone=zone_resolve(filters.zone))
    return list(qs)


@router.get("/{int:indicator_id}", response=IndicatorOut, summary="指标详情")
def indicators_detail(request, indicator_id: int):
    return get_object_or_404(indicators_visible_to(api_user(request), Indicator.objects.select_related("zone")),
                             pk=indicator_id)


@router.get("/{int:indicator_id}/observations", response=list[ObservationOut], summary="指标观测值")
def observations_list(request, indicator_id: int, filters: Query[ObservationFilters]):
    user = api_user(request)
    indicator = get_object_or_404(indicators_visible_to(user), pk=indicator_id)
    qs = observations_visible_to(user, indicator.observations.select_related("document"))
    if filters.year:
        qs = qs.filter(on__year=filters.year)
    return list(qs)
