"""Writing the network and planning on it: the demo load, single routes and a batch of shipments."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from zhaoshang.core.errors import UserError
from zhaoshang.logistics import planner
from zhaoshang.logistics.models import Departure, Handling, Link, Node
from zhaoshang.logistics.network_file import DEMO_FILE, network_file_rows
from zhaoshang.logistics.selectors import network_current

READY_FORMAT = "%Y-%m-%d %H:%M"
NO_CAP = frozenset({"none", "any", "off", "不限"})
PICKS = planner.MARKS


def _blank_none(value):
    return None if value in (None, "") else value


@transaction.atomic
def network_load_demo(*, path=DEMO_FILE) -> tuple[int, bool]:
    """Load the demo network once; returns the node count and whether it was created now."""
    rows = network_file_rows(path)
    planner.network_build(**rows)  # the data file is checked by the planner's own rules first
    if Node.objects.filter(key=rows["nodes"][0]["key"]).exists():
        return Node.objects.count(), False
    nodes = {row["key"]: _node_save(row) for row in rows["nodes"]}
    links = {}
    for row in rows["links"]:
        links[row["key"]] = Link.objects.create(
            key=row["key"], origin=nodes[row["from"]], destination=nodes[row["to"]], mode=row["mode"],
            distance_km=Decimal(str(row["distance_km"])), speed_kmh=Decimal(str(row["speed_kmh"])),
            cost_per_teu=Decimal(str(row.get("cost_per_teu") or 0)),
            cost_per_tkm=Decimal(str(row.get("cost_per_tkm") or 0)),
            co2_g_per_tkm=Decimal(str(row["co2_g_per_tkm"])), co2_g_per_tkm_source=row["co2_g_per_tkm_source"],
            capacity_teu=_blank_none(row.get("capacity_teu")), sources=row["sources"])
    for row in rows["departures"]:
        Departure.objects.create(link=links[row["link"]], departs=dt.time.fromisoformat(row["departs"]),
                                 arrives=dt.time.fromisoformat(row["arrives"]),
                                 arrival_day=row.get("arrival_day", 0), cutoff_minutes=row.get("cutoff_minutes", 0),
                                 sources=row["sources"])
    return len(nodes), True


def _node_save(row: dict) -> Node:
    node = Node.objects.create(
        key=row["key"], name=row["name"], kind=row["kind"], lon=Decimal(str(row["lon"])), lat=Decimal(str(row["lat"])),
        customs=row.get("customs", "domestic"), hub_factor=_blank_none(row.get("hub_factor")),
        hub_factor_source=row.get("hub_factor_source", ""), customs_step=row.get("customs_step", ""),
        customs_step_hours=_blank_none(row.get("customs_step_hours")),
        customs_step_fee_per_teu=_blank_none(row.get("customs_step_fee_per_teu")), sources=row["sources"],
        is_demo=True)
    for h in row.get("handling", []):
        Handling.objects.create(node=node, from_mode=h["from"], to_mode=h["to"], hours=Decimal(str(h["hours"])),
                                cost_per_teu=Decimal(str(h.get("cost_per_teu", 0))),
                                cost_per_tonne=Decimal(str(h.get("cost_per_tonne", 0))), sources=h["sources"])
    return node


def ready_parse(text: str) -> dt.datetime:
    """'2026-03-01 08:00' → datetime, or a message saying what was expected."""
    try:
        return dt.datetime.strptime(text.strip(), READY_FORMAT)
    except (ValueError, AttributeError):
        raise UserError(f"备货时间“{text}”应为“YYYY-MM-DD HH:MM”格式，如 2026-03-01 08:00。") from None


def max_changes_parse(text: str | int | None) -> int | None:
    """The mode-change cap a query asks for: blank keeps the default, a whole number sets it, none lifts it."""
    if text is None or str(text).strip() == "":
        return planner.MAX_MODE_CHANGES
    raw = str(text).strip().lower()
    if raw in NO_CAP:
        return None
    if not raw.isdigit():
        raise UserError(f"换装次数上限“{text}”应为不小于 0 的整数，或 none（不限）。")
    return int(raw)


@dataclass
class Plan:
    """A planned shipment: the network it was planned on and its Pareto routes."""

    network: planner.Network
    shipment: planner.Shipment
    routes: list[planner.Route]
    max_changes: int | None = planner.MAX_MODE_CHANGES

    def as_json(self) -> dict:
        s, nodes = self.shipment, self.network.nodes
        return {"from": s.origin, "to": s.destination, "teu": s.teu, "tonnes": str(s.tonnes),
                "tonnes_per_teu": str(planner.TONNES_PER_TEU), "ready": s.ready.strftime(READY_FORMAT),
                "customs_from": s.customs_from, "customs_to": s.customs_to,
                "max_mode_changes": self.max_changes, "routes": [r.as_json(nodes) for r in self.routes]}


def route_plan(*, origin: str, destination: str, ready: dt.datetime, teu: int | str | None = None,
               tonnes: Decimal | str | None = None, customs_from: str = "domestic", customs_to: str | None = None,
               factors: str | None = None, network: planner.Network | None = None,
               max_changes: int | None = planner.MAX_MODE_CHANGES) -> Plan:
    """The Pareto routes for one shipment; origin and destination by node key or name; routes change mode
    at most `max_changes` times (None: any number)."""
    network = network or network_current()
    if factors:
        network = planner.factors_switch(network, factors)
    shipment = planner.shipment_of(origin=network.node_named(origin).key,
                                   destination=network.node_named(destination).key, ready=ready, teu=teu,
                                   tonnes=tonnes, customs_from=customs_from, customs_to=customs_to)
    return Plan(network, shipment, planner.routes_plan(network, shipment, max_changes=max_changes), max_changes)


@dataclass
class BatchSummary:
    """A batch of shipments planned: the routes picked, the failures by row, and the all-road comparison."""

    pick: str
    picked: list[planner.Route] = field(default_factory=list)
    baseline: list[planner.Route] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        split = planner.modal_split(self.picked)
        total = sum(split.values()) or 1.0
        co2 = sum(r.co2_g for r in self.picked) / 1000
        road = sum(r.co2_g for r in self.baseline) / 1000
        return {
            "pick": self.pick, "shipments": len(self.picked) + len(self.failures), "planned": len(self.picked),
            "failures": self.failures,
            "modal_split_tonne_km": {mode: round(v, 1) for mode, v in split.items()},
            "modal_split_share": {mode: round(v / total, 4) for mode, v in split.items()},
            "total_cost": str(sum((r.cost for r in self.picked), Decimal(0))),
            "total_co2_kg": round(co2, 3), "all_road_co2_kg": round(road, 3),
            "all_road_cost": str(sum((r.cost for r in self.baseline), Decimal(0))),
            "co2_saving_vs_all_road": round(1 - co2 / road, 4) if road else None,
        }


    def sankey(self, nodes: Mapping[str, planner.Node]) -> dict:
        """The modal split as a Sankey diagram's data: origins → modes → destinations, each flow in tonne-km
        (a shipment's tonnes × each leg's distance), so the middle column is the batch's modal split."""
        flows: dict[tuple[str, str], float] = defaultdict(float)
        for route in self.picked:
            start = f"起：{nodes[route.shipment.origin].name}"
            end = f"止：{nodes[route.shipment.destination].name}"
            for leg in route.legs:
                tonne_km = float(route.shipment.tonnes) * leg.link.distance_km
                flows[(start, planner.MODES[leg.link.mode])] += tonne_km
                flows[(planner.MODES[leg.link.mode], end)] += tonne_km
        names = sorted({name for pair in flows for name in pair}, key=_sankey_order)
        return {"nodes": [{"name": name} for name in names],
                "links": [{"source": a, "target": b, "value": round(v, 1)} for (a, b), v in sorted(flows.items())]}


