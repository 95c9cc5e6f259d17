"""Which figure a bulletin may state to its reader: the small-cell rule.

A KPI value counts every record of the zone, confidential ones included; `kpi_for_viewer` tells how many
of them the reader may not see (`hidden_count`, and `base_hidden_count` for a ratio's base). Stating the
zone's figure next to the visible records would let a reader subtract them and recover what is hidden.
So, per figure:

- nothing hidden: the zone's figure;
- one or two records hidden (in the figure or in a ratio's base): the figure over the visible records only
  (`visible`), and the bulletin says so; a figure that cannot be recomputed from the visible records
  (a sum of counts it does not carry per record) is not stated at all (`suppressed`);
- three or more hidden, and none of the parts with only one or two: the zone's figure, since what a reader
  can subtract out is the sum of at least three hidden records, never one of them.

Notes of a value describe the zone's records (`24/33 个项目来源地属于长三角`), so a figure stated over the
visible records carries only its definition, never those notes. Plain logic over KpiValue fields.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from zhaoshang.core.disclosure import must_suppress

FULL, VISIBLE, SUPPRESSED = "full", "visible", "suppressed"


@dataclass(frozen=True)
class Stated:
    value: Decimal | int | None
    mode: str  # full | visible | suppressed
    records: int  # records behind the stated value
    hidden: int  # records left out of it (visible) or counted without being shown (full)


def _whole(number: Decimal) -> Decimal | int:
    return int(number) if number == number.to_integral_value() else number


def _visible_count(value) -> Decimal | int | None:
    if value.record_figures:
        return _whole(sum((Decimal(value.record_figures.get(i, 0)) for i in value.record_ids), Decimal(0)))
    counts_records = value.value == len(value.record_ids) + value.hidden_count
    return len(value.record_ids) if counts_records else None


def _visible_sum(value, amounts: dict[int, Decimal] | None) -> Decimal | None:
    source = value.record_figures or amounts
    if not source or any(i not in source for i in value.record_ids):
        return None
    return sum((Decimal(source[i]) for i in value.record_ids), Decimal(0))


def _visible_ratio(value, base) -> Decimal | None:
    if value.base_ids or value.base_hidden_count:
        whole = len(value.base_ids)
    elif base is not None:
        whole = len(base.record_ids)
    else:
        return None
    return (Decimal(len(value.record_ids)) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else None


def _visible_median(value) -> Decimal | int | None:
    days = [value.record_figures[i] for i in value.record_ids if i in value.record_figures]
    return _whole(Decimal(str(statistics.median(days)))) if days else None


def _base_hidden(value, base) -> int:
    if value.base_ids or value.base_hidden_count:
        return value.base_hidden_count
    return base.hidden_count if base is not None else 0


def figure_stated(value, *, base=None, amounts: dict[int, Decimal] | None = None) -> Stated:
    """The figure the reader may be told. `base` is the KPI whose records a ratio without its own base is a
    share of (the YRD share is a share of the signed projects); `amounts` are the CNY amounts of the visible
    records of a sum that carries none itself (a full-basis investment total)."""
    if getattr(value, "suppressed", False):
        # kpis.selectors.kpi_for_viewer has applied the small-cell rule (core.disclosure) already: the value is
        # what the visible records give, and how many were left out is withheld.
        shown_value = value.value
        if shown_value is None and value.unit == "ratio" and base is not None:
            shown_value = _visible_ratio(value, base)  # a share of another KPI's records (the YRD share)
        if shown_value is None:
            return Stated(None, SUPPRESSED, 0, 0)
        return Stated(shown_value, VISIBLE, len(value.record_ids), 0)
    hidden, base_hidden = value.hidden_count, _base_hidden(value, base) if value.unit == "ratio" else 0
    if not hidden and not base_hidden:
        return Stated(value.value, FULL, len(value.record_ids), 0)
    if not must_suppress(hidden) and not must_suppress(base_hidden):
        return Stated(value.value, FULL, len(value.record_ids) + hidden, hidden + base_hidden)
    if value.unit == "ratio":
        shown: Decimal | int | None = _visible_ratio(value, base)
    elif value.unit == "count":
        shown = _visible_count(value)
    elif value.unit == "days":
        shown = _visible_median(value)
    else:
        shown = _visible_sum(value, amounts)
    if shown is None:
        return Stated(None, SUPPRESSED, 0, hidden)
    return Stated(shown, VISIBLE, len(value.record_ids), hidden)
