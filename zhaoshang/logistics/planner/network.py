"""The network model: nodes, their handling and customs steps, links and their daily departures."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from zhaoshang.core.errors import UserError

MODES = {"road": "公路", "rail": "铁路", "inland_waterway": "内河", "sea": "海运"}
KINDS = {"inland_port": "内河港", "rail_yard": "铁路场站", "seaport": "海港", "logistics_park": "物流园区",
         "bonded_centre": "保税物流中心", "city": "城市"}
CUSTOMS = {"domestic": "内贸（已清关）", "bonded": "保税（海关监管）"}
BASES = {"WTW": "油井到车轮", "TTW": "油箱到车轮"}

DAY = 24 * 60


class NetworkError(UserError):
    """A network that cannot be planned on; `problems` names every bad row."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("网络数据有误：" + "；".join(problems))


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
        options = []
        for dep in self.departures:
            day = -((dep.departs - dep.cutoff - ready) // DAY)  # first day whose cut-off is not yet past
            leaves = day * DAY + dep.departs
            options.append((leaves, leaves + dep.transit))
        return min(options, key=lambda option: option[1])


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
