"""The search: every Pareto-optimal route over cost, time and CO2."""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable

from zhaoshang.core.errors import UserError
from zhaoshang.logistics.planner.carbon import carbon_statement
from zhaoshang.logistics.planner.network import CUSTOMS, MODES, Handling, Link, Network, Node
from zhaoshang.logistics.planner.routes import Leg, Route, Stop
from zhaoshang.logistics.planner.shipment import Prices, Shipment, minutes_of

MARKS = {"cheapest": "最省钱", "fastest": "最快", "greenest": "最低碳"}

# Changes of mode a route may make (road → rail → road is two). Real intermodal chains make two to four;
# without a cap, a large network's Pareto set fills with routes that switch between truck and barge dozens of
# times to save a few yuan, which no shipper would book and which make the search slow. `None` lifts it.
MAX_MODE_CHANGES = 4


class NoRoute(UserError):
    """No route can serve the shipment; the message says why."""


class _Label:
    __slots__ = ("cost", "time", "co2", "node", "mode", "status", "changes", "parent", "step")

    def __init__(self, cost, time, co2, node, mode, status, changes, parent, step):
        self.cost, self.time, self.co2 = cost, time, co2
        self.node, self.mode, self.status, self.changes = node, mode, status, changes
        self.parent, self.step = parent, step


State = tuple[str, str | None]  # (node, mode the box arrived by; None before the first leg)


class _Bounds:
    """Least cost, time and CO2 from every (node, arriving mode) to the destination, counting each link's
    cheapest, shortest or cleanest ride and the handling to board it, never waits or customs steps: lower
    bounds, so pruning by them is safe, and consistent, so ordering the search by them keeps it label-setting."""

    def __init__(self, network: Network, links: list[Link], prices: Prices, origin: str, target: str):
        # (node, leaving mode) → (arriving mode, cost, minutes, CO2, handling) of every allowed boarding;
        # arriving None is the first leg's, from the origin, which pays none
        self.boarding: dict[tuple[str, str], list[tuple[str | None, int, int, int, Handling | None]]] = {}
        into: dict[State, list[tuple[str, tuple[int, int, int], list]]] = {}
        for link in links:
            ways = self._boarding(network.nodes[link.origin], link.mode, prices, origin)
            cost, co2 = prices.leg(link)
            into.setdefault((link.destination, link.mode), []).append(
                (link.origin, (cost, link.shortest_minutes, co2), ways))
        self.cost, self.time, self.co2 = (self._reverse(into, target, column) for column in range(3))

    def _boarding(self, node: Node, leaving: str, prices: Prices, origin: str) -> list:
        """(arriving mode, cost, minutes, CO2, handling) of every allowed change onto `leaving` at the node."""
        ways = self.boarding.get((node.key, leaving))
        if ways is None:
            ways = self.boarding[(node.key, leaving)] = [(None, 0, 0, 0, None)] if node.key == origin else []
            for arriving in MODES:
                handling = node.transfer(arriving, leaving)
                if handling is not None:
                    cost, co2 = prices.handling(node, handling)
                    ways.append((arriving, cost, handling.minutes, co2, handling))
        return ways

    @staticmethod
    def _reverse(into: dict[State, list[tuple[str, tuple[int, int, int], list]]], target: str,
                 column: int) -> dict[State, int]:
        """One criterion's least value to the target from every state (0 cost, 1 minutes, 2 CO2)."""
        best: dict[State, int] = {(target, mode): 0 for mode in MODES}
        heap: list[tuple[int, int, State]] = [(0, 0, (target, mode)) for mode in MODES]
        pushed, way_column = 0, column + 1
        while heap:
            value, _, here = heapq.heappop(heap)
            if value > best[here]:
                continue
            for origin, weights, ways in into.get(here, ()):
                ride = value + weights[column]
                for way in ways:
                    state, candidate = (origin, way[0]), ride + way[way_column]
                    if candidate < best.get(state, candidate + 1):
                        best[state] = candidate
                        pushed += 1
                        heapq.heappush(heap, (candidate, pushed, state))
        return best


class _Staircase:
    """Labels as a staircase over (cost, CO2): cost rising, CO2 falling; `covers` is one bisection."""

    __slots__ = ("costs", "co2s")

    def __init__(self) -> None:
        self.costs: list[int] = []
        self.co2s: list[int] = []

    def covers(self, cost: float, co2: float) -> bool:
        at = bisect.bisect_right(self.costs, cost) - 1
        return at >= 0 and self.co2s[at] <= co2

    def add(self, cost: int, co2: int) -> None:
        at = bisect.bisect_left(self.costs, cost)
        end = at
        while end < len(self.costs) and self.co2s[end] >= co2:
            end += 1
        self.costs[at:end], self.co2s[at:end] = [cost], [co2]


