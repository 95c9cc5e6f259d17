"""The shipment (boxes and tonnes, ready at a time) and what each part of a route costs and emits for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zhaoshang.core.errors import UserError
from zhaoshang.logistics.planner.network import CUSTOMS, CustomsStep, Handling, Link, Node

# Tonnes of cargo in one loaded TEU when only one of the two is known. 10 t is the GLEC Framework's default
# average load of a TEU (also Searoutes' default for full containers); the planner takes another figure.
TONNES_PER_TEU = Decimal(10)


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


def shipment_of(*, origin: str, destination: str, ready: dt.datetime, teu: int | str | None = None,
                tonnes: Decimal | float | str | None = None, customs_from: str = "domestic",
                customs_to: str | None = None, tonnes_per_teu: Decimal = TONNES_PER_TEU) -> Shipment:
    """A shipment given in TEU (tonnes = TEU × 10) or in tonnes (TEU = tonnes ÷ 10, rounded up to whole boxes).
    TEU and tonnes may be text as typed on the console, in a CSV or an API query: they are checked here."""
    if (teu is None) == (tonnes is None):
        raise UserError("请给出箱量（TEU）或重量（吨）之一。")
    if teu is not None:
        if not str(teu).strip().isdigit() or int(str(teu)) <= 0:
            raise UserError(f"箱量必须是正整数，不是 {teu}。")
        boxes = int(str(teu))
        weight = Decimal(boxes) * tonnes_per_teu
    else:
        try:
            weight = Decimal(str(tonnes))
        except ArithmeticError:
            raise UserError(f"重量“{tonnes}”不是数字。") from None
        if not weight.is_finite() or weight <= 0:
            raise UserError(f"重量必须大于零，不是 {tonnes}。")
        boxes = int((weight / tonnes_per_teu).to_integral_value(rounding="ROUND_CEILING"))
    for status in (customs_from, customs_to or customs_from):
        if status not in CUSTOMS:
            raise UserError(f"海关状态“{status}”不是 {'/'.join(CUSTOMS)} 之一。")
    if origin == destination:
        raise UserError("起点与终点相同。")
    return Shipment(origin, destination, boxes, weight, ready, customs_from, customs_to or customs_from)


def minutes_of(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


def fen(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Prices:
    """What each link, transfer and customs step costs and emits for one shipment, worked out once."""

    def __init__(self, shipment: Shipment):
        self.shipment = shipment
        self.tonnes = float(shipment.tonnes)
        self._legs: dict[str, tuple[int, int]] = {}
        self._handlings: dict[tuple, tuple[int, int]] = {}
        self._tariffs: dict[tuple[Decimal, Decimal], tuple[int, bool]] = {}

    def leg(self, link: Link) -> tuple[int, int]:
        """(cost in fen, CO2e in grams) of the shipment's ride on the link."""
        found = self._legs.get(link.key)
        if found is None:
            cost = link.cost_per_teu * self.shipment.teu + link.cost_per_tkm * self.shipment.tonnes * Decimal(
                str(link.distance_km))
            found = self._legs[link.key] = (fen(cost), round(self.tonnes * link.distance_km * link.factor.value))
        return found

    def handling(self, node: Node, handling: Handling) -> tuple[int, int]:
        key = (node.key, id(handling))
        found = self._handlings.get(key)
        if found is None:
            cost, charged = self._tariff(handling.cost_per_teu, handling.cost_per_tonne)
            found = self._handlings[key] = (cost, self.hub(node) if handling.minutes or charged else 0)
        return found

    def _tariff(self, per_teu: Decimal, per_tonne: Decimal) -> tuple[int, bool]:
        """(fen, whether anything is charged) of a handling tariff for the shipment. Terminals share a few
        tariffs, so a large network's tens of thousands of handlings ask only a few dozen sums."""
        found = self._tariffs.get((per_teu, per_tonne))
        if found is None:
            cost = per_teu * self.shipment.teu + per_tonne * self.shipment.tonnes
            found = self._tariffs[(per_teu, per_tonne)] = (fen(cost), bool(cost))
        return found

    def customs(self, node: Node, step: CustomsStep) -> tuple[int, int]:
        """(fee in fen, hub CO2e in grams) of the node's customs step."""
        return fen(step.fee_per_teu * self.shipment.teu), self.hub(node)

    def hub(self, node: Node) -> int:
        return round(self.tonnes * node.hub_factor.value * 1000) if node.hub_factor else 0
