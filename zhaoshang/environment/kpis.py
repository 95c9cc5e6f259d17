"""The water KPI's computation, registered with the KPI catalogue's `@computation` (kpis/computations.py
imports this module at its end)."""

from __future__ import annotations

from zhaoshang.environment.models import Station
from zhaoshang.environment.selectors import assessments
from zhaoshang.environment.standard import STANDARD_NAME
from zhaoshang.kpis.computations import Result, _ratio, computation


@computation
def water_sections_on_target(zone, period, params) -> Result:
    """Sections with readings in the period whose class (period mean of each parameter) meets their target."""
    stations = list(Station.objects.filter(zone=zone).order_by("id"))
    assessed = assessments(stations, period.start, period.end)
    on_target = [a for a in assessed if a.on_target]
    notes = [f"{len(on_target)}/{len(assessed)} 个断面达到目标水质类别（按期间各项目均值，{STANDARD_NAME}）"]
    notes += [f"未达标：{a.station.name}，{a.classed.label}（目标{a.station.target_label}）"
              for a in assessed if not a.on_target]
    unassessed = len(stations) - len(assessed)
    if unassessed:
        notes.append(f"另有 {unassessed} 个断面期间内无监测数据，未计入")
    return Result(_ratio(len(on_target), len(assessed)), "environment.Station",
                  [a.station.pk for a in on_target], notes)
