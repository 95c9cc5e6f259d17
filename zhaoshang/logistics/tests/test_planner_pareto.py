"""The planner's routes are exactly the Pareto set a brute-force enumeration of simple paths finds."""

import datetime as dt
import functools

import pytest

from zhaoshang.logistics.generate import network_generate
from zhaoshang.logistics.planner import DAY, NoRoute, Prices, routes_plan, shipment_of

READY = dt.datetime(2026, 3, 1, 8, 0)


def _leave(link, ready: int) -> int:
    """Arrival by the link for a box ready at `ready`, by trying every departure of the next days in turn."""
    if not link.departures:
        return ready + link.driving_minutes
    arrivals = [day * DAY + d.departs + d.transit for day in range(-1, 40) for d in link.departures
                if day * DAY + d.departs - d.cutoff >= ready]
    return min(arrivals)


def _evaluate(network, shipment, path) -> tuple[int, int, int] | None:
    prices = Prices(shipment)
    cost, co2, time, mode = 0, 0, READY.hour * 60 + READY.minute, None
    for link in path:
        if link.capacity_teu is not None and link.capacity_teu < shipment.teu:
            return None
        if mode is not None:
            node = network.nodes[link.origin]
            handling = node.transfer(mode, link.mode)
            h_cost, h_co2 = prices.handling(node, handling)
            cost, co2, time = cost + h_cost, co2 + h_co2, time + handling.minutes
        l_cost, l_co2 = prices.leg(link)
        cost, co2, time, mode = cost + l_cost, co2 + l_co2, _leave(link, time), link.mode
    return cost, time, co2


def _simple_paths(network, here, target, seen, path):
    if here == target:
        yield list(path)
        return
    for link in network.outgoing[here]:
        if link.destination not in seen:
            seen.add(link.destination)
            path.append(link)
            yield from _simple_paths(network, link.destination, target, seen, path)
            path.pop()
            seen.discard(link.destination)


def _pareto(vectors: set) -> set:
    return {v for v in vectors if not any(o != v and all(a <= b for a, b in zip(o, v, strict=True)) for o in vectors)}


def _brute_force(network, shipment) -> set:
    values = {_evaluate(network, shipment, p) for p in _simple_paths(network, shipment.origin, shipment.destination,
                                                                        {shipment.origin}, [])}
    return _pareto(values - {None})


CASES = [(12, 50, seed, teu) for seed in range(6) for teu in (1, 30)] + \
        [(20, 76, seed, teu) for seed in range(100, 104) for teu in (2, 40)]


@functools.cache
def _case(nodes: int, links: int, seed: int, teu: int):
    network = network_generate(nodes, links, seed=seed, timetabled=0.5)
    shipment = shipment_of(origin="n0", destination=f"n{nodes - 1}", ready=READY, teu=teu)
    return network, shipment, _brute_force(network, shipment)


@pytest.mark.parametrize(("nodes", "links", "seed", "teu"), CASES)
def test_routes_are_exactly_the_pareto_set_of_all_simple_paths(nodes, links, seed, teu):
    network, shipment, expected = _case(nodes, links, seed, teu)
    if not expected:  # every path uses a link too small for the boxes
        with pytest.raises(NoRoute):
            routes_plan(network, shipment)
        return
    assert {(r.cost_fen, r.arrival, r.co2_g) for r in routes_plan(network, shipment)} == expected


def test_the_seeded_networks_offer_real_trade_offs():
    """Guards the test above against networks where one route wins on everything."""
    sizes = [len(_case(*case)[2]) for case in CASES]
    assert max(sizes) >= 3 and sum(s > 1 for s in sizes) >= len(CASES) // 3
    assert 0 in sizes  # and one shipment too big for every path
