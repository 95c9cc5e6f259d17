"""How each kind of KPI is computed from records. Each function takes the zone, the period and the
definition's parameters, and returns the value with the records behind it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from zhaoshang.currencies.money import Conversion, to_cny
from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.projects.models import Project, Stage, StageChange
from zhaoshang.projects.selectors import signed_in
from zhaoshang.talent.models import COLLEGE_OR_ABOVE, GraduateIntake, Person, ResearchProject, TalentTeam
from zhaoshang.zones.models import Carrier, Figure, Residency, Zone
from zhaoshang.zones.services import BASES, attribution_share, governed_records, partner_matches


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) \
                and self.start.year == self.end.year:
            return f"{self.start.year}年"
        return f"{self.start} 至 {self.end}"


@dataclass
class Result:
    value: Decimal | int | None  # None: no figure can be given (a median of no stays), never a silent 0
    model: str  # app_label.ModelName of the records behind the value
    record_ids: list[int]
    notes: list[str] = field(default_factory=list)
    # Notes about one record (a currency conversion names the project): shown only to who may see it.
    record_notes: dict[int, str] = field(default_factory=dict)
    # What each record adds to a summed value (its CNY amount); a record missing here adds 1 (a count).
    record_amounts: dict[int, Decimal] = field(default_factory=dict)
    # Each record's part of the value on the basis asked for, for the drill-down (see basis_apply).
    record_shares: dict[int, Decimal] = field(default_factory=dict)


COMPUTATIONS: dict[str, Callable[[Zone, Period, dict], Result]] = {}


def computation(func):
    COMPUTATIONS[func.__name__] = func
    return func


def _ratio(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else Decimal(0)


# Within one evaluation the three signing KPIs share one pass over the signed projects.
_evaluation: ContextVar[dict | None] = ContextVar("kpi_evaluation", default=None)


@contextmanager
def one_evaluation():
    """Results computed inside this block are shared by the KPIs that need the same records."""
    token = _evaluation.set({})
    try:
        yield
    finally:
        _evaluation.reset(token)


def signed_over(zone: Zone, period: Period, min_cny: int) -> list[tuple[Project, Conversion]]:
    """Projects signed in the period whose amount, converted at the signing date's rate, reaches min_cny."""
    shared = _evaluation.get()
    key = ("signed_over", zone.pk, period, min_cny)
    if shared is not None and key in shared:
        return shared[key]
    chosen = _signed_over(zone, period, min_cny)
    if shared is not None:
        shared[key] = chosen
    return chosen


def _signed_over(zone: Zone, period: Period, min_cny: int) -> list[tuple[Project, Conversion]]:
    projects = signed_in(Project.objects.filter(zone=zone, amount__isnull=False), period.start, period.end)
    chosen = []
    for project in projects.select_related("source_region").prefetch_related("stage_changes").order_by("id"):
        amount, signed_on = project.amount, project.signed_on
        assert amount is not None and signed_on is not None  # the query keeps projects with both
        conversion = to_cny(amount, project.currency, signed_on)
        if conversion.cny >= min_cny:
            chosen.append((project, conversion))
    return chosen


def signing_inferred(project: Project) -> bool:
    """Whether the project's 签约 was inferred from a later stage (推定) rather than reported."""
    return project.stage_inferred(Stage.SIGNED)


def inferred_note(count: int, what: str = "签约日期") -> list[str]:
    """The note a figure carries when some of its records rest on inferred (推定) stage dates."""
    return [f"其中 {count} 个项目的{what}为推定"] if count else []


def _inferred_signings(chosen) -> list[str]:
    return inferred_note(sum(1 for p, _ in chosen if signing_inferred(p)))


def _conversion_notes(chosen) -> dict[int, str]:
    return {p.id: f"{p.name}：{c.note}" for p, c in chosen if c.currency != "CNY"}


@computation
def signed_projects(zone, period, params) -> Result:
    chosen = signed_over(zone, period, params["min_cny"])
    return Result(len(chosen), "projects.Project", [p.id for p, _ in chosen], _inferred_signings(chosen),
                  record_notes=_conversion_notes(chosen))


@computation
def signed_investment_total(zone, period, params) -> Result:
    chosen = signed_over(zone, period, params["min_cny"])
    total = sum((c.cny for _, c in chosen), Decimal(0))
    return Result(total, "projects.Project", [p.id for p, _ in chosen], _inferred_signings(chosen),
                  record_notes=_conversion_notes(chosen), record_amounts={p.id: c.cny for p, c in chosen})


