"""`zhaoshang extract FILE…`: normalise and extract documents without a database."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from zhaoshang.core.figures import format_figure, table_lines

HELP = "normalise and extract documents (figures, organisations, places, investments); no database"
NEEDS_DJANGO = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="text files (UTF-8, UTF-16, GBK/GB18030 or Big5)")
    parser.add_argument("--format", choices=("jsonl", "table"), default="jsonl",
                        help="jsonl: one JSON object per file (default); table: for reading")
    parser.add_argument("--fast", action="store_true",
                        help="rules only, without the statistical name recogniser: about five times faster, "
                             "fewer names without a legal suffix")


def run(args: argparse.Namespace) -> int:
    from zhaoshang.text import decode, process

    failed = False
    for name in args.files:
        try:
            raw = decode(Path(name).read_bytes())
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            print(f"zhaoshang extract: {name}: {reason}", file=sys.stderr)
            failed = True
            continue
        result = process(raw, name, fast=args.fast)
        if args.format == "jsonl":
            print(json.dumps(result, ensure_ascii=False))
        else:
            print(render_table(result))
        sys.stdout.flush()  # keep results and error messages in input order on a terminal
    return 1 if failed else 0


def _figure(value, unit: str) -> str:
    # Extraction writes whole units as JSON numbers; the formatter wants exact decimals.
    return format_figure(Decimal(str(value)), unit)


def render_table(result: dict) -> str:
    """A plain-text report of one document for a person at a terminal, its tables aligned by display width."""
    lines = [f"== {result['source']}"]
    if result.get("title"):
        lines.append(f"标题 title: {result['title']}")
    lines.append(f"正文 text: {len(result['text'])} characters")
    lines.append(f"机构 organisations: {'、'.join(result['organizations']) or '—'}")
    lines.append(f"地点 places: {'、'.join(result['places']) or '—'}")
    lines.append(f"指标 metrics ({len(result['metrics'])}):")
    lines.extend(table_lines([[_figure(m["value"], m["unit"]), m["unit"], m["qualifier"], m["indicator"],
                               f"«{m['span']}»"] for m in result["metrics"]], "><<<<", indent="  "))
    lines.append(f"投资 investments ({len(result['investments'])}):")
    lines.extend(table_lines([[inv["investor"] or "—", inv["project"] or "—", _money(inv["amount"]),
                               inv["location"] or "—", inv["stage"] or "—"] for inv in result["investments"]],
                             "<<><<", indent="  "))
    return "\n".join(lines) + "\n"


def _money(amount: dict | None) -> str:
    return _figure(amount["value"], amount["unit"]) if amount else "—"
