"""The cockpit's project figures under its filters, and the rankings (排行) drawn from them.

Everything here starts from `project_visible_to`: a viewer ranks only the projects they may see, so no
ranking row can reveal a confidential project. Amounts are converted to yuan at the rate of the signing
date inside the database, and every table is one grouped query: no project is loaded into Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Round

from zhaoshang.accounts.models import User
from zhaoshang.currencies.models import ExchangeRate
from zhaoshang.kpis.computations import Period
from zhaoshang.projects.models import Stage, StageChange
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.regions.models import Region
from zhaoshang.zones.models import Carrier

YRD_PROVINCES = {"310000": "上海", "320000": "江苏", "330000": "浙江", "340000": "安徽"}
OUTSIDE_YRD = "other"
UNKNOWN = "未指定"


@dataclass(frozen=True)
class Filters:
    """What the cockpit's filter bar narrows the project figures to; empty strings mean everything."""

    chain: str = ""  # a chain's id: projects on one of its segments
    source: str = ""  # a YRD province's code, or "other" for outside the YRD
    carrier: str = ""  # a carrier's id
    team: str = ""  # a team's id

    @classmethod
    def from_query(cls, query) -> Filters:
        return cls(**{name: (query.get(name) or "").strip()[:20] for name in ("chain", "source", "carrier", "team")})

    @property
    def active(self) -> bool:
        return any((self.chain, self.source, self.carrier, self.team))

    def query(self) -> str:
        return "".join(f"&{k}={v}" for k, v in (("chain", self.chain), ("source", self.source),
                                                 ("carrier", self.carrier), ("team", self.team)) if v)

    def apply(self, qs):
        if self.chain:
            qs = qs.filter(segment__chain_id=int(self.chain)) if self.chain.isdigit() else qs.none()
        if self.source == OUTSIDE_YRD:
            qs = qs.exclude(source_region__is_yrd=True)
        elif self.source:
            prefix = self.source[:2]
            qs = qs.filter(source_region__code__startswith=prefix)
        if self.carrier.isdigit():
            qs = qs.filter(carrier_id=int(self.carrier))
        if self.team.isdigit():
            qs = qs.filter(owner__team_id=int(self.team))
        return qs


MONEY = DecimalField(max_digits=24, decimal_places=4)


def _in_yuan():
    """A project's amount in yuan at the latest rate on or before its signing date (or the period's end, unsigned),
    to the fen as currencies.money converts it; NULL without an amount or a rate (then it is not counted)."""
    rate = Subquery(ExchangeRate.objects.filter(currency=OuterRef("currency"), on__lte=OuterRef("rate_on"))
                    .order_by("-on").values("cny_per_unit")[:1], output_field=MONEY)
    return Case(When(currency="CNY", then=F("amount")),
                default=Round(ExpressionWrapper(F("amount") * rate, output_field=MONEY), 2), output_field=MONEY)


