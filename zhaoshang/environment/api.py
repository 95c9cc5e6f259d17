"""Water quality over the API: the sections with their class for a year, and each section's readings.

Readings are the zone's published environmental figures, so every signed-in role reads them, partners
included — as with the indicators (selectors.py)."""

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from zhaoshang.api_auth import api_user
from zhaoshang.environment.selectors import assessments, readings_visible_to, stations_visible_to
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR

router = Router(tags=["水环境"])


class StationOut(Schema):
    id: int
    name: str
    waterway: str
    water_body: str
    target_class: int
    latitude: Decimal | None
    longitude: Decimal | None
    coordinates_estimated: bool
    year: int
    year_class: int | None  # 1–5 for Ⅰ–Ⅴ, 6 for 劣Ⅴ; None without readings in the year
    year_class_label: str | None
    on_target: bool | None


class ReadingOut(Schema):
    id: int
    on: dt.date
    parameter: str
    value: Decimal
    unit: str
    source: str


class YearFilter(Schema):
    year: int = Field(2020, ge=MIN_YEAR, le=MAX_YEAR, description=f"{MIN_YEAR}–{MAX_YEAR}")


@router.get("/stations", response=list[StationOut], summary="监测断面及年度水质类别")
def stations_list(request, filters: Query[YearFilter]):
    stations = list(stations_visible_to(api_user(request)))
    yearly = {a.station.pk: a for a in assessments(stations, dt.date(filters.year, 1, 1),
                                                   dt.date(filters.year, 12, 31))}
    return [StationOut(id=s.pk, name=s.name, waterway=s.waterway, water_body=s.water_body,
                       target_class=s.target_class, latitude=s.latitude, longitude=s.longitude,
                       coordinates_estimated=s.coordinates_estimated, year=filters.year,
                       year_class=yearly[s.pk].classed.number if s.pk in yearly else None,
                       year_class_label=yearly[s.pk].classed.label if s.pk in yearly else None,
                       on_target=yearly[s.pk].on_target if s.pk in yearly else None) for s in stations]


@router.get("/stations/{int:station_id}/readings", response=list[ReadingOut], summary="断面监测数据")
def readings_list(request, station_id: int, filters: Query[YearFilter]):
    user = api_user(request)
    station = get_object_or_404(stations_visible_to(user), pk=station_id)
    return list(readings_visible_to(user, station.readings.filter(on__year=filters.year)))