@computation
def signed_yrd_share(zone, period, params) -> Result:
    chosen = signed_over(zone, period, params["min_cny"])
    from_yrd = [p for p, _ in chosen if p.source_region and p.source_region.is_yrd]
    note = f"{len(from_yrd)}/{len(chosen)} 个项目来源地属于长三角"
    return Result(_ratio(len(from_yrd), len(chosen)), "projects.Project", [p.id for p in from_yrd],
                  [note, *_inferred_signings(chosen)])


# The kind of figure (zones.models.Figure) a computation counts, which picks the agreement's rule.
_FIGURES = {"signed_projects": Figure.PROJECTS, "signed_not_landed": Figure.PROJECTS,
            "signed_investment_total": Figure.INVESTMENT, "carrier_people": Figure.TALENTS,
            "talent_teams": Figure.TEAMS}


def figure_of(computation_name: str, params: dict) -> str | None:
    """The figure a KPI counts, or None for one no agreement divides (ratios, zone-wide indicators)."""
    if computation_name == "carrier_residents":
        return Figure.PROJECTS if params["resident"] == "project" else Figure.TEAMS
    return _FIGURES.get(computation_name)


def basis_apply(result: Result, *, figure: str | None, basis: str, period: Period,
                partner: str | None = None) -> Result:
    """The result on a basis: each record counts the share its agreement gives the zone or the partner.

    A record no agreement governs counts in full for the zone and not at all for a partner. Records
    whose share is nought on the basis drop out of the drill-down; the others carry their share."""
    if basis == "full":
        return result
    label = BASES[basis]
    if figure is None:
        result.notes = [*result.notes, f"{label}：本指标不按合作协议分成，与全口径相同"]
        return result
    governed = governed_records(model=result.model, ids=result.record_ids, on=period.end)
    money = bool(result.record_amounts)
    value, ids, shares, notes, twice = Decimal(0), [], {}, dict(result.record_notes), 0
    for record_id in result.record_ids:
        amount = result.record_amounts.get(record_id, Decimal(1))
        held = governed.get(record_id)
        if held is None or not partner_matches(held.agreement, partner):
            part = amount if basis == "zone" and held is None else Decimal(0)
        else:
            share = attribution_share(agreement=held.agreement, figure=figure, on=held.on, amount=amount,
                                      money=money)
            part = share.on(basis)
            twice += share.mode == "双计"
            notes[record_id] = "；".join(filter(None, [notes.get(record_id), f"{held.label}：{share.rule}"]))
        if part:
            value += part
            ids.append(record_id)
            shares[record_id] = part
    extra = [f"{label}：按合作协议计入{'本区' if basis == 'zone' else '合作方'}的份额"]
    if twice:
        extra.append(f"其中 {twice} 条记录按双计在本区与合作方均全额计入（重复计算）")
    if basis == "zone" and len(governed) < len(result.record_ids):
        extra.append(f"{len(result.record_ids) - len(governed)} 条记录未受合作协议约束，全部计入本区")
    total: Decimal | int = int(value) if not money and value == value.to_integral_value() else value
    return Result(total, result.model, ids, [*extra, *result.notes], record_notes=notes,
                  record_amounts=result.record_amounts, record_shares=shares)


def _residing(zone: Zone, period: Period, carrier_kind: str) -> Q:
    return Q(carrier__zone=zone, carrier__kind=carrier_kind, since__lte=period.end) & (
        Q(until__isnull=True) | Q(until__gte=period.end))


def _attribution_notes(zone: Zone, carrier_kind: str, figure: str, period: Period) -> list[str]:
    """Each carrier's rule for the figure at the period's end, or that it counts in full for the zone."""
    notes = []
    for carrier in Carrier.objects.filter(zone=zone, kind=carrier_kind).select_related("agreement"):
        if carrier.agreement is None:
            notes.append(f"{carrier.name}：{carrier.attribution_rule}")
        else:
            share = attribution_share(agreement=carrier.agreement, figure=figure, on=period.end)
            notes.append(f"{carrier.name}：{share.rule}")
    return notes


@computation
def carrier_residents(zone, period, params) -> Result:
    kind, resident = params["carrier_kind"], params["resident"]
    rows = Residency.objects.filter(_residing(zone, period, kind), **{f"{resident}__isnull": False})
    ids = sorted(set(rows.values_list(f"{resident}_id", flat=True)))
    model = "projects.Project" if resident == "project" else "talent.TalentTeam"
    figure = Figure.PROJECTS if resident == "project" else Figure.TEAMS
    return Result(len(ids), model, ids, _attribution_notes(zone, kind, figure, period))


