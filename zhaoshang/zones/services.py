"""Enclave attribution (飞地统计归属): which agreement governs a record, and what share each side counts.

This module is the one owner of the rule. A record (a resident project or team, a talent) is governed by
its residency's agreement, else its carrier's; a record under no agreement counts in full for its zone.
Among an agreement's rules for a figure, the one covering the record's date applies; where two cover the
date (one ends the day the next starts) the later-starting rule wins, so a record dated the day a rule
changes falls under the new rule.

Arithmetic is Decimal throughout. A count's parts are the shares themselves (0.6 and 0.4 of a project),
never rounded; an amount's zone part is rounded to the fen (0.01, half-even) and the partner's part is the
remainder, so the two parts always add up to the full figure exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from django.db.models import Q

from zhaoshang.zones.models import AttributionRule, CooperationAgreement, Figure, Residency

BASES = {"full": "全口径", "zone": "本区口径", "partner": "合作方口径"}
FEN = Decimal("0.01")


@dataclass(frozen=True)
class Governed:
    """A record under an agreement, dated for choosing the rule (入驻 or 引进 date)."""

    record_id: int
    label: str
    agreement: CooperationAgreement
    on: dt.date


@dataclass(frozen=True)
class Share:
    """The part of one record (or amount) each side counts."""

    full: Decimal
    zone: Decimal
    partner: Decimal
    mode: str  # 双计, 分成 or 单方
    rule: str  # the rule and its period, in words

    def on(self, basis: str) -> Decimal:
        return {"full": self.full, "zone": self.zone, "partner": self.partner}[basis]


def attribution_rule_for(*, agreement: CooperationAgreement, figure: str, on: dt.date) -> AttributionRule | None:
    covering = [r for r in agreement.rules.all() if r.figure == figure and r.covers(on)]
    return max(covering, key=lambda r: r.valid_from, default=None)


def attribution_share(*, agreement: CooperationAgreement, figure: str, on: dt.date,
                      amount: Decimal = Decimal(1), money: bool = False) -> Share:
    """How much of `amount` (1 for a counted record) each side counts under the agreement on that date."""
    rule = attribution_rule_for(agreement=agreement, figure=figure, on=on)
    if rule is None:
        return Share(amount, amount, Decimal(0), AttributionRule.Mode.ONE_SIDE.label,
                     f"《{agreement}》未约定{Figure(figure).label}在 {on} 的归属：全部计入本区")
    words = f"《{agreement}》{rule.describe()}（{rule.period_label}）"
    if rule.mode == AttributionRule.Mode.BOTH:
        return Share(amount, amount, amount, rule.get_mode_display(), words)
    zone = amount * rule.zone_share
    if money:
        zone = zone.quantize(FEN, rounding=ROUND_HALF_EVEN)
    return Share(amount, zone, amount - zone, rule.get_mode_display(), words)


def _residing_at(on: dt.date) -> Q:
    return Q(since__lte=on) & (Q(until__isnull=True) | Q(until__gte=on))


def governed_records(*, model: str, ids: list[int], on: dt.date) -> dict[int, Governed]:
    """The records among ids that an agreement governs on the date, keyed by id; the rest count in full."""
    if model in ("projects.Project", "talent.TalentTeam"):
        resident = "project" if model == "projects.Project" else "team"
        rows = (Residency.objects.filter(_residing_at(on), **{f"{resident}_id__in": ids})
                .filter(Q(agreement__isnull=False) | Q(carrier__agreement__isnull=False))
                .select_related(resident, "agreement", "carrier__agreement")
                .prefetch_related("agreement__rules", "carrier__agreement__rules").order_by("since"))
        found = {}
        for row in rows:  # the latest residency at the date wins
            agreement = row.agreement or row.carrier.agreement
            assert agreement is not None  # the query keeps residencies under an agreement
            found[getattr(row, f"{resident}_id")] = Governed(
                getattr(row, f"{resident}_id"), str(getattr(row, resident)), agreement, row.since)
        return found
    if model == "talent.Person":
        from zhaoshang.talent.models import Person

        people = (Person.objects.filter(id__in=ids, carrier__agreement__isnull=False)
                  .select_related("carrier__agreement").prefetch_related("carrier__agreement__rules"))
        return {p.id: Governed(p.id, p.name, p.carrier.agreement, p.introduced_on or on)  # type: ignore[union-attr,arg-type]
                for p in people}  # the query keeps people whose carrier has an agreement
    return {}


def partner_matches(agreement: CooperationAgreement, partner: str | None) -> bool:
    """Whether the agreement is with the partner asked for (its id or part of its name); None: any partner."""
    if not partner:
        return True
    return partner == str(agreement.partner_id) or partner in agreement.partner.name


# Figures kept in yuan; the others are counts (projects, teams, talents).
MONEY_FIGURES = frozenset({Figure.INVESTMENT, Figure.OUTPUT, Figure.TAX})


def _statement_row(figure: str, shares: list[Share], rules: list[str]) -> dict:
    modes = sorted({s.mode for s in shares})
    unit = "CNY" if figure in MONEY_FIGURES else "count"
    return {"figure": Figure(figure).label, "unit": unit, "mode": "、".join(modes) if modes else "",
            "records": len(shares),
            "full": sum((s.full for s in shares), Decimal(0)), "zone": sum((s.zone for s in shares), Decimal(0)),
            "partner": sum((s.partner for s in shares), Decimal(0)),
            "rule": "；".join(dict.fromkeys(s.rule for s in shares)) or "；".join(rules)}


def _statement_shares(agreement: CooperationAgreement, year: int, carrier_id: int | None
                      ) -> dict[str, list[Share]]:
    """Each figure's records under the agreement at the year's end, each with its share."""
    from zhaoshang.currencies.money import to_cny
    from zhaoshang.projects.models import Project
    from zhaoshang.projects.selectors import signed_in
    from zhaoshang.talent.models import Person

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    residencies = (Residency.objects.filter(_residing_at(end))
                   .filter(Q(agreement=agreement) | Q(agreement__isnull=True, carrier__agreement=agreement)))
    people = Person.objects.filter(carrier__agreement=agreement, introduced_on__lte=end)
    if carrier_id is not None:
        residencies, people = residencies.filter(carrier_id=carrier_id), people.filter(carrier_id=carrier_id)
    shares: dict[str, list[Share]] = {f: [] for f in Figure.values}
    since: dict[int, dt.date] = {}
    for row in residencies.order_by("since"):
        figure = Figure.PROJECTS if row.project_id else Figure.TEAMS
        shares[figure].append(attribution_share(agreement=agreement, figure=figure, on=row.since))
        if row.project_id:
            since[row.project_id] = row.since
    for person in people:
        shares[Figure.TALENTS].append(attribution_share(agreement=agreement, figure=Figure.TALENTS,
                                                        on=person.introduced_on))
    signed = signed_in(Project.objects.filter(id__in=since, amount__isnull=False), start, end)
    for project in signed.prefetch_related("stage_changes").order_by("id"):
        assert project.amount is not None and project.signed_on is not None  # the query keeps both
        cny = to_cny(project.amount, project.currency, project.signed_on).cny
        shares[Figure.INVESTMENT].append(attribution_share(agreement=agreement, figure=Figure.INVESTMENT,
                                                           on=since[project.id], amount=cny, money=True))
    return shares


def enclave_statement(*, agreements, year: int, carrier_id: int | None = None) -> list[dict]:
    """The statement both sides sign off each year: per agreement and figure, the full value, each side's
    part and the rule; with carrier_id, only that carrier's records (what its partner staff see).
    产值 and 税收 have no records per carrier yet: their rows show the rule and nought."""
    statement = []
    for agreement in agreements.select_related("partner", "zone").prefetch_related("rules"):
        shares = _statement_shares(agreement, year, carrier_id)
        rows = []
        for figure in Figure.values:
            rules = [f"《{agreement}》{r.describe()}（{r.period_label}）" for r in agreement.rules.all()
                     if r.figure == figure and r.valid_from.year <= year
                     and (r.valid_until is None or r.valid_until.year >= year)]
            rows.append(_statement_row(figure, shares[figure], rules or [f"《{agreement}》未约定：全部计入本区"]))
        statement.append({"agreement": agreement.title, "id": agreement.pk, "zone": agreement.zone.name,
                          "partner": agreement.partner.name, "signed_on": agreement.signed_on.isoformat(),
                          "year": year, "rows": rows})
    return statement
