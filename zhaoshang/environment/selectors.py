"""Reads of stations, readings and tasks that respect who may see what, and the classes built from them.

Water-quality readings are the zone's published environmental figures: every signed-in user reads them,
partners included, as with the indicators. The special plan's tasks are internal (accounts/permissions.py).

How a station is classed, once for every page, the API and the KPI:
- a sample (one station, one date) takes the class of its worst parameter;
- a month or a year takes the class of each parameter's mean over the period, then the worst parameter
  (standard.means), so one bad month shows in the month and an alert but does not by itself decide a year;
- a station is on target for a period when that class is its target class or better.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from zhaoshang.accounts.permissions import can_read_water_tasks
from zhaoshang.environment.models import PlanTask, Reading, Station
from zhaoshang.environment.standard import Classed, class_of, means


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def stations_visible_to(user, queryset: QuerySet[Station] | None = None) -> QuerySet[Station]:
    qs = Station.objects.all() if queryset is None else queryset
    return qs if _signed_in(user) else qs.none()


def readings_visible_to(user, queryset: QuerySet[Reading] | None = None) -> QuerySet[Reading]:
    qs = Reading.objects.all() if queryset is None else queryset
    return qs if _signed_in(user) else qs.none()


def water_tasks_visible_to(user, queryset: QuerySet[PlanTask] | None = None) -> QuerySet[PlanTask]:
    qs = PlanTask.objects.all() if queryset is None else queryset
    return qs if can_read_water_tasks(user) else qs.none()


@dataclass(frozen=True)
class Assessment:
    """A station's class over a period, from the mean of each parameter."""

    station: Station
    classed: Classed
    means: dict[str, Decimal]
    samples: int

    @property
    def on_target(self) -> bool:
        return self.classed.number is not None and self.classed.number <= self.station.target_class


@dataclass(frozen=True)
class Sample:
    """One station's readings on one date, classed together."""

    station: Station
    on: dt.date
    values: dict[str, Decimal]
    classed: Classed

    @property
    def below_target(self) -> list[str]:
        """The parameters worse than the station's target class: an alert when there is any."""
        return self.classed.worse_than(self.station.target_class)


def _readings(stations, start: dt.date, end: dt.date):
    return (Reading.objects.filter(station__in=stations, on__range=(start, end))
            .order_by("station_id", "on", "parameter").values_list("station_id", "on", "parameter", "value"))


def samples(stations, start: dt.date, end: dt.date) -> list[Sample]:
    """Every sample of the stations in the period, by station and date."""
    by_id = {s.pk: s for s in stations}
    grouped: dict[tuple[int, dt.date], dict[str, Decimal]] = defaultdict(dict)
    for station_id, on, parameter, value in _readings(list(by_id.values()), start, end):
        grouped[station_id, on][parameter] = value
    return [Sample(by_id[sid], on, values, class_of(values, by_id[sid].water_body))
            for (sid, on), values in grouped.items()]


def alerts(stations, start: dt.date, end: dt.date) -> list[Sample]:
    """Samples in the period worse than their station's target class, newest first."""
    return sorted((s for s in samples(stations, start, end) if s.below_target), key=lambda s: s.on, reverse=True)


def _assessed(station: Station, station_samples: list[Sample]) -> Assessment:
    period = means((p, v) for s in station_samples for p, v in s.values.items())
    return Assessment(station, class_of(period, station.water_body), period, len(station_samples))


def assessments(stations, start: dt.date, end: dt.date) -> list[Assessment]:
    """Each station with readings in the period, classed by its period means; stations without are left out."""
    by_station: dict[int, list[Sample]] = defaultdict(list)
    for sample in samples(stations, start, end):
        by_station[sample.station.pk].append(sample)
    return [_assessed(station, by_station[station.pk]) for station in stations if by_station.get(station.pk)]


def monthly_assessments(stations, year: int) -> dict[int, dict[int, Assessment | None]]:
    """Each station's class in each month of the year, by station id then month (None: no readings)."""
    grouped: dict[tuple[int, int], list[Sample]] = defaultdict(list)
    for sample in samples(stations, dt.date(year, 1, 1), dt.date(year, 12, 31)):
        grouped[sample.station.pk, sample.on.month].append(sample)
    return {station.pk: {month: _assessed(station, grouped[station.pk, month])
                         if grouped.get((station.pk, month)) else None for month in range(1, 13)}
            for station in stations}