def _carrier_people(zone: Zone, period: Period, kind: str):
    return Person.objects.filter(zone=zone, carrier__kind=kind, introduced_on__lte=period.end)


@computation
def carrier_people(zone, period, params) -> Result:
    ids = list(_carrier_people(zone, period, params["carrier_kind"]).values_list("id", flat=True))
    return Result(len(ids), "talent.Person", ids,
                  _attribution_notes(zone, params["carrier_kind"], Figure.TALENTS, period))


@computation
def carrier_college_share(zone, period, params) -> Result:
    people = _carrier_people(zone, period, params["carrier_kind"])
    total = people.count()
    ids = list(people.filter(education__in=COLLEGE_OR_ABOVE).values_list("id", flat=True))
    return Result(_ratio(len(ids), total), "talent.Person", ids, [f"{len(ids)}/{total} 人大专及以上学历"])


@computation
def carriers_introduced(zone, period, params) -> Result:
    carriers = Carrier.objects.filter(zone=zone, kind=params["carrier_kind"], introduced_on__lte=period.end)
    if params.get("yrd_partner"):
        carriers = carriers.filter(partner__region__is_yrd=True)
    ids = list(carriers.values_list("id", flat=True))
    return Result(len(ids), "zones.Carrier", ids)


@computation
def research_projects(zone, period, params) -> Result:
    ids = list(ResearchProject.objects.filter(zone=zone, started_on__range=(period.start, period.end))
               .values_list("id", flat=True))
    return Result(len(ids), "talent.ResearchProject", ids)


@computation
def talent_teams(zone, period, params) -> Result:
    ids = list(TalentTeam.objects.filter(zone=zone, kind=params["kind"],
                                         declared_year__range=(period.start.year, period.end.year))
               .values_list("id", flat=True))
    return Result(len(ids), "talent.TalentTeam", ids)


@computation
def graduates(zone, period, params) -> Result:
    rows = GraduateIntake.objects.filter(zone=zone, year__range=(period.start.year, period.end.year))
    if params.get("yrd_only"):
        rows = rows.filter(source_region__is_yrd=True)
    total = rows.aggregate(total=Sum("count"))["total"] or 0
    return Result(total, "talent.GraduateIntake", list(rows.values_list("id", flat=True)))


@computation
def indicator_total(zone, period, params) -> Result:
    indicator = Indicator.objects.filter(zone=zone, key=params["indicator"]).first()
    if indicator is None:
        return Result(0, "indicators.Observation", [], [f"园区未设置指标 {params['indicator']}"])
    in_period = Observation.objects.filter(indicator=indicator, on__range=(period.start, period.end))
    # A year-to-date figure already holds the months before it: adding it to them would count them twice.
    rows = in_period.filter(year_to_date=False)
    total = rows.aggregate(total=Sum("value"))["total"] or Decimal(0)
    value = int(total) if total == total.to_integral_value() else total
    left_out = in_period.filter(year_to_date=True).count()
    notes = [f"另有 {left_out} 个年初至今累计值未计入合计"] if left_out else []
    return Result(value, "indicators.Observation", list(rows.values_list("id", flat=True)), notes)


@computation
def signed_not_landed(zone, period, params) -> Result:
    """签而不落: signed at least `days` before the period's end (or today), with no registration yet."""
    as_of = min(period.end, dt.date.today())
    cutoff = as_of - dt.timedelta(days=params["days"])
    signed = Project.objects.filter(zone=zone, stage_changes__stage=Stage.SIGNED, stage_changes__on__lte=cutoff)
    stalled = signed.exclude(stage_changes__stage__in=[Stage.REGISTERED, Stage.STARTED, Stage.OPERATING],
                             stage_changes__on__lte=as_of).exclude(stage=Stage.DROPPED).distinct()
    ids = list(stalled.order_by("id").values_list("id", flat=True))
    inferred = StageChange.objects.filter(project_id__in=ids, stage=Stage.SIGNED, inferred=True).count()
    return Result(len(ids), "projects.Project", ids,
                  [f"截至 {as_of}，签约早于 {cutoff} 且未注册", *inferred_note(inferred)])


from zhaoshang.approvals import kpis as _approvals  # noqa: E402, F401 — registers the approvals computations
from zhaoshang.chains import kpis as _chains_kpis  # noqa: E402,F401  registers the 重点项目库 computations
from zhaoshang.environment import kpis as _environment_kpis  # noqa: E402,F401  registers its computations
