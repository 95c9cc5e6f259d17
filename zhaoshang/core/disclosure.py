"""Small cells: a figure shown to someone who may not see all its records must not let them work out a
hidden record. A zone total minus the figures a viewer can see would give one confidential project's
amount; a city chart's bar, its city.

The rule, one place for every figure and chart cell: a cell computed from at least one but fewer than
`DISCLOSURE_MIN_HIDDEN` (3) records the viewer may not see shows only the visible part and says that
confidential records are left out — without saying how many, since the number would give the rest away.
A cell with no hidden record, or with at least the threshold of them, shows the full figure.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any, TypeVar

DEFAULT_MIN_HIDDEN = 3

V = TypeVar("V")


def min_hidden() -> int:
    from django.conf import settings

    return getattr(settings, "DISCLOSURE_MIN_HIDDEN", DEFAULT_MIN_HIDDEN)


def must_suppress(hidden: int, threshold: int | None = None) -> bool:
    """Whether a cell with `hidden` records the viewer may not see must show only the visible part."""
    return 0 < hidden < (min_hidden() if threshold is None else threshold)


def value_must_suppress(hidden: int, base_hidden: int, threshold: int | None = None) -> bool:
    """Whether a KPI value must show only its visible part: its records hidden from the viewer, or its base's
    (a share's denominator). A share's records lie in its base, so its base's hidden ones are the distinct
    records it rests on; each count is tested alone, as the bulletin tests them (two hidden projects of the
    delta are two records, not four, and the share beside the visible ones would say where they are from)."""
    return must_suppress(hidden, threshold) or must_suppress(base_hidden, threshold)


def suppressed_note(threshold: int | None = None) -> str:
    k = min_hidden() if threshold is None else threshold
    return (f"本数只含您可查看的记录：其余记录为保密或不在您的查看范围内，且少于 {k} 条，"
            "为防止据此推算出单条保密记录，未计入")


def kpi_disclosed(value: V, *, visible: Collection[int], threshold: int | None = None) -> V:
    """The KPI value (kpis.services.KpiValue, its ids already narrowed to `visible`) as its viewer may see it.

    Called by `kpis.selectors.kpi_for_viewer` after it has counted the hidden records. When the hidden
    records are too few, the value becomes what the visible records alone give (None when that cannot be
    told from them), the hidden counts are withheld, and notes with figures in them give way to one note
    saying what was left out."""
    v: Any = value
    if not value_must_suppress(v.hidden_count, v.base_hidden_count, threshold):
        return value
    figure = visible_part(v, set(visible))
    notes = [n for n in v.notes if not any(ch.isdigit() for ch in n)]
    return replace(v, value=figure, hidden_count=0, base_hidden_count=0, suppressed=True,
                   notes=[suppressed_note(threshold), *notes])


def visible_part(value: Any, visible: set[int]) -> Decimal | int | None:
    """What the visible records of a KPI add up to, by the kind of figure; None when it cannot be told."""
    ids = [i for i in value.record_ids if i in visible]
    if value.unit == "ratio":
        base = [i for i in value.base_ids if i in visible]
        if not value.base_ids or not base:
            return None
        return (Decimal(len(ids)) / Decimal(len(base))).quantize(Decimal("0.0001"))
    if value.unit == "days":  # a median of each record's days
        days = [value.record_figures[i] for i in ids if i in value.record_figures]
        return Decimal(str(statistics.median(days))) if days else None
    parts = value.record_figures or getattr(value, "record_amounts", None) or {}
    if parts:
        total = sum((Decimal(parts.get(i, 1)) for i in ids), Decimal(0))
        return int(total) if isinstance(value.value, int) and total == total.to_integral_value() else total
    if value.value == len(value.record_ids) + value.hidden_count:  # one per record: a count
        return len(ids)
    return None


def breakdown_disclosed(cells: Mapping[str, Iterable[int]], visible: Collection[int],
                        threshold: int | None = None) -> tuple[list[tuple[str, int]], bool]:
    """A chart's (label, count) cells from the records in each, the small ones counting only what the
    viewer may see (and cells left empty by that dropped); largest first. Also whether any was reduced."""
    shown: list[tuple[str, int]] = []
    reduced = False
    for label, ids in cells.items():
        ids = list(ids)
        seen = sum(1 for i in ids if i in visible)
        if must_suppress(len(ids) - seen, threshold):
            reduced = True
            if seen:
                shown.append((label, seen))
        else:
            shown.append((label, len(ids)))
    return sorted(shown, key=lambda cell: -cell[1]), reduced
