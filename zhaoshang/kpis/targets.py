"""Yearly targets (年度目标): reading them, completion against them, entering and importing them.

A target is in the KPI's own unit (a count, yuan, a share 0–1, working days). A sheet or the page may
write it the way people do: 450亿元, 75%, 1,000. Indicator series are targeted by their key too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied

from zhaoshang.accounts.permissions import TARGETS_DENIED, can_set_targets
from zhaoshang.core.imports import (
    Field,
    Fields,
    ImportResult,
    ImportSpec,
    Limits,
    Report,
    RowReport,
    SheetRow,
    sheet_import,
    text,
)
from zhaoshang.currencies.amounts import parse_amount
from zhaoshang.kpis.comparisons import ADDITIVE_UNITS, LOWER_IS_BETTER
from zhaoshang.kpis.definitions import KPIS, MAX_YEAR, MIN_YEAR
from zhaoshang.kpis.models import KpiTarget
from zhaoshang.zones.models import Zone

PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Targetable:
    """Something a target can be set for: a catalogue KPI or an indicator series."""

    key: str
    label: str
    unit: str  # count | CNY | ratio | days, or an indicator's own unit


def targetables(zone: Zone) -> list[Targetable]:
    from zhaoshang.indicators.models import Indicator

    found = [Targetable(d.key, d.label, d.unit) for d in KPIS]
    keys = {t.key for t in found}
    found += [Targetable(i.key, f"{i.name}（指标序列）", "ratio" if i.unit == "ratio" else "count")
              for i in Indicator.objects.filter(zone=zone).order_by("key") if i.key not in keys]
    return found


def targets_for(zone: Zone, year: int) -> dict[str, Decimal]:
    return dict(KpiTarget.objects.filter(zone=zone, year=year).values_list("kpi_key", "value"))


def completion(value, target, unit: str) -> Decimal | None:
    """完成率: how far the value has come towards the target (1 = met); for days, less is better."""
    if value is None or target is None:
        return None
    value, target = Decimal(value), Decimal(target)
    if unit in LOWER_IS_BETTER:
        return (target / value).quantize(PLACES) if value else None
    return (value / target).quantize(PLACES) if target else None


def on_plan_share(period_end: dt.date, year: int) -> Decimal:
    """The part of the year gone by the period's end: what an additive figure should have reached by then."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (Decimal((min(period_end, end) - start).days + 1) / Decimal((end - start).days + 1)).quantize(PLACES)


def behind_plan(value, target, unit: str, period_end: dt.date, year: int) -> bool:
    """Whether the figure lags the straight-line plan to its yearly target (additive figures), or the
    target itself (shares and days)."""
    rate = completion(value, target, unit)
    if rate is None:
        return False
    expected = on_plan_share(period_end, year) if unit in ADDITIVE_UNITS else Decimal(1)
    return rate < expected


def parse_target(raw, unit: str) -> Decimal:
    """A target as people write it, in the KPI's unit; ValueError says why not."""
    written = text(raw).replace(",", "").replace("，", "")
    if not written:
        raise ValueError("目标值不能为空")
    if unit == "CNY" and re.search(r"[亿万元]", written):
        amount, currency = parse_amount(written)
        if currency != "CNY":
            raise ValueError(f"目标“{written}”须以人民币计")
        return amount
    percent = written.endswith(("%", "％"))
    try:
        number = Decimal(written.rstrip("%％"))
    except InvalidOperation:
        raise ValueError(f"无法识别目标值“{written}”") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"目标值须为非负数：“{written}”")
    if unit == "ratio":
        number = number / 100 if percent or number > 1 else number
        if number > 1:
            raise ValueError(f"比例目标不能超过 100%：“{written}”")
    elif percent:
        raise ValueError(f"此指标不是比例，目标“{written}”不能写百分号")
    return number.quantize(PLACES)


def kpi_target_set(*, user, zone: Zone, key: str, year: int, value: Decimal, note: str = "") -> KpiTarget:
    if not can_set_targets(user):
        raise PermissionDenied(TARGETS_DENIED)
    target, _ = KpiTarget.objects.update_or_create(
        zone=zone, kpi_key=key, year=year, defaults={"value": value, "note": note, "entered_by": user})
    return target


# ---- import -------------------------------------------------------------------------------------------

FIELDS = Fields([
    Field("kpi", "指标", ("指标名称", "指标代码", "kpi", "key"), required=True),
    Field("year", "年度", ("年份", "year"), required=True),
    Field("value", "目标值", ("年度目标", "目标", "target", "value"), required=True),
    Field("note", "说明", ("备注", "note")),
])


