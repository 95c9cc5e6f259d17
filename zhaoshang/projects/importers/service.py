"""`project_import`: validate every row of a spreadsheet, then write all of it or nothing.

Three passes, each over data already in memory after the first:
1. read and type every row (rows.py), collecting every problem;
2. match rows against the database — projects by name in the zone, investors by credit code then by
   name, and the region, industry, owner and carrier named — collecting more problems. Only projects
   the importing user may read (`project_visible_to`) are compared with a row; a row named like one
   they may not read is refused with the same words as one they may read but not edit, and nothing
   about that project (stage, dates, amounts, owner) reaches the result;
3. only if there are none, write everything in one transaction with bulk inserts, each project and
   organisation with a history record naming the importing user and the row it came from.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import PROJECT_IMPORT_DENIED, can_edit_project_owned_by, can_import_projects
from zhaoshang.currencies.models import ExchangeRate
from zhaoshang.industries.models import Industry
from zhaoshang.organizations.models import Organization, validate_credit_code
from zhaoshang.projects.importers import READERS
from zhaoshang.projects.importers.base import FileRefused, Limits, Problem, human_size, limits_from_settings
from zhaoshang.projects.importers.rows import (
    Columns,
    ParsedRow,
    data_rows,
    find_header,
    label,
    map_headers,
    parse_row,
)
from zhaoshang.projects.importers.writing import BATCH, insert_history, insert_objects, insert_rows
from zhaoshang.projects.models import Project, Stage, StageChange, stage_path, stage_rank
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.regions.selectors import region_find
from zhaoshang.zones.models import Carrier, Zone

CHUNK = 500  # values per IN (...) query
WRITE_CHUNK = 5000  # rows written at a time inside the one transaction, to bound memory
# One text for every row that names a project the user may not change, whether or not they may read it,
# so the import page is no oracle for projects hidden from them.
NOT_YOURS = "项目名称已被本园区的其他项目使用，且你无权修改该项目；请改用其他名称或联系管理员"
# What `_existing_projects` holds for a project of that name the user may not read: no values at all.
HIDDEN = object()


@dataclass
class ImportResult:
    """What an import did (or, with problems, why it did nothing)."""

    filename: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organizations_created: int = 0
    organizations_updated: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    project_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        verb = "检查通过，未写入" if self.dry_run else "导入完成"
        return (f"{self.filename}：{verb}，共 {self.rows} 行：新增 {self.created} 个项目，"
                f"更新 {self.updated} 个，未变 {self.unchanged} 个；"
                f"新增投资方 {self.organizations_created} 家，更新 {self.organizations_updated} 家"
                f"（{self.created} new, {self.updated} updated, {self.unchanged} unchanged）")


def name_key(name: str) -> str:
    """Names that differ only in full-width punctuation or spacing are the same name."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().lower()


# --- entry point -------------------------------------------------------------------------------------


def project_import(*, user: User, zone: Zone, file, filename: str, dry_run: bool = False,
                   limits: Limits | None = None) -> ImportResult:
    """Import projects from an .xlsx or .csv file (a path or a binary file object).

    Every row is validated first and every problem collected; nothing is written unless all rows
    are valid. A project with the same name in the zone is updated, never duplicated.
    """
    if not can_import_projects(user):
        raise PermissionDenied(PROJECT_IMPORT_DENIED)
    result = ImportResult(filename=filename, dry_run=dry_run)
    try:
        with _opened(file, filename, limits or limits_from_settings()) as rows:
            job = _Job(user=user, zone=zone, filename=filename, result=result)
            job.read(rows)
    except FileRefused as exc:
        result.problems.append(Problem(filename, exc.row, exc.column, exc.reason))
        return result
    if not job.header_ok:
        return result
    job.resolve()  # also for a file with bad rows: every problem is reported in one go
    result.problems.sort(key=lambda p: p.row or 0)  # stable: within a row, in the order found
    if result.problems or dry_run:
        return result
    try:
        job.write()
    except IntegrityError:
        # Someone else wrote a project or organisation with the same name while we validated.
        result.problems.append(Problem(filename, None, "", "导入期间数据已被他人修改（名称或信用代码冲突），"
                                                           "未写入任何数据；请重新导入"))
    return result


