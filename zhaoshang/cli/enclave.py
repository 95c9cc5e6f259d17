"""`zhaoshang enclave report`: the yearly enclave statement (飞地统计归属对账单) of every agreement."""

from __future__ import annotations

import json
import sys
from decimal import Decimal

HELP = "the enclave statement: per agreement and figure, the full value, each side's part and the rule"
NEEDS_DJANGO = True
COLUMNS = ["统计项", "方式", "全口径", "本区", "合作方", "规则"]


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    report = sub.add_parser("report", help="the statement both sides sign off for a year")
    report.add_argument("--zone", help="zone code or name (optional while the database holds one zone)")
    report.add_argument("--year", required=True, type=int, help="calendar year, e.g. 2020")
    report.add_argument("--format", choices=["json", "table", "xlsx"], default="table")
    report.add_argument("-o", "--output", help="write to this file (required for xlsx)")


def _cells(row: dict) -> list[str]:
    from zhaoshang.core.figures import format_figure

    def figure(value: Decimal) -> str:
        return format_figure(value, row.get("unit", "count"))

    return [row["figure"], row["mode"], figure(row["full"]), figure(row["zone"]), figure(row["partner"]), row["rule"]]


def as_json(statement: list[dict]) -> str:
    """Amounts and shares as strings of their exact Decimal value, so nothing is lost to floating point."""
    return json.dumps({"agreements": statement}, ensure_ascii=False, indent=2, default=str) + "\n"


def as_table(statement: list[dict]) -> str:
    from zhaoshang.core.figures import table_lines

    lines = []
    for agreement in statement:
        lines.append(f"{agreement['agreement']}（{agreement['zone']} — {agreement['partner']}，{agreement['year']}年）")
        lines += table_lines([COLUMNS, *(_cells(r) for r in agreement["rows"])], "<<>>><", indent="  ")
    return "\n".join(lines or ["没有合作协议"]) + "\n"


def as_xlsx(statement: list[dict], path: str) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "飞地统计归属"
    sheet.append(["协议", "合作方", "年度", *COLUMNS])
    for agreement in statement:
        for row in agreement["rows"]:
            sheet.append([agreement["agreement"], agreement["partner"], agreement["year"], row["figure"],
                          row["mode"], row["full"], row["zone"], row["partner"], row["rule"]])
    book.save(path)


def run(args) -> int:
    from zhaoshang.core.errors import UserError
    from zhaoshang.zones.models import CooperationAgreement
    from zhaoshang.zones.selectors import zone_resolve
    from zhaoshang.zones.services import enclave_statement

    zone = zone_resolve(args.zone)
    statement = enclave_statement(agreements=CooperationAgreement.objects.filter(zone=zone), year=args.year)
    if args.format == "xlsx":
        if not args.output:
            raise UserError("xlsx 格式须用 -o 指定输出文件")
        as_xlsx(statement, args.output)
        return 0
    text = as_json(statement) if args.format == "json" else as_table(statement)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0
