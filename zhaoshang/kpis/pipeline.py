"""Pipeline figures: projects by stage, stage-to-stage conversion and median days in each stage."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from decimal import Decimal

from zhaoshang.kpis.computations import inferred_note
from zhaoshang.projects.models import PIPELINE, Project, Stage, StageChange


def _histories(zone, as_of: dt.date) -> dict[int, list[tuple[str, dt.date, bool]]]:
    """Each project's stage changes up to as_of: (stage, date, whether the change is inferred)."""
    rows = (StageChange.objects.filter(project__zone=zone, on__lte=as_of)
            .order_by("project_id", "on", "id").values_list("project_id", "stage", "on", "inferred"))
    histories: dict[int, list[tuple[str, dt.date, bool]]] = defaultdict(list)
    for project_id, stage, on, inferred in rows:
        histories[project_id].append((stage, on, inferred))
    return histories


def _item(key, label, unit, value, ids, notes=(), description="", **drill_down):
    return {"key": key, "label": label, "unit": unit, "value": value, "record_model": "projects.Project",
            "record_ids": sorted(ids), "notes": list(notes), "description": description, **drill_down}


def _in_stage_description(label: str, as_of: dt.date) -> str:
    # The funnel counts projects that reached a stage or a later one; this counts each project once.
    return f"截至 {as_of} 最新阶段为“{label}”的项目数（每个项目只计一次，不同于漏斗图的“累计到达”）"


def pipeline_kpis(*, zone, period) -> list[dict]:
    as_of = min(period.end, dt.date.today())
    histories = _histories(zone, as_of)
    reached: dict[str, set[int]] = defaultdict(set)
    current: dict[str, set[int]] = defaultdict(set)
    stays: dict[str, dict[int, int]] = defaultdict(dict)  # stage -> project -> days of its completed stay
    inferred_stays: dict[str, set[int]] = defaultdict(set)  # stays that begin or end on an inferred date
    for project_id, history in histories.items():
        for (stage, on, inferred), nxt in zip(history, [*history[1:], None], strict=True):
            reached[stage].add(project_id)
            if nxt is not None:
                stays[stage][project_id] = (nxt[1] - on).days
                if inferred or nxt[2]:
                    inferred_stays[stage].add(project_id)
        current[history[-1][0]].add(project_id)
    unstaged = set(Project.objects.filter(zone=zone).exclude(id__in=histories).values_list("id", flat=True))
    current[Stage.LEAD] |= unstaged
    reached[Stage.LEAD] |= unstaged

    items = []
    for stage in [*PIPELINE, Stage.DROPPED]:
        label = Stage(stage).label
        items.append(_item(f"projects_in_stage_{stage}", f"当前处于“{label}”的项目", "count",
                           len(current[stage]), current[stage], description=_in_stage_description(label, as_of)))
    for here, there in zip(PIPELINE, PIPELINE[1:], strict=False):
        went_on = reached[here] & set().union(*(reached[s] for s in PIPELINE[PIPELINE.index(there):]))
        ratio = (Decimal(len(went_on)) / len(reached[here])).quantize(Decimal("0.0001")) if reached[here] else 0
        a, b = Stage(here).label, Stage(there).label
        items.append(_item(f"conversion_{here}_to_{there}", f"{a}→{b}转化率", "ratio", ratio, went_on,
                           [f"{len(went_on)}/{len(reached[here])}"],
                           f"到达过“{a}”的项目（分母）中，后来到达“{b}”或其后阶段的项目（分子）所占比例",
                           base_ids=sorted(reached[here])))
    for stage in PIPELINE[:-1]:
        days = stays[stage]
        # No completed stay means no median: "—", not 0 days.
        median = Decimal(str(statistics.median(days.values()))) if days else None
        label = Stage(stage).label
        notes = ([f"基于 {len(days)} 次已完成的阶段停留"] if days else []) + inferred_note(
            len(inferred_stays[stage]), "停留起止日期")
        items.append(_item(f"median_days_{stage}", f"“{label}”阶段停留天数（中位数）", "days", median, days,
                           notes, f"已离开“{label}”阶段的项目在该阶段停留天数的中位数；仍处于该阶段的项目不计入",
                           record_figures=dict(days), record_figure_header="停留天数"))
    return items