class ProjectFigures:
    """The visible projects of the zone under the filters that exist by the period's end, counted and summed
    by the database in one grouped query per table (officer, team, carrier, source city, chain, month):
    as many queries at 100,000 projects as at 10, none of them bringing the projects themselves back."""

    def __init__(self, user, zone, filters: Filters, period: Period):
        self.period = period
        until = period.end
        visible = filters.apply(project_visible_to(user).filter(zone=zone))
        # The signing joined, not looked up per project: a project reaches each stage once (a unique constraint).
        signing = FilteredRelation("stage_changes", condition=Q(stage_changes__stage=Stage.SIGNED))
        self.all = visible.annotate(signing=signing, signed_on=F("signing__on"),
                                    rate_on=Coalesce("signing__on", Value(until)))
        self.all = self.all.annotate(cny=_in_yuan())
        # A project counts from its first stage change on (or always, with no history at all): left out are the
        # few whose every change comes after the period, found from the changes after it, not by a probe per project.
        later = StageChange.objects.filter(project__zone=zone, on__gt=until).exclude(
            Exists(StageChange.objects.filter(project=OuterRef("project_id"), on__lte=until)))
        self.existing = self.all.exclude(pk__in=later.values("project_id"))
        self.signed_in_period = Q(signed_on__gte=period.start, signed_on__lte=period.end)
        self._groups: dict[tuple[str, ...] | str, list[dict]] = {}

    def _grouped(self, *fields: str) -> list[dict]:
        """Projects, signings and signed investment in the period, and signings by its end, per group (each
        grouping asked once: the city ranking and the map share theirs)."""
        if fields not in self._groups:
            self._groups[fields] = list(self.existing.values(*fields).annotate(
                n_projects=Count("pk"), n_signed=Count("pk", filter=self.signed_in_period),
                n_investment=Sum("cny", filter=self.signed_in_period),
                n_reached=Count("pk", filter=Q(signed_on__lte=self.period.end))).order_by())
        return self._groups[fields]

    def _by_all(self) -> list[dict]:
        """One grouping by officer, carrier and source region together, which every ranking, the map and the
        total add up: one pass over the projects instead of one per table, grouped by the keys alone (a hash of
        a few ids, not a sort of every name) and the names read from the few officers, carriers and regions."""
        if "all" not in self._groups:
            groups = self._grouped("owner_id", "carrier_id", "source_region_id")
            owners = {pk: dict(zip(_RANK_FIELDS["officer"] + _RANK_FIELDS["team"], (pk, *row), strict=True))
                      for pk, *row in User.objects.filter(pk__in={g["owner_id"] for g in groups}).values_list(
                          "pk", *(f.removeprefix("owner__") for f in _RANK_FIELDS["officer"][1:]), "team__name")}
            carriers = dict(Carrier.objects.filter(pk__in={g["carrier_id"] for g in groups}).values_list("pk", "name"))
            regions = {row[1]: dict(zip(_CITY_FIELDS, row, strict=True)) for row in Region.objects.filter(
                code__in={g["source_region_id"] for g in groups}).values_list(
                    *(f.removeprefix("source_region__") for f in _CITY_FIELDS))}
            no_owner = dict.fromkeys(_RANK_FIELDS["officer"] + _RANK_FIELDS["team"])
            no_region = dict.fromkeys(_CITY_FIELDS)
            self._groups["all"] = [
                {**g, **owners.get(g["owner_id"], no_owner), "carrier__name": carriers.get(g["carrier_id"]),
                 **regions.get(g["source_region_id"], no_region)} for g in groups]
        return self._groups["all"]

    def rankings(self) -> dict[str, list[RankRow]]:
        """Per officer, team, carrier and source city, ordered by signed investment, then signings, then projects."""
        found: dict[str, list[RankRow]] = {}
        for key in _RANK_FIELDS:
            rows: dict[str, RankRow] = {}
            for group in self._by_all():
                name = _RANK_NAMES[key](group)
                row = rows.setdefault(name, RankRow(name))
                row.projects += group["n_projects"]
                row.signed += group["n_signed"]
                row.investment += group["n_investment"] or 0
                row.reached_signing += group["n_reached"]
            found[key] = sorted(rows.values(), key=lambda r: (-r.investment, -r.signed, -r.projects, r.name))
        return found

    def signed_cities(self) -> list[dict]:
        """Source cities (a county counts for its city) of the projects signed in the period, with coordinates."""
        cities: dict[str, dict] = {}
        for group in self._by_all():
            if not group["n_signed"]:
                continue
            city = _city(group)
            if city["lng"] is None or city["lat"] is None or not city["code"]:
                continue
            found = cities.setdefault(city["code"], {**city, "count": 0, "cny": Decimal(0)})
            found["count"] += group["n_signed"]
            found["cny"] += group["n_investment"] or 0
        return list(cities.values())

    def signed_by_segment(self) -> Counter[str]:
        """Projects signed in the period per chain and segment ("chain · segment", or "" without one)."""
        rows = (self.existing.filter(self.signed_in_period).values("segment__chain__name", "segment__name")
                .annotate(n=Count("pk")).order_by())
        counts: Counter[str] = Counter()
        for row in rows:
            counts[" · ".join(filter(None, (row["segment__chain__name"], row["segment__name"])))] += row["n"]
        return counts

    def signed_by_month(self, year: int) -> dict[tuple[int, int], Decimal]:
        """Signed investment per (year, month) of this year and the last, whenever the period ends."""
        rows = (self.all.filter(signed_on__gte=dt.date(year - 1, 1, 1), signed_on__lte=dt.date(year, 12, 31))
                .annotate(y=ExtractYear("signed_on"), m=ExtractMonth("signed_on")).values("y", "m")
                .annotate(total=Sum("cny")).order_by())
        return {(row["y"], row["m"]): row["total"] or Decimal(0) for row in rows}

    def signed_total(self) -> tuple[int, Decimal]:
        """Projects signed in the period and their investment: the sum of any one ranking's groups."""
        groups = self._by_all()
        return (sum(g["n_signed"] for g in groups),
                sum((g["n_investment"] or Decimal(0) for g in groups), Decimal(0)))


