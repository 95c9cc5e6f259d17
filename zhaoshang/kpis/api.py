"""KPIs over the API: the zone's figures for a year, and the records behind each one.

Who may see what: every signed-in role, partners included, may read the KPI *values* — they are the
zone's published figures, the same numbers the bulletin prints. The *records* behind a value follow the
records' own visibility rules (`kpis.selectors.records_visible_to`, which asks each app's selector:
`project_visible_to` for projects, `people_visible_to` for talents…): a record the caller may not see is
left out of `record_ids` and `records`, counted in `hidden_count`, and notes that name it are dropped.
So a partner sees that 33 projects were signed but can open only those of their own carrier. Each record
is described by `kpis.records`, the same specification the drill-down page renders.

Beside each value the list gives what the cockpit's card shows (`kpis.cockpit.cards_for`, one computation
for both): 同比 and, for a quarter or a month, 环比 (`comparisons`), and — for those who may read targets
(`accounts.permissions.can_read_targets`: not partners) — the yearly target, the figure it is read against
(1 January to the period's end) and the completion rate. Who may not read targets gets none of those fields.
"""

from dataclasses import replace
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from zhaoshang.accounts.permissions import can_read_targets
from zhaoshang.api_auth import api_user
from zhaoshang.core.concurrency import concurrently
from zhaoshang.kpis.cache import cached, viewer_class
from zhaoshang.kpis.cockpit import Card, cards_for, comparison_figures
from zhaoshang.kpis.comparisons import CockpitPeriod, cockpit_period
from zhaoshang.kpis.definitions import KPIS, MAX_YEAR, MIN_YEAR
from zhaoshang.kpis.records import as_json, record_spec
from zhaoshang.kpis.selectors import YearInvalid, kpi_for_viewer, kpi_scope, kpis_for_viewer
from zhaoshang.kpis.services import KpiValue, kpi_evaluate
from zhaoshang.zones.models import Zone

router = Router(tags=["KPI"])
LISTED_IDS = 1000  # record ids per KPI in the list; the records endpoint pages through all of them


class KpiQuery(Schema):
    year: int | None = Field(None, description=f"{MIN_YEAR}–{MAX_YEAR}；默认为最近一个有签约的年度")
    period: str = Field("", description="年度中的季度（Q1–Q4）或月份（如 2020-09）；默认全年")
    zone: str = ""
    basis: Literal["full", "zone", "partner"] = Field(
        "full", description="口径：full 全口径、zone 本区口径、partner 合作方口径（按飞地合作协议分成）")
    partner: str = Field("", description="合作方口径下只计这一合作方（编号或名称的一部分）")


class KpiComparison(Schema):
    label: Literal["同比", "环比"] = Field(..., description="同比：上年同期；环比：上一季度或上一月（全年没有环比）")
    period: str = Field(..., description="比较的期间，如 2019年第三季度")
    year: int
    period_code: str = Field(..., description="该期间的 period 参数（全年为空），可用于再次查询")
    value: int | float | None = Field(..., description="该期间的全区数值")
    change: float | None = Field(..., description="相对变化（0.12 即 +12%）；比例类指标或上期为 0、无值时为 null")
    points: float | None = Field(..., description="比例类指标的变化（百分点）；其他指标为 null")


class KpiOut(Schema):
    key: str
    label: str
    value: int | float | None = Field(..., description="无从计算时为 null（如尚无已完成阶段停留的中位数）")
    unit: str
    period: str
    zone: str
    group: str
    basis: str
    description: str
    record_model: str
    record_ids: list[int] = Field(..., description=(
        f"调用者可查看的记录编号（按编号排序；列表中每个指标至多 {LISTED_IDS} 个，"
        "全部见 /api/kpis/{key}/records 分页）"))
    record_count: int = Field(..., description="调用者可查看的记录数（records 端点分页时为全部页的合计）")
    hidden_count: int
    suppressed: bool = Field(False, description="少于阈值（默认 3）条无权查看的记录时为 true：value 只含可查看的记录，"
                                                "hidden_count 为 0，以免推算出保密记录")
    notes: list[str]
    comparisons: list[KpiComparison] = Field(default_factory=list, description=(
        "同比与（季度、月份时）环比，与驾驶舱卡片相同；阶段分布等流水线指标、只看一个合作方（partner）时没有比较"))
    target: int | float | None = Field(None, description=(
        "年度目标（指标自身的单位：个数、元、0–1 的比例、工作日）；未设目标时为 null。"
        "无权查看年度目标的用户（合作方）、只看一个合作方（partner）时没有 target、year_to_date、completion、"
        "behind_plan 四个字段"))
    year_to_date: int | float | None = Field(None, description=(
        "目标所对照的数值：可累加的指标（个数、金额）为 1 月 1 日至期末的数值，比例与中位数为本期数值；"
        "未设目标时为 null"))
    completion: float | None = Field(None, description=(
        "完成率 = year_to_date ÷ target（工作日类为 target ÷ year_to_date）"))
    behind_plan: bool | None = Field(None, description=(
        "落后于计划：可累加的指标完成率低于全年已过的比例，比例与中位数未达目标"))


