"""Multimodal freight routing: every Pareto-optimal route over cost, time and CO2 (plain Python, no Django).

The network is built from plain rows (`network_build`), so the database, the demo data file, a spreadsheet
and the tests all feed the same validation. `routes_plan` runs an exact multi-criteria label-setting search
(Martins' algorithm) over states (node, mode the goods arrived by, customs status):

- cost is counted in whole fen, time in whole minutes and CO2e in whole grams, so dominance is exact;
- timetabled links leave only at their departures, and a box must be ready (arrived and handled) by the
  departure's cut-off: ready one minute late means the next departure;
- every transfer at a node pays that node's handling time and cost for the (arriving mode, leaving mode)
  pair and, when the node has a hub factor, the hub's CO2 per tonne handled;
- a customs step (the bonded centre's 一日游, a port declaration) is a loop at the node: it adds its time
  and fee, is a hub element of the carbon statement, and switches the customs status;
- a link whose capacity per departure is below the shipment's TEU is never used.

Waiting is allowed and departures repeat daily, so arriving earlier never hurts: dominance at a state is
safe and the search is exact. Costs and times only grow along a route, so labels are also pruned against
routes already found, using lower bounds to the destination.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from zhaoshang.core.errors import UserError

MODES = {"road": "公路", "rail": "铁路", "inland_waterway": "内河", "sea": "海运"}
KINDS = {"inland_port": "内河港", "rail_yard": "铁路场站", "seaport": "海港", "logistics_park": "物流园区",
         "bonded_centre": "保税物流中心", "city": "城市"}
CUSTOMS = {"domestic": "内贸（已清关）", "bonded": "保税（海关监管）"}
BASES = {"WTW": "油井到车轮", "TTW": "油箱到车轮"}
MARKS = {"cheapest": "最省钱", "fastest": "最快", "greenest": "最低碳"}

# Tonnes of cargo in one loaded TEU when only one of the two is known. 10 t is the GLEC Framework's default
# average load of a TEU (also Searoutes' default for full containers); the planner takes another figure.
TONNES_PER_TEU = Decimal(10)

# Published per-mode sets (g CO2e per tonne-km) that can replace each link's own factor.
FACTOR_SETS = {
    "cefic2011": {"label": "CEFIC/ECTA 2011", "basis": "WTW",
                  "road": 62.0, "rail": 22.0, "inland_waterway": 31.0, "sea": 8.0},
    "nl2014": {"label": "CE Delft STREAM 2014（荷兰）", "basis": "WTW",
               "road": 90.3, "rail": 11.3, "inland_waterway": 38.6, "sea": 8.0},
}
DEFAULT_FACTOR_SET = "cefic2011"

DAY = 24 * 60
FEN = Decimal("0.01")


class NetworkError(UserError):
    """A network that cannot be planned on; `problems` names every bad row."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("网络数据有误：" + "；".join(problems))


class NoRoute(UserError):
    """No route can serve the shipment; the message says why."""


# ---------------------------------------------------------------------------------------------- the network


@dataclass(frozen=True, slots=True)
class Factor:
    """An emission factor with where it comes from: g/tkm for a leg, kg per tonne handled for a hub."""

    value: float
    source: str
    basis: str = "WTW"


@dataclass(frozen=True, slots=True)
class Handling:
    """What moving a box from one mode to another costs at a node."""

    minutes: int
    cost_per_teu: Decimal = Decimal(0)
    cost_per_tonne: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class CustomsStep:
    """A loop at a node that switches customs status: the bonded centre's 一日游, a port declaration."""

    name: str
    minutes: int
    fee_per_teu: Decimal


@dataclass(frozen=True, slots=True)
class Node:
    """A terminal, hub or city."""

    key: str
    name: str
    kind: str
    lon: float
    lat: float
    customs: str = "domestic"
    handling: Mapping[tuple[str, str], Handling] = field(default_factory=dict)
    hub_factor: Factor | None = None
    customs_step: CustomsStep | None = None

    def transfer(self, arriving: str, leaving: str) -> Handling | None:
        """The handling for this pair; a truck drives through a node that names no road-to-road handling."""
        found = self.handling.get((arriving, leaving))
        if found is None and arriving == leaving == "road":
            return THROUGH
        return found


