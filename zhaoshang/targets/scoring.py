"""The ranking as one DuckDB query: which firms a segment selects, and the parts of their score.

Plain Python that writes SQL (no Django), so the page, the console and the benchmark run the same query.
A score is a sum of named parts, each a weight (points) times a value between 0 and 1:

- 环节匹配 (fit), by evidence tier: the firm's industry class lies under one of the segment's codes and its
  scope names a keyword (1.0) or not (0.85); under a partial code, or without a code, with a keyword in
  its business scope (0.7) or only in its name (0.4). A code outside the segment never fits by words.
- 规模 (scale): registered capital in yuan (log scale, 100亿元 = 1) and insured staff (10,000 = 1).
- 标签 (tags): 世界500强, 央企, 上市, 行业龙头, 专精特新, 高新技术 (capped at 1).
- 距离 (distance): 1 at the zone, 0 from 1,000 km on.
The growth and relationship parts need the database and are added in Python for the top rows only
(`services`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

PARTS = {"fit": "环节匹配", "scale": "规模", "tags": "标签", "growth": "成长信号", "distance": "距离",
         "relation": "关系"}
DEFAULT_WEIGHTS = {"fit": 35, "scale": 20, "tags": 15, "growth": 10, "distance": 10, "relation": 10}
TIERS = {"code+scope": ("行业代码+经营范围", 1.0), "code": ("行业代码", 0.85), "scope": ("经营范围关键词", 0.7),
         "name": ("仅名称", 0.4)}
TAG_VALUES = {"世界500强": 1.0, "央企": 0.9, "上市": 0.6, "行业龙头": 0.6, "专精特新": 0.4, "高新技术": 0.2}
FULL_CAPITAL_CNY = 1e10  # 100亿元
FULL_STAFF = 10_000
DISTANCE_ZERO_KM = 1000.0


@dataclass(frozen=True)
class Criteria:
    """What a segment selects: full and partial code prefixes and keywords (from `segment_criteria`)."""

    codes: tuple[str, ...]
    partial_codes: tuple[str, ...]
    keywords: tuple[str, ...]



@dataclass(frozen=True)
class Query:
    """Everything a ranking asks besides the segment."""

    firms_sql: str  # FROM clause of the universe version
    indexed_keywords: frozenset[str] = frozenset()
    city_codes: tuple[str, ...] = ()
    excluded_codes: tuple[str, ...] = ()
    excluded_names: tuple[str, ...] = ()
    zone_lng: float | None = None
    zone_lat: float | None = None
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    only_code: str | None = None  # rank one firm (the lead button re-scores the firm it is given)


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_lit(v) for v in values) + "]::VARCHAR[]"


def _after(prefix: str) -> str:
    """The first string after every string starting with `prefix` (so a range filter can prune)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _code_ranges(prefixes: Sequence[str]) -> str:
    if not prefixes:
        return "false"
    return "(" + " OR ".join(f"(industry_code >= {_lit(p)} AND industry_code < {_lit(_after(p))})"
                             for p in sorted(set(prefixes))) + ")"


def _keyword_test(column: str, text_column: str, keywords: Sequence[str], indexed: frozenset[str]) -> str:
    """Whether the row's indexed keywords (or, for words added since the import, its text) hold one."""
    known = [k for k in keywords if k in indexed]
    tests = [f"list_has_any({column}, {_list(known)})"] if known else []
    tests += [f"contains(lower({text_column}), {_lit(k.lower())})" for k in keywords if k not in indexed]
    return "(" + " OR ".join(tests) + ")" if tests else "false"


def where_sql(criteria: Criteria, query: Query) -> str:
    """The filter: active firms the segment selects, in the source cities, not excluded."""
    scope_hit = _keyword_test("scope_kw", "scope", criteria.keywords, query.indexed_keywords)
    name_hit = _keyword_test("name_kw", "name", criteria.keywords, query.indexed_keywords)
    full = _code_ranges(criteria.codes)
    # Two conjuncts rather than full OR ((partial OR no code) AND words): the first, on the industry code
    # alone, lets DuckDB skip every row group outside the segment's codes (sorted files; ~7x fewer read).
    parts = [
        "active",
        f"({_code_ranges([*criteria.codes, *criteria.partial_codes])} OR industry_code IS NULL)",
        f"({full} OR {scope_hit} OR {name_hit})",
    ]
    if query.city_codes:
        provinces = sorted({c[:2] for c in query.city_codes})
        parts.append(f"prov IN ({', '.join(_lit(p) for p in provinces)})")
        parts.append(f"city_code IN ({', '.join(_lit(c) for c in query.city_codes)})")
    if query.only_code:
        parts.append(f"credit_code = {_lit(query.only_code)}")
    if query.excluded_codes:
        parts.append(f"NOT coalesce(list_contains({_list(query.excluded_codes)}, credit_code), false)")
    if query.excluded_names:
        parts.append(f"NOT list_contains({_list(query.excluded_names)}, name_norm)")
    return " AND ".join(parts)


