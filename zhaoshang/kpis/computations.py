"""How each kind of KPI is computed from records. Each function takes the zone, the period and the
definition's parameters, and returns the value with the records behind it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum

from zhaoshang.currencies.models import ExchangeRate
from zhaoshang.currencies.money import Conversion, MissingRate
from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.projects.models import Project, Stage, StageChange
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


class RecordIds(Sequence[int]):
    """The ids of the records behind a figure, kept as a query: the database counts them, and the ids
    themselves are fetched only when a drill-down asks for them (`page` for one page, or iterating).

    Compares equal to a list of the same ids, so callers and tests may treat it as one. Pickled (for the
    cache), it keeps its count, the ids already fetched and the query."""

    def __init__(self, query: QuerySet, count: int | None = None):
        self._query: QuerySet | None = query.order_by("pk")
        self._count = count
        self._ids: list[int] | None = None
        self._counted_where: dict[str, int] = {}  # count_where's counts

    @property
    def query(self) -> QuerySet:
        if self._query is None:
            raise RuntimeError("这些记录编号来自缓存，只保留了条数")
        return self._query

    def __len__(self) -> int:
        if self._count is None:
            self._count = len(self._ids) if self._ids is not None else self.query.count()
        return self._count

    def _all(self) -> list[int]:
        if self._ids is None:
            self._ids = list(self.query.values_list("pk", flat=True))
            self._count = len(self._ids)
        return self._ids

    def count_where(self, condition: Q, key: str) -> int:
        """How many of the records meet the condition (the ones hidden from a viewer), counted once per key
        (which names the condition): figures that share their records (the signing count and total) share the
        count."""
        if key not in self._counted_where:
            self._counted_where[key] = self.query.filter(condition).count()
        return self._counted_where[key]

    def page(self, offset: int, limit: int) -> list[int]:
        if self._ids is not None:
            return self._ids[offset:offset + limit]
        return list(self.query.values_list("pk", flat=True)[offset:offset + limit])

    def __getitem__(self, index):
        if isinstance(index, slice) and self._ids is None and (index.step or 1) == 1 \
                and (index.start or 0) >= 0 and (index.stop is None or index.stop >= 0):
            start = index.start or 0
            return self.page(start, (index.stop - start) if index.stop is not None else len(self))
        return self._all()[index]

    def __iter__(self) -> Iterator[int]:
        return iter(self._all())

    def __contains__(self, value) -> bool:
        return value in self._all()

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"RecordIds({len(self)})"

    def __getstate__(self) -> dict:
        # Kept: what was counted or fetched, and the query itself (Django pickles a QuerySet's `query` without
        # running it), so that a copy from the zone's cache (kpis.services.zone_figures) can still count what
        # each viewer may not see. The counts made for one viewer are not another's.
        query = None if self._query is None else (self._query.model._meta.label, self._query.query)
        return {"_query": query, "_count": self._count, "_ids": self._ids, "_counted_where": {}}

    def __setstate__(self, state: dict) -> None:
        query = state.pop("_query")
        self.__dict__.update(state)
        self._query = None
        if query is not None:
            label, sql = query
            self._query = apps.get_model(label)._base_manager.all()
            self._query.query = sql


class LazyRecordMap(Mapping):
    """A value per record (an amount, a number of days) loaded by one query the first time it is read:
    the cockpit never reads it, the drill-down and the 口径 split do."""

    def __init__(self, load: Callable[[], dict], empty: bool = False):
        self._load: Callable[[], dict] | None = load
        self._data: dict | None = {} if empty else None

    def _loaded(self) -> dict:
        if self._data is None:
            assert self._load is not None
            self._data = self._load()
        return self._data

    def __getitem__(self, key):
        return self._loaded()[key]

    def __iter__(self):
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())

    def __bool__(self) -> bool:
        return self._data != {} if self._data is not None else True

    def __getstate__(self) -> dict:
        # Cached figures keep what was read, and the loader (a partial of a module function over picklable
        # arguments: a RecordIds keeps its query) for a copy to read the rest when asked.
        return {"_load": self._load if self._data is None else None, "_data": self._data}


def record_query(model: str, ids) -> QuerySet:
    """The records behind a figure as a query, whether the computation gave a query or a list of ids."""
    if isinstance(ids, RecordIds):
        return ids.query
    return apps.get_model(model).objects.filter(pk__in=list(ids))


@dataclass
class Result:
    value: Decimal | int | None  # None: no figure can be given (a median of no stays), never a silent 0
    model: str  # app_label.ModelName of the records behind the value
    record_ids: list[int] | RecordIds  # a list, or (at scale) a query counted in the database
    notes: list[str] = field(default_factory=list)
    # Notes about one record (a currency conversion names the project): shown only to who may see it.
    record_notes: dict[int, str] = field(default_factory=dict)
    # What each record adds to a summed value (its CNY amount); a record missing here adds 1 (a count).
    record_amounts: Mapping[int, Decimal] = field(default_factory=dict)
    # Each record's part of the value on the basis asked for, for the drill-down (see basis_apply).
    record_shares: dict[int, Decimal] = field(default_factory=dict)
    # A figure per record that the value summarises (a median's days), for the drill-down's extra column.
    record_figures: Mapping[int, Decimal | int] = field(default_factory=dict)
    # A ratio's denominator: the records the numerator was drawn from.
    base_ids: list[int] | RecordIds = field(default_factory=list)


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


@dataclass
class Signed:
    """The projects signed in a period whose amount, in yuan at the signing date's rate, reaches a threshold:
    counted and summed by the database; only the foreign-currency projects are converted one by one."""

    ids: RecordIds
    total: Decimal
    yrd: RecordIds
    inferred: int
    conversions: dict[int, tuple[str, Conversion]]  # the foreign-currency projects counted: (name, conversion)
    amounts: LazyRecordMap


def signed_over(zone: Zone, period: Period, min_cny: int) -> Signed:
    """Projects signed in the period whose amount, converted at the signing date's rate, reaches min_cny."""
    shared = _evaluation.get()
    key = ("signed_over", zone.pk, period, min_cny)
    if shared is not None and key in shared:
        return shared[key]
    chosen = _signed_over(zone, period, min_cny)
    if shared is not None:
        shared[key] = chosen
    return chosen


