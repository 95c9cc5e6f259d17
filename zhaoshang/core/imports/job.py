"""`sheet_import`: read a sheet, validate every row, then write all of it or nothing.

What a kind of record adds is an `ImportSpec`: its fields, how a row becomes a value, what is already
stored, what a row changes, and how the changes are written. The job runs the same passes for every kind:

1. read every row through the spec's `parse`, collecting every problem (a duplicate key is one);
2. `prepare` (bulk lookups), then for each value `find` what is stored and `plan_new` or `plan_update`;
   a row whose plan reports a problem is refused, a plan of None means the row repeats what is stored;
3. only if no row has a problem (and not a dry run), `write` the plans in one transaction.

Importing the same file twice changes nothing as long as `plan_update` returns None for a value equal
to what is stored: the spec decides what "the same" means, the job counts and writes accordingly.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from django.db import IntegrityError, transaction
from django.dispatch import Signal

from zhaoshang.core.imports.base import (
    FileRefused,
    Limits,
    Problem,
    RowIterator,
    WriteConflict,
    is_blank,
    limits_from_settings,
)
from zhaoshang.core.imports.cells import is_totals_row
from zhaoshang.core.imports.headers import Columns, Fields, find_header, map_headers
from zhaoshang.core.imports.readers import opened

# Sent inside the import's transaction once its rows are written (in bulk, so without post_save signals), with
# `zone`: the zone the sheet was imported into, or None.
sheet_written = Signal()

Value = TypeVar("Value")
Plan = TypeVar("Plan")
# Told how far an import got: the pass ("read", "plan", "write"), rows done, rows in the pass (None: unknown).
Progress = Callable[[str, int, int | None], None]
PROGRESS_EVERY = 2000  # rows between two reports


@dataclass
class ImportResult:
    """What an import did (or, with problems, why it did nothing)."""

    filename: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        verb = "检查通过，未写入" if self.dry_run else "导入完成"
        return (f"{self.filename}：{verb}，共 {self.rows} 行：新增 {self.created} 条，更新 {self.updated} 条，"
                f"未变 {self.unchanged} 条（{self.created} new, {self.updated} updated, {self.unchanged} unchanged）")


class Report:
    """Where a spec reports: problems named by the header the user wrote, and notes."""

    def __init__(self, result: ImportResult, fields: Fields, columns: Columns):
        self.result, self.fields, self.columns = result, fields, columns

    def problem(self, row: int | None, field_name: str, reason: str) -> None:
        column = self.columns.header.get(field_name) or self.fields.label(field_name)
        self.result.problems.append(Problem(self.result.filename, row, column, reason))

    def note(self, text: str) -> None:
        self.result.notes.append(text)

    def row(self, number: int) -> RowReport:
        return RowReport(self, number)


class RowReport:
    """One row's view of the report: whether anything has been said against it."""

    __slots__ = ("report", "number", "refused")

    def __init__(self, report: Report, number: int):
        self.report, self.number, self.refused = report, number, False

    def problem(self, field_name: str, reason: str) -> None:
        self.refused = True
        self.report.problem(self.number, field_name, reason)

    def note(self, text: str) -> None:
        self.report.note(text)