@contextmanager
def _opened(file, filename: str, limits: Limits):
    """The reader's rows for the file, after refusing a wrong type or an oversize file unread."""
    ext = Path(filename).suffix.lower()
    reader = READERS.get(ext)
    if reader is None:
        hint = f"不支持 {ext or '无扩展名'} 文件"
        if ext == ".xls":
            hint = "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx"
        raise FileRefused(f"{hint}；请上传 .xlsx 或 .csv 文件")
    if isinstance(file, str | os.PathLike):
        size = os.path.getsize(file)
        _check_size(size, limits)
        with open(file, "rb") as stream:
            yield from _closing(reader(stream, limits))
        return
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
    _check_size(size, limits)
    file.seek(0)
    yield from _closing(reader(file, limits))


def _closing(rows):
    """Yield the reader, and close it (and the workbook it holds) before its file is closed."""
    try:
        yield rows
    finally:
        rows.close()


def _check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise FileRefused(f"文件大小 {human_size(size)}，超过 {human_size(limits.max_bytes)} 的上限；"
                          "请拆分后分别导入")
    if size == 0:
        raise FileRefused("文件为空")


# --- the job -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Org:
    """An investor a row names: an existing organisation (id) or one to create."""

    id: int | None
    name: str
    credit_code: str | None
    row: int
    region_id: str | None = None
    industry_id: str | None = None
    set_code: bool = False  # an existing organisation gains its credit code from the file


@dataclass(slots=True)
class _Plan:
    """What to do with one valid row."""

    parsed: ParsedRow
    orgs: list[_Org]
    region_id: str | None
    industry_id: str | None
    owner_id: int | None
    carrier_id: int | None
    existing: dict | None = None
    changes: dict = field(default_factory=dict)
    new_stages: list[tuple[str, dt.date, str, bool]] = field(default_factory=list)
    new_org_links: list[_Org] = field(default_factory=list)
    project_id: int | None = None


