"""Ranking a chain's segments over the universe, the 链主 view, and turning a candidate into a lead.

Most of the work is one DuckDB query per segment (`scoring.ranking_sql`): the filter, the evidence tier
and four of the six parts. Python then adds the parts that need the database (growth signals from
reviewed news, earlier contacts and partner parks) for the best few hundred rows, re-sorts, and keeps
the top. The page, the console and the benchmark call the same functions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from zhaoshang.accounts.permissions import PROJECT_CREATE_DENIED, can_create_project
from zhaoshang.chains.models import Chain, Segment
from zhaoshang.chains.selectors import segment_criteria
from zhaoshang.core.errors import UserError
from zhaoshang.targets import scoring
from zhaoshang.targets.selectors import Exclusions, Signals, signals_load, zone_exclusions
from zhaoshang.universe import storage
from zhaoshang.universe.reference import city_codes
from zhaoshang.zones.models import Zone

if TYPE_CHECKING:
    from zhaoshang.projects.models import Project

PYTHON_ROWS = 300  # rows per segment that get the database-backed parts
GROWTH_FULL_EVENTS = 2
CONTACT_VALUE, PARTNER_CITY_VALUE = 0.7, 0.4
LEAD_SOURCE = "targets"


class NoUniverse(UserError):
    """There is no universe to rank: nothing imported or generated yet."""


@dataclass
class Candidate:
    """One firm ranked for one segment, with the points of each part and the evidence behind them."""

    credit_code: str | None
    name: str
    city: str | None
    city_code: str | None
    industry_code: str | None
    segment_key: str
    segment_name: str
    segment_id: int
    tier: str
    capital_amount: Decimal | None
    capital_currency: str | None
    capital_cny: Decimal | None
    insured: int | None
    tags: list[str]
    km: float | None
    parts: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return round(sum(self.parts.values()), 2)

    @property
    def parts_labelled(self) -> list[tuple[str, float, str]]:
        return [(scoring.PARTS[k], v, self.evidence.get(k, "")) for k, v in self.parts.items()]

    def as_json(self) -> dict:
        return {"credit_code": self.credit_code, "name": self.name, "city": self.city,
                "segment": self.segment_key, "segment_name": self.segment_name, "score": self.score,
                "parts": {k: {"label": scoring.PARTS[k], "points": v, "evidence": self.evidence.get(k, "")}
                          for k, v in self.parts.items()},
                "industry_code": self.industry_code, "tier": self.tier,
                "capital": None if self.capital_amount is None else
                {"amount": str(self.capital_amount), "currency": self.capital_currency},
                "insured": self.insured, "tags": self.tags,
                "distance_km": None if self.km is None else round(self.km)}

    def summary(self) -> str:
        """The score in words, for the lead's description."""
        parts = "；".join(f"{scoring.PARTS[k]} {v:g}" + (f"（{self.evidence[k]}）" if self.evidence.get(k) else "")
                         for k, v in self.parts.items())
        return f"招商图谱候选：{self.segment_name}，得分 {self.score:g} = {parts}"


@dataclass
class Ranking:
    """Candidates of one request, best first, and what the request was."""

    chain: Chain
    segments: list[Segment]
    cities: list[str]
    weights: dict[str, float]
    candidates: list[Candidate]
    version: str
    excluded: int


def _version() -> storage.Version:
    version = storage.current(storage.root())
    if version is None:
        raise NoUniverse("企业库为空：先用 zhaoshang universe import 导入企业数据（或 zhaoshang demo 载入示例数据）")
    return version


def criteria_of(segment: Segment) -> scoring.Criteria:
    codes, partial, keywords = segment_criteria(segment)
    return scoring.Criteria(tuple(codes), tuple(partial), tuple(keywords))


def zone_of(segment_or_chain) -> Zone:
    from zhaoshang.zones.selectors import zone_resolve

    chain = segment_or_chain.chain if isinstance(segment_or_chain, Segment) else segment_or_chain
    return chain.zone if chain.zone is not None else zone_resolve(None)


def _query(version: storage.Version, zone, *, cities: list[str], exclusions: Exclusions,
           weights: dict[str, float] | None) -> scoring.Query:
    region = zone.region
    return scoring.Query(
        firms_sql=storage.firms_relation_sql(version),
        indexed_keywords=frozenset(version.manifest.get("keywords", [])),
        city_codes=tuple(city_codes(cities)) if cities else (),
        excluded_codes=tuple(sorted(exclusions.codes)), excluded_names=tuple(sorted(exclusions.names)),
        zone_lng=region.lng, zone_lat=region.lat,
        weights={**scoring.DEFAULT_WEIGHTS, **(weights or {})})


