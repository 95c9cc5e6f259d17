"""`network_import`: nodes, links and departures from spreadsheets through the shared import core.

The core reads one worksheet per file, so the network comes as up to three files (.xlsx or .csv), one per
table; which table a file holds is told by its headers (Chinese or English). All files go in or none:
they are imported in one transaction, nodes first, and a file after a bad one is only checked, so every
bad cell of every file is named (file:row:column: reason) and nothing is written. A link may name nodes of
the network or of the nodes file, a departure links of either. Rows equal to what is stored change nothing,
so importing the same files twice writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.db import models, transaction

from zhaoshang.core.errors import UserError
from zhaoshang.core.imports import (
    Field,
    Fields,
    FileRefused,
    ImportResult,
    ImportSpec,
    Problem,
    Report,
    RowReport,
    SheetRow,
    limits_from_settings,
    sheet_import,
    text,
)
from zhaoshang.core.imports.headers import HEADER_SEARCH_ROWS
from zhaoshang.core.imports.readers import opened
from zhaoshang.logistics.models import ESTIMATE, Departure, Link, Node
from zhaoshang.logistics.planner import BASES, CUSTOMS, KINDS, MODES

YES = frozenset({"是", "y", "yes", "true", "1", "估算", "e"})
NO = frozenset({"否", "n", "no", "false", "0", ""})


def _source_fields() -> tuple[Field, Field]:
    return (Field("source", "来源", ("数据来源", "source")),
            Field("estimate", "是否估算", ("估算", "estimate")))


NODE_FIELDS = Fields([
    Field("key", "节点键", ("键", "key"), required=True),
    Field("name", "名称", ("节点名称", "name"), required=True),
    Field("kind", "类型", ("节点类型", "kind"), required=True),
    Field("lon", "经度", ("lon", "longitude"), required=True),
    Field("lat", "纬度", ("lat", "latitude"), required=True),
    Field("customs", "海关状态", ("customs",)),
    *_source_fields(),
])
LINK_FIELDS = Fields([
    Field("key", "线路键", ("键", "key")),
    Field("origin", "起点", ("起点键", "from"), required=True),
    Field("destination", "终点", ("终点键", "to"), required=True),
    Field("mode", "方式", ("运输方式", "mode"), required=True),
    Field("distance_km", "距离（公里）", ("距离", "距离(km)", "distance_km"), required=True),
    Field("speed_kmh", "速度（公里/小时）", ("速度", "速度(km/h)", "speed_kmh"), required=True),
    Field("cost_per_teu", "运价（元/TEU）", ("元/TEU", "cost_per_teu")),
    Field("cost_per_tkm", "运价（元/吨公里）", ("元/吨公里", "cost_per_tkm")),
    Field("co2_g_per_tkm", "排放因子（g CO2e/吨公里）", ("排放因子", "gCO2/tkm", "co2_g_per_tkm"), required=True),
    Field("co2_source", "排放因子来源", ("co2_source", "co2_g_per_tkm_source")),
    Field("basis", "排放口径", ("basis", "co2_g_per_tkm_basis")),
    Field("capacity_teu", "每班运力（TEU）", ("运力", "capacity_teu")),
    *_source_fields(),
])
DEPARTURE_FIELDS = Fields([
    Field("link", "线路键", ("线路", "link"), required=True),
    Field("departs", "出发", ("出发时间", "departs"), required=True),
    Field("arrives", "到达", ("到达时间", "arrives"), required=True),
    Field("arrival_day", "到达为出发后第几天", ("跨天", "arrival_day")),
    Field("cutoff_minutes", "截止（出发前分钟）", ("截止", "截止分钟", "cutoff_minutes")),
    *_source_fields(),
])


# ---- cells -------------------------------------------------------------------------------------------

def _decimal(value, positive: bool = False) -> Decimal:
    try:
        number = Decimal(text(value).replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"“{text(value)}”不是数字") from None
    if not number.is_finite():
        raise ValueError(f"“{text(value)}”不是数字")
    if number < 0 or (positive and number == 0):
        raise ValueError(f"不能为{'零或' if positive else ''}负数（{text(value)}）")
    return number


def _whole(value) -> int:
    number = _decimal(value)
    if number != number.to_integral_value():
        raise ValueError(f"应为整数（{text(value)}）")
    return int(number)


def _degrees(value, low: int, high: int) -> Decimal:
    number = Decimal(text(value)) if text(value).lstrip("-").replace(".", "", 1).isdigit() else None
    if number is None or not low <= number <= high:
        raise ValueError(f"“{text(value)}”不是 {low} 到 {high} 之间的度数")
    return number.quantize(Decimal("0.00001"))


def _clock(value) -> dt.time:
    """A time cell: a time or datetime, an Excel fraction of a day, or text such as 08:30."""
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:
        total = round(value * 24 * 60)
        return dt.time(total // 60, total % 60)
    raw = text(value).replace("：", ":")
    try:
        hours, minutes = raw.split(":")[:2]
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"“{raw}”不是 HH:MM 格式的时间，如 08:30") from None


def _choice(allowed: dict[str, str]):
    by_label = {label: key for key, label in allowed.items()}

    def parse(value) -> str:
        raw = text(value)
        if raw.lower() in allowed:
            return raw.lower()
        if raw in by_label:
            return by_label[raw]
        options = "、".join(f"{label}（{key}）" for key, label in allowed.items())
        raise ValueError(f"“{raw}”不是以下之一：{options}")
    return parse


def _sources(row: SheetRow, parameters: Sequence[str], present: dict[str, object]) -> dict:
    """Each parameter the row gives, with the row's source; no source: an estimate, as the models read it."""
    source = text(row.cell("source"))
    flag = text(row.cell("estimate")).lower()
    if flag not in YES | NO:
        row.problem("estimate", f"“{flag}”应为“是”或“否”")
    estimate = not source or flag in YES
    return {p: {"source": source or ESTIMATE, "estimate": estimate}
            for p in parameters if present.get(p) not in (None, "")}


