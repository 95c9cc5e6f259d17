"""Describing a record behind a KPI, once: one column specification per record model.

The drill-down page renders a specification as table rows, the API as `{id, label, fields}`, and the
Excel export and the bulletin as plain cells. Each specification also names the selector that decides who
may see the model's records, so the figure's records and their description cannot disagree on visibility.

Values agree across renderers: a column shows names, as a person reads them; a code appears only in a
column that says it is a code (`stage`, `indicator_key`, `source_region_code`), and such machine columns
go to the API only. A column whose value rests on an inferred (推定) stage change says so: the page and
the cells add（推定）, the API adds `<key>_inferred`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from zhaoshang.accounts.masking import id_number_for, phone_for
from zhaoshang.approvals.selectors import cases_visible_to
from zhaoshang.core.figures import format_amount, format_figure
from zhaoshang.environment.selectors import stations_visible_to
from zhaoshang.indicators.selectors import observations_visible_to
from zhaoshang.kpis.computations import record_query, signing_inferred
from zhaoshang.projects.models import Project
from zhaoshang.projects.selectors import project_hidden_from, project_visible_to
from zhaoshang.talent.selectors import (
    graduate_intakes_visible_to,
    people_visible_to,
    research_projects_visible_to,
    teams_visible_to,
)
from zhaoshang.zones.selectors import carriers_visible_to

INFERRED = "推定"


@dataclass(frozen=True)
class Column:
    """One thing said about a record: its key in the API, its header on a page, how to read it."""

    key: str
    header: str
    get: Callable[[Any, Any], Any]  # (record, viewer) -> str | int | Decimal | date | list[str] | None
    unit: str = ""  # a figure, written for people by format_figure in this unit
    link: bool = False  # the page links the value to the record's own page
    machine: bool = False  # a code or exact value for programs: in the API, not on the page or in cells
    inferred: Callable[[Any], bool] | None = None  # whether the value rests on an inferred stage change
    links: Callable[[Any], list[tuple[str, str]]] | None = None  # (name, url) of each record the value names


@dataclass(frozen=True)
class RecordSpec:
    """How one record model is described and who may see its records."""

    model: str  # app_label.ModelName, as KPI values name it
    label: Callable[[Any], str]
    columns: tuple[Column, ...]
    visible_to: Callable[[Any, QuerySet], QuerySet]
    # The records visible_to keeps from a user as a condition (None: none can be given for that user), for
    # counting a figure's hidden records without counting its visible ones.
    hidden_from: Callable[[Any], Q | None] | None = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    @property
    def shown(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.machine)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.shown]

    def visible(self, user, ids: Iterable[int]) -> QuerySet:
        """The records with these ids that the user may see, by the model's own selector."""
        return self.visible_to(user, record_query(self.model, ids))

    def records(self, user, ids: Iterable[int]) -> QuerySet:
        """The visible records, loaded for describing, in id order (the order of a KPI's record ids)."""
        return self.visible(user, ids).select_related(*self.select_related).prefetch_related(
            *self.prefetch_related).order_by("pk")


def _text(value) -> str:
    """A value as a person reads it in a table cell (dates in the site's date format)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return localize(value)
    return str(value)


def _cell_text(column: Column, record, user) -> str:
    value = column.get(record, user)
    text = format_figure(value, column.unit) if column.unit and value is not None else _text(value)
    if column.inferred is not None and value is not None and column.inferred(record):
        text = f"{text}（{INFERRED}）"
    return text


def cell(spec: RecordSpec, key: str, record, user) -> str:
    """One column of a record as plain text, for a page that shows a few of them (the cockpit's list)."""
    return _cell_text(next(c for c in spec.columns if c.key == key), record, user)


def as_cells(spec: RecordSpec, record, user) -> list[str]:
    """The record's shown columns as plain text, for a spreadsheet or the bulletin."""
    return [_cell_text(c, record, user) for c in spec.shown]


def _html(column: Column, record, text: str) -> str | SafeString:
    if column.link:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), text)
    if column.links is not None:
        return format_html_join("、", '<a href="{}">{}</a>', ((url, name) for name, url in column.links(record)))
    return text