def _signing(**filters) -> QuerySet:
    return StageChange.objects.filter(project=OuterRef("pk"), stage=Stage.SIGNED, **filters)


def _foreign_conversions(projects: QuerySet) -> dict[int, tuple[str, Conversion]]:
    """Each foreign-currency project's amount in yuan at the latest rate on or before its signing date (the
    rule of currencies.money.to_cny, its rate looked up by the same query); a missing rate is an error."""
    rates = ExchangeRate.objects.filter(currency=OuterRef("currency"), on__lte=OuterRef("signed_date")).order_by("-on")
    rows = (projects.exclude(currency="CNY").annotate(signed_date=Subquery(_signing().values("on")[:1]))
            .annotate(rate=Subquery(rates.values("cny_per_unit")[:1]), rate_on=Subquery(rates.values("on")[:1]))
            .order_by("pk").values_list("pk", "name", "amount", "currency", "signed_date", "rate", "rate_on"))
    found = {}
    for pk, name, amount, currency, signed_date, rate, rate_on in rows:
        if rate is None:
            raise MissingRate(currency, signed_date)
        rate = Decimal(rate)
        found[pk] = (name, Conversion(amount, currency, (amount * rate).quantize(Decimal("0.01")), rate, rate_on))
    return found


def _signed_over(zone: Zone, period: Period, min_cny: int) -> Signed:
    in_period = Project.objects.filter(zone=zone, amount__isnull=False).filter(
        Exists(_signing(on__range=(period.start, period.end))))
    conversions = {pk: c for pk, c in _foreign_conversions(in_period).items() if c[1].cny >= min_cny}
    chosen = in_period.filter(Q(currency="CNY", amount__gte=min_cny) | Q(pk__in=list(conversions)))
    figures = chosen.aggregate(
        count=Count("pk"), yuan=Sum("amount", filter=Q(currency="CNY")),
        yrd=Count("pk", filter=Q(source_region__is_yrd=True)), inferred=Count("pk", filter=Q(Exists(_signing(
            inferred=True)))))
    total = Decimal(figures["yuan"] or 0) + sum((c.cny for _, c in conversions.values()), Decimal(0))
    yrd = chosen.filter(source_region__is_yrd=True)

    ids = RecordIds(chosen, figures["count"])
    return Signed(ids, total, RecordIds(yrd, figures["yrd"]), figures["inferred"], conversions,
                  LazyRecordMap(partial(_signed_amounts, ids, conversions), empty=not figures["count"]))


