"""The cockpit's period (a year, a quarter or a month), and each KPI beside the same period last year (同比)
and the period before (环比), computed by the same catalogue evaluation as the figure itself."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.definitions import KPIS
from zhaoshang.kpis.services import KpiValue, zone_figures
from zhaoshang.zones.models import Zone

_QUARTER = re.compile(r"^Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# Units whose values add up over a year, so a part of the year counts towards the year's target.
ADDITIVE_UNITS = frozenset({"count", "CNY"})
# Units where less is better (a median of working days): completion is target ÷ value.
LOWER_IS_BETTER = frozenset({"days"})


@dataclass(frozen=True)
class CockpitPeriod:
    """A year, one of its quarters (Q3) or one of its months (2020-09), as the cockpit's filter names it."""

    year: int
    code: str = ""  # "" for the whole year

    @property
    def period(self) -> Period:
        if not self.code:
            return Period.year(self.year)
        if quarter := _QUARTER.match(self.code):
            first = (int(quarter.group(1)) - 1) * 3 + 1
            return Period(dt.date(self.year, first, 1), _month_end(self.year, first + 2))
        month = int(self.code[5:])
        return Period(dt.date(self.year, month, 1), _month_end(self.year, month))

    @property
    def kind(self) -> str:
        return "year" if not self.code else ("quarter" if self.code.startswith("Q") else "month")

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.year}年"
        if self.kind == "quarter":
            return f"{self.year}年第{'一二三四'[int(self.code[1]) - 1]}季度"
        return f"{self.year}年{int(self.code[5:])}月"

    def same_last_year(self) -> CockpitPeriod:
        code = f"{self.year - 1}{self.code[4:]}" if self.kind == "month" else self.code
        return CockpitPeriod(self.year - 1, code)

    def previous(self) -> CockpitPeriod | None:
        """The quarter or month before (环比); a whole year has none (its comparison is 同比)."""
        if self.kind == "quarter":
            q = int(self.code[1])
            return CockpitPeriod(self.year, f"Q{q - 1}") if q > 1 else CockpitPeriod(self.year - 1, "Q4")
        if self.kind == "month":
            m = int(self.code[5:])
            return (CockpitPeriod(self.year, f"{self.year}-{m - 1:02d}") if m > 1
                    else CockpitPeriod(self.year - 1, f"{self.year - 1}-12"))
        return None

    def year_to_date(self) -> Period:
        return Period(dt.date(self.year, 1, 1), self.period.end)

    def query(self) -> str:
        """The query string that asks a page (the cockpit, a drill-down) for this period."""
        return f"year={self.year}" + (f"&period={self.code}" if self.code else "")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def cockpit_period(year: int, code: str | None) -> CockpitPeriod:
    """The period a request names with ?year=2020&period=Q3 (or 2020-09, or nothing for the whole year)."""
    code = (code or "").strip()
    if not code or _QUARTER.match(code):
        return CockpitPeriod(year, code)
    month = _MONTH.match(code)
    if month and 1 <= int(month.group(2)) <= 12:  # the year picker changed the year: keep the month
        return CockpitPeriod(year, f"{year}-{month.group(2)}")
    raise Http404(f"没有这个期间：{code}（可填 Q1–Q4 或 {year}-01 至 {year}-12）")


def period_choices(year: int) -> list[tuple[str, str]]:
    quarters = [(f"Q{q}", f"第{'一二三四'[q - 1]}季度") for q in range(1, 5)]
    months = [(f"{year}-{m:02d}", f"{m}月") for m in range(1, 13)]
    return [("", "全年"), *quarters, *months]


@dataclass
class Comparison:
    """One KPI beside another period: that period's value, the change, and where its records are."""

    label: str  # 同比 or 环比
    period: CockpitPeriod
    value: Decimal | int | None
    change: Decimal | None  # relative change (0.12 = +12%) for figures; None when it cannot be said
    points: Decimal | None  # for a share: the difference in percentage points


def _change(now, before) -> Decimal | None:
    if now is None or before is None or Decimal(before) == 0:
        return None
    return ((Decimal(now) - Decimal(before)) / abs(Decimal(before))).quantize(Decimal("0.0001"))


def compare(value: KpiValue, before: Decimal | int | None, label: str, period: CockpitPeriod) -> Comparison:
    points = None
    if value.unit == "ratio" and value.value is not None and before is not None:
        points = ((Decimal(value.value) - Decimal(before)) * 100).quantize(Decimal("0.01"))
    return Comparison(label, period, before, _change(value.value, before) if value.unit != "ratio" else None, points)


def _as_seen(values: list[KpiValue], viewer) -> dict[str, Decimal | int | None]:
    """Each value's figure as the viewer may be shown it: the small-cell rule (kpis.selectors.kpi_for_viewer)
    applied, so that another period's figure beside its drill-down gives no hidden record away; the console
    (viewer None) sees the zone's."""
    if viewer is None:
        return {v.key: v.value for v in values}
    from zhaoshang.kpis.selectors import kpi_for_viewer

    return {v.key: kpi_for_viewer(viewer, v, with_notes=False).value for v in values}


def other_periods(*, zone: Zone, period: CockpitPeriod, basis: str = "full", keys: list[str],
                  viewer=None) -> list[tuple[str, CockpitPeriod, dict[str, Decimal | int | None]]]:
    """The figures for the same period last year (同比) and, for a quarter or month, the period before (环比),
    by KPI key, as the viewer may see them (None: the zone's); the same for a viewer class, so the cockpit
    caches them per zone, period and viewer class."""
    others = [("同比", period.same_last_year())]
    previous = period.previous()
    if previous is not None:
        others.append(("环比", previous))
    return [(label, other, _as_seen(zone_figures(zone=zone, period=other.period, basis=basis, keys=keys,
                                                 include_pipeline=False), viewer))
            for label, other in others]


def kpi_comparisons(*, zone: Zone, period: CockpitPeriod, basis: str = "full", values: list[KpiValue],
                    others=None) -> dict[str, list[Comparison]]:
    """Each value's 同比 and (for a quarter or month) 环比, by KPI key (`others` from `other_periods`)."""
    if others is None:
        others = other_periods(zone=zone, period=period, basis=basis, keys=catalogue_keys(values))
    found: dict[str, list[Comparison]] = {v.key: [] for v in values}
    for label, other, by_key in others:
        for value in values:
            found[value.key].append(compare(value, by_key.get(value.key), label, other))
    return found


def year_to_date_values(*, zone: Zone, period: CockpitPeriod, basis: str, values: list[KpiValue],
                        viewer=None) -> dict[str, Decimal | int | None]:
    """What each KPI stands at from 1 January to the period's end: the figure a yearly target is read against,
    as the viewer may see it (the values of a year are already the viewer's)."""
    if period.kind == "year":
        return {v.key: v.value for v in values}
    return _as_seen(zone_figures(zone=zone, period=period.year_to_date(), basis=basis, keys=catalogue_keys(values),
                                 include_pipeline=False), viewer)


def catalogue_keys(values: list[KpiValue]) -> list[str]:
    """The catalogue's KPIs among the values (the stage counts and conversions are compared nowhere)."""
    catalogue = {d.key for d in KPIS}
    return [v.key for v in values if v.key in catalogue]
