"""Which figure a bulletin may state to its reader: the small-cell rule of `core.disclosure`, as a bulletin
needs it.

A KPI value counts every record of the zone, confidential ones included. `kpis.selectors.kpi_for_viewer`
has already applied the rule to each value on its own: with one or two records hidden (`must_suppress`)
the value is what the visible records give (`suppressed`), otherwise it is the zone's figure with
`hidden_count` (and `base_hidden_count` for a ratio's base) telling how many records the reader cannot
open. A bulletin sets figures side by side, so three cases are left to this module:

- a ratio whose base is another KPI's records (the YRD share of the signed projects): the share carries no
  base of its own, so `kpi_for_viewer` cannot see that its base hides one or two records; stated in full
  it would give the zone's count (24/33 beside 32 visible projects). It is stated over the visible base.
- a ratio with its own base (a conversion): `kpi_for_viewer` adds the numerator's hidden records to the
  base's, counting a hidden record that went on twice; the bulletin takes each part on its own.
- two nested periods in one bulletin (今年以来 and the quarter, `nested_stated`): stated both in full, their
  difference is a figure for the months before the quarter, whose hidden records may be one or two though
  each figure hides three or more. Then the quarter's figure is stated over the visible records.

Otherwise the figure stands: nothing hidden, or three hidden records or more, so what a reader can
subtract out is the sum of at least three hidden records, never one of them. Notes of a value describe
the zone's records (`24/33 个项目来源地属于长三角`), so a figure stated over the visible records carries
only its definition, never those notes (`build`). Plain logic over KpiValue fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from zhaoshang.core.disclosure import must_suppress, value_must_suppress, visible_part

FULL, VISIBLE, SUPPRESSED = "full", "visible", "suppressed"


@dataclass(frozen=True)
class Stated:
    value: Decimal | int | None
    mode: str  # full | visible | suppressed
    records: int  # records behind the stated value
    hidden: int  # records left out of it (visible) or counted without being shown (full)
    parts: tuple[int, int] = (0, 0)  # a full figure's hidden records: in it, and in its ratio's base


def _share_of(value, base) -> Decimal | None:
    """A share of another KPI's visible records (the YRD share of the visible signed projects)."""
    whole = len(base.record_ids)
    return (Decimal(len(value.record_ids)) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else None


def _external_base(value, base):
    """The KPI whose records a ratio without a base of its own is a share of, if it is one."""
    return base if value.unit == "ratio" and not value.base_ids and base is not None else None


def visible_stated(value, *, base=None, hidden: int = 0) -> Stated:
    """The figure over the records the reader may see only (core.disclosure.visible_part); not stated at all
    when they cannot give it (a sum of intake counts that carries no figure per record)."""
    external = _external_base(value, base)
    if external is not None:
        shown: Decimal | int | None = _share_of(value, external)
    else:
        shown = visible_part(value, {*value.record_ids, *value.base_ids})
    if shown is None:
        return Stated(None, SUPPRESSED, 0, hidden)
    return Stated(shown, VISIBLE, len(value.record_ids), hidden)


def figure_stated(value, *, base=None) -> Stated:
    """The figure the reader may be told. `base` is the KPI whose records a ratio without its own base is a
    share of (the YRD share is a share of the signed projects)."""
    external = _external_base(value, base)
    if getattr(value, "suppressed", False):
        # kpi_for_viewer applied the rule: the value is the visible records' (None when they cannot give it,
        # as for a share of another KPI's records), and how many were left out is withheld.
        if value.value is not None:
            return Stated(value.value, VISIBLE, len(value.record_ids), 0)
        return visible_stated(value, base=base) if external is not None else Stated(None, SUPPRESSED, 0, 0)
    hidden = value.hidden_count
    base_hidden = external.hidden_count if external is not None else value.base_hidden_count
    base_small = external is not None and getattr(external, "suppressed", False)
    if not hidden and not base_hidden and not base_small:
        return Stated(value.value, FULL, len(value.record_ids), 0)
    if base_small or value_must_suppress(hidden, base_hidden):
        return visible_stated(value, base=base, hidden=hidden)
    return Stated(value.value, FULL, len(value.record_ids) + hidden, hidden + base_hidden, (hidden, base_hidden))


def nested_stated(outer: Stated, inner: Stated, inner_value, *, base=None) -> Stated:
    """The inner period's figure (the quarter) beside the outer one (the year to its end) in one bulletin:
    if both are the zone's figures and their difference hides one or two records, the inner one is stated
    over the visible records, so the months before the quarter cannot be worked out."""
    if outer.mode != FULL or inner.mode != FULL:
        return inner
    if not any(must_suppress(o - i) for o, i in zip(outer.parts, inner.parts, strict=True)):
        return inner
    return visible_stated(inner_value, base=base, hidden=inner.hidden)
