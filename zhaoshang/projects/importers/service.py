"""`project_import`: a project sheet through the import core, all rows or none.

The core (zhaoshang/core/imports) reads the file, maps the headers, collects every problem and writes in
one transaction. What is the projects' own:
- the fields and row checks (rows.py);
- matching rows against the database — projects by name in the zone, investors through the organisations'
  matcher (investors.py), and the region, industry, owner and carrier named (lookups.py). Only projects
  the importing user may read (`project_visible_to`) are compared with a row; a row named like one they
  may not read is refused with the same words as one they may read but not edit, and nothing about that
  project (stage, dates, amounts, owner) reaches the result;
- the writes: bulk inserts, each project and organisation with a history record naming the importing
  user and the row it came from, and the stages the project model's `stage_path` implies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.utils import timezone

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import PROJECT_IMPORT_DENIED, can_edit_project_owned_by, can_import_projects
from zhaoshang.core.batches import chunks
from zhaoshang.core.imports import (
    ImportResult,
    ImportSpec,
    Limits,
    Report,
    RowReport,
    SheetRow,
    sheet_import,
    text,
)
from zhaoshang.core.imports.base import WriteConflict
from zhaoshang.core.imports.job import Progress
from zhaoshang.currencies.models import ExchangeRate
from zhaoshang.organizations.matching import Indexed
from zhaoshang.projects.importers.investors import Investors
from zhaoshang.projects.importers.lookups import HIDDEN, Lookups, existing_projects
from zhaoshang.projects.importers.rows import FIELDS, ParsedRow, name_key, parse_row
from zhaoshang.projects.importers.template import EXAMPLE_MARK
from zhaoshang.projects.importers.writing import BATCH, insert_history, insert_objects, insert_rows
from zhaoshang.projects.models import Project, Stage, StageChange, link_stage_changes, stage_path, stage_rank
from zhaoshang.zones.models import Zone

WRITE_CHUNK = 5000  # rows written at a time inside the one transaction, to bound memory
# One text for every row that names a project the user may not change, whether or not they may read it,
# so the import page is no oracle for projects hidden from them.
NOT_YOURS = "项目名称已被本园区的其他项目使用，且你无权修改该项目；请改用其他名称或联系管理员"


@dataclass
class ProjectImportResult(ImportResult):
    """What a project import did (or, with problems, why it did nothing)."""

    organizations_created: int = 0
    organizations_updated: int = 0
    project_ids: list[int] = field(default_factory=list)

    @property
    def summary(self) -> str:
        verb = "检查通过，未写入" if self.dry_run else "导入完成"
        return (f"{self.filename}：{verb}，共 {self.rows} 行：新增 {self.created} 个项目，"
                f"更新 {self.updated} 个，未变 {self.unchanged} 个；"
                f"新增投资方 {self.organizations_created} 家，更新 {self.organizations_updated} 家"
                f"（{self.created} new, {self.updated} updated, {self.unchanged} unchanged）")


def project_import(*, user: User, zone: Zone, file, filename: str, dry_run: bool = False,
                   limits: Limits | None = None, progress: Progress | None = None) -> ProjectImportResult:
    """Import projects from an .xlsx or .csv file (a path or a binary file object).

    Every row is validated first and every problem collected; nothing is written unless all rows
    are valid. A project with the same name in the zone is updated, never duplicated.
    """
    if not can_import_projects(user):
        raise PermissionDenied(PROJECT_IMPORT_DENIED)
    sheet = ProjectSheet(user=user, zone=zone, filename=filename)
    result = sheet_import(sheet, file=file, filename=filename, dry_run=dry_run, limits=limits, progress=progress)
    assert isinstance(result, ProjectImportResult)  # the sheet's result_class
    return result


def _result(report: Report) -> ProjectImportResult:
    result = report.result
    assert isinstance(result, ProjectImportResult)  # ProjectSheet's result_class
    return result


@dataclass(slots=True)
class _Plan:
    """What to do with one valid row."""

    parsed: ParsedRow
    orgs: list[Indexed]
    region_id: str | None
    industry_id: str | None
    owner_id: int | None
    carrier_id: int | None
    existing: dict | None = None
    changes: dict = field(default_factory=dict)
    new_stages: list[tuple[str, dt.date, str, bool]] = field(default_factory=list)
    new_org_links: list[Indexed] = field(default_factory=list)
    project_id: int = 0  # set when the project is written

    @property
    def stored(self) -> dict:
        """What is stored of the project this plan updates (only for such a plan)."""
        assert self.existing is not None
        return self.existing


class ProjectSheet(ImportSpec[ParsedRow, _Plan]):
    """A sheet of projects for one zone, imported by one user."""

    fields = FIELDS
    result_class = ProjectImportResult
    duplicate_field = "name"
    duplicate_reason = "与第 {row} 行的项目名称重复"
    write_conflict = "导入期间数据已被他人修改（名称或信用代码冲突），未写入任何数据；请重新导入"

    def __init__(self, *, user: User, zone: Zone, filename: str):
        self.user, self.zone, self.filename = user, zone, filename
        self.today = timezone.localdate()

    def reason(self, row: int) -> str:
        return f"导入 {self.filename} 第{row}行"

    # reading ------------------------------------------------------------------------------------------

    def parse(self, row: SheetRow) -> ParsedRow | None:
        if text(row.cell("name")).startswith(EXAMPLE_MARK):
            row.note(f"第 {row.number} 行是模板的示例行，已跳过")
            return None
        return parse_row(row, self.today)

    def key(self, value: ParsedRow) -> str:
        return name_key(value.name)

    # planning -----------------------------------------------------------------------------------------

    def prepare(self, values: list[ParsedRow], report: Report) -> None:
        self.lookups = Lookups(self.zone)
        self.investors = Investors()
        self.investors.load(values)
        self.existing = existing_projects(self.user, self.zone, [p.name for p in values])
        self.rates = dict(ExchangeRate.objects.values_list("currency").annotate(first=Min("on")))

    def find(self, value: ParsedRow):
        found = self.existing.get(value.name)
        return found if found is not None else self.existing.get(name_key(value.name))

    def plan_new(self, value: ParsedRow, row: RowReport) -> _Plan | None:
        plan = self._plan(value, row)
        if plan is None:
            return None
        if not value.investors:
            row.problem("investor", "投资方不能为空（新项目须填写投资方）")
        else:
            stage = value.stage or Stage.LEAD
            plan.new_stages = _stage_path(None, stage, value.signed_on, self.today)
            plan.changes = {"amount": value.amount, "currency": value.currency, "stage": stage,
                            "source_region_id": plan.region_id, "industry_id": plan.industry_id,
                            "carrier_id": plan.carrier_id, "owner_id": plan.owner_id or self.user.id,
                            "confidential": bool(value.confidential), "description": value.description}
            plan.new_org_links = plan.orgs
        self._check_rate(plan, row)
        return plan

    def plan_update(self, value: ParsedRow, stored: dict | object, row: RowReport) -> _Plan | None:
        plan = self._plan(value, row)
        if plan is None:
            return None
        if stored is HIDDEN:
            # Compare nothing: not the stage, dates or values, and do not count the row as unchanged.
            row.problem("name", NOT_YOURS)
            return None
        assert isinstance(stored, dict)  # what existing_projects holds for a project the user may read
        plan.existing = old = stored
        wanted = {"amount": value.amount, "currency": value.currency if value.amount is not None else None,
                  "source_region_id": plan.region_id, "industry_id": plan.industry_id,
                  "carrier_id": plan.carrier_id, "owner_id": plan.owner_id,
                  "confidential": value.confidential, "description": value.description or None}
        # An empty cell leaves the stored value alone: an import adds and corrects, it never erases.
        plan.changes = {k: v for k, v in wanted.items() if v is not None and old[k] != v}
        self._plan_stages(plan, row)
        plan.new_org_links = [o for o in plan.orgs if o.id is None or o.id not in old["investor_ids"]]
        touched = bool(plan.changes or plan.new_stages or plan.new_org_links)
        # A row that merely repeats what is stored is fine; one that changes it needs the right.
        if touched and not can_edit_project_owned_by(self.user, old["owner_id"], old["owner_team_id"]):
            row.problem("name", NOT_YOURS)
        self._check_rate(plan, row)
        return plan if touched else None

    def planned(self, report: Report) -> None:
        result = _result(report)
        result.organizations_created = self.investors.created
        result.organizations_updated = self.investors.updated

    def _plan(self, parsed: ParsedRow, row: RowReport) -> _Plan | None:
        """The row's region, industry, owner, carrier and investors, or None if any cannot be found."""
        lookups = self.lookups
        region_id = self._lookup(row, "source_city", parsed.source_city, lookups.region,
                                 "找不到来源城市“{}”；请填城市名（如 上海、苏州）或 6 位区划代码")
        industry_id = self._lookup(row, "industry", parsed.industry, lookups.industry,
                                   "找不到行业“{}”；请填 GB/T 4754-2017 行业代码（如 3670）或完整名称")
        owner_id = self._lookup(row, "owner", parsed.owner, lookups.owner, "找不到用户名为“{}”的在职用户")
        carrier_id = self._lookup(row, "carrier", parsed.carrier, lookups.carrier,
                                  f"{self.zone.name}没有名为“{{}}”的载体")
        orgs = [self.investors.match(row, name, code, region_id, industry_id) for name, code in parsed.investors]
        if row.refused:
            return None
        # Investors.match gives None only after refusing the row, so this keeps every investor.
        found = [o for o in orgs if o is not None]
        return _Plan(parsed, found, region_id, industry_id, owner_id, carrier_id)

    def _lookup(self, row: RowReport, field_name: str, value: str, func, message: str):
        if not value:
            return None
        found = func(value)
        if found is None:
            row.problem(field_name, message.format(value))
        return found

    def _check_rate(self, plan: _Plan, row: RowReport) -> None:
        parsed = plan.parsed
        currency = plan.changes.get("currency") or (plan.existing or {}).get("currency") or parsed.currency
        signed = parsed.signed_on or (plan.existing or {}).get("signed_on")
        if currency == "CNY" or signed is None:
            return
        first = self.rates.get(currency)
        if first is None or first > signed:
            row.problem("amount", f"系统中没有 {currency} 在 {signed} 或之前的汇率，"
                                  "签约额无法折算为人民币；请先在管理后台录入汇率")

    def _plan_stages(self, plan: _Plan, row: RowReport) -> None:
        parsed, old = plan.parsed, plan.stored
        target, current = parsed.stage, old["stage"]
        backwards = target != Stage.DROPPED and stage_rank(target or current) < stage_rank(current)
        if target is None or target == current:
            pass
        elif current == Stage.DROPPED or backwards:
            row.note(f"第{parsed.row}行：项目“{old['name']}”当前为“{Stage(current).label}”，"
                     f"导入不会把阶段改回“{Stage(target).label}”，阶段未改动")
        else:
            last = old["last_change_on"]
            if parsed.signed_on and last and parsed.signed_on < last and old["signed_on"] is None:
                row.problem("signed_on", f"签约日期 {parsed.signed_on} 早于项目已有的阶段记录（{last}）")
                return
            plan.new_stages = _stage_path(current, target, old["signed_on"] or parsed.signed_on,
                                          self.today, after=last)
            plan.changes["stage"] = target
        if parsed.signed_on and old["signed_on"] and parsed.signed_on != old["signed_on"]:
            row.note(
                f"第{parsed.row}行：项目“{old['name']}”已记录签约日期 {old['signed_on']}，"
                f"与文件中的 {parsed.signed_on} 不同；导入不改写阶段记录，请在项目页面核对")

    # writing ------------------------------------------------------------------------------------------

    def write(self, plans: list[_Plan], report: Report) -> None:
        """Organisations first, then projects a chunk at a time so memory stays bounded."""
        now = timezone.now()
        self.investors.write(user=self.user, when=now, reason=self.reason)
        for chunk in chunks(plans, WRITE_CHUNK):
            self._write_projects(chunk, now)
            _result(report).project_ids += [p.project_id for p in chunk]

    def _write_projects(self, plans: Sequence[_Plan], now) -> None:
        new = [p for p in plans if p.existing is None]
        changed = [p for p in plans if p.existing is not None]
        projects = [Project(zone=self.zone, name=p.parsed.name, created_at=now, **p.changes) for p in new]
        insert_objects(Project, projects, key="name", zone=self.zone)
        for plan, project in zip(new, projects, strict=True):
            plan.project_id = project.pk
        projects += self._write_updates(changed)
        insert_rows(Project.investors.through, ["project_id", "organization_id"],
                    {(p.project_id, o.id) for p in plans for o in p.new_org_links})
        insert_rows(StageChange, ["project_id", "stage", "on", "recorded_by_id", "recorded_at", "note", "inferred"],
                    ([p.project_id, stage, on, self.user.pk, now, self.reason(p.parsed.row) + note, inferred]
                     for p in plans for stage, on, note, inferred in p.new_stages))
        link_stage_changes(p.project_id for p in plans if p.new_stages)
        by_id = {p.project_id: p for p in plans}
        for kind, group in (("+", new), ("~", changed)):
            ids = {p.project_id for p in group}
            insert_history(Project, ((pr, self.reason(by_id[pr.pk].parsed.row)) for pr in projects if pr.pk in ids),
                           user=self.user, when=now, kind=kind)
        self._write_investor_history(by_id, now)

    def _write_updates(self, changed: list[_Plan]) -> list[Project]:
        """Compare-and-set: the rows are locked (PostgreSQL; SQLite's write transaction holds the whole
        database) and each must still be at the version the plan read, else nothing is written."""
        projects = Project.objects.select_for_update().in_bulk([p.stored["id"] for p in changed])
        for plan in changed:
            plan.project_id = plan.stored["id"]
            project = projects[plan.project_id]
            if project.version != plan.stored["version"]:
                raise WriteConflict(f"项目“{project.name}”在检查之后被他人修改（第 {plan.stored['version']} 版 → "
                                    f"第 {project.version} 版），未写入任何数据；请重新导入",
                                    row=plan.parsed.row, column="项目名称")
            for name, value in plan.changes.items():
                setattr(project, name, value)
            project.version += 1
        fields = sorted({f for p in changed for f in p.changes} | {"version"})
        Project.objects.bulk_update([projects[p.project_id] for p in changed], fields, batch_size=BATCH)
        return list(projects.values())

    def _write_investor_history(self, by_id: dict[int, _Plan], now) -> None:
        """Each history record keeps a snapshot of the project's investor links, as an ORM save would."""
        ids = list(by_id)
        history_ids = {}
        for chunk in chunks(ids):
            history_ids.update(Project.history.filter(history_date=now, id__in=chunk)
                               .values_list("id", "history_id"))
        links: list[tuple[Any, ...]] = []  # (id, project_id, organization_id)
        for chunk in chunks(ids):
            links += Project.investors.through.objects.filter(project_id__in=chunk).values_list(
                "id", "project_id", "organization_id")
        m2m = apps.get_model("projects", "HistoricalProject_investors")
        insert_rows(m2m, ["id", "history_id", "project_id", "organization_id"],
                    ([link_id, history_ids[pid], pid, oid] for link_id, pid, oid in links))


# What a stage change's note adds to "导入 <file> 第<N>行" (shared strings: one per kind, not per row).
INFERRED = {True: "（日期未知，按签约日期记录）", False: "（日期未知，按导入日期记录）"}
DROPPED_NOTE = "：导入时项目已中止"


def _stage_path(current: str | None, target: str, signed_on: dt.date | None, today: dt.date,
                after: dt.date | None = None) -> list[tuple[str, dt.date, str, bool]]:
    """The model's `stage_path` with a file's one known date, the signing, as (stage, date, note, inferred).

    Skipped steps are dated on the signing (or, with no signing, on the import date) and their note says
    so; a drop is dated on the import date.
    """
    known: dict[str, dt.date] = {Stage.SIGNED: signed_on} if signed_on else {}
    fallback = today if target == Stage.DROPPED or not signed_on else signed_on
    steps = stage_path(current, target, known=known, fallback=fallback, after=after)
    return [(step.stage, step.on, DROPPED_NOTE if step.stage == Stage.DROPPED
             else INFERRED[bool(signed_on)] if step.inferred else "", step.inferred) for step in steps]