@functools.lru_cache(maxsize=1)
def _connection(version_name: str):
    return storage.connect(threads=2)


def _connect(version: storage.Version):
    return _connection(version.path.name).cursor()


def parse_cities(text: str | None) -> list[str]:
    """上海,杭州，苏州 / 上海 杭州 → names; a name that is not a city is a UserError naming it."""
    import re

    names = [n for n in re.split(r"[,，、\s]+", text or "") if n]
    try:
        city_codes(names)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    return names


def candidate_count(segment: Segment) -> int:
    """How many active firms of the universe the segment selects that are not yet in the zone or pipeline."""
    version = _version()
    zone = zone_of(segment)
    exclusions = zone_exclusions(zone)
    query = _query(version, zone, cities=[], exclusions=exclusions, weights=None)
    return _count(version.path.name, scoring.count_sql(criteria_of(segment), query))


@functools.lru_cache(maxsize=256)
def _count(version_name: str, sql: str) -> int:
    con = _connection(version_name).cursor()
    return int(con.execute(sql).fetchone()[0])


def segment_rank_rows(segment: Segment, query: scoring.Query, version: storage.Version, *, limit: int,
                      exclusions: Exclusions | None = None) -> list[dict]:
    """The SQL part of a segment's ranking: rows with their tier and four parts, best first.

    The zone's own firms are dropped here rather than in the query: testing a hundred names against every
    row the segment reads costs more than the query itself, and at most that many extra rows come back."""
    extra = len(exclusions.codes) + len(exclusions.names) if exclusions else 0
    sql = scoring.ranking_sql(criteria_of(segment), query, limit=limit + extra)
    cursor = _connect(version)
    result = cursor.execute(sql)
    names = [d[0] for d in result.description]
    rows = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    if exclusions:
        rows = [r for r in rows if not exclusions.holds(r["credit_code"], r["name"])]
    return rows[:limit]


def _candidate(row: dict, segment: Segment, signals: Signals, weights: dict[str, float]) -> Candidate:
    c = Candidate(credit_code=row["credit_code"], name=row["name"], city=row["city"], city_code=row["city_code"],
                  industry_code=row["industry_code"], segment_key=segment.key, segment_name=segment.name,
                  segment_id=segment.id, tier=row["tier"], capital_amount=row["capital_amount"],
                  capital_currency=row["capital_currency"], capital_cny=row["capital_cny"], insured=row["insured"],
                  tags=list(row["tags"] or []), km=row["km"])
    label, _ = scoring.TIERS[row["tier"]]
    wanted = {k.lower() for k in segment.keywords or []}
    hits = sorted({k for k in (row["scope_kw"] or []) + (row["name_kw"] or []) if k.lower() in wanted})
    c.parts["fit"] = float(row["p_fit"])
    c.evidence["fit"] = label + (f" {row['industry_code']}" if row["tier"].startswith("code") else "") + (
        f"；关键词 {'、'.join(hits[:4])}" if hits and row["tier"] != "code" else "")
    c.parts["scale"] = float(row["p_scale"])
    c.evidence["scale"] = _scale_evidence(row)
    c.parts["tags"] = float(row["p_tags"])
    c.evidence["tags"] = "、".join(t for t in c.tags if t in scoring.TAG_VALUES)
    events = signals.growth(c.name)
    c.parts["growth"] = round(weights["growth"] * min(1.0, len(events) / GROWTH_FULL_EVENTS), 2)
    c.evidence["growth"] = "；".join(events[:2])
    c.parts["distance"] = float(row["p_distance"])
    c.evidence["distance"] = "" if c.km is None else f"距园区约 {c.km:,.0f} 公里"
    relation, why = 0.0, []
    if contact := signals.contact(c.credit_code, c.name):
        relation += CONTACT_VALUE
        why.append(contact)
    if c.city_code and (carrier := signals.partner_cities.get(c.city_code)):
        relation += PARTNER_CITY_VALUE
        why.append(f"合作载体“{carrier}”所在城市")
    c.parts["relation"] = round(weights["relation"] * min(1.0, relation), 2)
    c.evidence["relation"] = "；".join(why)
    return c


def _scale_evidence(row: dict) -> str:
    from zhaoshang.core.figures import format_amount

    bits = []
    if row["capital_amount"] is not None:
        bits.append(f"注册资本 {format_amount(row['capital_amount'], row['capital_currency'] or 'CNY')}")
    if row["insured"]:
        bits.append(f"参保 {row['insured']:,} 人")
    return "，".join(bits)