class _Job:
    def __init__(self, *, user: User, zone: Zone, filename: str, result: ImportResult):
        self.user, self.zone, self.filename, self.result = user, zone, filename, result
        self.today = timezone.localdate()
        self.columns: Columns | None = None
        self.header_ok = False
        self.parsed: list[ParsedRow] = []
        self.plans: list[_Plan] = []

    def problem(self, row: int | None, field_name: str, reason: str) -> None:
        assert self.columns is not None
        column = self.columns.header.get(field_name) or label(field_name)
        self.result.problems.append(Problem(self.filename, row, column, reason))

    def reason(self, row: int) -> str:
        return f"导入 {self.filename} 第{row}行"

    # pass 1 ------------------------------------------------------------------------------------------

    def read(self, rows) -> None:
        header_row, header = find_header(rows)
        self.columns, problems = map_headers(header_row, header)
        for row, column, reason in problems:
            self.result.problems.append(Problem(self.filename, row, column, reason))
        if problems:
            return
        self.header_ok = True
        if self.columns.ignored:
            self.result.notes.append(f"以下列未识别，已忽略：{'、'.join(self.columns.ignored)}")
        seen: dict[str, int] = {}
        for number, cells in data_rows(rows):
            self.result.rows += 1
            parsed, problems = parse_row(number, cells, self.columns, self.today)
            for field_name, reason in problems:
                self.problem(number, field_name, reason)
            if parsed is None:
                continue
            key = name_key(parsed.name)
            if key in seen:
                self.problem(number, "name", f"与第 {seen[key]} 行的项目名称重复")
                continue
            seen[key] = number
            self.parsed.append(parsed)
        if self.result.rows == 0:
            raise FileRefused("文件只有表头，没有数据行", row=header_row)

    # pass 2 ------------------------------------------------------------------------------------------

    def resolve(self) -> None:
        lookups = _Lookups(self.zone)
        orgs = _OrgMatcher(self)
        orgs.load(self.parsed)
        existing = _existing_projects(self.user, self.zone, [p.name for p in self.parsed])
        rates = dict(ExchangeRate.objects.values_list("currency").annotate(first=Min("on")))
        for parsed in self.parsed:
            plan = self._plan(parsed, lookups, orgs)
            if plan is None:
                continue
            plan.existing = existing.get(parsed.name)
            if plan.existing is None:
                plan.existing = existing.get(name_key(parsed.name))
            if plan.existing is HIDDEN:
                # Compare nothing: not the stage, dates or values, and do not count the row as unchanged.
                self.problem(parsed.row, "name", NOT_YOURS)
                continue
            if plan.existing is None:
                self._plan_new(plan)
            else:
                self._plan_update(plan)
            self._check_rate(plan, rates)
            self.plans.append(plan)
        self.result.organizations_created = len(orgs.new)
        self.result.organizations_updated = len(orgs.updated)
        self.orgs = orgs

    def _plan(self, parsed: ParsedRow, lookups: _Lookups, orgs: _OrgMatcher) -> _Plan | None:
        before = len(self.result.problems)
        region_id = self._lookup(parsed, "source_city", parsed.source_city, lookups.region,
                                 "找不到来源城市“{}”；请填城市名（如 上海、苏州）或 6 位区划代码")
        industry_id = self._lookup(parsed, "industry", parsed.industry, lookups.industry,
                                   "找不到行业“{}”；请填 GB/T 4754-2017 行业代码（如 3670）或完整名称")
        owner_id = self._lookup(parsed, "owner", parsed.owner, lookups.owner, "找不到用户名为“{}”的在职用户")
        carrier_id = self._lookup(parsed, "carrier", parsed.carrier, lookups.carrier,
                                  f"{self.zone.name}没有名为“{{}}”的载体")
        matched = [orgs.match(parsed, name, code, region_id, industry_id) for name, code in parsed.investors]
        if len(self.result.problems) > before:
            return None
        return _Plan(parsed, matched, region_id, industry_id, owner_id, carrier_id)

    def _lookup(self, parsed: ParsedRow, field_name: str, value: str, func, message: str):
        if not value:
            return None
        found = func(value)
        if found is None:
            self.problem(parsed.row, field_name, message.format(value))
        return found

    def _check_rate(self, plan: _Plan, rates: dict) -> None:
        parsed = plan.parsed
        currency = plan.changes.get("currency") or (plan.existing or {}).get("currency") or parsed.currency
        signed = parsed.signed_on or (plan.existing or {}).get("signed_on")
        if currency == "CNY" or signed is None:
            return
        first = rates.get(currency)
        if first is None or first > signed:
            self.problem(parsed.row, "amount", f"系统中没有 {currency} 在 {signed} 或之前的汇率，"
                                               "签约额无法折算为人民币；请先在管理后台录入汇率")

    def _plan_new(self, plan: _Plan) -> None:
        parsed = plan.parsed
        if not parsed.investors:
            self.problem(parsed.row, "investor", "投资方不能为空（新项目须填写投资方）")
            return
        stage = parsed.stage or Stage.LEAD
        plan.new_stages = _stage_path(None, stage, parsed.signed_on, self.today)
        plan.changes = {"amount": parsed.amount, "currency": parsed.currency, "stage": stage,
                        "source_region_id": plan.region_id, "industry_id": plan.industry_id,
                        "carrier_id": plan.carrier_id, "owner_id": plan.owner_id or self.user.id,
                        "confidential": bool(parsed.confidential), "description": parsed.description}
        plan.new_org_links = plan.orgs
        self.result.created += 1

    def _plan_update(self, plan: _Plan) -> None:
        parsed, old = plan.parsed, plan.existing
        wanted = {"amount": parsed.amount, "currency": parsed.currency if parsed.amount is not None else None,
                  "source_region_id": plan.region_id, "industry_id": plan.industry_id,
                  "carrier_id": plan.carrier_id, "owner_id": plan.owner_id,
                  "confidential": parsed.confidential, "description": parsed.description or None}
        # An empty cell leaves the stored value alone: an import adds and corrects, it never erases.
        plan.changes = {k: v for k, v in wanted.items() if v is not None and old[k] != v}
        self._plan_stages(plan)
        plan.new_org_links = [o for o in plan.orgs if o.id is None or o.id not in old["investor_ids"]]
        if not (plan.changes or plan.new_stages or plan.new_org_links):
            self.result.unchanged += 1
        elif can_edit_project_owned_by(self.user, old["owner_id"], old["owner_team_id"]):
            self.result.updated += 1
        else:  # a row that merely repeats what is stored is fine; one that changes it needs the right
            self.problem(parsed.row, "name", NOT_YOURS)

    def _plan_stages(self, plan: _Plan) -> None:
        parsed, old = plan.parsed, plan.existing
        target, current = parsed.stage, old["stage"]
        backwards = target != Stage.DROPPED and stage_rank(target or current) < stage_rank(current)
        if target is None or target == current:
            pass
        elif current == Stage.DROPPED or backwards:
            self.result.notes.append(f"第{parsed.row}行：项目“{old['name']}”当前为“{Stage(current).label}”，"
                                     f"导入不会把阶段改回“{Stage(target).label}”，阶段未改动")
        else:
            last = old["last_change_on"]
            if parsed.signed_on and last and parsed.signed_on < last and old["signed_on"] is None:
                self.problem(parsed.row, "signed_on",
                             f"签约日期 {parsed.signed_on} 早于项目已有的阶段记录（{last}）")
                return
            plan.new_stages = _stage_path(current, target, old["signed_on"] or parsed.signed_on,
                                          self.today, after=last)
            plan.changes["stage"] = target
        if parsed.signed_on and old["signed_on"] and parsed.signed_on != old["signed_on"]:
            self.result.notes.append(
                f"第{parsed.row}行：项目“{old['name']}”已记录签约日期 {old['signed_on']}，"
                f"与文件中的 {parsed.signed_on} 不同；导入不改写阶段记录，请在项目页面核对")

    # pass 3 ------------------------------------------------------------------------------------------

    @transaction.atomic
    def write(self) -> None:
        """Organisations first, then projects a chunk at a time so memory stays bounded."""
        now = timezone.now()
        self.orgs.write(now)
        touched = [p for p in self.plans if p.existing is None or p.changes or p.new_stages or p.new_org_links]
        for chunk in _chunks(touched, WRITE_CHUNK):
            self._write_projects(chunk, now)
            self.result.project_ids += [p.project_id for p in chunk]

    def _write_projects(self, plans: list[_Plan], now) -> None:
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
        by_id = {p.project_id: p for p in plans}
        for kind, group in (("+", new), ("~", changed)):
            ids = {p.project_id for p in group}
            insert_history(Project, ((pr, self.reason(by_id[pr.pk].parsed.row)) for pr in projects if pr.pk in ids),
                           user=self.user, when=now, kind=kind)
        self._write_investor_history(by_id, now)

    def _write_updates(self, changed: list[_Plan]) -> list[Project]:
        projects = Project.objects.in_bulk([p.existing["id"] for p in changed])
        for plan in changed:
            plan.project_id = plan.existing["id"]
            for name, value in plan.changes.items():
                setattr(projects[plan.project_id], name, value)
        fields = sorted({f for p in changed for f in p.changes})
        if fields:
            Project.objects.bulk_update([projects[p.project_id] for p in changed if p.changes], fields,
                                        batch_size=BATCH)
        return list(projects.values())

    def _write_investor_history(self, by_id: dict[int, _Plan], now) -> None:
        """Each history record keeps a snapshot of the project's investor links, as an ORM save would."""
        ids = list(by_id)
        history_ids = {}
        for chunk in _chunks(ids):
            history_ids.update(Project.history.filter(history_date=now, id__in=chunk)
                               .values_list("id", "history_id"))
        links = []
        for chunk in _chunks(ids):
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
    known = {Stage.SIGNED: signed_on} if signed_on else {}
    fallback = today if target == Stage.DROPPED or not signed_on else signed_on
    steps = stage_path(current, target, known=known, fallback=fallback, after=after)
    return [(step.stage, step.on, DROPPED_NOTE if step.stage == Stage.DROPPED
             else INFERRED[bool(signed_on)] if step.inferred else "", step.inferred) for step in steps]


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _existing_projects(user: User, zone: Zone, names: list[str]) -> dict[str, dict | object]:
    """The zone's projects a file names, by exact name and by name_key, with what updates compare.

    Names are matched against every project of the zone, since a name is unique in it and a new
    project cannot take one already used. Values are read only through `project_visible_to(user)`;
    a project the user may not read appears as `HIDDEN`, with nothing of it but the fact that its
    name is taken.
    """
    matched: dict[str, tuple[int, str]] = {}  # name_key -> (id, name): one project per key
    wanted, names = {name_key(n) for n in names}, set(names)
    for pk, name in Project.objects.filter(zone=zone).values_list("id", "name").iterator(chunk_size=5000):
        key = name_key(name)
        if key in wanted and (key not in matched or name in names):
            matched[key] = (pk, name)
    found: dict[str, dict | object] = {}
    fields = ["id", "name", "amount", "currency", "source_region_id", "industry_id", "carrier_id", "owner_id",
              "confidential", "description", "stage", "owner__team_id"]
    by_id = {}
    for chunk in _chunks([pk for pk, _ in matched.values()]):
        visible = project_visible_to(user, Project.objects.filter(zone=zone, id__in=chunk))
        for row in visible.values(*fields):
            row["owner_team_id"] = row.pop("owner__team_id")
            row.update(investor_ids=[], signed_on=None, last_change_on=None)
            by_id[row["id"]] = row
        shown = [pk for pk in chunk if pk in by_id]
        for pid, oid in Project.investors.through.objects.filter(project_id__in=shown).values_list(
                "project_id", "organization_id"):
            by_id[pid]["investor_ids"].append(oid)
        changes = StageChange.objects.filter(project_id__in=shown).values_list("project_id", "stage", "on")
        for pid, stage, on in changes:
            row = by_id[pid]
            row["last_change_on"] = max(row["last_change_on"] or on, on)
            if stage == Stage.SIGNED:
                row["signed_on"] = on
    for pk, name in matched.values():
        row = by_id.get(pk, HIDDEN)
        found[name] = row
        found.setdefault(name_key(name), row)
    return found


