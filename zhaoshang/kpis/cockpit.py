"""What the cockpit shows beyond the catalogue's figures: targets and completion, 同比 and 环比, the
filtered project charts (map, monthly signings, chains), rankings, indicator series against their targets
and the business-environment section. Built once per request for the page, its htmx panel, the 大屏 and
the Excel export."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from zhaoshang.accounts.models import Team
from zhaoshang.accounts.permissions import can_read_targets
from zhaoshang.core.figures import format_figure
from zhaoshang.indicators.models import Indicator
from zhaoshang.indicators.selectors import indicators_visible_to, observations_visible_to
from zhaoshang.kpis.cache import cached, keys_digest, viewer_class
from zhaoshang.kpis.comparisons import (
    ADDITIVE_UNITS,
    CockpitPeriod,
    Comparison,
    catalogue_keys,
    kpi_comparisons,
    other_periods,
    period_choices,
    year_to_date_values,
)
from zhaoshang.kpis.definitions import KPIS
from zhaoshang.kpis.rankings import OUTSIDE_YRD, RANKINGS, YRD_PROVINCES, FilteredFigures, Filters, filtered_figures
from zhaoshang.kpis.services import KpiValue
from zhaoshang.kpis.targets import behind_plan, completion, targets_for
from zhaoshang.projects.models import PIPELINE, Stage
from zhaoshang.talent.models import GraduateIntake
from zhaoshang.zones.models import Zone
from zhaoshang.zones.selectors import carriers_visible_to

YI = Decimal(100_000_000)
BUSINESS_ENVIRONMENT = ["online_service_cases", "cases_on_time_share", "case_median_working_days", "g60_cases",
                        "projects_overdue_approvals", "water_sections_on_target_share"]
ENCLAVE = ["enclave_resident_projects", "enclave_resident_teams", "enclave_talents"]
MAP_SOURCE = ("示意图 · 边界：Apache ECharts 4.9.0 随附地图数据（约 2016 年边界，npm echarts@4.9.0）；"
              "城市点位：GB/T 2260 区划坐标（cpca）")


@dataclass
class Card:
    """One KPI on the cockpit: its value, its year's target and completion, and its comparisons."""

    value: KpiValue
    target: Decimal | None = None
    year_to_date: Decimal | int | None = None
    completion: Decimal | None = None
    behind: bool = False
    comparisons: list[Comparison] = field(default_factory=list)
    comparison_texts: list[tuple[Comparison, str, str]] = field(default_factory=list)  # with the change and value

    @property
    def key(self) -> str:
        return self.value.key

    @property
    def target_display(self) -> str:
        return format_figure(self.target, self.value.unit) if self.target is not None else ""

    @property
    def completion_display(self) -> str:
        return format_figure(self.completion, "ratio") if self.completion is not None else ""


def _scope(zone: Zone, period: CockpitPeriod, basis: str, user) -> tuple:
    """What a cached comparison or year-to-date entry is kept under: zone, period, basis and viewer class."""
    return (zone.pk, period.year, period.code or "year", basis, viewer_class(user) if user is not None else "console")


def comparison_figures(user, *, zone: Zone, period: CockpitPeriod, basis: str, keys: list[str]):
    """The other periods' figures (`other_periods`) for the KPIs named, as the viewer may see them (the
    small-cell rule: a 环比 of the zone's beside the previous quarter's drill-down would give its one hidden
    project away), cached per viewer class (user None: the console)."""
    return cached(("comparisons", *_scope(zone, period, basis, user), keys_digest(keys)),
                  lambda: other_periods(zone=zone, period=period, basis=basis, keys=keys, viewer=user), zone=zone.pk)


