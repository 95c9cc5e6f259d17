"""`zhaoshang kpi`: the zone's KPIs for a year, a quarter or a month, as JSON or a table; each with its
同比 (and 环比 for a quarter or month) and, where the zone has set one, its yearly target and 完成率 — the
figures of the cockpit's cards (`kpis.cockpit.cards_for`)."""

from __future__ import annotations

import json
import sys

HELP = "the zone's KPIs for a year, each with the ids of the records behind it"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--zone", help="zone code or name (optional while the database holds one zone)")
    parser.add_argument("--year", required=True, help="calendar year, e.g. 2020")
    parser.add_argument("--period", help="a quarter (Q3) or a month (2020-09) of the year; default the whole year")
    parser.add_argument("--format", choices=["json", "table"], default="table")
    parser.add_argument("--key", action="append", dest="keys", help="only this KPI (repeatable)")
    parser.add_argument("--basis", choices=["full", "zone", "partner"], default="full",
                        help="全口径 full (default), 本区口径 zone, 合作方口径 partner (enclave agreements)")
    parser.add_argument("--partner", help="with --basis partner: only this partner (id or part of its name)")


def table(title: str, values, cards: dict | None = None, compare: bool = False) -> str:
    """The KPIs for a person at a terminal: figures written as the cockpit writes them, columns aligned.
    When the zone has targets, a 年度目标 and a 完成率 column (with `compare`, i.e. for a quarter or a month, also
    年初至今: the figure from 1 January that completion is read against); with `compare`, 同比 and 环比 columns;
    then a header line names the columns, and a KPI without one of them shows —."""
    from zhaoshang.core.figures import format_figure, table_lines
    from zhaoshang.kpis.cockpit import comparison_display

    cards = cards or {}
    targeted = any(card.target is not None for card in cards.values())
    labels = {c.label for card in cards.values() for c in card.comparisons} if compare else set()
    compared = [label for label in ("同比", "环比") if label in labels]
    to_date = targeted and compare
    align = "<<>" + (">" if to_date else "") + ("><" if targeted else "") + ">" * len(compared) + "<"
    rows = []
    for v in values:
        row = [v.key, v.label, format_figure(v.value, v.unit)]
        card = cards.get(v.key)
        has_target = card is not None and card.target is not None
        if to_date:
            row.append(format_figure(card.year_to_date, v.unit) if card is not None and has_target else "—")
        if targeted:
            if card is not None and has_target:
                row += [card.target_display, (card.completion_display or "—") + (" 落后于计划" if card.behind else "")]
            else:
                row += ["—", "—"]
        by_label = {c.label: c for c in card.comparisons} if card is not None else {}
        row += [comparison_display(by_label[label], v.unit) if label in by_label else "—" for label in compared]
        rows.append([*row, f"({len(v.record_ids)} 条记录)"])
    if targeted or compared:
        rows.insert(0, ["指标", "名称", "数值", *(["年初至今"] if to_date else []),
                        *(["年度目标", "完成率"] if targeted else []), *compared, "记录"])
    return "\n".join([title, *table_lines(rows, align, indent="  ")]) + "\n"


def _json(value, card) -> dict:
    from zhaoshang.kpis.api import card_json

    return {**value.as_json(), **(card_json(card, with_target=True) if card is not None else {})}


def run(args) -> int:
    from django.http import Http404

    from zhaoshang.core.errors import UserError
    from zhaoshang.kpis.cockpit import cards_for
    from zhaoshang.kpis.comparisons import cockpit_period
    from zhaoshang.kpis.selectors import kpi_scope
    from zhaoshang.kpis.services import kpi_evaluate
    from zhaoshang.zones.services import BASES

    zone, year = kpi_scope(args.zone, args.year)  # a bad zone or year is a UserError: exit 2 with its message
    try:
        period = cockpit_period(year, args.period)
    except Http404 as exc:
        raise UserError(str(exc)) from None
    values = kpi_evaluate(zone=zone, period=period.period, keys=args.keys, basis=args.basis,
                          partner=args.partner)
    # One partner's share is not what the zone's targets and the cockpit's comparisons are about.
    cards = {} if args.partner else cards_for(values, zone=zone, period=period, basis=args.basis, user=None)
    if args.format == "json":
        json.dump([_json(v, cards.get(v.key)) for v in values], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    basis = "" if args.basis == "full" else f" · {BASES[args.basis]}{f'（{args.partner}）' if args.partner else ''}"
    title = f"{zone.name} · {period.label}{basis}{'（示例数据）' if zone.is_demo else ''}"
    sys.stdout.write(table(title, values, cards, compare=period.kind != "year"))
    return 0