class _Lookups:
    """Region, industry, owner and carrier by what a cell says, each distinct value looked up once."""

    def __init__(self, zone: Zone):
        self.zone = zone
        self._cache: dict[tuple[str, str], object] = {}
        self._industries: dict[str, str] | None = None

    def _cached(self, kind: str, value: str, func):
        key = (kind, value)
        if key not in self._cache:
            self._cache[key] = func(value)
        return self._cache[key]

    def region(self, value: str) -> str | None:
        def find(text: str):
            code = re.match(r"^(\d{6})\b", text)
            region = region_find(code.group(1) if code else text)
            return region.code if region else None
        return self._cached("region", value, find)

    def industry(self, value: str) -> str | None:
        if self._industries is None:
            self._industries = {}
            # The most specific level wins when a name repeats (a division and its only class).
            for code, name in Industry.objects.order_by("code").values_list("code", "name"):
                self._industries[code] = code
                if len(code) >= len(self._industries.get(name, "")):
                    self._industries[name] = code
        code = re.match(r"^([A-T]|\d{2,4})(?:\s|$)", value.upper())
        if code and code.group(1) in self._industries:
            return self._industries[code.group(1)]
        return self._industries.get(value)

    def owner(self, value: str) -> int | None:
        return self._cached("owner", value, lambda v: User.objects.filter(username=v, is_active=True)
                            .values_list("id", flat=True).first())

    def carrier(self, value: str) -> int | None:
        return self._cached("carrier", value, lambda v: Carrier.objects.filter(zone=self.zone, name=v)
                            .values_list("id", flat=True).first())