# ---- the three tables ----------------------------------------------------------------------------------

class _Table(ImportSpec[dict, tuple[Any, dict]]):
    """A network table: rows become field dicts; a plan is (stored record or None, fields to write)."""

    model: ClassVar[type[models.Model]]
    table: ClassVar[str]

    def __init__(self, *, nodes: set[str], links: set[str]):
        self.nodes, self.links = nodes, links  # keys known: stored, or in an earlier file
        self.stored: dict = {}

    def key(self, value: dict):
        return value["key"]

    def find(self, value: dict):
        return self.stored.get(value["key"])

    def plan_new(self, value: dict, row: RowReport):
        return None, value

    def plan_update(self, value: dict, stored: Any, row: RowReport):
        fields = self._fields(value)
        if all(getattr(stored, name) == wanted for name, wanted in fields.items()):
            return None
        return stored, value

    def _fields(self, value: dict) -> dict:
        return {k: v for k, v in value.items() if k != "key"}

    def write(self, plans: list[tuple[Any, dict]], report: Report) -> None:
        for stored, value in plans:
            fields = self._fields(value)
            if stored is None:
                self.model._default_manager.create(**self._identity(value), **fields)
            else:
                for name, wanted in fields.items():
                    setattr(stored, name, wanted)
                stored.save()

    def _identity(self, value: dict) -> dict:
        return {"key": value["key"]}


class NodeTable(_Table):
    fields = NODE_FIELDS
    duplicate_field = "key"
    duplicate_reason = "节点键与第 {row} 行重复"
    model = Node
    table = "节点"

    def parse(self, row: SheetRow) -> dict | None:
        key = text(row.cell("key"))
        if not key or not key.replace("_", "").replace("-", "").isalnum() or not key.isascii():
            row.problem("key", f"节点键“{key}”只能由英文字母、数字、下划线和连字符组成" if key else "节点键不能为空")
        else:
            self.nodes.add(key)  # a bad cell elsewhere in the row is its own problem, not the links' too
        value = {"key": key, "name": text(row.cell("name")),
                 "kind": row.convert("kind", _choice(KINDS)),
                 "lon": row.convert("lon", _degrees, -180, 180), "lat": row.convert("lat", _degrees, -90, 90),
                 "customs": row.convert("customs", _choice(CUSTOMS)) or "domestic"}
        if not value["name"]:
            row.problem("name", "名称不能为空")
        if not row.cell("kind") and not row.refused:
            row.problem("kind", "类型不能为空")
        value["sources"] = _sources(row, ("name", "lon", "lat"), value)
        return value

    def prepare(self, values: list[dict], report: Report) -> None:
        self.stored = Node.objects.in_bulk([v["key"] for v in values], field_name="key")


