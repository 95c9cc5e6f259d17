"""Reading the network: the rows the planner builds from, and the planner's network itself."""

from __future__ import annotations

from zhaoshang.logistics import planner
from zhaoshang.logistics.models import Departure, Link, Node


def _number(value):
    return None if value is None else str(value)


def network_rows() -> dict[str, list[dict]]:
    """Every node, link and departure as the rows `planner.network_build` reads."""
    nodes = []
    for node in Node.objects.prefetch_related("handlings"):
        nodes.append({
            "key": node.key, "name": node.name, "kind": node.kind, "lon": str(node.lon), "lat": str(node.lat),
            "customs": node.customs, "hub_factor": _number(node.hub_factor),
            "hub_factor_source": node.hub_factor_source, "hub_factor_basis": node.hub_factor_basis,
            "customs_step": node.customs_step, "customs_step_hours": _number(node.customs_step_hours),
            "customs_step_fee_per_teu": _number(node.customs_step_fee_per_teu), "sources": node.sources,
            "handling": [{"from": h.from_mode, "to": h.to_mode, "hours": str(h.hours),
                          "cost_per_teu": str(h.cost_per_teu), "cost_per_tonne": str(h.cost_per_tonne),
                          "sources": h.sources} for h in node.handlings.all()]})
    links = [{"key": link.key, "from": link.origin.key, "to": link.destination.key, "mode": link.mode,
              "distance_km": str(link.distance_km), "speed_kmh": str(link.speed_kmh),
              "cost_per_teu": str(link.cost_per_teu), "cost_per_tkm": str(link.cost_per_tkm),
              "co2_g_per_tkm": str(link.co2_g_per_tkm), "co2_g_per_tkm_source": link.co2_g_per_tkm_source,
              "co2_g_per_tkm_basis": link.co2_g_per_tkm_basis, "capacity_teu": link.capacity_teu,
              "sources": link.sources}
             for link in Link.objects.select_related("origin", "destination")]
    departures = [{"link": d.link.key, "departs": d.departs, "arrives": d.arrives, "arrival_day": d.arrival_day,
                   "cutoff_minutes": d.cutoff_minutes, "sources": d.sources}
                  for d in Departure.objects.select_related("link")]
    return {"nodes": nodes, "links": links, "departures": departures}


def network_current() -> planner.Network:
    """The planner's network from the database; NetworkError names every bad row."""
    if not Node.objects.exists():
        raise planner.UserError("物流网络为空：请先运行 `zhaoshang demo` 载入示例网络，或在管理后台录入节点与线路。")
    return planner.network_build(**network_rows())