@dataclass
class FilteredFigures:
    """What the cockpit draws from `ProjectFigures`, computed once and cached per viewer class (picklable)."""

    rankings: dict[str, list[RankRow]]
    cities: list[dict]
    segments: Counter[str]
    months: dict[tuple[int, int], Decimal]
    signed: int
    investment: Decimal


def filtered_figures(user, zone, filters: Filters, period: Period, year: int) -> FilteredFigures:
    figures = ProjectFigures(user, zone, filters, period)
    signed, investment = figures.signed_total()
    return FilteredFigures(figures.rankings(), figures.signed_cities(), figures.signed_by_segment(),
                           figures.signed_by_month(year), signed, investment)


_CITY_FIELDS = ("source_region__level", "source_region__code", "source_region__name", "source_region__lng",
                "source_region__lat", "source_region__is_yrd", "source_region__parent__code",
                "source_region__parent__name", "source_region__parent__lng", "source_region__parent__lat")


def _city(group: dict) -> dict:
    prefix = "source_region__parent__" if group["source_region__level"] == "county" else "source_region__"
    return {"code": group[f"{prefix}code"], "name": group[f"{prefix}name"] or UNKNOWN, "lng": group[f"{prefix}lng"],
            "lat": group[f"{prefix}lat"], "yrd": bool(group["source_region__is_yrd"])}


def _owner(group: dict) -> str:
    return (f"{group['owner__last_name'] or ''}{group['owner__first_name'] or ''}" or group["owner__username"]
            or UNKNOWN)


_RANK_FIELDS = {"officer": ("owner_id", "owner__last_name", "owner__first_name", "owner__username"),
                "team": ("owner__team__name",), "carrier": ("carrier__name",), "city": _CITY_FIELDS}
_RANK_NAMES = {"officer": _owner, "team": lambda g: g["owner__team__name"] or UNKNOWN,
               "carrier": lambda g: g["carrier__name"] or UNKNOWN, "city": lambda g: _city(g)["name"]}


@dataclass
class RankRow:
    """One officer, team, carrier or source city: projects in hand, signed in the period, investment, conversion."""

    name: str
    projects: int = 0
    signed: int = 0
    investment: Decimal = Decimal(0)
    reached_signing: int = 0

    @property
    def conversion(self) -> Decimal | None:
        return (Decimal(self.reached_signing) / self.projects).quantize(Decimal("0.0001")) if self.projects else None


RANKINGS = {"officer": ("按负责人", "owner"), "team": ("按招商小组", "team"), "carrier": ("按落地载体", "carrier"),
            "city": ("按来源城市", "city")}
