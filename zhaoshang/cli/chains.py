"""`zhaoshang chains`: the industry chains with their segments, local coverage and gaps."""

from __future__ import annotations

import json
import sys

HELP = "the industry chains and their segments, with local coverage (firms, projects) and gaps"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--zone", help="zone code or name (optional while the database holds one zone)")
    parser.add_argument("--chain", help="only this chain (its key, e.g. vehicles)")
    parser.add_argument("--format", choices=["json", "table"], default="table")


def chains_report(*, zone, chain_key: str | None = None) -> list[dict]:
    """Every chain (or one) with its segments as the console prints them. The console reads every project
    of the zone, as `zhaoshang kpi` does: it runs on the server, for its operator."""
    from zhaoshang.chains.coverage import chain_coverage
    from zhaoshang.chains.models import Chain
    from zhaoshang.core.errors import UserError

    chains = Chain.objects.order_by("order", "key")
    if chain_key:
        chains = chains.filter(key=chain_key)
        if not chains.exists():
            raise UserError(f"没有代码为“{chain_key}”的产业链；`zhaoshang chains` 列出全部产业链。")
    report = []
    for chain in chains:
        segments = []
        for e in chain_coverage(chain=chain, user=None, zone=zone):
            s = e.segment
            segments.append({
                "key": s.key, "name": s.name, "position": s.position,
                "parent": s.parent.key if s.parent_id and s.parent else None,
                "industry_codes": s.industry_codes, "keywords": s.keywords, "supplies": s.supplies,
                "coverage": {"firms": len(e.firms), "projects": len(e.projects),
                             "signed_cny": int(e.amount_cny)},
                "strength": e.strength, "gap": e.gap, "candidates": e.candidates})
        report.append({"key": chain.key, "name": chain.name, "segments": segments})
    return report


def _table(zone, report: list[dict]) -> str:
    from zhaoshang.chains.fields import format_codes
    from zhaoshang.chains.models import Position
    from zhaoshang.core.figures import table_lines

    lines = []
    for chain in report:
        lines.append(f"{chain['name']}（{chain['key']}） · {zone.name}{'（示例数据）' if zone.is_demo else ''}")
        rows = [["key", "环节", "位置", "行业代码", "关键词", "企业", "项目", "缺口"]]
        for s in chain["segments"]:
            words = "、".join(s["keywords"])
            rows.append([s["key"], ("  " if s["parent"] else "") + s["name"], Position(s["position"]).label,
                         format_codes(s["industry_codes"]) or "—", words if len(words) <= 24 else words[:23] + "…",
                         str(s["coverage"]["firms"]), str(s["coverage"]["projects"]), s["gap"] or "—"])
        lines += table_lines(rows, "<<<<<>><", indent="  ")
        lines.append("")
    return "\n".join(lines)


def run(args) -> int:
    from zhaoshang.zones.selectors import zone_resolve

    zone = zone_resolve(args.zone)
    report = chains_report(zone=zone, chain_key=args.chain)
    if args.format == "json":
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    sys.stdout.write(_table(zone, report))
    return 0
