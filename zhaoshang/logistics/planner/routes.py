"""A planned route: its legs and stops in order, its totals, and its JSON and GeoJSON forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from zhaoshang.logistics.planner.network import Link, Node
from zhaoshang.logistics.planner.shipment import Shipment, minutes_of

if TYPE_CHECKING:
    from zhaoshang.logistics.planner.carbon import Element


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
        return self.arrival - minutes_of(self.shipment.ready)

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