def _tier_sql(criteria: Criteria, query: Query) -> str:
    scope_hit = _keyword_test("scope_kw", "scope", criteria.keywords, query.indexed_keywords)
    name_hit = _keyword_test("name_kw", "name", criteria.keywords, query.indexed_keywords)
    full = _code_ranges(criteria.codes)
    return (f"CASE WHEN {full} AND {scope_hit} THEN 'code+scope' WHEN {full} THEN 'code' "
            f"WHEN {scope_hit} THEN 'scope' WHEN {name_hit} THEN 'name' END")


def _weight(query: Query, part: str) -> float:
    return float(query.weights.get(part, DEFAULT_WEIGHTS[part]))


def _values_sql(criteria: Criteria, query: Query) -> dict[str, str]:
    tier_values = " ".join(f"WHEN {_lit(k)} THEN {v}" for k, (_, v) in TIERS.items())
    tag_cases = " ".join(f"WHEN {_lit(t)} THEN {v}" for t, v in TAG_VALUES.items())
    capital = (f"least(1, ln(1 + coalesce(capital_cny, 0) / 1e4) / {math.log(1 + FULL_CAPITAL_CNY / 1e4)})")
    staff = f"least(1, ln(1 + coalesce(insured, 0)) / {math.log(1 + FULL_STAFF)})"
    if query.zone_lng is not None and query.zone_lat is not None:
        lat0, lng0 = math.radians(query.zone_lat), math.radians(query.zone_lng)
        km = (f"(2 * 6371 * asin(sqrt(pow(sin((radians(lat) - {lat0}) / 2), 2) + cos({lat0}) * cos(radians(lat)) "
              f"* pow(sin((radians(lng) - {lng0}) / 2), 2))))")
    else:
        km = "NULL"
    return {
        "tier": _tier_sql(criteria, query),
        "fit": f"(CASE tier {tier_values} ELSE 0 END)",
        "scale": f"(0.6 * {capital} + 0.4 * {staff})",
        "tags": f"least(1, coalesce(list_sum(list_transform(tags, lambda t: CASE t {tag_cases} ELSE 0 END)), 0))",
        "km": km,
        "distance": "coalesce(greatest(0, 1 - km / 1000.0), 0)",
    }


COLUMNS = ("credit_code", "name", "city", "city_code", "county_code", "industry_code", "capital_amount",
           "capital_currency", "capital_cny", "insured", "tags", "status", "founded", "scope_kw", "name_kw")


def ranking_sql(criteria: Criteria, query: Query, *, limit: int) -> str:
    """One query: filter, tier, the four SQL parts in points and their sum, best first."""
    v = _values_sql(criteria, query)
    w = {p: _weight(query, p) for p in ("fit", "scale", "tags", "distance")}
    return f"""
WITH picked AS (
  SELECT {", ".join(COLUMNS)}, lng, lat, {v['tier']} AS tier
  FROM {query.firms_sql}
  WHERE {where_sql(criteria, query)}
), valued AS (
  SELECT *, {v['km']} AS km FROM picked
), scored AS (
  SELECT * EXCLUDE (lng, lat),
         round({w['fit']} * {v['fit']}, 2) AS p_fit,
         round({w['scale']} * {v['scale']}, 2) AS p_scale,
         round({w['tags']} * {v['tags']}, 2) AS p_tags,
         round({w['distance']} * {v['distance']}, 2) AS p_distance
  FROM valued
)
SELECT *, p_fit + p_scale + p_tags + p_distance AS sql_score
FROM scored ORDER BY sql_score DESC, capital_cny DESC NULLS LAST, credit_code LIMIT {int(limit)}"""  # noqa: S608 — every value in it passes _lit


def count_sql(criteria: Criteria, query: Query) -> str:
    return f"SELECT count(*) FROM {query.firms_sql} WHERE {where_sql(criteria, query)}"  # noqa: S608 — every value in it passes _lit


def leaders_sql(criteria: Criteria, query: Query, *, limit: int) -> str:
    """The largest firms of the segment anywhere (链主): by registered capital in yuan, then insured staff."""
    return f"""
SELECT {", ".join(COLUMNS)}, {_tier_sql(criteria, query)} AS tier
FROM {query.firms_sql}
WHERE {where_sql(criteria, query)}
ORDER BY capital_cny DESC NULLS LAST, insured DESC NULLS LAST, credit_code LIMIT {int(limit)}"""  # noqa: S608 — every value in it passes _lit