class LinkTable(_Table):
    fields = LINK_FIELDS
    duplicate_field = "key"
    duplicate_reason = "与第 {row} 行是同一条线路（起点、终点和方式相同，或线路键相同）"
    model = Link
    table = "线路"
    PARAMETERS = ("distance_km", "speed_kmh", "cost_per_teu", "cost_per_tkm", "co2_g_per_tkm", "capacity_teu")

    def parse(self, row: SheetRow) -> dict | None:
        value: dict[str, Any] = {}
        for end in ("origin", "destination"):
            value[end] = key = text(row.cell(end))
            if key not in self.nodes:
                row.problem(end, f"节点“{key}”不存在：节点表和现有网络中都没有这个节点键" if key else "不能为空")
        value["mode"] = row.convert("mode", _choice(MODES))
        if value["mode"] is None and not row.refused:
            row.problem("mode", "方式不能为空")
        for name in ("distance_km", "speed_kmh"):
            value[name] = row.convert(name, _decimal, True)
        for name in ("cost_per_teu", "cost_per_tkm"):
            value[name] = row.convert(name, _decimal) or Decimal(0)
        value["co2_g_per_tkm"] = row.convert("co2_g_per_tkm", _decimal)
        value["capacity_teu"] = row.convert("capacity_teu", _whole)
        value["co2_g_per_tkm_basis"] = row.convert("basis", _choice({b: b for b in BASES})) or "WTW"
        value["sources"] = _sources(row, self.PARAMETERS, value)
        value["co2_g_per_tkm_source"] = text(row.cell("co2_source")) or text(row.cell("source")) or ESTIMATE
        value["key"] = text(row.cell("key")) or f"{value['origin']}-{value['destination']}-{value['mode']}"
        self.links.add(value["key"])
        return value

    def prepare(self, values: list[dict], report: Report) -> None:
        self.stored = Link.objects.select_related("origin", "destination").in_bulk(
            [v["key"] for v in values], field_name="key")

    def plan_update(self, value: dict, stored: Any, row: RowReport):
        ends = (stored.origin.key, stored.destination.key) == (value["origin"], value["destination"])
        return super().plan_update(value, stored, row) if ends else (stored, value)

    def _fields(self, value: dict) -> dict:
        return {k: v for k, v in value.items() if k not in ("key", "origin", "destination")}

    def write(self, plans: list[tuple[Any, dict]], report: Report) -> None:
        nodes = Node.objects.in_bulk({v[end] for _, v in plans for end in ("origin", "destination")},
                                     field_name="key")
        for stored, value in plans:
            link = stored or Link(key=value["key"])
            for name, wanted in self._fields(value).items():
                setattr(link, name, wanted)
            link.origin, link.destination = nodes[value["origin"]], nodes[value["destination"]]
            link.save()