def weights_for(user) -> dict[str, float]:
    from zhaoshang.targets.models import TargetWeights

    stored = TargetWeights.objects.filter(user=user).first() if user is not None and user.pk else None
    return {**scoring.DEFAULT_WEIGHTS, **({k: float(v) for k, v in stored.weights.items()
                                            if k in scoring.DEFAULT_WEIGHTS} if stored else {})}


def weights_save(*, user, weights: dict[str, float]) -> None:
    from zhaoshang.targets.models import TargetWeights

    clean = {k: float(weights[k]) for k in scoring.DEFAULT_WEIGHTS if k in weights}
    TargetWeights.objects.update_or_create(user=user, defaults={"weights": clean})


def gap_segments(chain: Chain, *, user, zone) -> list[Segment]:
    """The chain's segments with a gap (补链, 强链, 延链); all of them when the chain shows none."""
    from zhaoshang.chains.coverage import chain_coverage

    coverage = chain_coverage(chain=chain, user=user, zone=zone, with_candidates=False)
    gaps = [c.segment for c in coverage if c.gap]
    return gaps or [c.segment for c in coverage]


def targets_rank(*, chain: Chain, segment: Segment | None = None, cities: list[str] | None = None, user=None,
                 weights: dict[str, float] | None = None, top: int = 50) -> Ranking:
    """The best `top` candidates of the segment (or of every gap segment of the chain), one per firm."""
    version = _version()
    zone = zone_of(chain)
    cities = cities or []
    weights = {**(weights_for(user) if user is not None else scoring.DEFAULT_WEIGHTS), **(weights or {})}
    exclusions = zone_exclusions(zone)
    query = _query(version, zone, cities=cities, exclusions=Exclusions(), weights=weights)
    segments = [segment] if segment is not None else gap_segments(chain, user=user, zone=zone)
    signals = signals_load(zone)
    best: dict[str, Candidate] = {}
    for seg in segments:
        for row in segment_rank_rows(seg, query, version, limit=max(PYTHON_ROWS, top), exclusions=exclusions):
            candidate = _candidate(row, seg, signals, weights)
            key = candidate.credit_code or candidate.name
            if key not in best or best[key].score < candidate.score:
                best[key] = candidate
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.credit_code or c.name))[:top]
    return Ranking(chain=chain, segments=segments, cities=cities, weights=weights, candidates=ranked,
                   version=version.path.name, excluded=exclusions.organizations)


def candidate_for(*, segment: Segment, credit_code: str, user) -> Candidate | None:
    """The firm ranked for the segment as the list shows it, or None if the segment does not select it
    (inactive, already in the zone or the pipeline, or outside the segment)."""
    import dataclasses

    version = _version()
    zone = zone_of(segment)
    query = _query(version, zone, cities=[], exclusions=Exclusions(), weights=weights_for(user))
    rows = segment_rank_rows(segment, dataclasses.replace(query, only_code=credit_code), version, limit=1,
                             exclusions=zone_exclusions(zone))
    return _candidate(rows[0], segment, signals_load(zone), query.weights) if rows else None


# --- 链主型企业库 ----------------------------------------------------------------------------------------

@dataclass
class Leader:
    """One of the largest firms of a segment, and what the database knows of it."""

    row: dict
    organization: object | None = None
    projects: list = field(default_factory=list)


@dataclass
class SegmentLeaders:
    segment: Segment
    leaders: list[Leader]
    suppliers: list[str]  # local firms of the segments that supply this one


def chain_leaders(*, chain: Chain, user, per_segment: int = 5) -> list[SegmentLeaders]:
    """The largest active firms of each segment anywhere in the universe (链主), each matched against the
    organisations and the projects the viewer may see, with the known local firms of supplying segments."""
    from zhaoshang.chains.coverage import chain_coverage
    from zhaoshang.organizations.matching import OrganizationIndex
    from zhaoshang.organizations.models import Organization
    from zhaoshang.projects.selectors import project_visible_to

    version = _version()
    zone = zone_of(chain)
    query = _query(version, zone, cities=[], exclusions=Exclusions(), weights=None)
    coverage = {c.segment.id: c for c in chain_coverage(chain=chain, user=user, zone=zone, with_candidates=False)}
    cursor = _connect(version)
    result, rows_by_segment = [], {}
    for entry in coverage.values():
        sql = scoring.leaders_sql(criteria_of(entry.segment), query, limit=per_segment)
        res = cursor.execute(sql)
        names = [d[0] for d in res.description]
        rows_by_segment[entry.segment.id] = [dict(zip(names, r, strict=True)) for r in res.fetchall()]
    index = OrganizationIndex()
    index.load([(r["name"], r["credit_code"] or "") for rows in rows_by_segment.values() for r in rows])
    visible = project_visible_to(user)
    for entry in coverage.values():
        leaders = []
        for row in rows_by_segment[entry.segment.id]:
            match = index.match(row["name"], row["credit_code"] or "")
            known = match.organization
            org = Organization.objects.filter(pk=known.id).first() if known is not None and known.id else None
            projects = list(visible.filter(investors=org).distinct()[:5]) if org else []
            leaders.append(Leader(row=row, organization=org, projects=projects))
        suppliers = sorted({name for other in coverage.values() if entry.segment.key in (other.segment.supplies or [])
                            for name in other.firms.values()})
        result.append(SegmentLeaders(entry.segment, leaders, suppliers))
    return result


