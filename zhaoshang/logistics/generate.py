"""Seeded random networks for the tests and the benchmark (plain Python, no Django).

Nodes lie on a plane about 600 km across; each is joined to its nearest neighbours by road both ways, and
some of those pairs also by timetabled rail or barge. Handling at a node is separable (unload the arriving
mode, load the leaving one, even truck to truck), so no route gains by passing a node twice: the Pareto set
is made of simple paths, which a brute-force enumeration can check.
"""

from __future__ import annotations

import math
import random

from zhaoshang.logistics.planner import MODES, Network, network_build

FACTORS = {"road": 62.0, "rail": 22.0, "inland_waterway": 31.0, "sea": 8.0}
SPEEDS = {"road": 60, "rail": 50, "inland_waterway": 11, "sea": 25}
PER_TKM = {"road": "0.49", "rail": "0.22", "inland_waterway": "0.07", "sea": "0.03"}
PER_TEU = {"road": 0, "rail": 500, "inland_waterway": 150, "sea": 300}


def _handling(rng: random.Random, separable: bool) -> list[dict]:
    if not separable:  # as terminals charge: trucks drive through, a change of mode is a lift
        lift = [{"from": a, "to": b, "hours": rng.randint(2, 6), "cost_per_teu": rng.randint(3, 6) * 50}
                for a in MODES for b in MODES if a != b]
        return lift + [{"from": m, "to": m, "hours": 2, "cost_per_teu": 100} for m in MODES if m != "road"]
    unload = {mode: rng.randint(0, 3) for mode in MODES}
    load = {mode: rng.randint(0, 3) for mode in MODES}
    price = {mode: rng.randint(0, 4) * 50 for mode in MODES}
    return [{"from": a, "to": b, "hours": unload[a] + load[b], "cost_per_teu": price[a] + price[b]}
            for a in MODES for b in MODES]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def network_rows(nodes: int, links: int, *, seed: int, timetabled: float = 0.3,
                 separable: bool = True) -> dict[str, list[dict]]:
    """Rows for `network_build`: about `links` directed links among `nodes` nodes. `separable=False` prices
    transfers as terminals do (trucks pass free, a change of mode costs a lift), the benchmark's network."""
    rng = random.Random(seed)
    points = [(rng.uniform(0, 600), rng.uniform(0, 600)) for _ in range(nodes)]
    node_rows = [{"key": f"n{i}", "name": f"节点{i}", "kind": "city", "lon": 118 + x / 100, "lat": 28 + y / 100,
                  "hub_factor": rng.choice([0, 0.3, 0.6]), "handling": _handling(rng, separable)}
                 for i, (x, y) in enumerate(points)]
    pairs = _pairs(points, links // 2, rng)
    link_rows, departures = [], []
    for a, b in pairs:
        km = round(math.dist(points[a], points[b]) * 1.25 + 1, 1)
        mode = "road" if rng.random() > timetabled else rng.choice(["rail", "inland_waterway"])
        for origin, destination in ((a, b), (b, a)):
            key = f"n{origin}-n{destination}-{mode}"
            link_rows.append({"key": key, "from": f"n{origin}", "to": f"n{destination}", "mode": mode,
                              "distance_km": km, "speed_kmh": SPEEDS[mode], "cost_per_teu": PER_TEU[mode],
                              "cost_per_tkm": PER_TKM[mode], "co2_g_per_tkm": FACTORS[mode],
                              "capacity_teu": rng.choice([None, 20, 64])})
            if mode != "road":
                transit = math.ceil(km / SPEEDS[mode] * 60)
                for _ in range(rng.randint(1, 3)):
                    leaves = rng.randrange(0, 24 * 60, 15)
                    arrives = leaves + transit
                    departures.append({"link": key, "departs": _clock(leaves), "arrives": _clock(arrives % 1440),
                                       "arrival_day": arrives // 1440, "cutoff_minutes": rng.choice([0, 60, 120])})
    return {"nodes": node_rows, "links": link_rows, "departures": departures}


def _pairs(points: list[tuple[float, float]], count: int, rng: random.Random) -> list[tuple[int, int]]:
    """`count` distinct pairs: a chain west to east (so the network is connected), then near neighbours."""
    order = sorted(range(len(points)), key=lambda i: points[i])
    chosen = {tuple(sorted((order[i], order[i + 1]))) for i in range(len(order) - 1)}
    while len(chosen) < count:
        at = rng.randrange(len(order))
        window = order[max(0, at - 20):at + 21]  # neighbours in x, the nearest few of them in the plane
        a = order[at]
        near = sorted((j for j in window if j != a), key=lambda j: math.dist(points[a], points[j]))[:5]
        chosen.add(tuple(sorted((a, rng.choice(near)))))
    return sorted(chosen)


def network_generate(nodes: int, links: int, *, seed: int, timetabled: float = 0.3,
                     separable: bool = True) -> Network:
    return network_build(**network_rows(nodes, links, seed=seed, timetabled=timetabled, separable=separable))