def as_row(spec: RecordSpec, record, user) -> list[str | SafeString]:
    """The record's shown columns for an HTML table: the cells, with linked columns as links."""
    return [_html(c, record, text) for c, text in zip(spec.shown, as_cells(spec, record, user), strict=True)]


def _json(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, tuple):
        return list(value)
    return value


def as_json(spec: RecordSpec, record, user) -> dict:
    """The record for the API: `{id, label, fields}`, every column including the machine ones."""
    fields: dict[str, Any] = {}
    for column in spec.columns:
        value = column.get(record, user)
        fields[column.key] = _json(value)
        if column.inferred is not None:
            fields[f"{column.key}_inferred"] = value is not None and column.inferred(record)
    return {"id": record.pk, "label": spec.label(record), "fields": fields}


def _attr(name: str) -> Callable[[Any, Any], Any]:
    return lambda record, user: getattr(record, name)


def _display(name: str) -> Callable[[Any, Any], Any]:
    return lambda record, user: getattr(record, f"get_{name}_display")()


def _name_of(name: str) -> Callable[[Any, Any], str | None]:
    def get(record, user):
        related = getattr(record, name)
        return related.name if related is not None else None
    return get


def _names(name: str) -> Callable[[Any, Any], list[str]]:
    return lambda record, user: [o.name for o in getattr(record, name).all()]


def _organization_links(name: str) -> Callable[[Any], list[tuple[str, str]]]:
    """Each organisation a record names, linked to its 企业画像 page."""
    def links(record):
        related = getattr(record, name)
        found = related.all() if hasattr(related, "all") else [related] if related is not None else []
        return [(o.name, reverse("organizations:detail", args=[o.pk])) for o in found]
    return links


def _amount_display(project: Project, user) -> str | None:
    return format_amount(project.amount, project.currency) if project.amount is not None else None


PROJECT = RecordSpec(
    "projects.Project", label=lambda p: p.name, columns=(
        Column("name", "项目", _attr("name"), link=True),
        Column("investors", "投资方", _names("investors"), links=_organization_links("investors")),
        Column("amount_display", "总投资", _amount_display),
        Column("amount", "总投资（金额）", _attr("amount"), machine=True),
        Column("currency", "币种代码", _attr("currency"), machine=True),
        Column("source_region", "来源地", _name_of("source_region")),
        Column("signed_on", "签约日期", _attr("signed_on"), inferred=signing_inferred),
        Column("stage_label", "阶段", _display("stage")),
        Column("stage", "阶段代码", _attr("stage"), machine=True),
    ), visible_to=project_visible_to, hidden_from=project_hidden_from, select_related=("source_region",),
    prefetch_related=("investors", "stage_changes"))

PERSON = RecordSpec(
    "talent.Person", label=lambda p: p.name, columns=(
        Column("name", "姓名", _attr("name")),
        Column("education", "学历", _display("education")),
        Column("team", "团队", _name_of("team")),
        Column("carrier", "载体", _name_of("carrier")),
        Column("introduced_on", "引进日期", _attr("introduced_on")),
        Column("id_number", "身份证号", lambda p, user: id_number_for(user, p.id_number)),
        Column("phone", "手机号", lambda p, user: phone_for(user, p.phone)),
    ), visible_to=people_visible_to, select_related=("team", "carrier"))

TEAM = RecordSpec(
    "talent.TalentTeam", label=lambda t: t.name, columns=(
        Column("name", "团队", _attr("name")),
        Column("kind", "类型", _display("kind")),
        Column("field", "领域", _attr("field")),
        Column("declared_year", "申报年度", _attr("declared_year")),
        Column("source_region", "来源地", _name_of("source_region")),
        Column("leader", "带头人", _attr("leader")),
    ), visible_to=teams_visible_to, select_related=("source_region",))

