"""`zhaoshang kpi`: the zone's KPIs for a period, as JSON or a table."""

from __future__ import annotations

import json
import sys

HELP = "the zone's KPIs for a year, each with the ids of the records behind it"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--zone", help="zone code or name (optional while the database holds one zone)")
    parser.add_argument("--year", required=True, help="calendar year, e.g. 2020")
    parser.add_argument("--format", choices=["json", "table"], default="table")
    parser.add_argument("--key", action="append", dest="keys", help="only this KPI (repeatable)")
    parser.add_argument("--basis", choices=["full", "zone", "partner"], default="full",
                        help="全口径 full (default), 本区口径 zone, 合作方口径 partner (enclave agreements)")
    parser.add_argument("--partner", help="with --basis partner: only this partner (id or part of its name)")


def table(title: str, values) -> str:
    """The KPIs for a person at a terminal: figures written as the cockpit writes them, columns aligned."""
    from zhaoshang.core.figures import format_figure, table_lines

    rows = [[v.key, v.label, format_figure(v.value, v.unit), f"({len(v.record_ids)} 条记录)"] for v in values]
    return "\n".join([title, *table_lines(rows, "<<><", indent="  ")]) + "\n"


def run(args) -> int:
    from zhaoshang.kpis.computations import Period
    from zhaoshang.kpis.selectors import kpi_scope
    from zhaoshang.kpis.services import kpi_evaluate
    from zhaoshang.zones.services import BASES

    zone, year = kpi_scope(args.zone, args.year)  # a bad zone or year is a UserError: exit 2 with its message
    values = kpi_evaluate(zone=zone, period=Period.year(year), keys=args.keys, basis=args.basis,
                          partner=args.partner)
    if args.format == "json":
        json.dump([v.as_json() for v in values], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    basis = "" if args.basis == "full" else f" · {BASES[args.basis]}{f'（{args.partner}）' if args.partner else ''}"
    sys.stdout.write(table(f"{zone.name} · {year}年{basis}{'（示例数据）' if zone.is_demo else ''}", values))
    return 0