def _sankey_order(name: str) -> tuple[int, str]:
    return (0 if name.startswith("起：") else 2 if name.startswith("止：") else 1, name)


DEMO_SHIPMENTS = Path(__file__).with_name("data") / "demo_shipments.csv"
BATCH_MAX_ROWS = 1000  # a page plans at most this many shipments in one request (about a second)


def _road_only(network: planner.Network) -> planner.Network:
    return planner.Network(network.nodes, [link for link in network.links if link.mode == "road"])


def _picked(routes: list[planner.Route], pick: str) -> planner.Route:
    return next(r for r in routes if pick in r.marks)


def routes_batch(*, text: str, pick: str = "cheapest", network: planner.Network | None = None,
                 max_rows: int | None = None) -> BatchSummary:
    """Plan every shipment of a CSV (from, to, teu or tonnes, ready[, customs_to]) and sum them up; the
    all-road baseline is each shipment's route of the same kind on the road links alone."""
    if pick not in PICKS:
        raise UserError(f"选取方式“{pick}”不是 {'/'.join(PICKS)} 之一。")
    network = network or network_current()
    roads = _road_only(network)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"from", "to", "ready"} - set(reader.fieldnames or ())
    if missing:
        raise UserError(f"批量文件缺少列：{'、'.join(sorted(missing))}（需要 from, to, teu 或 tonnes, ready）。")
    summary = BatchSummary(pick)
    for number, row in enumerate(reader, start=2):
        if max_rows is not None and number - 1 > max_rows:
            raise UserError(f"批量文件超过 {max_rows} 票货物；请拆分后分别规划。")
        try:
            plan = route_plan(origin=row["from"], destination=row["to"], ready=ready_parse(row["ready"]),
                              teu=_blank_none(row.get("teu")), tonnes=_blank_none(row.get("tonnes")),
                              customs_to=_blank_none(row.get("customs_to")), network=network)
        except UserError as exc:
            summary.failures.append(f"第 {number} 行：{exc}")
            continue
        summary.picked.append(_picked(plan.routes, pick))
        try:
            summary.baseline.append(_picked(planner.routes_plan(roads, plan.shipment), pick))
        except UserError:
            summary.failures.append(f"第 {number} 行：没有全程公路的对照路线")
    return summary
