"""The demo's stations, 2020 readings and special-plan tasks. Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from importlib import resources

from zhaoshang.core.imports import ImportResult, sheet_import
from zhaoshang.environment.importers import ReadingSheet
from zhaoshang.environment.models import PlanTask, Station
from zhaoshang.zones.models import Zone

DATA = resources.files("zhaoshang.environment").joinpath("data")
READINGS = "demo_readings_2020.csv"


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def environment_demo_load(*, zone: Zone) -> ImportResult:
    """Stations and tasks by name, then the readings through the readings import (which skips what is stored)."""
    demo = tomllib.loads(DATA.joinpath("demo_stations.toml").read_text("utf-8"))
    stations = {row["name"]: _station(zone, row, demo["source"]) for row in demo["stations"]}
    for row in demo["tasks"]:
        PlanTask.objects.get_or_create(zone=zone, title=row["title"], defaults={
            "kind": row["kind"], "owner_unit": row.get("owner_unit", ""), "status": row["status"],
            "station": stations.get(row.get("station", "")), "starts_on": _date(row.get("starts_on")),
            "due_on": _date(row.get("due_on")), "done_on": _date(row.get("done_on"))})
    with resources.as_file(DATA.joinpath(READINGS)) as path:
        result = sheet_import(ReadingSheet(zone=zone, filename=READINGS), file=path, filename=READINGS)
    if not result.ok:  # the shipped file is checked by tests; a problem here is a broken checkout
        raise RuntimeError("; ".join(map(str, result.problems)))
    return result


def _station(zone: Zone, row: dict, source: str) -> Station:
    return Station.objects.get_or_create(zone=zone, name=row["name"], defaults={
        "waterway": row["waterway"], "water_body": row["water_body"], "target_class": row["target_class"],
        "latitude": Decimal(row["latitude"]), "longitude": Decimal(row["longitude"]),
        "coordinates_estimated": True, "coordinates_source": source})[0]