def _signed_amounts(ids: RecordIds, conversions: dict[int, tuple[str, Conversion]]) -> dict:
    """Each signed project's amount in yuan (a foreign amount converted), by id."""
    yuan = dict(ids.query.filter(currency="CNY").values_list("pk", "amount"))
    return {pk: yuan[pk] if pk in yuan else conversions[pk][1].cny for pk in sorted({*yuan, *conversions})}


def signing_inferred(project: Project) -> bool:
    """Whether the project's 签约 was inferred from a later stage (推定) rather than reported."""
    return project.stage_inferred(Stage.SIGNED)


def inferred_note(count: int, what: str = "签约日期") -> list[str]:
    """The note a figure carries when some of its records rest on inferred (推定) stage dates."""
    return [f"其中 {count} 个项目的{what}为推定"] if count else []


def _conversion_notes(signed: Signed) -> dict[int, str]:
    return {pk: f"{name}：{c.note}" for pk, (name, c) in signed.conversions.items()}


@computation
def signed_projects(zone, period, params) -> Result:
    signed = signed_over(zone, period, params["min_cny"])
    return Result(len(signed.ids), "projects.Project", signed.ids, inferred_note(signed.inferred),
                  record_notes=_conversion_notes(signed))


@computation
def signed_investment_total(zone, period, params) -> Result:
    signed = signed_over(zone, period, params["min_cny"])
    return Result(signed.total, "projects.Project", signed.ids, inferred_note(signed.inferred),
                  record_notes=_conversion_notes(signed), record_amounts=signed.amounts)


@computation
def signed_yrd_share(zone, period, params) -> Result:
    signed = signed_over(zone, period, params["min_cny"])
    note = f"{len(signed.yrd)}/{len(signed.ids)} 个项目来源地属于长三角"
    # The signed projects are the share's base: a viewer's hidden ones in it count for the small-cell rule, or
    # the zone's share beside the visible projects would tell where a hidden one comes from.
    return Result(_ratio(len(signed.yrd), len(signed.ids)), "projects.Project", signed.yrd,
                  [note, *inferred_note(signed.inferred)], base_ids=signed.ids)


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
    record_ids = list(result.record_ids)
    governed = governed_records(model=result.model, ids=record_ids, on=period.end)
    money = bool(result.record_amounts)
    value, ids, shares, notes, twice = Decimal(0), [], {}, dict(result.record_notes), 0
    for record_id in record_ids:
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
    if basis == "zone" and len(governed) < len(record_ids):
        extra.append(f"{len(record_ids) - len(governed)} 条记录未受合作协议约束，全部计入本区")
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


def counted(query: QuerySet) -> RecordIds:
    """The records of a query, counted by the database; their ids are fetched only if someone asks."""
    ids = RecordIds(query)
    len(ids)
    return ids


@computation
def carrier_residents(zone, period, params) -> Result:
    kind, resident = params["carrier_kind"], params["resident"]
    model = Project if resident == "project" else TalentTeam
    residing = Residency.objects.filter(_residing(zone, period, kind), **{resident: OuterRef("pk")})
    ids = counted(model.objects.filter(Exists(residing)))
    label = "projects.Project" if resident == "project" else "talent.TalentTeam"
    figure = Figure.PROJECTS if resident == "project" else Figure.TEAMS
    return Result(len(ids), label, ids, _attribution_notes(zone, kind, figure, period))


def _carrier_people(zone: Zone, period: Period, kind: str):
    return Person.objects.filter(zone=zone, carrier__kind=kind, introduced_on__lte=period.end)


@computation
def carrier_people(zone, period, params) -> Result:
    ids = counted(_carrier_people(zone, period, params["carrier_kind"]))
    return Result(len(ids), "talent.Person", ids,
                  _attribution_notes(zone, params["carrier_kind"], Figure.TALENTS, period))


