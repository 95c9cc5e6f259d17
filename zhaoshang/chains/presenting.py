"""A chain's coverage and funnel as the page, the chart and the console show them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from zhaoshang.chains.conversion import Funnel, Group
from zhaoshang.chains.coverage import SegmentCoverage
from zhaoshang.chains.fields import format_codes
from zhaoshang.chains.models import Chain, Position
from zhaoshang.core.figures import format_amount, format_figure
from zhaoshang.projects.models import Stage

TARGETS_PATH = "/targets/"  # the targets page (招商图谱); built by the targets module
STRENGTH_LABELS = {"strong": "较强", "weak": "薄弱", "none": "空白"}


def targets_url(chain: Chain, segment_key: str) -> str:
    return f"{TARGETS_PATH}?{urlencode({'chain': chain.key, 'segment': segment_key})}"


def _depth(entry: SegmentCoverage, by_id: dict) -> int:
    depth, node = 0, entry.segment
    while node.parent_id in by_id:
        depth, node = depth + 1, by_id[node.parent_id].segment
    return depth


def segment_rows(coverage: list[SegmentCoverage]) -> list[dict]:
    by_id = {e.segment.pk: e for e in coverage}
    rows = []
    for e in coverage:
        s = e.segment
        stages = e.by_stage
        rows.append({
            "segment": s, "key": s.key, "name": s.name, "position": s.position,
            "position_label": Position(s.position).label, "depth": _depth(e, by_id),
            "codes": format_codes(s.industry_codes), "keywords": s.keywords, "supplies": s.supplies,
            "firms": len(e.firms), "firm_names": sorted(e.firms.values()), "projects": e.projects,
            "project_count": len(e.projects),
            "stages": "、".join(f"{Stage(k).label}{v}" for k, v in sorted(stages.items(), key=lambda kv: kv[0])),
            "amount": format_amount(e.amount_cny) if e.amount_cny else "",
            "strength": e.strength, "strength_label": STRENGTH_LABELS[e.strength], "gap": e.gap,
            "candidates": e.candidates, "targets_url": targets_url(s.chain, s.key),
            "url": reverse("chains:segment", args=[s.chain.key, s.key])})
    return rows


def chart_data(chain: Chain, coverage: list[SegmentCoverage]) -> dict:
    """What chains.js draws: the segments with their column, strength and gap, and the supply links."""
    rows = segment_rows(coverage)
    keys = {r["key"] for r in rows}
    return {
        "chain": chain.name,
        "positions": [[p.value, p.label] for p in Position],
        "nodes": [{"key": r["key"], "name": r["name"], "position": r["position"], "depth": r["depth"],
                   "parent": r["segment"].parent.key if r["segment"].parent_id else None,
                   "strength": r["strength"], "strength_label": r["strength_label"], "gap": r["gap"],
                   "firms": r["firms"], "projects": r["project_count"], "amount": r["amount"], "url": r["url"]}
                  for r in rows],
        "links": [[r["key"], target] for r in rows for target in r["supplies"] if target in keys],
    }


def _group_row(group: Group) -> dict:
    return {"key": group.key, "label": group.label, "projects": len(group.project_ids),
            "signed": len(group.signed_ids), "stalled": len(group.stalled_ids),
            "conversion": format_figure(group.conversion, "ratio") if group.conversion is not None else "—"}


def funnel_rows(result: Funnel) -> dict:
    return {
        "total": _group_row(result.total),
        "reached": [(Stage(s).label, len(ids)) for s, ids in result.reached.items()],
        "median_days": [(Stage(s).label, format_figure(v, "days") if v is not None else "—", len(result.stays[s]))
                        for s, v in result.median_days.items()],
        "by_segment": [_group_row(g) for g in result.by_segment],
        "by_source": [_group_row(g) for g in result.by_source],
        "by_owner": [_group_row(g) for g in result.by_owner],
    }
