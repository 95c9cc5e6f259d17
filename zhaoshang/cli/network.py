"""`zhaoshang network`: the logistics network's nodes and links, each figure with its source or 估算."""

from __future__ import annotations

import json
import sys

from zhaoshang.core.figures import display_width, pad

HELP = "the multimodal logistics network: nodes and links with their sources or estimate flags"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=["json", "table"], default="table")
    parser.add_argument("--import", dest="files", nargs="+", metavar="FILE",
                        help="nodes, links and departures sheets (.xlsx/.csv, one per table), all or nothing")
    parser.add_argument("--dry-run", action="store_true", help="with --import: check only, write nothing")


def _flag(sources: dict, *parameters: str) -> str:
    estimated = [p for p in parameters if (sources.get(p) or {}).get("estimate", True)]
    return "估算：" + ",".join(estimated) if estimated else "有来源"


def _table(rows: list[list[str]], aligns: str) -> None:
    widths = [max(display_width(r[i]) for r in rows)
              for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(pad(cell, width, align) for cell, width, align in zip(row, widths, aligns, strict=True)))


def _import(args) -> int:
    from zhaoshang.logistics.importing import network_import

    outcome = network_import(files=[(path, path) for path in args.files], dry_run=args.dry_run)
    for problem in outcome.all_problems:
        print(problem, file=sys.stderr)
    print(outcome.summary, file=sys.stderr if not outcome.ok else sys.stdout)
    return 0 if outcome.ok else 1


def run(args) -> int:
    from zhaoshang.logistics.planner import CUSTOMS, KINDS, MODES
    from zhaoshang.logistics.selectors import network_rows

    if args.files:
        return _import(args)
    rows = network_rows()
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
        return 0
    print(f"节点（{len(rows['nodes'])} 个）")
    _table([["键", "名称", "类型", "经度", "纬度", "海关状态", "来源"]] + [
        [n["key"], n["name"], KINDS[n["kind"]], n["lon"], n["lat"], CUSTOMS[n["customs"]],
         _flag(n["sources"], "lon", "lat")] for n in rows["nodes"]], "<<<>><<")
    print(f"\n线路（{len(rows['links'])} 条）")
    _table([["起点", "终点", "方式", "距离km", "元/TEU", "元/吨公里", "gCO2/tkm", "来源"]] + [
        [link["from"], link["to"], MODES[link["mode"]], link["distance_km"], link["cost_per_teu"],
         link["cost_per_tkm"], link["co2_g_per_tkm"], _flag(link["sources"], "distance_km", "cost_per_tkm",
                                                            "co2_g_per_tkm")]
        for link in rows["links"]], "<<<>>>><")
    return 0
