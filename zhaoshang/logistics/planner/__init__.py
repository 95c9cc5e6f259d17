"""Multimodal freight routing: every Pareto-optimal route over cost, time and CO2 (plain Python, no Django).

The network is built from plain rows (`network_build`), so the database, the demo data file, a spreadsheet
and the tests all feed the same validation. `routes_plan` runs an exact multi-criteria label-setting search
(Martins' algorithm) over states (node, mode the goods arrived by, customs status):

- cost is counted in whole fen, time in whole minutes and CO2e in whole grams, so dominance is exact;
- timetabled links leave only at their departures, and a box must be ready (arrived and handled) by the
  departure's cut-off: ready one minute late means the next departure;
- every transfer at a node pays that node's handling time and cost for the (arriving mode, leaving mode)
  pair and, when the node has a hub factor, the hub's CO2 per tonne handled;
- a customs step (the bonded centre's 一日游, a port declaration) is a loop at the node: it adds its time
  and fee, is a hub element of the carbon statement, and switches the customs status;
- a link whose capacity per departure is below the shipment's TEU is never used;
- a route makes at most four changes of mode (`MAX_MODE_CHANGES`, liftable per query).

Waiting is allowed and departures repeat daily, so arriving earlier never hurts: dominance at a state is
safe and the search is exact. Costs and times only grow along a route, so labels are also pruned against
routes already found, using lower bounds to the destination (see `search`).
"""

from __future__ import annotations

from zhaoshang.logistics.planner.carbon import (
    DEFAULT_FACTOR_SET,
    FACTOR_SETS,
    Element,
    FactorSet,
    carbon_statement,
    factors_switch,
    modal_split,
)
from zhaoshang.logistics.planner.network import (
    BASES,
    CUSTOMS,
    DAY,
    KINDS,
    MODES,
    CustomsStep,
    Departure,
    Factor,
    Handling,
    Link,
    Network,
    NetworkError,
    Node,
)
from zhaoshang.logistics.planner.routes import Leg, Route, Stop
from zhaoshang.logistics.planner.search import MARKS, MAX_MODE_CHANGES, NoRoute, routes_plan
from zhaoshang.logistics.planner.shipment import TONNES_PER_TEU, Prices, Shipment, shipment_of
from zhaoshang.logistics.planner.validation import link_key, network_build

__all__ = [
    "BASES", "CUSTOMS", "DAY", "DEFAULT_FACTOR_SET", "FACTOR_SETS", "KINDS", "MARKS", "MAX_MODE_CHANGES", "MODES",
    "TONNES_PER_TEU",
    "CustomsStep", "Departure", "Element", "Factor", "FactorSet", "Handling", "Leg", "Link", "Network",
    "NetworkError", "Node", "NoRoute", "Prices", "Route", "Shipment", "Stop", "carbon_statement",
    "factors_switch", "link_key", "modal_split", "network_build", "routes_plan", "shipment_of",
]
