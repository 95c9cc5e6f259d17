"""`zhaoshang kpi`: the zone's KPIs for a period, as JSON or a table."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "the zone's KPIs for a year, each with the ids of the records behind it"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--zone", help="zone code or name (optional while the database holds one zone)")
    parser.add_argument("--year", type=_year, required=True, help="calendar year, e.g. 2020")
    parser.add_argument("--format", choices=["json", "table"], default="table")
    parser.add_argument("--key", action="append", dest="keys", help="only this KPI (repeatable)")


def _year(text: str) -> int:
    from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR  # no Django: runs while arguments are parsed

    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise argparse.ArgumentTypeError(f"a year from {MIN_YEAR} to {MAX_YEAR}, not {text!r}")
    return int(text)


def _display(item: dict) -> str:
    value, unit = item["value"], item["unit"]
    if unit == "ratio":
        return f"{value * 100:.2f}%"
    if unit == "CNY":
        return f"{value:,.2f} 元"
    return f"{value:,}" if isinstance(value, int) else str(value)


def run(args) -> int:
    from zhaoshang.kpis.computations import Period
    from zhaoshang.kpis.services import kpi_evaluate
    from zhaoshang.zones.selectors import zone_resolve

    zone = zone_resolve(args.zone)
    items = [v.as_json() for v in kpi_evaluate(zone=zone, period=Period.year(args.year), keys=args.keys)]
    if args.format == "json":
        json.dump(items, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{zone.name} · {args.year}年{'（示例数据）' if zone.is_demo else ''}")
    for item in items:
        print(f"  {item['key']:<36} {item['label']:<28} {_display(item):>24}  ({len(item['record_ids'])} 条记录)")
    return 0