class DepartureTable(_Table):
    fields = DEPARTURE_FIELDS
    duplicate_field = "departs"
    duplicate_reason = "同一线路同一出发时间已在第 {row} 行"
    model = Departure
    table = "班期"

    def parse(self, row: SheetRow) -> dict | None:
        link = text(row.cell("link"))
        if link not in self.links:
            row.problem("link", f"线路“{link}”不存在：线路表和现有网络中都没有这个线路键（起点键-终点键-方式）"
                        if link else "线路键不能为空")
        value = {"link": link, "departs": row.convert("departs", _clock), "arrives": row.convert("arrives", _clock),
                 "arrival_day": row.convert("arrival_day", _whole) or 0,
                 "cutoff_minutes": row.convert("cutoff_minutes", _whole) or 0}
        departs, arrives = value["departs"], value["arrives"]
        if departs and arrives and value["arrival_day"] == 0 and arrives <= departs:
            row.problem("arrives", f"到达 {arrives:%H:%M} 不晚于出发 {departs:%H:%M}；"
                                   "次日到达请在“到达为出发后第几天”填 1")
        value["sources"] = _sources(row, ("departs", "arrives", "cutoff_minutes"), value)
        value["key"] = (link, departs)
        return value

    def prepare(self, values: list[dict], report: Report) -> None:
        links = {v["link"] for v in values}
        self.stored = {(d.link.key, d.departs): d
                       for d in Departure.objects.select_related("link").filter(link__key__in=links)}

    def _fields(self, value: dict) -> dict:
        return {k: v for k, v in value.items() if k not in ("key", "link")}

    def _identity(self, value: dict) -> dict:
        return {"link": self.link_objects[value["link"]]}

    def write(self, plans: list[tuple[Any, dict]], report: Report) -> None:
        self.link_objects = Link.objects.in_bulk({v["link"] for _, v in plans}, field_name="key")
        super().write(plans, report)


TABLES: tuple[type[_Table], ...] = (NodeTable, LinkTable, DepartureTable)  # the order they are written in


# ---- the files together ----------------------------------------------------------------------------------

@dataclass
class NetworkImport:
    """What a network import did: each file's result, and problems that belong to no one file."""

    results: list[ImportResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and all(r.ok for r in self.results)

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for r in self.results for p in r.problems)]

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def summary(self) -> str:
        if not self.ok:
            return f"导入未完成，未写入任何数据：共 {len(self.all_problems)} 处问题"
        return "\n".join(r.summary for r in self.results)


def _table_of(file, filename: str) -> type[_Table]:
    """Which table a file holds, told by the headers of its first rows (a departures file names a link too)."""
    with opened(file, filename, limits_from_settings()) as rows:
        for seen, (_, cells) in enumerate(rows):
            for table in (DepartureTable, LinkTable, NodeTable):
                named = {table.fields.match(str(c))[0] for c in cells if c is not None}
                if all(f.name in named for f in table.fields.required):
                    return table
            if seen + 1 >= HEADER_SEARCH_ROWS:
                break
    raise FileRefused("看不出是哪张表：节点表需要“节点键、名称、类型、经度、纬度”列，线路表需要“起点、终点、方式、"
                      "距离、速度、排放因子”列，班期表需要“线路键、出发、到达”列（中文或英文表头）")


def network_import(*, files: Sequence[tuple[str, Any]], dry_run: bool = False) -> NetworkImport:
    """Import (filename, path or file object) pairs, one per table, all or nothing; see the module doc."""
    outcome = NetworkImport(dry_run=dry_run)
    by_table: dict[type[_Table], tuple[str, Any]] = {}
    for filename, file in files:
        try:
            table = _table_of(file, filename)
        except FileRefused as exc:
            outcome.problems.append(Problem(filename, exc.row, exc.column, exc.reason))
            continue
        if table in by_table:
            outcome.problems.append(Problem(filename, None, "", f"与 {by_table[table][0]} 都是{table.table}表；"
                                                                f"每张表只能有一个文件"))
            continue
        by_table[table] = (filename, file)
    with transaction.atomic():
        nodes = set(Node.objects.values_list("key", flat=True))
        links = set(Link.objects.values_list("key", flat=True))
        for table in TABLES:
            if table not in by_table:
                continue
            filename, file = by_table[table]
            spec = table(nodes=nodes, links=links)
            outcome.results.append(sheet_import(spec, file=file, filename=filename,
                                                dry_run=dry_run or not outcome.ok))
        if outcome.ok:
            _check_network(outcome)
        if not outcome.written:
            transaction.set_rollback(True)
    return outcome


def _check_network(outcome: NetworkImport) -> None:
    """The planner's own rules over the network as it would be: what they refuse is refused here too."""
    from zhaoshang.logistics.selectors import network_current

    try:
        network_current()
    except UserError as exc:
        for problem in getattr(exc, "problems", [str(exc)]):
            outcome.problems.append(Problem("网络", None, "", problem))
