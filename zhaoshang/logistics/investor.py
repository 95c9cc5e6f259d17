"""The investor's view: a candidate site's cheapest, fastest and greenest routes to the ports and markets an
investor names, and what the bonded centre's 一日游 saves on a typical import flow."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from zhaoshang.core.errors import UserError
from zhaoshang.logistics import planner
from zhaoshang.logistics.selectors import network_current
from zhaoshang.logistics.services import PICKS, route_plan

# The typical import flow the saving is shown on: two boxes landed in bond at the first port picked.
IMPORT_TEU = 2


@dataclass
class DestinationRow:
    """One destination: its cheapest, fastest and greenest route by mark, or why none serves it."""

    node: planner.Node
    picks: dict[str, planner.Route]
    error: str = ""


@dataclass
class BondedSaving:
    """The same import shipment cleared at the port and through the bonded centre's loop."""

    port: planner.Node
    at_port: planner.Route
    via_bonded: planner.Route

    @property
    def cost_saving(self) -> Decimal:
        return self.at_port.cost - self.via_bonded.cost

    @property
    def hours_saving(self) -> float:
        return round((self.at_port.duration_minutes - self.via_bonded.duration_minutes) / 60, 1)

    def explanation(self, money: Callable[[Decimal], str]) -> str:
        """What the difference means, in a sentence for the page; `money` writes an amount."""
        cost, hours = self.cost_saving, self.hours_saving
        if cost > 0 and hours > 0:
            return (f"经保税物流中心“一日游”清关，比在{self.port.name}口岸报关省 {money(cost)}、快 {hours:g} 小时："
                    "货物保税运抵园区旁的保税中心，当日办结进口手续，免去口岸报关与查验的等候和较高费用。")
        if cost <= 0 and hours <= 0:
            return (f"在这条线路上没有节省：经保税物流中心比在{self.port.name}口岸报关贵 {money(-cost)}、"
                    f"慢 {-hours:g} 小时（保税运输的路线绕行抵消了“一日游”的好处）。")
        if cost > 0:
            return f"经保税物流中心省 {money(cost)}，但慢 {-hours:g} 小时。"
        return f"经保税物流中心快 {hours:g} 小时，但贵 {money(-cost)}。"


def _without_steps(network: planner.Network, *, kind: str) -> planner.Network:
    """The network with the customs steps of every node of `kind` closed, so the loop is forced elsewhere."""
    nodes = {key: dataclasses.replace(node, customs_step=None) if node.kind == kind else node
             for key, node in network.nodes.items()}
    return planner.Network(nodes, network.links)


def _cheapest(network: planner.Network, *, port: str, site: str, ready: dt.datetime) -> planner.Route:
    plan = route_plan(origin=port, destination=site, ready=ready, teu=IMPORT_TEU, customs_from="bonded",
                      customs_to="domestic", network=network)
    return next(r for r in plan.routes if "cheapest" in r.marks)


def bonded_saving(*, site: str, port: str, ready: dt.datetime,
                  network: planner.Network | None = None) -> BondedSaving:
    """Declared at `port` (the bonded centre's loop closed) against cleared at the bonded centre (the port's
    declaration closed); each side is its cheapest route."""
    network = network or network_current()
    return BondedSaving(network.node_named(port),
                        _cheapest(_without_steps(network, kind="bonded_centre"), port=port, site=site, ready=ready),
                        _cheapest(_without_steps(network, kind="seaport"), port=port, site=site, ready=ready))


def investor_rows(*, site: str, destinations: list[str], ready: dt.datetime, teu: int,
                  network: planner.Network | None = None) -> list[DestinationRow]:
    """One row per destination with the route holding each mark; a destination no route serves says why."""
    network = network or network_current()
    rows = []
    for key in destinations:
        node = network.node_named(key)
        try:
            plan = route_plan(origin=site, destination=key, ready=ready, teu=teu, network=network)
        except UserError as exc:
            rows.append(DestinationRow(node, {}, str(exc)))
            continue
        picks = {mark: next(r for r in plan.routes if mark in r.marks) for mark in PICKS}
        rows.append(DestinationRow(node, picks))
    return rows