# --- turning a candidate into a lead -------------------------------------------------------------------

@dataclass
class LeadResult:
    project: Project
    created: bool


def _firm(version: storage.Version, credit_code: str) -> dict | None:
    cursor = _connect(version)
    sql = f"SELECT * FROM {storage.firms_relation_sql(version)} WHERE credit_code = ? LIMIT 1"  # noqa: S608 — a path we made, quoted
    res = cursor.execute(sql, [credit_code])
    names = [d[0] for d in res.description]
    row = res.fetchone()
    return dict(zip(names, row, strict=True)) if row else None


def existing_project(*, segment: Segment, credit_code: str):
    """The zone's live (not dropped) project the firm with this credit code already invests in, if any."""
    from zhaoshang.projects.models import Project, Stage

    return (Project.objects.filter(zone=zone_of(segment), investors__credit_code=credit_code)
            .exclude(stage=Stage.DROPPED).order_by("id").first()) if credit_code else None


def target_lead_create(*, user, segment: Segment, credit_code: str, summary: str = "") -> LeadResult:
    """A lead (线索) owned by the user for the universe firm, linked to the segment, its score in the
    description and `targets` as its source. A firm already in one of the zone's live projects gets no
    second one: that project is returned instead."""
    from zhaoshang.core.audit import attributed_save
    from zhaoshang.organizations.matching import organization_match
    from zhaoshang.projects.models import Project, Stage

    if not can_create_project(user):
        raise PermissionDenied(PROJECT_CREATE_DENIED)
    version = _version()
    firm = _firm(version, credit_code)
    if firm is None:
        raise UserError(f"企业库中没有统一社会信用代码为 {credit_code} 的企业")
    zone = zone_of(segment)
    with transaction.atomic():
        organization = organization_match(firm["name"], credit_code).organization or _organization(firm, user)
        existing = (Project.objects.filter(zone=zone, investors=organization).exclude(stage=Stage.DROPPED)
                    .order_by("id").first())
        if existing is not None:
            return LeadResult(existing, False)
        region = _region(firm)
        project = Project(zone=zone, name=f"{firm['name']}（{segment.name}）", owner=user, stage=Stage.LEAD,
                          source_region=region, industry_id=_industry_id(firm["industry_code"]),
                          description=summary or f"招商图谱候选：{segment.name}")
        project.source, project.segment = LEAD_SOURCE, segment
        attributed_save(project, user=user, reason="招商图谱：转为线索", many={"investors": [organization]})
    return LeadResult(project, True)


def _region(firm: dict):
    from zhaoshang.regions.models import Region

    for code in (firm.get("county_code"), firm.get("city_code")):
        if code and (region := Region.objects.filter(code=code).first()):
            return region
    return None


def _industry_id(code: str | None) -> str | None:
    from zhaoshang.industries.models import Industry

    return code if code and Industry.objects.filter(code=code).exists() else None


def _organization(firm: dict, user):
    """The universe firm as an organisation (the lead's investor), written with the user's name on it."""
    from zhaoshang.core.audit import attributed_save
    from zhaoshang.organizations.models import Organization, Tag

    tags = list(Tag.objects.filter(name__in=list(firm.get("tags") or [])))
    organization = Organization(name=firm["name"], credit_code=firm["credit_code"], region=_region(firm),
                                industry_id=_industry_id(firm["industry_code"]),
                                registered_capital=firm["capital_amount"],
                                capital_currency=firm["capital_currency"] or "CNY")
    return attributed_save(organization, user=user, reason="招商图谱：企业库企业转为线索", many={"tags": tags})
