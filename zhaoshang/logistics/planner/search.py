"""The search: every Pareto-optimal route over cost, time and CO2."""

from __future__ import annotations

import bisect
import heapq

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
        # state a box arrives in → (state it boards from, cost, minutes, CO2) of each ride and boarding into it
        into: dict[State, list[tuple[State, int, int, int]]] = {}
        boards: dict[tuple[str, str], list[tuple[State, int, int, int]]] = {}  # the ways as edges' tails
        for link in links:
            tails = boards.get((link.origin, link.mode))
            if tails is None:
                ways = self._boarding(network.nodes[link.origin], link.mode, prices, origin)
                tails = boards[(link.origin, link.mode)] = [((link.origin, w[0]), w[1], w[2], w[3]) for w in ways]
            cost, co2 = prices.leg(link)
            minutes = link.shortest_minutes
            edges = into.get((link.destination, link.mode))
            if edges is None:
                edges = into[(link.destination, link.mode)] = []
            for state, w_cost, w_minutes, w_co2 in tails:
                edges.append((state, cost + w_cost, minutes + w_minutes, co2 + w_co2))
        self.cost, self.time, self.co2 = (self._reverse(into, target, column) for column in (1, 2, 3))

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
    def _reverse(into: dict[State, list[tuple[State, int, int, int]]], target: str, column: int) -> dict[State, int]:
        """One criterion's least value to the target from every state (column 1 cost, 2 minutes, 3 CO2)."""
        best: dict[State, int] = {(target, mode): 0 for mode in MODES}
        heap: list[tuple[int, int, State]] = [(0, 0, (target, mode)) for mode in MODES]
        pushed, pop, push, empty = 0, heapq.heappop, heapq.heappush, ()
        while heap:
            value, _, here = pop(heap)
            if value > best[here]:
                continue
            for edge in into.get(here, empty):
                state, candidate = edge[0], value + edge[column]  # type: ignore[operator]
                known = best.get(state)
                if known is None or candidate < known:
                    best[state] = candidate
                    pushed += 1
                    push(heap, (candidate, pushed, state))
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
        """Add a point no point of the staircase covers, dropping the points it covers."""
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
    - a label is beaten at its state exactly when a label already settled there, with no more changes of
      mode, is as cheap and as clean; staircase k of a state holds the labels settled with at most k
      changes, so that is one staircase to ask;
    - it can never beat a route already found, which arrives no later than the label's bound, so it is
      hopeless exactly when one found route is as cheap and as clean as its cost and CO2 bounds.
    Labels are tested when offered and again when taken from the heap; only survivors are expanded.
    The hot loop (`expand`) is written out by hand: on a 2,000-node network a query makes some 100,000
    offers, and a function call per offer is a third of the time."""

    def __init__(self, network: Network, shipment: Shipment, tolerance: float = 0.0,
                 max_changes: int | None = MAX_MODE_CHANGES):
        self.network, self.shipment = network, shipment
        # Without a cap changes are not counted: every label counts none, so one staircase a state suffices.
        self.counting = max_changes is not None
        self.limit = max_changes or 0
        prices = self.prices = Prices(shipment)
        usable = [link for link in network.links if link.capacity_teu is None or link.capacity_teu >= shipment.teu]
        bounds = _Bounds(network, usable, prices, shipment.origin, shipment.destination)
        # state → (least cost, least minutes, least CO2) to the destination; a state missing cannot reach it
        self.least: dict[State, tuple[int, int, int]] = {
            state: (cost, bounds.time[state], bounds.co2[state]) for state, cost in bounds.cost.items()}
        # What expanding needs, worked out when a state is first expanded (`_moves`): the boardings allowed at
        # each node, and the usable links leaving it.
        self.boarding = bounds.boarding
        self.teu = shipment.teu
        self.slack = 1.0 + tolerance
        self.ready = minutes_of(shipment.ready)
        # (node, arriving mode, status) → staircase k: the labels settled there with at most k changes of mode
        self.settled: dict[tuple, list[_Staircase]] = {}
        self.found: list[_Label] = []
        self.front = _Staircase()
        self.heap: list = []
        self.counter = 0
        self.moves: dict[State, list[tuple]] = {}

    def hopeless(self, node: str, mode: str | None, status: str, changes: int, cost: int, co2: int) -> bool:
        """Whether a label is beaten at its state (by one with no more changes of mode), or a route found
        beats (within the tolerance) every way it could reach the destination; also when the destination
        cannot be reached from it at all."""
        settled = self.settled.get((node, mode, status))
        if settled is not None and settled[changes].covers(cost, co2):
            return True
        least = self.least.get((node, mode))
        if least is None:
            return True
        slack = self.slack
        return self.front.covers((cost + least[0]) * slack, (co2 + least[2]) * slack)

    def offer(self, cost: int, time: int, co2: int, node: str, mode: str | None, status: str, changes: int,
              parent: _Label | None, step: tuple | None) -> None:
        if self.hopeless(node, mode, status, changes, cost, co2):
            return
        self.counter += 1
        heapq.heappush(self.heap, (time + self.least[(node, mode)][1], cost, co2, changes, self.counter,
                                   _Label(cost, time, co2, node, mode, status, changes, parent, step)))

    def settle(self, label: _Label) -> None:
        state = (label.node, label.mode, label.status)
        settled = self.settled.get(state)
        if settled is None:
            settled = self.settled[state] = [_Staircase() for _ in range(self.limit + 1)]
        cost, co2 = label.cost, label.co2
        for stair in settled[label.changes:]:
            if stair.covers(cost, co2):
                break  # and so do the staircases after it, which hold all its labels and more
            stair.add(cost, co2)

    def run(self) -> list[_Label]:
        self.offer(0, self.ready, 0, self.shipment.origin, None, self.shipment.customs_from, 0, None, None)
        destination, wanted = self.shipment.destination, self.shipment.customs_to
        heap, pop = self.heap, heapq.heappop
        while heap:
            label = pop(heap)[-1]
            if self.hopeless(label.node, label.mode, label.status, label.changes, label.cost, label.co2):
                continue
            self.settle(label)
            if label.node == destination and label.status == wanted:
                self.found.append(label)
                self.front.add(label.cost, label.co2)
                continue
            self.expand(label)
        return self.found

    def expand(self, label: _Label) -> None:
        """Offer every move on from the label: its node's customs step, and each link it may board.

        The legs' offers inline `offer` and `hopeless`; keep the three in step."""
        here, mode, status, changes = label.node, label.mode, label.status, label.changes
        node = self.network.nodes[here]
        step = node.customs_step
        if step is not None:
            cost, co2 = self.prices.customs(node, step)
            flipped = "bonded" if status == "domestic" else "domestic"
            self.offer(label.cost + cost, label.time + step.minutes, label.co2 + co2, here, mode, flipped,
                       changes, label, ("customs", node, step))
        if here == self.shipment.destination:
            return
        moves = self.moves.get((here, mode))
        if moves is None:
            moves = self.moves[(here, mode)] = self._moves(here, mode)
        settled, slack, limit = self.settled, self.slack, self.limit
        front_costs, front_co2s = self.front.costs, self.front.co2s
        heap, push, right = self.heap, heapq.heappush, bisect.bisect_right
        l_time, l_cost, l_co2 = label.time, label.cost, label.co2
        for to, by, add_cost, add_co2, h_minutes, driving, change, bound, link, handling in moves:
            more = changes + change
            if more > limit:
                continue
            cost, co2 = l_cost + add_cost, l_co2 + add_co2
            there = settled.get((to, by, status))
            if there is not None:  # _Staircase.covers, written out
                stair = there[more]
                at = right(stair.costs, cost) - 1
                if at >= 0 and stair.co2s[at] <= co2:
                    continue
            if front_costs:  # the same against the routes found, with the bounds to the destination
                at = right(front_costs, (cost + bound[0]) * slack) - 1
                if at >= 0 and front_co2s[at] <= (co2 + bound[2]) * slack:
                    continue
            if driving is None:
                leaves, arrives = link.next_departure(l_time + h_minutes)
            else:
                leaves = l_time + h_minutes
                arrives = leaves + driving
            self.counter += 1
            push(heap, (arrives + bound[1], cost, co2, more, self.counter,
                        _Label(cost, arrives, co2, to, by, status, more, label, ("leg", link, leaves, handling,
                                                                                  l_time))))

    def _moves(self, here: str, mode: str | None) -> list[tuple]:
        """Every link a box that arrived at `here` by `mode` may board, from which the destination can be
        reached: (to, by, cost added, CO2 added, handling minutes, driving minutes or None when timetabled,
        change of mode counted, the bounds from where it arrives, link, handling)."""
        moves = []
        for link in self.network.outgoing[here]:
            by, to = link.mode, link.destination
            bound = self.least.get((to, by))
            if bound is None or (link.capacity_teu is not None and link.capacity_teu < self.teu):
                continue  # no way on from where it arrives, or too small for the shipment
            board = next((way for way in self.boarding.get((here, by), ()) if way[0] == mode), None)
            if board is None:
                continue  # this node cannot move the box from the arriving mode onto this one
            _, h_cost, h_minutes, h_co2, handling = board
            ride_cost, ride_co2 = self.prices.leg(link)
            change = int(self.counting and mode is not None and mode != by)
            moves.append((to, by, h_cost + ride_cost, h_co2 + ride_co2, h_minutes,
                          None if link.departures else link.driving_minutes, change, bound, link, handling))
        return moves


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