def cards_for(values: list[KpiValue], *, zone: Zone, period: CockpitPeriod, basis: str, user,
              compared_keys: Collection[str] | None = None, others=None) -> dict[str, Card]:
    """Each value's card: 同比/环比, and its target and completion if the user may read targets (user None:
    the console, which sees everything). The cockpit, `/api/kpis` and `zhaoshang kpi` all read these.

    With compared_keys, only those KPIs get their 同比/环比 (the cockpit compares the cards it shows: every
    other period is a whole evaluation of the figures compared); `others`, when given, are their
    `comparison_figures`, computed beforehand."""
    targets = targets_for(zone, period.year) if user is None or can_read_targets(user) else {}
    at = _scope(zone, period, basis, user)
    keys = [k for k in catalogue_keys(values) if compared_keys is None or k in compared_keys]
    if others is None:
        others = comparison_figures(user, zone=zone, period=period, basis=basis, keys=keys)
    to_compare = [v for v in values if v.key in keys]
    compared = kpi_comparisons(zone=zone, period=period, basis=basis, values=to_compare, others=others)
    needs_ytd = [v for v in values if v.key in targets]
    if not needs_ytd:
        ytd = {}
    elif period.kind == "year":  # the year itself: its figures are the values shown
        ytd = year_to_date_values(zone=zone, period=period, basis=basis, values=needs_ytd)
    else:
        ytd = cached(("year-to-date", *at, keys_digest(v.key for v in needs_ytd)),
                     lambda: year_to_date_values(zone=zone, period=period, basis=basis, values=needs_ytd, viewer=user),
                     zone=zone.pk)
    cards = {}
    for value in values:
        card = Card(value, comparisons=compared.get(value.key, []))
        target = targets.get(value.key)
        if target is not None:
            card.target = target
            card.year_to_date = ytd.get(value.key) if value.unit in ADDITIVE_UNITS else value.value
            card.completion = completion(card.year_to_date, target, value.unit)
            card.behind = behind_plan(card.year_to_date, target, value.unit, period.period.end, period.year)
        cards[value.key] = card
    return cards


def comparison_display(comparison: Comparison, unit: str) -> str:
    """+12.50%, -3.20个百分点, or — when the other period has no figure to compare with."""
    if comparison.points is not None:
        return f"{comparison.points:+.2f}个百分点"
    if comparison.change is not None:
        return f"{comparison.change * 100:+.2f}%"
    return "—"


# ---- filter options ------------------------------------------------------------------------------------

def filter_options(user, zone: Zone) -> dict:
    carriers = carriers_visible_to(user).filter(zone=zone).order_by("name").values_list("pk", "name")
    return {
        "chains": _chain_options(user, zone),
        "sources": [*YRD_PROVINCES.items(), (OUTSIDE_YRD, "长三角以外")],
        "carriers": [(str(pk), name) for pk, name in carriers],
        "teams": [] if user.is_partner else [(str(pk), name) for pk, name in Team.objects.order_by("name")
                                              .values_list("pk", "name")],
    }


def _chain_options(user, zone: Zone) -> list[tuple[str, str]]:
    from django.db.models import Q

    from zhaoshang.chains.selectors import chains_visible_to

    chains = chains_visible_to(user).filter(Q(zone=zone) | Q(zone__isnull=True)).order_by("name")
    return [(str(pk), name) for pk, name in chains.values_list("pk", "name")]


# ---- charts --------------------------------------------------------------------------------------------

def _yi(amount: Decimal) -> float:
    return float((amount / YI).quantize(Decimal("0.01")))


MAP_NOTE = "示意图 · 边界：ECharts 4.9.0 地图数据（约 2016 年）· 点位：GB/T 2260 区划坐标"


def map_data(figures: FilteredFigures, zone: Zone) -> dict:
    """Source cities of the projects signed in the period: points sized by investment, a line each to the zone."""
    cities = [{"name": c["name"], "code": c["code"], "count": c["count"],
               "value": [c["lng"], c["lat"], _yi(c["cny"])], "yrd": c["yrd"]} for c in figures.cities]
    region = zone.region
    home = {"name": zone.short_name or zone.name, "value": [region.lng, region.lat]} if region and region.lng else None
    return {"cities": sorted(cities, key=lambda c: -c["value"][2]), "zone": home, "source": MAP_NOTE}