class SheetRow(RowReport):
    """A data row as `parse` sees it: its cells by field name, and the units its headers wrote."""

    __slots__ = ("cells", "_index")

    def __init__(self, report: Report, number: int, cells: list):
        super().__init__(report, number)
        self.cells, self._index = cells, report.columns.index

    def cell(self, name: str):
        i = self._index.get(name)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def unit(self, name: str):
        return self.report.columns.units.get(name)

    def convert(self, name: str, func, *args):
        """`func(cell, *args)`, None for an empty cell, and a problem on the column if it raises ValueError."""
        value = self.cell(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return func(value, *args)
        except ValueError as exc:
            self.problem(name, str(exc))
            return None


class ImportSpec(Generic[Value, Plan]):
    """One kind of record a sheet holds. One instance per import: it may keep state between its hooks."""

    fields: ClassVar[Fields]
    result_class: ClassVar[type[ImportResult]] = ImportResult
    # What a duplicate key within one file is reported on, and with what words ({row}: the first row).
    duplicate_field: ClassVar[str] = ""
    duplicate_reason: ClassVar[str] = "与第 {row} 行重复"
    # Said when a unique constraint fails while writing: someone wrote the same record meanwhile.
    write_conflict: ClassVar[str] = "导入期间数据已被他人修改，未写入任何数据；请重新导入"

    def parse(self, row: SheetRow) -> Value | None:
        """The row's typed value; report problems on `row` (the value is then dropped)."""
        raise NotImplementedError

    def key(self, value: Value) -> Hashable | None:
        """Two values with the same key in one file are duplicates; None: never."""
        return None

    def prepare(self, values: list[Value], report: Report) -> None:
        """Bulk lookups before planning (stored records, codes, names)."""

    def find(self, value: Value) -> Any:
        """The stored record this value denotes, or None for a new one."""
        return None

    def plan_new(self, value: Value, row: RowReport) -> Plan | None:
        raise NotImplementedError

    def plan_update(self, value: Value, stored: Any, row: RowReport) -> Plan | None:
        """What the row changes in the stored record; None when it says what is stored already."""
        return None

    def planned(self, report: Report) -> None:
        """After every row is planned: figures for the result beyond created/updated/unchanged."""

    def write(self, plans: list[Plan], report: Report) -> None:
        """Write every plan; runs inside one transaction, only when no row has a problem."""
        raise NotImplementedError


def _silent(phase: str, done: int, total: int | None) -> None:
    pass


def sheet_import(spec: ImportSpec, *, file, filename: str, dry_run: bool = False,
                 limits: Limits | None = None, progress: Progress | None = None) -> ImportResult:
    """Import an .xlsx or .csv file (a path or a binary file object) through `spec`, all rows or none.

    `progress` is told how far the passes got (a background import shows it as a progress bar); it is
    called outside the write transaction only, so what it records is visible to others at once."""
    progress = progress or _silent
    result = spec.result_class(filename=filename, dry_run=dry_run)
    try:
        with opened(file, filename, limits or limits_from_settings()) as rows:
            read = _read(spec, rows, result, progress)
    except FileRefused as exc:
        result.problems.append(Problem(filename, exc.row, exc.column, exc.reason))
        return result
    if read is None:
        return result
    report, values = read
    plans = _plan(spec, values, report, progress)  # also with bad rows: every problem is reported in one go
    result.problems.sort(key=lambda p: p.row or 0)  # stable: within a row, in the order found
    if result.problems or dry_run:
        return result
    progress("write", 0, len(plans))
    try:
        with transaction.atomic():
            spec.write(plans, report)
            # Bulk writes send no post_save: whoever caches figures hears this (with the sheet's zone, if it has one).
            sheet_written.send(sender=type(spec), zone=getattr(spec, "zone", None))
    except IntegrityError:
        result.problems.append(Problem(filename, None, "", spec.write_conflict))
    except WriteConflict as exc:  # a record changed between the plan and the write (its version moved on)
        result.problems.append(Problem(filename, exc.row, exc.column, exc.reason))
    return result


def _read(spec: ImportSpec, rows: RowIterator, result: ImportResult, progress: Progress
          ) -> tuple[Report, list[tuple[int, Any]]] | None:
    """Pass 1: the header, then every data row typed; None when the header itself is wrong."""
    header_row, header = find_header(spec.fields, rows)
    columns, problems = map_headers(spec.fields, header_row, header)
    for line, column, reason in problems:
        result.problems.append(Problem(result.filename, line, column, reason))
    if problems:
        return None
    report = Report(result, spec.fields, columns)
    if columns.ignored:
        report.note(f"以下列未识别，已忽略：{'、'.join(columns.ignored)}")
    values: list[tuple[int, Any]] = []
    seen: dict[Hashable, int] = {}  # key -> the row that first had it
    totals: list[int] = []
    for number, cells in rows:
        if is_blank(cells):
            continue
        if is_totals_row(cells):
            totals.append(number)
            continue
        result.rows += 1
        if result.rows % PROGRESS_EVERY == 0:
            progress("read", result.rows, None)
        row = SheetRow(report, number, cells)
        value = spec.parse(row)
        if value is None or row.refused:
            continue
        key = spec.key(value)
        if key is not None and key in seen:
            row.problem(spec.duplicate_field, spec.duplicate_reason.format(row=seen[key]))
            continue
        if key is not None:
            seen[key] = number
        values.append((number, value))
    if totals:
        report.note(f"第 {'、'.join(map(str, totals))} 行是合计行（合计、总计或小计），已跳过，未作为记录导入")
    if result.rows == 0:
        raise FileRefused("文件只有表头，没有数据行", row=header_row)
    return report, values


def _plan(spec: ImportSpec, values: list[tuple[int, Any]], report: Report, progress: Progress) -> list:
    """Pass 2: what each valid row does to what is stored; counts created, updated and unchanged rows."""
    progress("plan", 0, len(values))
    spec.prepare([value for _, value in values], report)
    result, plans = report.result, []
    for done, (number, value) in enumerate(values, start=1):
        if done % PROGRESS_EVERY == 0:
            progress("plan", done, len(values))
        stored = spec.find(value)
        row = report.row(number)
        plan = spec.plan_new(value, row) if stored is None else spec.plan_update(value, stored, row)
        if row.refused:
            continue
        if plan is None:
            result.unchanged += 1
            continue
        if stored is None:
            result.created += 1
        else:
            result.updated += 1
        plans.append(plan)
    spec.planned(report)
    return plans