class _OrgMatcher:
    """Investors by credit code, then by exact name, else new — consistent across the whole file."""

    def __init__(self, job: _Job):
        self.job = job
        self.by_code: dict[str, _Org] = {}
        self.by_name: dict[str, _Org] = {}
        self.new: dict[str, _Org] = {}
        self.updated: dict[int, _Org] = {}
        self._valid: dict[str, str | None] = {}

    def load(self, parsed: list[ParsedRow]) -> None:
        codes = sorted({c for p in parsed for _, c in p.investors if c})
        names = {n for p in parsed for n, _ in p.investors}
        variants = sorted({v for n in names for v in _name_variants(n)})
        fields = ("id", "name", "credit_code")
        for chunk in _chunks(codes):
            for pk, name, code in Organization.objects.filter(credit_code__in=chunk).values_list(*fields):
                self.by_code[code] = _Org(pk, name, code, 0)
        for chunk in _chunks(variants):
            for pk, name, code in Organization.objects.filter(name__in=chunk).values_list(*fields):
                org = self.by_code.get(code) if code else None
                org = org or _Org(pk, name, code, 0)
                if name in names or name_key(name) not in self.by_name:
                    self.by_name[name_key(name)] = org

    def _code_problem(self, code: str) -> str | None:
        if code not in self._valid:
            try:
                validate_credit_code(code)
                self._valid[code] = None
            except ValidationError as exc:
                self._valid[code] = exc.messages[0]
        return self._valid[code]

    def match(self, parsed: ParsedRow, name: str, code: str, region_id, industry_id) -> _Org | None:
        row, key = parsed.row, name_key(name)
        if code:
            reason = self._code_problem(code)
            if reason:
                self.job.problem(row, "credit_code", reason)
                return None
            known = self.by_code.get(code)
            if known is not None and known.id is None and name_key(known.name) != key:
                self.job.problem(row, "credit_code", f"统一社会信用代码 {code} 在第 {known.row} 行对应投资方"
                                                     f"“{known.name}”，与本行的“{name}”不一致")
                return None
            if known is not None:
                return known
        org = self.by_name.get(key)
        if org is None:
            org = _Org(None, name, code or None, row, region_id, industry_id)
            self.by_name[key] = self.new[key] = org
            if code:
                self.by_code[code] = org
            return org
        if code and org.credit_code and org.credit_code != code:
            where = f"第 {org.row} 行" if org.row else "系统中"
            self.job.problem(row, "credit_code", f"投资方“{org.name}”在{where}的统一社会信用代码为 "
                                                 f"{org.credit_code}，与本行的 {code} 不一致")
            return None
        if code and not org.credit_code:
            org.credit_code, org.row = code, org.row or row
            self.by_code[code] = org
            if org.id is not None:
                org.set_code = True
                self.updated[org.id] = org
        return org

    def write(self, now) -> None:
        job = self.job
        new = list(self.new.values())
        for chunk in _chunks(new, WRITE_CHUNK):
            instances = [Organization(name=o.name, credit_code=o.credit_code, region_id=o.region_id,
                                      industry_id=o.industry_id) for o in chunk]
            insert_objects(Organization, instances, key="name")
            insert_history(Organization, ((i, job.reason(o.row)) for i, o in zip(instances, chunk, strict=True)),
                           user=job.user, when=now, kind="+")
            for org, instance in zip(chunk, instances, strict=True):
                org.id = instance.pk
        if not self.updated:
            return
        instances = Organization.objects.in_bulk(list(self.updated))
        for pk, org in self.updated.items():
            instances[pk].credit_code = org.credit_code
        Organization.objects.bulk_update(instances.values(), ["credit_code"], batch_size=BATCH)
        insert_history(Organization, ((i, job.reason(self.updated[pk].row)) for pk, i in instances.items()),
                       user=job.user, when=now, kind="~")


def _name_variants(name: str) -> set[str]:
    """The spellings of a name stored rows might use: as typed, half-width and full-width brackets."""
    half = unicodedata.normalize("NFKC", name).strip()
    full = half.replace("(", "（").replace(")", "）")
    return {name, name.strip(), half, full}