@computation
def carrier_college_share(zone, period, params) -> Result:
    people = _carrier_people(zone, period, params["carrier_kind"])
    figures = people.aggregate(total=Count("pk"), college=Count("pk", filter=Q(education__in=COLLEGE_OR_ABOVE)))
    total, college = figures["total"], figures["college"]
    ids = RecordIds(people.filter(education__in=COLLEGE_OR_ABOVE), college)
    return Result(_ratio(college, total), "talent.Person", ids, [f"{college}/{total} 人大专及以上学历"],
                  base_ids=RecordIds(people, total))


@computation
def carriers_introduced(zone, period, params) -> Result:
    carriers = Carrier.objects.filter(zone=zone, kind=params["carrier_kind"], introduced_on__lte=period.end)
    if params.get("yrd_partner"):
        carriers = carriers.filter(partner__region__is_yrd=True)
    ids = counted(carriers)
    return Result(len(ids), "zones.Carrier", ids)


@computation
def research_projects(zone, period, params) -> Result:
    ids = counted(ResearchProject.objects.filter(zone=zone, started_on__range=(period.start, period.end)))
    return Result(len(ids), "talent.ResearchProject", ids)


@computation
def talent_teams(zone, period, params) -> Result:
    ids = counted(TalentTeam.objects.filter(zone=zone, kind=params["kind"],
                                            declared_year__range=(period.start.year, period.end.year)))
    return Result(len(ids), "talent.TalentTeam", ids)


@computation
def graduates(zone, period, params) -> Result:
    rows = GraduateIntake.objects.filter(zone=zone, year__range=(period.start.year, period.end.year))
    if params.get("yrd_only"):
        rows = rows.filter(source_region__is_yrd=True)
    figures = rows.aggregate(total=Sum("count"), records=Count("pk"))
    return Result(figures["total"] or 0, "talent.GraduateIntake", RecordIds(rows, figures["records"]))


@computation
def indicator_total(zone, period, params) -> Result:
    indicator = Indicator.objects.filter(zone=zone, key=params["indicator"]).first()
    if indicator is None:
        return Result(0, "indicators.Observation", [], [f"园区未设置指标 {params['indicator']}"])
    in_period = Observation.objects.filter(indicator=indicator, on__range=(period.start, period.end))
    # A year-to-date figure already holds the months before it: adding it to them would count them twice.
    figures = in_period.aggregate(total=Sum("value", filter=Q(year_to_date=False)),
                                  records=Count("pk", filter=Q(year_to_date=False)),
                                  left_out=Count("pk", filter=Q(year_to_date=True)))
    total = figures["total"] or Decimal(0)
    value = int(total) if total == total.to_integral_value() else total
    left_out = figures["left_out"]
    notes = [f"另有 {left_out} 个年初至今累计值未计入合计"] if left_out else []
    return Result(value, "indicators.Observation", RecordIds(in_period.filter(year_to_date=False), figures["records"]),
                  notes)


@computation
def signed_not_landed(zone, period, params) -> Result:
    """签而不落: signed at least `days` before the period's end (or today), with no registration yet."""
    as_of = min(period.end, dt.date.today())
    cutoff = as_of - dt.timedelta(days=params["days"])
    landed = StageChange.objects.filter(project=OuterRef("pk"), on__lte=as_of,
                                        stage__in=[Stage.REGISTERED, Stage.STARTED, Stage.OPERATING])
    stalled = (Project.objects.filter(zone=zone).filter(Exists(_signing(on__lte=cutoff)))
               .exclude(Exists(landed)).exclude(stage=Stage.DROPPED))
    figures = stalled.aggregate(count=Count("pk"), inferred=Count("pk", filter=Q(Exists(_signing(inferred=True)))))
    return Result(figures["count"], "projects.Project", RecordIds(stalled, figures["count"]),
                  [f"截至 {as_of}，签约早于 {cutoff} 且未注册", *inferred_note(figures["inferred"])])


from zhaoshang.approvals import kpis as _approvals  # noqa: E402, F401 — registers the approvals computations
from zhaoshang.chains import kpis as _chains_kpis  # noqa: E402,F401  registers the 重点项目库 computations
from zhaoshang.environment import kpis as _environment_kpis  # noqa: E402,F401  registers its computations
