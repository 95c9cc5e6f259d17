"""The cockpit's project figures under its filters, and the rankings (排行) drawn from them.

Everything here starts from `project_visible_to`: a viewer ranks only the projects they may see, so no
ranking row can reveal a confidential project. Amounts are converted to yuan at the rate of the signing
date (the rates are read once per request, not once per project).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min, Q

from zhaoshang.currencies.models import ExchangeRate
from zhaoshang.kpis.computations import Period
from zhaoshang.projects.models import Stage, StageChange
from zhaoshang.projects.selectors import project_visible_to

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


@dataclass
class ProjectFact:
    """One visible project as the cockpit's charts and rankings count it."""

    pk: int
    name: str
    owner: str
    team: str
    carrier: str
    city_code: str | None
    city: str
    province: str | None
    lng: float | None
    lat: float | None
    is_yrd: bool
    segment: str
    stage: str
    signed_on: dt.date | None
    cny: Decimal | None  # the amount in yuan at the signing date's rate (or today's, unsigned)


class Rates:
    """Every exchange rate, read once, answering 'the latest rate on or before a date'."""

    def __init__(self):
        self.by_currency: dict[str, tuple[list[dt.date], list[Decimal]]] = {}
        for currency, on, rate in ExchangeRate.objects.order_by("currency", "on").values_list(
                "currency", "on", "cny_per_unit"):
            dates, rates = self.by_currency.setdefault(currency, ([], []))
            dates.append(on)
            rates.append(rate)

    def cny(self, amount: Decimal | None, currency: str, on: dt.date) -> Decimal | None:
        if amount is None:
            return None
        if currency == "CNY":
            return amount
        dates, rates = self.by_currency.get(currency, ([], []))
        i = bisect.bisect_right(dates, on)
        return (amount * rates[i - 1]).quantize(Decimal("0.01")) if i else None  # None: no rate, not counted


def project_facts(user, zone, filters: Filters, *, until: dt.date) -> list[ProjectFact]:
    """The visible projects of the zone under the filters that exist by `until`, each with its signing."""
    qs = filters.apply(project_visible_to(user).filter(zone=zone))
    qs = qs.annotate(first_on=Min("stage_changes__on")).filter(Q(first_on__lte=until) | Q(first_on__isnull=True))
    rows = list(qs.values("pk", "name", "owner__last_name", "owner__first_name", "owner__username",
                          "owner__team__name", "carrier__name", "source_region__code", "source_region__level",
                          "source_region__name", "source_region__lng", "source_region__lat",
                          "source_region__is_yrd", "source_region__parent__code", "source_region__parent__name",
                          "source_region__parent__lng", "source_region__parent__lat", "industry__section",
                          "amount", "currency", "stage", "segment__name", "segment__chain__name"))
    signed = dict(StageChange.objects.filter(project_id__in=[r["pk"] for r in rows], stage=Stage.SIGNED)
                  .values_list("project_id").annotate(on=Min("on")).values_list("project_id", "on"))
    rates = Rates()
    return [_fact(r, signed.get(r["pk"]), rates, until) for r in rows]


def _fact(r: dict, signed_on: dt.date | None, rates: Rates, until: dt.date) -> ProjectFact:
    county = r["source_region__level"] == "county"
    prefix = "source_region__parent__" if county else "source_region__"
    code = r[f"{prefix}code"]
    owner = f"{r['owner__last_name'] or ''}{r['owner__first_name'] or ''}" or r["owner__username"] or UNKNOWN
    return ProjectFact(
        pk=r["pk"], name=r["name"], owner=owner, team=r["owner__team__name"] or UNKNOWN,
        carrier=r["carrier__name"] or UNKNOWN, city_code=code, city=r[f"{prefix}name"] or UNKNOWN,
        province=f"{code[:2]}0000" if code else None, lng=r[f"{prefix}lng"], lat=r[f"{prefix}lat"],
        is_yrd=bool(r["source_region__is_yrd"]), stage=r["stage"],
        segment=" · ".join(filter(None, (r.get("segment__chain__name"), r.get("segment__name")))),
        signed_on=signed_on, cny=rates.cny(r["amount"], r["currency"], signed_on or until))


def signed_within(facts: list[ProjectFact], period: Period) -> list[ProjectFact]:
    return [f for f in facts if f.signed_on is not None and period.start <= f.signed_on <= period.end]


@dataclass
class RankRow:
    """One officer, team, carrier or source city: projects in hand, signed in the period, investment, conversion."""

    name: str
    projects: int = 0
    signed: int = 0
    investment: Decimal = Decimal(0)
    reached_signing: int = 0
    ids: list[int] = field(default_factory=list)

    @property
    def conversion(self) -> Decimal | None:
        return (Decimal(self.reached_signing) / self.projects).quantize(Decimal("0.0001")) if self.projects else None


RANKINGS = {"officer": ("按负责人", "owner"), "team": ("按招商小组", "team"), "carrier": ("按落地载体", "carrier"),
            "city": ("按来源城市", "city")}


def rankings(facts: list[ProjectFact], period: Period) -> dict[str, list[RankRow]]:
    """Per officer, team, carrier and source city, ordered by signed investment, then signings, then projects."""
    found: dict[str, list[RankRow]] = {}
    for key, (_, attribute) in RANKINGS.items():
        rows: dict[str, RankRow] = defaultdict(lambda: RankRow(""))
        for fact in facts:
            row = rows[getattr(fact, attribute)]
            row.name = getattr(fact, attribute)
            row.projects += 1
            row.ids.append(fact.pk)
            if fact.signed_on is not None and fact.signed_on <= period.end:  # signed, whatever came later
                row.reached_signing += 1
            if fact.signed_on is not None and period.start <= fact.signed_on <= period.end:
                row.signed += 1
                row.investment += fact.cny or 0
        found[key] = sorted(rows.values(), key=lambda r: (-r.investment, -r.signed, -r.projects, r.name))
    return found
