"""`zhaoshang route`: the Pareto routes (cost, time, CO2) for a shipment, or a batch of shipments."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from zhaoshang.core.errors import UserError
from zhaoshang.core.figures import display_width, format_amount, pad
from zhaoshang.logistics.planner import MARKS, MODES  # plain Python: no Django needed to import it

HELP = "plan a shipment on the logistics network: the cheapest, fastest and greenest routes and every trade-off"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--from", dest="origin", help="node key or name, e.g. zone_park")
    parser.add_argument("--to", dest="destination", help="node key or name, e.g. yangshan")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--teu", help="boxes (TEU); tonnes = TEU × 10")
    size.add_argument("--tonnes", help="cargo in tonnes; TEU = tonnes ÷ 10, rounded up")
    parser.add_argument("--ready", help='when the cargo is ready, "YYYY-MM-DD HH:MM"')
    parser.add_argument("--customs-to", choices=["domestic", "bonded"], help="customs status wanted on arrival")
    parser.add_argument("--factors", help="CO2 factor set instead of each link's own: cefic2011 or nl2014")
    parser.add_argument("--max-changes", metavar="N", help="at most N changes of mode (default 4; none: no cap)")
    parser.add_argument("--batch", type=Path, help="CSV of shipments (from,to,teu|tonnes,ready[,customs_to])")
    parser.add_argument("--pick", default="cheapest", choices=["cheapest", "fastest", "greenest"],
                        help="in a batch, which route each shipment takes")
    parser.add_argument("--format", choices=["json", "table"], default="table")


def run(args) -> int:
    from zhaoshang.logistics.services import max_changes_parse, ready_parse, route_plan, routes_batch

    if args.batch:
        try:
            text = args.batch.read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(f"读不了批量文件 {args.batch}：{exc.strerror}") from None
        summary = routes_batch(text=text, pick=args.pick).as_json()
        _out(summary, args.format, _batch_table)
        return 0
    if not (args.origin and args.destination and args.ready and (args.teu or args.tonnes)):
        raise UserError("需要 --from、--to、--ready 以及 --teu 或 --tonnes（或用 --batch 批量规划）。")
    plan = route_plan(origin=args.origin, destination=args.destination, ready=ready_parse(args.ready),
                      teu=args.teu, tonnes=args.tonnes, customs_to=args.customs_to, factors=args.factors,
                      max_changes=max_changes_parse(args.max_changes))
    _out(plan.as_json(), args.format, _routes_table)
    return 0


def _out(data: dict, fmt: str, table) -> None:
    if fmt == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        table(data)




def _cap(limit: int | None) -> str:
    return "换装次数不限" if limit is None else f"最多换 {limit} 次运输方式，--max-changes 可调"


def _routes_table(data: dict) -> None:
    print(f"{data['from']} → {data['to']}  {data['teu']} TEU / {data['tonnes']} 吨  备货 {data['ready']}"
          f"  共 {len(data['routes'])} 条帕累托最优路线（{_cap(data['max_mode_changes'])}）")
    rows = [["#", "费用", "时长(h)", "CO2(kg)", "方式", "标记"]]
    for i, r in enumerate(data["routes"], start=1):
        rows.append([str(i), format_amount(Decimal(r["cost"])), f"{r['duration_hours']:.1f}", f"{r['co2_kg']:.1f}",
                     "→".join(MODES[m] for m in r["modes"]), "、".join(MARKS[m] for m in r["marks"])])
    widths = [max(display_width(row[c]) for row in rows) for c in range(len(rows[0]))]
    for row in rows:
        print("  ".join(pad(cell, w, a) for cell, w, a in zip(row, widths, "<>>><<", strict=True)))


def _batch_table(data: dict) -> None:
    print(f"共 {data['shipments']} 票，规划 {data['planned']} 票（每票取{MARKS[data['pick']]}路线）")
    for mode, share in data["modal_split_share"].items():
        print(f"  {pad(MODES[mode], 6)} {share * 100:6.1f}%  {data['modal_split_tonne_km'][mode]:>14,.0f} 吨公里")
    road_cost = format_amount(Decimal(data["all_road_cost"]))
    print(f"  总费用 {format_amount(Decimal(data['total_cost']))}（全程公路 {road_cost}）")
    saving = data["co2_saving_vs_all_road"]
    print(f"  总排放 {data['total_co2_kg']:,.1f} kg CO2e（全程公路 {data['all_road_co2_kg']:,.1f} kg"
          + (f"，减少 {saving * 100:.1f}%）" if saving is not None else "）"))
    for failure in data["failures"]:
        print(f"  ! {failure}")