@dataclass(frozen=True)
class _Target:
    key: str
    year: int
    value: Decimal
    note: str


class TargetSheet(ImportSpec[_Target, _Target]):
    """A sheet of yearly targets for one zone: 指标 (the KPI's name or code), 年度, 目标值."""

    fields = FIELDS
    duplicate_field = "kpi"
    duplicate_reason = "与第 {row} 行重复（同一指标与年度）"

    def __init__(self, *, zone: Zone, user):
        self.zone, self.user = zone, user
        self.known = {}
        for t in targetables(zone):
            self.known[t.key] = t
            self.known[t.label] = t
            self.known[t.label.removesuffix("（指标序列）")] = t

    def parse(self, row: SheetRow) -> _Target | None:
        named = text(row.cell("kpi"))
        found = self.known.get(named)
        if found is None:
            row.problem("kpi", f"没有名为或代码为“{named}”的指标" if named else "指标不能为空")
        year = row.convert("year", _year)
        if year is None and not row.refused:
            row.problem("year", "年度不能为空")
        value = row.convert("value", parse_target, found.unit if found else "count")
        if value is None and not row.refused:
            row.problem("value", "目标值不能为空")
        if row.refused or found is None or year is None or value is None:
            return None
        return _Target(found.key, year, value, text(row.cell("note"))[:200])

    def key(self, value: _Target):
        return value.key, value.year

    def prepare(self, values: list[_Target], report: Report) -> None:
        self.stored = {(t.kpi_key, t.year): t for t in KpiTarget.objects.filter(zone=self.zone)}

    def find(self, value: _Target):
        return self.stored.get((value.key, value.year))

    def plan_new(self, value: _Target, row: RowReport) -> _Target | None:
        return value

    def plan_update(self, value: _Target, stored: KpiTarget, row: RowReport) -> _Target | None:
        return None if stored.value == value.value and value.note in ("", stored.note) else value

    def write(self, plans: list[_Target], report: Report) -> None:
        for plan in plans:
            defaults = {"value": plan.value, "entered_by": self.user, **({"note": plan.note} if plan.note else {})}
            KpiTarget.objects.update_or_create(zone=self.zone, kpi_key=plan.key, year=plan.year, defaults=defaults)


def _year(cell) -> int:
    written = text(cell).removesuffix("年")
    if not written.isdigit() or not MIN_YEAR <= int(written) <= MAX_YEAR:
        raise ValueError(f"年度须为 {MIN_YEAR} 至 {MAX_YEAR} 之间的年份，而不是“{written}”")
    return int(written)


def kpi_target_import(*, user, zone: Zone, file, filename: str, dry_run: bool = False,
                      limits: Limits | None = None) -> ImportResult:
    """Import yearly targets from an .xlsx or .csv file, all rows or none; the same file twice changes nothing."""
    if not can_set_targets(user):
        raise PermissionDenied(TARGETS_DENIED)
    return sheet_import(TargetSheet(zone=zone, user=user), file=file, filename=filename, dry_run=dry_run,
                        limits=limits)


# ---- the demo -----------------------------------------------------------------------------------------

# 2020 targets a little above or below the demo's figures (示例数据), so some are met and some are not.
DEMO_TARGETS_2020: dict[str, Decimal] = {
    "signed_projects_over_100m": Decimal(30),
    "signed_investment_total_cny": Decimal(45_000_000_000),
    "signed_yrd_share": Decimal("0.70"),
    "enclave_resident_projects": Decimal(10),
    "enclave_resident_teams": Decimal(6),
    "enclave_talents": Decimal(50),
    "enclave_college_share": Decimal("0.95"),
    "innovation_carriers_introduced": Decimal(4),
    "joint_research_projects": Decimal(3),
    "leading_talent_teams": Decimal(20),
    "graduates_introduced": Decimal(2_000),
    "online_service_cases": Decimal(1_000),
    "cases_on_time_share": Decimal("0.98"),
    "case_median_working_days": Decimal(1),
    "g60_cases": Decimal(100),
    "water_sections_on_target_share": Decimal("0.90"),
}


def kpi_targets_demo_load(*, zone: Zone) -> None:
    """The demo zone's 2020 targets; idempotent (an existing target is left as someone may have set it)."""
    for key, value in DEMO_TARGETS_2020.items():
        KpiTarget.objects.get_or_create(zone=zone, kpi_key=key, year=2020,
                                        defaults={"value": value, "note": "示例数据"})