def monthly_data(figures: FilteredFigures, year: int) -> dict:
    """Signed investment per month (亿元) this year and last, under the filters."""
    months = figures.months
    return {"this": [_yi(months.get((year, m), Decimal(0))) for m in range(1, 13)],
            "last": [_yi(months.get((year - 1, m), Decimal(0))) for m in range(1, 13)],
            "labels": [f"{m}月" for m in range(1, 13)], "year": year}


def chain_data(figures: FilteredFigures) -> dict:
    """Projects signed in the period by chain (inner ring) and segment (outer ring)."""
    counts: Counter[str] = Counter()
    for label, count in figures.segments.items():
        counts[label or "未归入环节"] += count
    tree: dict[str, list[dict]] = {}
    for label, count in counts.most_common():
        chain, _, segment = label.partition(" · ")
        tree.setdefault(chain, []).append({"name": segment or chain, "value": count})
    # A project without a segment is one leaf of its own, not a chain with one segment of the same name.
    rings = [{"name": chain, "children": children} if children[0]["name"] != chain else children[0]
             for chain, children in tree.items()]
    return {"title": "签约项目按产业链与环节", "items": counts.most_common(10), "tree": rings}


def funnel_data(values: list[KpiValue]) -> list[dict]:
    by_key = {v.key: v for v in values}
    return [{"name": Stage(s).label, "value": sum(by_key[f"projects_in_stage_{t}"].value or 0
                                                  for t in PIPELINE[PIPELINE.index(s):]
                                                  if f"projects_in_stage_{t}" in by_key)} for s in PIPELINE]


def talent_data(zone: Zone, year: int, cards: dict[str, Card]) -> dict:
    intake: Counter[str] = Counter()
    graduates = GraduateIntake.objects.filter(zone=zone, year=year)
    for name, count in graduates.values_list("source_region__name", "count"):
        intake[name] += count
    enclave = [{"name": cards[k].value.label.removeprefix("飞地"), "value": cards[k].value.value or 0}
               for k in ENCLAVE if k in cards]
    return {"graduates": intake.most_common(), "enclave": enclave}


def indicator_series(user, zone: Zone, year: int) -> list[dict]:
    """Each indicator's months of the year against its target: cumulative for sums, with the plan line."""
    targets = targets_for(zone, year) if can_read_targets(user) else {}
    series = []
    for indicator in indicators_visible_to(user, Indicator.objects.filter(zone=zone)):
        observed = observations_visible_to(user, indicator.observations.filter(on__year=year, year_to_date=False))
        months: dict[int, Decimal] = {}
        for on, value in observed.values_list("on", "value"):
            months[on.month] = months.get(on.month, Decimal(0)) + value if indicator.aggregation == "sum" else value
        if not months:
            continue
        target = targets.get(indicator.key, indicator.annual_target if can_read_targets(user) else None)
        series.append(_series(indicator, months, target))
    return series


def _series(indicator: Indicator, months: dict[int, Decimal], target: Decimal | None) -> dict:
    cumulative = indicator.aggregation == "sum"
    values: list[float | None] = []
    running = Decimal(0)
    for month in range(1, 13):
        if cumulative and month <= max(months):
            running += months.get(month, Decimal(0))
            values.append(float(running))
        else:
            values.append(float(months[month]) if month in months else None)
    last = max(months)
    reached = Decimal(str(values[last - 1]))
    plan = None
    behind = False
    if target is not None:
        plan = [float((target * m / 12).quantize(Decimal("0.01")) if cumulative else target) for m in range(1, 13)]
        behind = reached < (target * last / 12 if cumulative else target)
    unit = indicator.unit
    return {"key": indicator.key, "name": indicator.name, "unit": unit, "cumulative": cumulative,
            "values": values, "plan": plan, "target": float(target) if target is not None else None,
            "behind": behind, "last_month": last,
            "reached": format_figure(reached, "ratio" if unit == "ratio" else "count"),
            "expected": format_figure((target * last / 12).quantize(Decimal(1)) if cumulative else target,
                                      "ratio" if unit == "ratio" else "count") if target is not None else ""}


