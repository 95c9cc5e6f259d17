"""The demo network's data file read into rows, every parameter with its source (plain Python, no Django).

A source text starts with "S:" (seen in the source), "L:" (seen on a low-quality page) or "E:" (estimate);
in the rows each parameter's provenance is `{"source": text, "estimate": bool}`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

DEMO_FILE = Path(__file__).with_name("data") / "demo_network.toml"
UNSOURCED = "E: 未注明来源，按估算"

NODE_PARAMETERS = ("name", "lon", "lat", "customs_step_hours", "customs_step_fee_per_teu", "hub_factor")
LINK_PARAMETERS = ("distance_km", "speed_kmh", "cost_per_teu", "cost_per_tkm", "co2_g_per_tkm", "capacity_teu")
DEPARTURE_PARAMETERS = ("departs", "arrives", "cutoff_minutes")


def provenance(text: str, named: dict[str, str]) -> dict:
    """{"source": …, "estimate": …} for a source key or text."""
    text = named.get(text, text)
    flag, _, rest = text.partition(":")
    if flag.strip() not in ("S", "L", "E") or not rest.strip():
        return {"source": text.strip(), "estimate": True}
    label = rest.strip() if flag.strip() != "L" else f"（低质量来源）{rest.strip()}"
    return {"source": label, "estimate": flag.strip() == "E"}


def _sources(row: dict, parameters: tuple[str, ...], defaults: dict[str, str], named: dict[str, str]) -> dict:
    given = {**defaults, **row.pop("sources", {})}
    return {p: provenance(given.get(p, UNSOURCED), named) for p in parameters if row.get(p) not in (None, "")}


def network_file_rows(path: Path = DEMO_FILE) -> dict[str, list[dict]]:
    """Rows for `planner.network_build` and the database: nodes, links (both ways expanded) and departures."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    named = data.get("sources", {})
    nodes = [_node(dict(row), named) for row in data.get("node", [])]
    links = []
    for row in data.get("link", []):
        links.extend(_links(dict(row), data.get("mode", {}), named))
    departures = []
    for row in data.get("departure", []):
        row = dict(row)
        row["sources"] = _sources(row, DEPARTURE_PARAMETERS, dict.fromkeys(DEPARTURE_PARAMETERS, "timetable"), named)
        departures.append(row)
    return {"nodes": nodes, "links": links, "departures": departures}


def _node(row: dict, named: dict[str, str]) -> dict:
    row["sources"] = _sources(row, NODE_PARAMETERS, {"lon": "coords", "lat": "coords"}, named)
    if "hub_factor" in row:
        row["hub_factor_source"] = row["sources"]["hub_factor"]["source"]
    for handling in row.get("handling", []):
        handling["sources"] = {"hours": provenance(handling.get("source", UNSOURCED), named),
                               "cost_per_teu": provenance(handling.pop("source", UNSOURCED), named)}
    return row


def _links(row: dict, modes: dict, named: dict[str, str]) -> list[dict]:
    defaults = dict(modes.get(row["mode"], {}))
    mode_sources = defaults.pop("sources", {})
    own = row.pop("sources", {})
    both = row.pop("both", False)
    row = {**defaults, **row}
    row["sources"] = _sources({**row, "sources": {"distance_km": "distance", **mode_sources, **own}},
                              LINK_PARAMETERS, {}, named)
    row["co2_g_per_tkm_source"] = row["sources"]["co2_g_per_tkm"]["source"]
    row.setdefault("key", f"{row['from']}-{row['to']}-{row['mode']}")
    if not both:
        return [row]
    back = {**row, "from": row["to"], "to": row["from"], "key": f"{row['to']}-{row['from']}-{row['mode']}"}
    return [row, back]