THROUGH = Handling(0)


@dataclass(frozen=True, slots=True)
class Departure:
    """A daily departure: leaves at `departs` minutes after midnight, arrives `transit` minutes later; boxes
    must be ready `cutoff` minutes before it leaves."""

    departs: int
    transit: int
    cutoff: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    """A service from one node to another by one mode; without departures it leaves whenever a box is ready."""

    key: str
    origin: str
    destination: str
    mode: str
    distance_km: float
    speed_kmh: float
    cost_per_teu: Decimal
    cost_per_tkm: Decimal
    factor: Factor
    departures: tuple[Departure, ...] = ()
    capacity_teu: int | None = None

    @property
    def driving_minutes(self) -> int:
        return math.ceil(self.distance_km / self.speed_kmh * 60)

    @property
    def shortest_minutes(self) -> int:
        return min(d.transit for d in self.departures) if self.departures else self.driving_minutes

    def next_departure(self, ready: int) -> tuple[int, int]:
        """(leaves, arrives) in minutes for a box ready at `ready`: the earliest arrival it can catch."""
        if not self.departures:
            return ready, ready + self.driving_minutes
        best = None
        for dep in self.departures:
            day = -((dep.departs - dep.cutoff - ready) // DAY)  # first day whose cut-off is not yet past
            leaves = day * DAY + dep.departs
            if best is None or leaves + dep.transit < best[1]:
                best = (leaves, leaves + dep.transit)
        return best


@dataclass(slots=True)
class Network:
    """Nodes by key and the links leaving each node."""

    nodes: dict[str, Node]
    links: list[Link]
    outgoing: dict[str, list[Link]] = field(default_factory=dict)
    incoming: dict[str, list[Link]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key in self.nodes:
            self.outgoing.setdefault(key, [])
            self.incoming.setdefault(key, [])
        for link in self.links:
            self.outgoing[link.origin].append(link)
            self.incoming[link.destination].append(link)

    def node_named(self, text: str) -> Node:
        """A node by key or by name, with a message listing the keys when there is none."""
        if text in self.nodes:
            return self.nodes[text]
        for node in self.nodes.values():
            if node.name == text:
                return node
        raise UserError(f"没有节点“{text}”。可用的节点：{'、'.join(self.nodes)}")


# ----------------------------------------------------------------------------------- building from rows


def _clock(text, what: str, problems: list[str]) -> int:
    """'08:30' → 510 minutes after midnight."""
    if isinstance(text, dt.time):
        return text.hour * 60 + text.minute
    try:
        hours, minutes = str(text).split(":")
        value = int(hours) * 60 + int(minutes)
        if not (0 <= int(hours) < 24 and 0 <= int(minutes) < 60):
            raise ValueError
        return value
    except ValueError:
        problems.append(f"{what}：时间“{text}”不是 HH:MM 格式")
        return 0


def _number(row: Mapping, name: str, what: str, problems: list[str], *, required: bool = True,
            positive: bool = False) -> Decimal | None:
    value = row.get(name)
    if value in (None, ""):
        if required:
            problems.append(f"{what}：缺少 {name}")
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        problems.append(f"{what}：{name} “{value}”不是数字")
        return None
    if not number.is_finite() or number < 0 or (positive and number == 0):
        problems.append(f"{what}：{name} 不能为{'零或' if positive else ''}负数（{value}）")
        return None
    return number


def _choice(row: Mapping, name: str, allowed: Mapping, what: str, problems: list[str], default=None) -> str:
    value = row.get(name) or default
    if value not in allowed:
        problems.append(f"{what}：{name} “{value}”不是 {'/'.join(allowed)} 之一")
    return value


def _factor(row: Mapping, prefix: str, what: str, problems: list[str]) -> Factor | None:
    value = _number(row, prefix, what, problems, required=False)
    if value is None:
        return None
    basis = _choice(row, f"{prefix}_basis", BASES, what, problems, default="WTW")
    return Factor(float(value), str(row.get(f"{prefix}_source") or "估算"), basis)


def _node(number: int, row: Mapping, problems: list[str]) -> Node | None:
    what = f"节点第 {number} 行（{row.get('key') or '无键'}）"
    if not row.get("key"):
        problems.append(f"{what}：缺少 key")
        return None
    handling = {}
    for i, h in enumerate(row.get("handling") or (), start=1):
        here = f"{what} 第 {i} 项换装"
        pair = (_choice(h, "from", MODES, here, problems), _choice(h, "to", MODES, here, problems))
        hours = _number(h, "hours", here, problems) or Decimal(0)
        handling[pair] = Handling(round(hours * 60), _number(h, "cost_per_teu", here, problems) or Decimal(0),
                                  _number(h, "cost_per_tonne", here, problems, required=False) or Decimal(0))
    step = None
    if row.get("customs_step"):
        hours = _number(row, "customs_step_hours", what, problems) or Decimal(0)
        step = CustomsStep(str(row["customs_step"]), round(hours * 60),
                           _number(row, "customs_step_fee_per_teu", what, problems) or Decimal(0))
    lon = _number(row, "lon", what, problems, required=False) or Decimal(0)
    lat = _number(row, "lat", what, problems, required=False) or Decimal(0)
    if lon > 180 or lat > 90:
        problems.append(f"{what}：坐标（{lon}, {lat}）超出经纬度范围")
    return Node(key=str(row["key"]), name=str(row.get("name") or row["key"]),
                kind=_choice(row, "kind", KINDS, what, problems), lon=float(lon), lat=float(lat),
                customs=_choice(row, "customs", CUSTOMS, what, problems, default="domestic"),
                handling=handling, hub_factor=_factor(row, "hub_factor", what, problems), customs_step=step)


def _departures(link_key: str, rows: Iterable[tuple[int, Mapping]], problems: list[str]) -> tuple[Departure, ...]:
    found = []
    for number, row in rows:
        what = f"时刻表第 {number} 行（{link_key}）"
        departs = _clock(row.get("departs"), what, problems)
        arrives = _clock(row.get("arrives"), what, problems)
        days = int(row.get("arrival_day") or 0)
        transit = days * DAY + arrives - departs
        if transit <= 0:
            problems.append(f"{what}：到达 {row.get('arrives')}（+{days} 天）早于或等于出发 {row.get('departs')}")
            continue
        cutoff = _number(row, "cutoff_minutes", what, problems, required=False) or Decimal(0)
        found.append(Departure(departs, transit, int(cutoff)))
    return tuple(found)


def link_key(row: Mapping) -> str:
    """A link's key: its own, or origin-destination-mode."""
    return str(row.get("key") or f"{row.get('from')}-{row.get('to')}-{row.get('mode')}")


def _link(number: int, row: Mapping, nodes: Mapping[str, Node], timetable: list[tuple[int, Mapping]],
          problems: list[str]) -> Link | None:
    key = link_key(row)
    what = f"连线第 {number} 行（{key}）"
    before = len(problems)
    for end in ("from", "to"):
        if row.get(end) not in nodes:
            problems.append(f"{what}：{'起点' if end == 'from' else '终点'}“{row.get(end)}”不是已知节点")
    mode = _choice(row, "mode", MODES, what, problems)
    distance = _number(row, "distance_km", what, problems, positive=True)
    speed = _number(row, "speed_kmh", what, problems, positive=True)
    per_teu = _number(row, "cost_per_teu", what, problems, required=False) or Decimal(0)
    per_tkm = _number(row, "cost_per_tkm", what, problems, required=False) or Decimal(0)
    factor = _factor(row, "co2_g_per_tkm", what, problems)
    if factor is None:
        problems.append(f"{what}：缺少 co2_g_per_tkm")
    capacity = _number(row, "capacity_teu", what, problems, required=False, positive=True)
    departures = _departures(key, timetable, problems)
    if len(problems) > before:
        return None
    return Link(key=key, origin=row["from"], destination=row["to"], mode=mode, distance_km=float(distance),
                speed_kmh=float(speed), cost_per_teu=per_teu, cost_per_tkm=per_tkm, factor=factor,
                departures=departures, capacity_teu=int(capacity) if capacity is not None else None)


def network_build(*, nodes: Iterable[Mapping], links: Iterable[Mapping],
                  departures: Iterable[Mapping] = ()) -> Network:
    """A network from rows (dicts); raises NetworkError naming every bad row. Departures name their link
    by `link` (the link's key); rows are numbered from 1 in each list."""
    problems: list[str] = []
    built: dict[str, Node] = {}
    for number, row in enumerate(nodes, start=1):
        node = _node(number, row, problems)
        if node is not None and node.key in built:
            problems.append(f"节点第 {number} 行：key “{node.key}”重复")
        elif node is not None:
            built[node.key] = node
    by_link: dict[str, list[tuple[int, Mapping]]] = {}
    for number, row in enumerate(departures, start=1):
        by_link.setdefault(str(row.get("link")), []).append((number, row))
    made: list[Link] = []
    link_rows = list(links)
    keys = {link_key(r) for r in link_rows}
    for name in sorted(set(by_link) - keys):
        problems.append(f"时刻表第 {by_link[name][0][0]} 行：连线“{name}”不存在")
    for number, row in enumerate(link_rows, start=1):
        link = _link(number, row, built, by_link.get(link_key(row), []), problems)
        if link is not None:
            made.append(link)
    if problems:
        raise NetworkError(problems)
    return Network(built, made)


def factors_switch(network: Network, set_name: str) -> Network:
    """The same network with every leg's factor taken from a published per-mode set."""
    if set_name not in FACTOR_SETS:
        raise UserError(f"没有排放因子集“{set_name}”。可选：{'、'.join(FACTOR_SETS)}")
    chosen = FACTOR_SETS[set_name]
    links = [_with_factor(link, Factor(chosen[link.mode], chosen["label"], chosen["basis"])) for link in network.links]
    return Network(network.nodes, links)


def _with_factor(link: Link, factor: Factor) -> Link:
    return Link(link.key, link.origin, link.destination, link.mode, link.distance_km, link.speed_kmh,
                link.cost_per_teu, link.cost_per_tkm, factor, link.departures, link.capacity_teu)


# ------------------------------------------------------------------------------------------- the shipment


@dataclass(frozen=True, slots=True)
class Shipment:
    """Boxes (TEU) and their cargo (tonnes) from one node to another, ready at a time."""

    origin: str
    destination: str
    teu: int
    tonnes: Decimal
    ready: dt.datetime
    customs_from: str = "domestic"
    customs_to: str = "domestic"


def shipment_of(*, origin: str, destination: str, ready: dt.datetime, teu: int | None = None,
                tonnes: Decimal | float | str | None = None, customs_from: str = "domestic",
                customs_to: str | None = None, tonnes_per_teu: Decimal = TONNES_PER_TEU) -> Shipment:
    """A shipment given in TEU (tonnes = TEU × 10) or in tonnes (TEU = tonnes ÷ 10, rounded up to whole boxes)."""
    if (teu is None) == (tonnes is None):
        raise UserError("请给出箱量（TEU）或重量（吨）之一。")
    if teu is not None:
        if not str(teu).strip().isdigit() or int(str(teu)) <= 0:
            raise UserError(f"箱量必须是正整数，不是 {teu}。")
        teu = int(str(teu))
        weight = Decimal(teu) * tonnes_per_teu
    else:
        try:
            weight = Decimal(str(tonnes))
        except ArithmeticError:
            raise UserError(f"重量“{tonnes}”不是数字。") from None
        if not weight.is_finite() or weight <= 0:
            raise UserError(f"重量必须大于零，不是 {tonnes}。")
        teu = int((weight / tonnes_per_teu).to_integral_value(rounding="ROUND_CEILING"))
    for status in (customs_from, customs_to or customs_from):
        if status not in CUSTOMS:
            raise UserError(f"海关状态“{status}”不是 {'/'.join(CUSTOMS)} 之一。")
    if origin == destination:
        raise UserError("起点与终点相同。")
    return Shipment(origin, destination, teu, weight, ready, customs_from, customs_to or customs_from)


# -------------------------------------------------------------------------------------------- the routes


@dataclass(frozen=True, slots=True)
class Element:
    """One line of the carbon statement: a leg (tonne-km × g/tkm) or a hub (tonnes handled × kg/t)."""

    element: str
    kind: str  # "leg" or "hub"
    quantity: float  # tonne-km for a leg, tonnes handled for a hub
    factor: float
    source: str
    basis: str
    co2_g: int

    def as_json(self) -> dict:
        amount = {"tonne_km": round(self.quantity, 3)} if self.kind == "leg" else {"tonnes": round(self.quantity, 3)}
        return {"element": self.element, **amount, "factor": self.factor,
                "factor_unit": "g/tkm" if self.kind == "leg" else "kg/t", "source": self.source,
                "basis": self.basis, "co2_kg": self.co2_g / 1000}


@dataclass(frozen=True, slots=True)
class Leg:
    """A ride on one link."""

    link: Link
    departure: int
    arrival: int
    cost_fen: int
    co2_g: int


@dataclass(frozen=True, slots=True)
class Stop:
    """Time spent at a node: a transfer between modes, or a customs step."""

    node: Node
    kind: str  # "transfer" or "customs"
    name: str
    start: int
    minutes: int
    cost_fen: int
    co2_g: int
    arriving: str | None = None
    leaving: str | None = None
    status_after: str | None = None


@dataclass(slots=True)
class Route:
    """One Pareto-optimal way to move the shipment, with its legs, stops and carbon statement."""

    shipment: Shipment
    steps: list[Leg | Stop]
    cost_fen: int
    arrival: int
    co2_g: int
    elements: list[Element]
    marks: list[str] = field(default_factory=list)

    @property
    def legs(self) -> list[Leg]:
        return [s for s in self.steps if isinstance(s, Leg)]

    @property
    def stops(self) -> list[Stop]:
        return [s for s in self.steps if isinstance(s, Stop)]

    @property
    def cost(self) -> Decimal:
        return Decimal(self.cost_fen) / 100

    @property
    def duration_minutes(self) -> int:
        return self.arrival - _minutes_of(self.shipment.ready)

    @property
    def modes(self) -> list[str]:
        return [leg.link.mode for leg in self.legs]

    def when(self, minutes: int) -> dt.datetime:
        midnight = self.shipment.ready.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight + dt.timedelta(minutes=minutes)

    def as_json(self, nodes: Mapping[str, Node]) -> dict:
        """The route as the console and the API give it."""
        stamp = "%Y-%m-%d %H:%M"
        return {
            "cost": str(self.cost), "duration_hours": round(self.duration_minutes / 60, 2),
            "co2_kg": self.co2_g / 1000, "marks": self.marks, "modes": self.modes,
            "departure": self.when(self.legs[0].departure).strftime(stamp),
            "arrival": self.when(self.arrival).strftime(stamp),
            "customs": self.shipment.customs_to,
            "legs": [{"from": leg.link.origin, "to": leg.link.destination, "mode": leg.link.mode,
                      "departure": self.when(leg.departure).strftime(stamp),
                      "arrival": self.when(leg.arrival).strftime(stamp), "distance_km": leg.link.distance_km,
                      "cost": str(Decimal(leg.cost_fen) / 100), "co2_kg": leg.co2_g / 1000} for leg in self.legs],
            "transfers": [{"node": s.node.key, "name": s.name, "kind": s.kind, "from_mode": s.arriving,
                           "to_mode": s.leaving, "start": self.when(s.start).strftime(stamp),
                           "hours": round(s.minutes / 60, 2), "cost": str(Decimal(s.cost_fen) / 100),
                           "co2_kg": s.co2_g / 1000, "customs_after": s.status_after} for s in self.stops],
            "carbon": {"total_kg": self.co2_g / 1000, "standard": "ISO 14083 / GLEC",
                       "elements": [e.as_json() for e in self.elements]},
        }

    def as_geojson(self, nodes: Mapping[str, Node]) -> dict:
        """The route's legs as GeoJSON LineStrings (lon, lat), one feature a leg."""
        features = []
        for leg in self.legs:
            a, b = nodes[leg.link.origin], nodes[leg.link.destination]
            features.append({"type": "Feature", "geometry": {"type": "LineString",
                                                             "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
                             "properties": {"from": a.key, "to": b.key, "mode": leg.link.mode,
                                            "departure": self.when(leg.departure).isoformat(),
                                            "arrival": self.when(leg.arrival).isoformat(),
                                            "cost": str(Decimal(leg.cost_fen) / 100), "co2_kg": leg.co2_g / 1000}})
        return {"type": "FeatureCollection", "features": features,
                "properties": {"cost": str(self.cost), "duration_hours": round(self.duration_minutes / 60, 2),
                               "co2_kg": self.co2_g / 1000}}


def _minutes_of(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


def _fen(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Prices:
    """What each link, transfer and customs step costs and emits for one shipment, worked out once."""

    def __init__(self, shipment: Shipment):
        self.shipment = shipment
        self.tonnes = float(shipment.tonnes)
        self._legs: dict[str, tuple[int, int]] = {}
        self._handlings: dict[tuple, tuple[int, int]] = {}

    def leg(self, link: Link) -> tuple[int, int]:
        """(cost in fen, CO2e in grams) of the shipment's ride on the link."""
        found = self._legs.get(link.key)
        if found is None:
            cost = link.cost_per_teu * self.shipment.teu + link.cost_per_tkm * self.shipment.tonnes * Decimal(
                str(link.distance_km))
            found = self._legs[link.key] = (_fen(cost), round(self.tonnes * link.distance_km * link.factor.value))
        return found

    def handling(self, node: Node, handling: Handling) -> tuple[int, int]:
        key = (node.key, id(handling))
        found = self._handlings.get(key)
        if found is None:
            cost = handling.cost_per_teu * self.shipment.teu + handling.cost_per_tonne * self.shipment.tonnes
            found = self._handlings[key] = (_fen(cost), self.hub(node) if handling.minutes or cost else 0)
        return found

    def customs(self, node: Node) -> tuple[int, int]:
        return _fen(node.customs_step.fee_per_teu * self.shipment.teu), self.hub(node)

    def hub(self, node: Node) -> int:
        return round(self.tonnes * node.hub_factor.value * 1000) if node.hub_factor else 0


# --------------------------------------------------------------------------------------------- the search


class _Label:
    __slots__ = ("cost", "time", "co2", "node", "mode", "status", "parent", "step", "dead")

    def __init__(self, cost, time, co2, node, mode, status, parent, step):
        self.cost, self.time, self.co2 = cost, time, co2
        self.node, self.mode, self.status = node, mode, status
        self.parent, self.step, self.dead = parent, step, False

    def covers(self, cost: int, time: int, co2: int) -> bool:
        return self.cost <= cost and self.time <= time and self.co2 <= co2


def _bounds(network: Network, usable: set[str], target: str, weight) -> dict[str, int]:
    """Least `weight` from every node to the target over links alone (a lower bound for pruning)."""
    best = {target: 0}
    heap = [(0, target)]
    while heap:
        value, key = heapq.heappop(heap)
        if value > best.get(key, value):
            continue
        for link in network.incoming[key]:
            if link.key not in usable:
                continue
            candidate = value + weight(link)
            if candidate < best.get(link.origin, candidate + 1):
                best[link.origin] = candidate
                heapq.heappush(heap, (candidate, link.origin))
    return best


class _Search:
    def __init__(self, network: Network, shipment: Shipment, tolerance: float = 0.0):
        self.network, self.shipment = network, shipment
        self.prices = Prices(shipment)
        usable = [link for link in network.links if link.capacity_teu is None or link.capacity_teu >= shipment.teu]
        self.usable = {link.key for link in usable}
        target = shipment.destination
        self.lb_cost = _bounds(network, self.usable, target, lambda link: self.prices.leg(link)[0])
        self.lb_co2 = _bounds(network, self.usable, target, lambda link: self.prices.leg(link)[1])
        self.lb_time = _bounds(network, self.usable, target, lambda link: link.shortest_minutes)
        self.slack = 1.0 + tolerance
        self.ready = _minutes_of(shipment.ready)
        self.bags: dict[tuple, list[_Label]] = {}
        self.found: list[_Label] = []
        self.heap: list = []
        self.counter = 0

    def hopeless(self, label: _Label, *, recent: int | None = 12) -> bool:
        """Whether a route already found covers every way this label could reach the destination. Checking
        only the most recent routes prunes less but never wrongly; a destination label checks them all."""
        key = label.node
        if key not in self.lb_time:
            return True  # the destination cannot be reached from here
        slack = self.slack
        cost = (label.cost + self.lb_cost[key]) * slack
        ready = self.ready
        time = (label.time + self.lb_time[key] - ready) * slack + ready
        co2 = (label.co2 + self.lb_co2[key]) * slack
        for f in (self.found if recent is None else self.found[-recent:]):
            if f.cost <= cost and f.time <= time and f.co2 <= co2:
                return True
        return False

    def offer(self, label: _Label) -> None:
        if self.hopeless(label):
            return
        state = (label.node, label.mode, label.status)
        bag = self.bags.get(state)
        cost, time, co2 = label.cost, label.time, label.co2
        if bag:
            for other in bag:
                if other.cost <= cost and other.time <= time and other.co2 <= co2:
                    return
            kept = []
            for other in bag:
                if cost <= other.cost and time <= other.time and co2 <= other.co2:
                    other.dead = True
                else:
                    kept.append(other)
            kept.append(label)
            self.bags[state] = kept
        else:
            self.bags[state] = [label]
        self.counter += 1
        # Ordered by the least possible arrival (A*): consistent, so still label-setting, and routes to the
        # destination are found early enough to prune by.
        heapq.heappush(self.heap, (time + self.lb_time[label.node], cost, co2, self.counter, label))

    def run(self) -> list[_Label]:
        start = _Label(0, _minutes_of(self.shipment.ready), 0, self.shipment.origin, None,
                       self.shipment.customs_from, None, None)
        self.offer(start)
        destination, wanted = self.shipment.destination, self.shipment.customs_to
        while self.heap:
            label = heapq.heappop(self.heap)[-1]
            if label.dead:
                continue
            if label.node == destination and label.status == wanted:
                if not self.hopeless(label, recent=None):
                    self.found.append(label)
                continue
            if not self.hopeless(label):
                self.expand(label)
        return self.found

    def expand(self, label: _Label) -> None:
        node = self.network.nodes[label.node]
        if node.customs_step is not None:
            cost, co2 = self.prices.customs(node)
            status = "bonded" if label.status == "domestic" else "domestic"
            self.offer(_Label(label.cost + cost, label.time + node.customs_step.minutes, label.co2 + co2,
                              label.node, label.mode, status, label, ("customs", node)))
        if label.node == self.shipment.destination:
            return
        for link in self.network.outgoing[label.node]:
            if link.key not in self.usable:
                continue
            cost, co2, ready = label.cost, label.co2, label.time
            handling = None
            if label.mode is not None:
                handling = node.transfer(label.mode, link.mode)
                if handling is None:
                    continue
                h_cost, h_co2 = self.prices.handling(node, handling)
                cost, co2, ready = cost + h_cost, co2 + h_co2, ready + handling.minutes
            leaves, arrives = link.next_departure(ready)
            l_cost, l_co2 = self.prices.leg(link)
            self.offer(_Label(cost + l_cost, arrives, co2 + l_co2, link.destination, link.mode, label.status,
                              label, ("leg", link, leaves, handling, label.time)))


def routes_plan(network: Network, shipment: Shipment, *, tolerance: float = 0.0) -> list[Route]:
    """Every Pareto-optimal route (cost, arrival, CO2), fastest first, each marked cheapest/fastest/greenest.

    With a tolerance (0.01 = 1%) the answer is a smaller cover instead: every Pareto-optimal route is within
    that fraction, on cost, duration and CO2 alike, of a route returned. The default, 0, is exact."""
    for end in (shipment.origin, shipment.destination):
        if end not in network.nodes:
            raise UserError(f"没有节点“{end}”。")
    labels = _Search(network, shipment, tolerance).run()
    if not labels:
        raise NoRoute(_no_route_reason(network, shipment))
    routes = [_route(network, shipment, label) for label in labels]
    routes.sort(key=lambda r: (r.arrival, r.cost_fen, r.co2_g))
    for mark, key in (("cheapest", lambda r: (r.cost_fen, r.arrival)), ("fastest", lambda r: (r.arrival, r.cost_fen)),
                      ("greenest", lambda r: (r.co2_g, r.cost_fen))):
        min(routes, key=key).marks.append(mark)
    return routes


def _no_route_reason(network: Network, shipment: Shipment) -> str:
    a, b = network.nodes[shipment.origin].name, network.nodes[shipment.destination].name
    reason = f"没有路线能承运这票货物：{a} → {b}，{shipment.teu} TEU / {shipment.tonnes} 吨"
    too_small = [link for link in network.links if link.capacity_teu is not None and link.capacity_teu < shipment.teu]
    if too_small:
        biggest = max(link.capacity_teu for link in too_small)
        reason += f"（{len(too_small)} 条连线每班运力不足，最大 {biggest} TEU）"
    if shipment.customs_to != shipment.customs_from:
        reason += f"（途中需办理海关手续：{CUSTOMS[shipment.customs_from]} → {CUSTOMS[shipment.customs_to]}）"
    return reason + "。"


def _route(network: Network, shipment: Shipment, last: _Label) -> Route:
    chain = []
    label = last
    while label.parent is not None:
        chain.append(label)
        label = label.parent
    chain.reverse()
    prices = Prices(shipment)
    steps: list[Leg | Stop] = []
    for label in chain:
        if label.step[0] == "customs":
            node = label.step[1]
            cost, co2 = prices.customs(node)
            steps.append(Stop(node, "customs", node.customs_step.name, label.parent.time, node.customs_step.minutes,
                              cost, co2, status_after=label.status))
            continue
        _, link, leaves, handling, came = label.step
        if handling is not None:
            node = network.nodes[link.origin]
            cost, co2 = prices.handling(node, handling)
            if handling.minutes or cost:
                steps.append(Stop(node, "transfer", f"{MODES[label.parent.mode]}→{MODES[link.mode]}换装", came,
                                  handling.minutes, cost, co2, arriving=label.parent.mode, leaving=link.mode))
        cost, co2 = prices.leg(link)
        steps.append(Leg(link, leaves, label.time, cost, co2))
    return Route(shipment, steps, last.cost, last.time, last.co2, _statement(network, shipment, steps))


def _statement(network: Network, shipment: Shipment, steps: list[Leg | Stop]) -> list[Element]:
    """The carbon statement: a line per leg and per hub; the lines' grams are the route's grams."""
    tonnes = float(shipment.tonnes)
    elements = []
    for step in steps:
        if isinstance(step, Leg):
            link = step.link
            a, b = network.nodes[link.origin].name, network.nodes[link.destination].name
            elements.append(Element(f"{a}→{b}（{MODES[link.mode]}）", "leg", tonnes * link.distance_km,
                                    link.factor.value, link.factor.source, link.factor.basis, step.co2_g))
        elif step.co2_g and step.node.hub_factor:
            factor = step.node.hub_factor
            elements.append(Element(f"{step.node.name}（{step.name}）", "hub", tonnes, factor.value, factor.source,
                                    factor.basis, step.co2_g))
    return elements


def modal_split(routes: Iterable[Route]) -> dict[str, float]:
    """Tonne-km by mode over the routes."""
    split = {mode: 0.0 for mode in MODES}
    for route in routes:
        for leg in route.legs:
            split[leg.link.mode] += float(route.shipment.tonnes) * leg.link.distance_km
    return split