# ---- the whole context ---------------------------------------------------------------------------------

def carded_keys() -> list[str]:
    """The KPIs the cockpit shows as cards, in catalogue order: those it gives a 同比/环比."""
    return [d.key for d in KPIS if _carded(d.key, d.group)]


def filtered_for(user, *, zone: Zone, period: CockpitPeriod, filters: Filters) -> FilteredFigures:
    """The filtered charts and rankings: they rest on the projects the viewer may see, so cached per viewer
    class."""
    return cached(("filtered", zone.pk, period.year, period.code or "year", filters.query() or "-",
                   viewer_class(user)), lambda: filtered_figures(user, zone, filters, period.period, period.year),
                  zone=zone.pk)


def cockpit_extra(request, *, zone: Zone, period: CockpitPeriod, basis: str, values: list[KpiValue],
                  others=None, filtered: FilteredFigures | None = None) -> dict:
    """Everything the cockpit's panel shows beyond the plain figures; `values` as the viewer may see them.
    `others` (`comparison_figures` of `carded_keys`) and `filtered` (`filtered_for`) may come computed."""
    user = request.user
    filters = Filters.from_query(request.GET)
    cards = cards_for(values, zone=zone, period=period, basis=basis, user=user,
                      compared_keys={v.key for v in values if _carded(v.key, v.group)}, others=others)
    for card in cards.values():
        card.comparison_texts = [(c, comparison_display(c, card.value.unit), format_figure(c.value, card.value.unit))
                                 for c in card.comparisons]
    figures = filtered if filtered is not None else filtered_for(user, zone=zone, period=period, filters=filters)
    signed, investment, ranked = figures.signed, figures.investment, figures.rankings
    chart = {
        "funnel": funnel_data(values), "map": map_data(figures, zone),
        "monthly": monthly_data(figures, period.year), "chains": chain_data(figures),
        "talent": talent_data(zone, period.year, cards), "indicators": indicator_series(user, zone, period.year),
        "environment": [_env_point(cards[k]) for k in BUSINESS_ENVIRONMENT if k in cards],
        "filtered": {"signed": signed, "investment": _yi(investment)},
    }
    seed_cards = [cards[v.key] for v in values if v.group == "seed" and v.key not in BUSINESS_ENVIRONMENT
                  and v.key != "signed_not_landed"]
    return {
        "period": period, "period_choices": period_choices(period.year), "filters": filters,
        "options": filter_options(user, zone), "cards": seed_cards,
        "environment_cards": [cards[k] for k in BUSINESS_ENVIRONMENT if k in cards],
        "rankings": [(key, RANKINGS[key][0], rows[:10]) for key, rows in ranked.items()],
        "filtered_signed": signed,
        "filtered_investment": format_figure(investment, "CNY"),
        "series": chart["indicators"], "chart": chart, "show_targets": can_read_targets(user),
        "map_source": MAP_SOURCE,
    }


def _carded(key: str, group: str) -> bool:
    """Whether the cockpit shows a KPI as a card (with its 同比/环比): the seed figures, the business
    environment's, but not the pipeline's (a table) nor 签而不落 (its list)."""
    return key in BUSINESS_ENVIRONMENT or (group == "seed" and key != "signed_not_landed")


def _env_point(card: Card) -> dict:
    value = card.value
    number = float(value.value) if value.value is not None else None
    return {"key": value.key, "name": value.label, "unit": value.unit, "value": number,
            "target": float(card.target) if card.target is not None else None,
            "display": format_figure(value.value, value.unit)}
