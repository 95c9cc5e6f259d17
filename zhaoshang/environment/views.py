"""The water-quality pages: every station with its year's and months' classes, alerts and plan tasks; one
station with its samples. Classes come from selectors.py, which owns how a period is classed."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from zhaoshang.accounts.permissions import READING_IMPORT_DENIED, can_import_readings, can_read_water_tasks
from zhaoshang.core.imports.web import sheet_upload_page
from zhaoshang.environment.importers.readings import FIELDS as READING_FIELDS
from zhaoshang.environment.importers.readings import reading_import
from zhaoshang.environment.models import PlanTask
from zhaoshang.environment.selectors import (
    alerts,
    assessments,
    monthly_assessments,
    readings_visible_to,
    samples,
    stations_visible_to,
    water_tasks_visible_to,
)
from zhaoshang.environment.standard import PARAMETERS, STANDARD_NAME, class_label
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR

ALERTS_SHOWN = 30


def _year(request, user) -> int:
    """The year asked for, else the latest year with readings, else this year."""
    text = request.GET.get("year", "").strip()
    if text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    latest = readings_visible_to(user).aggregate(latest=Max("on"))["latest"]
    return latest.year if latest else dt.date.today().year


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _names(keys: list[str]) -> str:
    return "、".join(PARAMETERS[k].name for k in keys)


@login_required
def stations_page(request):
    user = request.user
    year = _year(request, user)
    stations = list(stations_visible_to(user).select_related("zone"))
    yearly = {a.station.pk: a for a in assessments(stations, *_bounds(year))}
    monthly = monthly_assessments(stations, year)
    rows = [{"station": s, "year": yearly.get(s.pk), "months": list(monthly[s.pk].values()),
             "deciding": _names(yearly[s.pk].classed.deciding) if s.pk in yearly else ""} for s in stations]
    assessed = list(yearly.values())
    tasks = water_tasks_visible_to(user, PlanTask.objects.select_related("owner", "station"))
    return render(request, "environment/stations.html", {
        "nav": "environment", "year": year, "rows": rows, "months": range(1, 13), "standard": STANDARD_NAME,
        "on_target": sum(1 for a in assessed if a.on_target), "assessed": len(assessed),
        "alerts": [_alert(a) for a in alerts(stations, *_bounds(year))[:ALERTS_SHOWN]],
        "tasks": [(t, t.is_overdue()) for t in tasks], "can_read_tasks": can_read_water_tasks(user),
        "can_import": can_import_readings(user),
    })


def _alert(sample) -> dict:
    return {"sample": sample, "parameters": _names(sample.below_target)}


@login_required
def station_page(request, pk: int):
    user = request.user
    station = get_object_or_404(stations_visible_to(user), pk=pk)
    year = _year(request, user)
    yearly = assessments([station], *_bounds(year))
    found = sorted(samples([station], *_bounds(year)), key=lambda s: s.on, reverse=True)
    measured = {key for sample in found for key in sample.values}
    parameters = [p for p in PARAMETERS.values() if p.key in measured]
    return render(request, "environment/station.html", {
        "nav": "environment", "station": station, "year": year, "standard": STANDARD_NAME,
        "yearly": yearly[0] if yearly else None, "parameters": parameters,
        "months": list(monthly_assessments([station], year)[station.pk].items()),
        "samples": [_sample_row(s, parameters) for s in found],
        "tasks": [(t, t.is_overdue()) for t in water_tasks_visible_to(user, station.tasks.select_related("owner"))],
    })


def _sample_row(sample, parameters) -> dict:
    cells = []
    for p in parameters:
        value, number = sample.values.get(p.key), sample.classed.by_parameter.get(p.key)
        cells.append((f"{value.normalize():f}" if value is not None else None, class_label(number) if number else ""))
    return {"sample": sample, "cells": cells, "alert": _names(sample.below_target)}


@login_required
def reading_import_page(request):
    """Upload monitoring readings (断面, 日期, 项目, 数值…): all rows or none; a reading already stored for the
    station, day and parameter is updated."""
    return sheet_upload_page(request, importer=reading_import, fields=READING_FIELDS, allowed=can_import_readings,
                             denied=READING_IMPORT_DENIED, template="environment/import.html",
                             context={"nav": "environment", "done_url": reverse("environment:stations"),
                                      "done_label": "查看水环境"})
