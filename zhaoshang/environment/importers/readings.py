"""`reading_import`: a sheet of water readings, one parameter a row, all rows or none.

A row names its station by the station's name in the zone, a parameter by its Chinese name, code or an
alias from the standard's data file (氨氮, NH3-N…), and a value in the parameter's unit. A reading already
stored for the same station, date and parameter is updated if the row says otherwise, else left alone:
the same file imported twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied

from zhaoshang.accounts.permissions import READING_IMPORT_DENIED, can_import_readings
from zhaoshang.core.imports import (
    Field,
    Fields,
    ImportResult,
    ImportSpec,
    Limits,
    Report,
    RowReport,
    SheetRow,
    parse_date,
    sheet_import,
    text,
)
from zhaoshang.environment.models import Reading, Station
from zhaoshang.environment.standard import PARAMETERS, Parameter, parameter_named
from zhaoshang.zones.models import Zone
from zhaoshang.zones.selectors import zone_resolve

FIELDS = Fields([
    Field("station", "断面", ("站点", "断面名称", "监测断面", "站点名称", "点位", "station"), required=True),
    Field("on", "日期", ("采样日期", "监测日期", "采样时间", "监测时间", "date"), required=True),
    Field("parameter", "项目", ("指标", "监测项目", "监测指标", "参数", "parameter"), required=True),
    Field("value", "数值", ("监测值", "浓度", "结果", "测定值", "value"), required=True),
    Field("unit", "单位", ("计量单位", "unit")),
    Field("source", "来源", ("数据来源", "监测单位", "source")),
])
PLACES = Decimal("0.0001")  # what Reading.value stores
BELOW_DETECTION = ("L", "<", "＜", "ND", "未检出")


@dataclass(frozen=True, slots=True)
class _Value:
    row: int
    station: str
    on: dt.date
    parameter: str
    value: Decimal
    unit: str
    source: str  # "" when the row names none: a new reading then names the file, a stored one keeps its own


@dataclass(slots=True)
class _Plan:
    value: _Value
    station_id: int
    reading_id: int | None = None


def _parameter(cell) -> Parameter:
    found = parameter_named(text(cell))
    if found is None:
        names = "、".join(f"{p.name}（{p.aliases[0]}）" if p.aliases else p.name for p in PARAMETERS.values())
        raise ValueError(f"无法识别监测项目“{text(cell)}”；可填：{names}")
    return found


def _number(cell) -> Decimal:
    raw = text(cell)
    if any(mark in raw.upper() for mark in BELOW_DETECTION):
        raise ValueError(f"“{raw}”是低于检出限的写法，不能作为数值导入；请按监测规范填写数值（如检出限的一半）")
    try:
        number = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"无法识别数值“{raw}”") from None
    if not number.is_finite():
        raise ValueError(f"无法识别数值“{raw}”")
    if number < 0:
        raise ValueError(f"数值“{raw}”不能为负数")
    return number.quantize(PLACES)


def _date(cell, today: dt.date) -> dt.date:
    on = parse_date(cell)
    if on > today:
        raise ValueError(f"采样日期 {on} 在今天之后")
    return on


class ReadingSheet(ImportSpec[_Value, _Plan]):
    """A sheet of readings for the stations of one zone."""

    fields = FIELDS
    duplicate_field = "parameter"
    duplicate_reason = "与第 {row} 行重复（同一断面、日期和项目）"

    def __init__(self, *, zone: Zone, filename: str):
        self.zone, self.filename = zone, filename
        self.today = dt.date.today()

    def parse(self, row: SheetRow) -> _Value | None:
        station = text(row.cell("station"))
        if not station:
            row.problem("station", "断面不能为空")
        on = row.convert("on", _date, self.today)
        parameter = row.convert("parameter", _parameter)
        value = row.convert("value", _number)
        for name, found in (("on", on), ("parameter", parameter), ("value", value)):
            if found is None and not row.refused:
                row.problem(name, f"{FIELDS.label(name)}不能为空")
        unit = text(row.cell("unit"))
        if parameter is not None and unit and not parameter.accepts_unit(unit):
            row.problem("unit", f"单位“{unit}”与{parameter.name}的单位 {parameter.unit} 不符；请换算为 "
                                f"{parameter.unit} 后导入")
        if row.refused:
            return None
        assert on is not None and parameter is not None and value is not None  # each was reported if missing
        return _Value(row.number, station, on, parameter.key, value, parameter.unit, text(row.cell("source")))

    def key(self, value: _Value):
        return value.station, value.on, value.parameter

    def prepare(self, values: list[_Value], report: Report) -> None:
        self.stations = {s.name: s for s in Station.objects.filter(zone=self.zone)}
        dates = [v.on for v in values] or [self.today]
        stored = Reading.objects.filter(station__zone=self.zone, on__range=(min(dates), max(dates)))
        self.stored = {(r.station_id, r.on, r.parameter): r for r in stored}

    def find(self, value: _Value):
        station = self.stations.get(value.station)
        return self.stored.get((station.pk, value.on, value.parameter)) if station else None

    def plan_new(self, value: _Value, row: RowReport) -> _Plan | None:
        station = self.stations.get(value.station)
        if station is None:
            known = "、".join(self.stations) or "（无，请先在管理后台添加监测断面）"
            row.problem("station", f"{self.zone.name}没有名为“{value.station}”的监测断面；已有：{known}")
            return None
        return _Plan(value, station.pk)

    def plan_update(self, value: _Value, stored: Reading, row: RowReport) -> _Plan | None:
        # An empty source cell leaves the stored source alone: an import adds and corrects, it never erases.
        if stored.value == value.value and value.source in ("", stored.source):
            return None
        return _Plan(value, stored.station_id, stored.pk)

    def write(self, plans: list[_Plan], report: Report) -> None:
        new = [p for p in plans if p.reading_id is None]
        Reading.objects.bulk_create([self._reading(p, p.value.source or f"导入 {self.filename}") for p in new],
                                    batch_size=1000)
        for fields, changed in ((["value", "unit"], [p for p in plans if p.reading_id and not p.value.source]),
                                (["value", "unit", "source"], [p for p in plans if p.reading_id and p.value.source])):
            Reading.objects.bulk_update([self._reading(p, p.value.source) for p in changed], fields, batch_size=1000)

    def _reading(self, plan: _Plan, source: str) -> Reading:
        v = plan.value
        return Reading(pk=plan.reading_id, station_id=plan.station_id, on=v.on, parameter=v.parameter,
                       value=v.value, unit=v.unit, source=source)


def reading_import(*, user, file, filename: str, dry_run: bool = False, zone: Zone | None = None,
                   limits: Limits | None = None) -> ImportResult:
    """Import water readings from an .xlsx or .csv file (a path or a binary file object), all rows or none.

    The zone is the only one in the database unless given."""
    if not can_import_readings(user):
        raise PermissionDenied(READING_IMPORT_DENIED)
    sheet = ReadingSheet(zone=zone or zone_resolve(None), filename=filename)
    return sheet_import(sheet, file=file, filename=filename, dry_run=dry_run, limits=limits)