CARRIER = RecordSpec(
    "zones.Carrier", label=lambda c: c.name, columns=(
        Column("name", "载体", _attr("name")),
        Column("kind", "类型", _display("kind")),
        Column("partner", "合作方", _name_of("partner"), links=_organization_links("partner")),
        Column("introduced_on", "引进日期", _attr("introduced_on")),
        Column("attribution_rule", "统计规则", _attr("attribution_rule")),
    ), visible_to=carriers_visible_to, select_related=("partner", "host_region"))

OBSERVATION = RecordSpec(
    "indicators.Observation", label=lambda o: f"{o.indicator.name} {o.on}", columns=(
        Column("indicator", "指标", _name_of("indicator")),
        Column("indicator_key", "指标代码", lambda o, user: o.indicator.key, machine=True),
        Column("on", "截止日期", _attr("on")),
        Column("value", "数值", _attr("value"), unit="count"),
        Column("source", "来源", _attr("source")),
    ), visible_to=observations_visible_to, select_related=("indicator",))

GRADUATES = RecordSpec(
    "talent.GraduateIntake", label=lambda g: f"{g.year} {g.source_region.name}", columns=(
        Column("year", "年度", _attr("year")),
        Column("source_region", "来源地", _name_of("source_region")),
        Column("source_region_code", "来源地代码", _attr("source_region_id"), machine=True),
        Column("count", "人数", _attr("count"), unit="count"),
        Column("source", "数据来源", _attr("source")),
    ), visible_to=graduate_intakes_visible_to, select_related=("source_region",))

RESEARCH = RecordSpec(
    "talent.ResearchProject", label=lambda r: r.title, columns=(
        Column("title", "项目", _attr("title")),
        Column("partners", "合作院校", _names("partners"), links=_organization_links("partners")),
        Column("started_on", "立项日期", _attr("started_on")),
        Column("listed_as", "列入计划", _attr("listed_as")),
    ), visible_to=research_projects_visible_to, prefetch_related=("partners",))

STATION = RecordSpec(
    "environment.Station", label=lambda s: s.name, columns=(
        Column("name", "断面", _attr("name"), link=True),
        Column("waterway", "所在水体", _attr("waterway")),
        Column("water_body", "水体类型", _display("water_body")),
        Column("target_class", "目标水质类别", _display("target_class")),
        Column("target_class_number", "目标类别代码", _attr("target_class"), machine=True),
    ), visible_to=stations_visible_to)

def _case_on_time(case, user) -> str:
    on_time = case.on_time()
    return "" if on_time is None else "是" if on_time else "否"


CASE = RecordSpec(
    "approvals.Case", label=lambda c: c.number, columns=(
        Column("number", "办件编号", _attr("number"), link=True),
        Column("item", "事项", _name_of("item")),
        Column("channel_label", "渠道", _display("channel")),
        Column("channel", "渠道代码", _attr("channel"), machine=True),
        Column("applicant", "申请人", _attr("applicant_name")),
        Column("id_number", "身份证号", lambda c, user: id_number_for(user, c.id_number)),
        Column("received_on", "受理日期", _attr("received_on")),
        Column("decided_on", "办结日期", _attr("decided_on")),
        Column("working_days", "用时（工作日）", lambda c, user: c.working_days()),
        Column("promised_days", "承诺时限（工作日）", _attr("promised_days")),
        Column("on_time", "按时办结", _case_on_time),
        Column("result", "办理结果", _display("result")),
    ), visible_to=cases_visible_to, select_related=("item",))

RECORD_SPECS: dict[str, RecordSpec] = {
    spec.model: spec for spec in (PROJECT, PERSON, TEAM, CARRIER, OBSERVATION, GRADUATES, RESEARCH, STATION, CASE)}


def record_spec(model_label: str) -> RecordSpec:
    """The specification of a record model that KPIs count (KeyError for any other model)."""
    return RECORD_SPECS[model_label]