class KpiRecord(Schema):
    id: int
    label: str
    fields: dict[str, Any]


class KpiRecordsOut(KpiOut):
    records: list[KpiRecord]
    next_offset: int | None = Field(None, description="还有更多记录时，下一页的 offset")


class RecordsPage(Schema):
    offset: int = Field(0, ge=0)
    limit: int = Field(1000, ge=1, le=1000, description="每页记录数（record_ids 与 records 只含本页）")


def _period(query: KpiQuery) -> tuple[Zone, CockpitPeriod]:
    """The zone and period asked for; an unknown zone is a 400 (ZoneNotFound), a bad year or period a 422."""
    try:
        zone, year = kpi_scope(query.zone, query.year)
        return zone, cockpit_period(year, query.period)
    except (YearInvalid, Http404) as exc:
        raise HttpError(422, str(exc)) from None


def _out(value: KpiValue, ids_limit: int | None = None) -> dict:
    data = value.as_json(ids_limit)
    data["hidden_count"] = value.hidden_count
    data["record_count"] = len(value.record_ids)
    return data


def _listed(user, zone: Zone, period: CockpitPeriod, query: KpiQuery) -> tuple[list[dict], list[KpiValue]]:
    values = kpis_for_viewer(user, kpi_evaluate(zone=zone, period=period.period, basis=query.basis,
                                                partner=query.partner or None), zone=zone, period=period.period)
    # Beside the JSON, what the cards need of each value (key, unit, figure), without its records.
    bare = [replace(v, record_ids=[], base_ids=[], record_figures={}, record_notes={}, record_amounts={})
            for v in values]
    return [_out(value, LISTED_IDS) for value in values], bare


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def card_json(card: Card, *, with_target: bool) -> dict:
    """What the cockpit's card adds to a value: its comparisons and, for who may read them, its target."""
    data: dict = {"comparisons": [
        {"label": c.label, "period": c.period.label, "year": c.period.year, "period_code": c.period.code,
         "value": _number(c.value), "change": _number(c.change), "points": _number(c.points)}
        for c in card.comparisons]}
    if with_target:
        data.update(target=_number(card.target), year_to_date=_number(card.year_to_date),
                    completion=_number(card.completion), behind_plan=card.behind if card.target is not None else None)
    return data


@router.get("", response=list[KpiOut], summary="KPI 列表", exclude_unset=True)
def kpis_list(request, query: Query[KpiQuery]):
    """Every KPI of the zone for the year (default: the latest year with a signing), or a quarter or month of
    it (`period`), each with its 同比/环比 and, for those who may read targets, its yearly target and 完成率."""
    user = api_user(request)
    zone, period = _period(query)
    # The period's figures and the other periods' (同比/环比) are independent: at once (core.concurrency).
    (rows, values), others = concurrently(
        lambda: cached(("api", zone.pk, period.year, period.code or "year", query.basis, query.partner,
                        viewer_class(user)), lambda: _listed(user, zone, period, query), zone=zone.pk),
        lambda: None if query.partner else comparison_figures(user, zone=zone, period=period, basis=query.basis,
                                                              keys=[d.key for d in KPIS]))
    if query.partner:  # one partner's share: the cockpit's comparisons and the zone's targets are not about it
        return [{**row, "comparisons": []} for row in rows]
    # Targets are read on every request (a target saved shows at once); the other periods' figures are cached.
    with_target = can_read_targets(user)
    cards = cards_for(values, zone=zone, period=period, basis=query.basis, user=user, others=others)
    return [{**row, **card_json(cards[row["key"]], with_target=with_target)} for row in rows]


@router.get("/{key}/records", response=KpiRecordsOut, summary="KPI 背后的记录", exclude_unset=True)
def kpi_records(request, key: str, query: Query[KpiQuery], page: Query[RecordsPage]):
    """The records one KPI counted, limited to those the caller may see, a page at a time (`offset`,
    `limit`; `next_offset` while more follow); `hidden_count` says how many were left out."""
    user = api_user(request)
    zone, period = _period(query)
    value = next(iter(kpi_evaluate(zone=zone, period=period.period, keys=[key], basis=query.basis,
                                   partner=query.partner or None)), None)
    if value is None:
        raise Http404(key)
    value = kpi_for_viewer(user, value)
    total = len(value.record_ids)
    shown = list(record_spec(value.record_model).records(user, value.record_ids)[page.offset:page.offset + page.limit])
    spec = record_spec(value.record_model)
    data = _out(replace(value, record_ids=[r.pk for r in shown]))
    data["record_count"] = total
    data["records"] = [as_json(spec, record, user) for record in shown]
    data["next_offset"] = page.offset + page.limit if page.offset + page.limit < total else None
    return data