class _Search:
    """Martins' label-setting search, ordered by each label's least possible arrival (A* on time).

    The order is consistent (`_Bounds`), so labels leave the heap in rising arrival bound, and at one state
    (node, arriving mode, customs status), whose time bound is a constant, in rising arrival time, ties by
    cost then CO2. Two consequences make every dominance test a bisection instead of a scan:
    - a label is beaten at its state exactly when a label already settled there is as cheap and as clean;
    - it can never beat a route already found, which arrives no later than the label's bound, so it is
      hopeless exactly when one found route is as cheap and as clean as its cost and CO2 bounds.
    Labels are tested when offered and again when taken from the heap; only survivors are expanded."""

    def __init__(self, network: Network, shipment: Shipment, tolerance: float = 0.0,
                 max_changes: int | None = MAX_MODE_CHANGES):
        self.network, self.shipment = network, shipment
        # Without a cap changes are not counted: every label counts none, so one staircase a state suffices.
        self.counting = max_changes is not None
        self.limit = max_changes or 0
        prices = self.prices = Prices(shipment)
        usable = [link for link in network.links if link.capacity_teu is None or link.capacity_teu >= shipment.teu]
        self.bounds = bounds = _Bounds(network, usable, prices, shipment.origin, shipment.destination)
        # What expanding needs, worked out once: each usable link with its ride's cost and CO2, and the
        # handling (or None when not allowed) for each (node, arriving mode, leaving mode).
        self.outgoing: dict[str, list[tuple[Link, int, int]]] = {key: [] for key in network.nodes}
        for link in usable:
            self.outgoing[link.origin].append((link, *prices.leg(link)))
        self.boards: dict[tuple[str, str | None, str], tuple[int, int, int, Handling | None]] = {
            (node, way[0], leaving): way[1:] for (node, leaving), ways in bounds.boarding.items() for way in ways}
        self.slack = 1.0 + tolerance
        self.ready = minutes_of(shipment.ready)
        # (node, arriving mode, status) → the labels settled there, one staircase per count of mode changes
        self.settled: dict[tuple, list[_Staircase]] = {}
        self.found: list[_Label] = []
        self.front = _Staircase()
        self.heap: list = []
        self.counter = 0

    def hopeless(self, node: str, mode: str | None, status: str, changes: int, cost: int, co2: int) -> bool:
        """Whether a label is beaten at its state (by one with no more changes of mode), or a route found
        beats (within the tolerance) every way it could reach the destination; also when the destination
        cannot be reached from it at all."""
        settled = self.settled.get((node, mode, status))
        if settled is not None:
            for stair in settled[:changes + 1]:
                if stair.covers(cost, co2):
                    return True
        state = (node, mode)
        least_cost = self.bounds.cost.get(state)
        if least_cost is None:
            return True
        slack = self.slack
        return self.front.covers((cost + least_cost) * slack, (co2 + self.bounds.co2[state]) * slack)

    def offer(self, cost: int, time: int, co2: int, node: str, mode: str | None, status: str, changes: int,
              parent: _Label | None, step: tuple | None) -> None:
        if self.hopeless(node, mode, status, changes, cost, co2):
            return
        self.counter += 1
        heapq.heappush(self.heap, (time + self.bounds.time[(node, mode)], cost, co2, changes, self.counter,
                                   _Label(cost, time, co2, node, mode, status, changes, parent, step)))

    def settle(self, label: _Label) -> None:
        state = (label.node, label.mode, label.status)
        settled = self.settled.get(state)
        if settled is None:
            settled = self.settled[state] = [_Staircase() for _ in range(self.limit + 1)]
        settled[label.changes].add(label.cost, label.co2)

    def run(self) -> list[_Label]:
        self.offer(0, self.ready, 0, self.shipment.origin, None, self.shipment.customs_from, 0, None, None)
        destination, wanted = self.shipment.destination, self.shipment.customs_to
        while self.heap:
            label = heapq.heappop(self.heap)[-1]
            if self.hopeless(label.node, label.mode, label.status, label.changes, label.cost, label.co2):
                continue
            self.settle(label)
            if label.node == destination and label.status == wanted:
                self.found.append(label)
                self.front.add(label.cost, label.co2)
                continue
            self.expand(label, self.offer)
        return self.found

    def expand(self, label: _Label, offer: Callable[..., None]) -> None:
        """Offer every move on from the label: its node's customs step, and each link it may board."""
        here, mode, status, changes = label.node, label.mode, label.status, label.changes
        node = self.network.nodes[here]
        step = node.customs_step
        if step is not None:
            cost, co2 = self.prices.customs(node, step)
            flipped = "bonded" if status == "domestic" else "domestic"
            offer(label.cost + cost, label.time + step.minutes, label.co2 + co2, here, mode, flipped, changes,
                  label, ("customs", node, step))
        if here == self.shipment.destination:
            return
        boards, limit, counting = self.boards, self.limit, self.counting
        for link, l_cost, l_co2 in self.outgoing[here]:
            board = boards.get((here, mode, link.mode))
            if board is None:
                continue  # this node cannot move the box from the arriving mode onto this one
            h_cost, h_minutes, h_co2, handling = board
            more = changes + (counting and mode is not None and mode != link.mode)
            if more > limit:
                continue
            leaves, arrives = link.next_departure(label.time + h_minutes)
            offer(label.cost + h_cost + l_cost, arrives, label.co2 + h_co2 + l_co2, link.destination, link.mode,
                  status, more, label, ("leg", link, leaves, handling, label.time))


def routes_plan(network: Network, shipment: Shipment, *, tolerance: float = 0.0,
                max_changes: int | None = MAX_MODE_CHANGES) -> list[Route]:
    """Every Pareto-optimal route (cost, arrival, CO2), fastest first, each marked cheapest/fastest/greenest.

    Routes make at most `max_changes` changes of mode (default MAX_MODE_CHANGES; None: any number); within
    that the set is exact. With a tolerance (0.01 = 1%) the answer is a smaller cover instead: every
    Pareto-optimal route is within that fraction, on cost, duration and CO2 alike, of a route returned."""
    for end in (shipment.origin, shipment.destination):
        if end not in network.nodes:
            raise UserError(f"没有节点“{end}”。")
    labels = _Search(network, shipment, tolerance, max_changes).run()
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
