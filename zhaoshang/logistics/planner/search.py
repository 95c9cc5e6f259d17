"""The search: every Pareto-optimal route over cost, time and CO2."""

from __future__ import annotations

import heapq

from zhaoshang.core.errors import UserError
from zhaoshang.logistics.planner.carbon import carbon_statement
from zhaoshang.logistics.planner.network import CUSTOMS, MODES, Network
from zhaoshang.logistics.planner.routes import Leg, Route, Stop
from zhaoshang.logistics.planner.shipment import Prices, Shipment, minutes_of

MARKS = {"cheapest": "最省钱", "fastest": "最快", "greenest": "最低碳"}


class NoRoute(UserError):
    """No route can serve the shipment; the message says why."""


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
        self.ready = minutes_of(shipment.ready)
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
        start = _Label(0, minutes_of(self.shipment.ready), 0, self.shipment.origin, None,
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
        step = node.customs_step
        if step is not None:
            cost, co2 = self.prices.customs(node, step)
            status = "bonded" if label.status == "domestic" else "domestic"
            self.offer(_Label(label.cost + cost, label.time + step.minutes, label.co2 + co2,
                              label.node, label.mode, status, label, ("customs", node, step)))
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
    too_small = [size for link in network.links if (size := link.capacity_teu) is not None and size < shipment.teu]
    if too_small:
        reason += f"（{len(too_small)} 条连线每班运力不足，最大 {max(too_small)} TEU）"
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
            _, node, step = label.step
            cost, co2 = prices.customs(node, step)
            steps.append(Stop(node, "customs", step.name, label.parent.time, step.minutes, cost, co2,
                              status_after=label.status))
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
    return Route(shipment, steps, last.cost, last.time, last.co2, carbon_statement(network, shipment, steps))
