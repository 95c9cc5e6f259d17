"""Carbon accounting in the ISO 14083 / GLEC way: published factor sets, the statement by element (each leg
and each hub) whose parts add up to the route's total, and the modal split of a batch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from zhaoshang.core.errors import UserError
from zhaoshang.logistics.planner.network import MODES, Factor, Link, Network
from zhaoshang.logistics.planner.routes import Leg, Route, Stop
from zhaoshang.logistics.planner.shipment import Shipment


@dataclass(frozen=True, slots=True)
class FactorSet:
    """A published per-mode set of leg factors (g CO2e per tonne-km) that can replace each link's own."""

    label: str
    basis: str
    g_per_tkm: Mapping[str, float]


FACTOR_SETS = {
    "cefic2011": FactorSet("CEFIC/ECTA 2011", "WTW", {"road": 62.0, "rail": 22.0, "inland_waterway": 31.0, "sea": 8.0}),
    "nl2014": FactorSet("CE Delft STREAM 2014（荷兰）", "WTW",
                        {"road": 90.3, "rail": 11.3, "inland_waterway": 38.6, "sea": 8.0}),
}
DEFAULT_FACTOR_SET = "cefic2011"


def factors_switch(network: Network, set_name: str) -> Network:
    """The same network with every leg's factor taken from a published per-mode set."""
    if set_name not in FACTOR_SETS:
        raise UserError(f"没有排放因子集“{set_name}”。可选：{'、'.join(FACTOR_SETS)}")
    chosen = FACTOR_SETS[set_name]
    links = [_with_factor(link, Factor(chosen.g_per_tkm[link.mode], chosen.label, chosen.basis))
             for link in network.links]
    return Network(network.nodes, links)


def _with_factor(link: Link, factor: Factor) -> Link:
    return Link(link.key, link.origin, link.destination, link.mode, link.distance_km, link.speed_kmh,
                link.cost_per_teu, link.cost_per_tkm, factor, link.departures, link.capacity_teu)


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


def carbon_statement(network: Network, shipment: Shipment, steps: list[Leg | Stop]) -> list[Element]:
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
