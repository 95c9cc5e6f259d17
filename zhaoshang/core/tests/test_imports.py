"""The import core through toy specs that know nothing of projects: a stock list and the organisations' tags."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError
from django.test import TestCase

from zhaoshang.core.imports import (
    Field,
    Fields,
    ImportSpec,
    Limits,
    Report,
    RowReport,
    SheetRow,
    sheet_import,
    text,
)
from zhaoshang.organizations.models import Tag


def _thousands(unit: str) -> int:
    if unit != "千件":
        raise ValueError(unit)
    return 1000


def _count(value, unit: int | None) -> int:
    raw = text(value)
    if not raw.isdigit():
        raise ValueError(f"数量“{raw}”不是整数")
    return int(raw) * (unit or 1)


@dataclass
class Item:
    row: int
    name: str
    count: int


class StockSpec(ImportSpec[Item, Item]):
    """名称 and 数量 into a list: what a third kind of table would declare."""

    fields = Fields([Field("name", "名称", ("品名", "name"), required=True),
                     Field("count", "数量", ("件数", "qty"), required=True, unit=_thousands)])
    duplicate_field = "name"

    def __init__(self, stored: list[Item]):
        self.stored = stored

    def parse(self, row: SheetRow) -> Item | None:
        name = text(row.cell("name"))
        if not name:
            row.problem("name", "名称不能为空")
        count = row.convert("count", _count, row.unit("count"))
        return Item(row.number, name, count) if name and count is not None else None

    def key(self, value: Item) -> str:
        return value.name

    def find(self, value: Item) -> Item | None:
        return next((item for item in self.stored if item.name == value.name), None)

    def plan_new(self, value: Item, row: RowReport) -> Item:
        return value

    def plan_update(self, value: Item, stored: Item, row: RowReport) -> Item | None:
        return None if stored.count == value.count else value

    def write(self, plans: list[Item], report: Report) -> None:
        self.stored[:] = [i for i in self.stored if i.name not in {p.name for p in plans}] + plans


class TagSpec(ImportSpec[str, str]):
    """One column of tag names into the organisations' Tag table; a name already there is the same row."""

    fields = Fields([Field("name", "标签", ("tag",), required=True), Field("note", "备注", ("note",))])

    def __init__(self, *, fail_after: int | None = None):
        self.fail_after = fail_after

    def parse(self, row: SheetRow) -> str | None:
        return text(row.cell("name")) or None

    def prepare(self, values: list[str], report: Report) -> None:
        self.known = set(Tag.objects.filter(name__in=values).values_list("name", flat=True))

    def find(self, value: str):
        return value if value in self.known else None

    def plan_new(self, value: str, row: RowReport) -> str:
        return value

    def write(self, plans: list[str], report: Report) -> None:
        for i, name in enumerate(plans):
            if i == self.fail_after:
                raise IntegrityError("someone else wrote it meanwhile")
            Tag.objects.create(name=name)


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows(rows)
    return path


class ImportCoreTests(TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        self.stored = [Item(0, "螺栓", 10)]

    def stock(self, path: Path, **kwargs):
        return sheet_import(StockSpec(self.stored), file=path, filename=path.name, **kwargs)

    def test_chinese_or_english_headers_below_a_title_line_and_a_unit_in_a_header(self):
        sheet = write_csv(self.dir / "s.csv", [["2024 年库存"], ["品名", "QTY（千件）", "仓库"],
                                               ["螺母", "2", "一号库"], ["垫圈", "3", "二号库"]])
        result = self.stock(sheet)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual([(i.name, i.count) for i in self.stored], [("螺栓", 10), ("螺母", 2000), ("垫圈", 3000)])
        self.assertEqual((result.rows, result.created), (2, 2))
        self.assertEqual(result.notes, ["以下列未识别，已忽略：仓库"])

    def test_a_bad_cell_is_named_by_file_row_and_column_and_nothing_is_written(self):
        sheet = write_csv(self.dir / "bad.csv", [["名称", "件数"], ["螺母", "2"], ["垫圈", "很多"], ["", "1"]])
        result = self.stock(sheet)
        self.assertEqual([str(p) for p in result.problems],
                         ["bad.csv:3:件数: 数量“很多”不是整数", "bad.csv:4:名称: 名称不能为空"])
        self.assertEqual([i.name for i in self.stored], ["螺栓"])

    def test_a_missing_required_column_and_a_repeated_key_are_named(self):
        missing = self.stock(write_csv(self.dir / "m.csv", [["名称", "仓库", "备注"], ["螺母", "一号库", ""]]))
        self.assertEqual([p.reason for p in missing.problems],
                         ["找不到表头：前几行中应有“名称、数量”等列名（中文或英文）"])
        only_name = self.stock(write_csv(self.dir / "n.csv", [["名称", "name"], ["螺母", "螺母"]]))
        self.assertEqual([p.reason for p in only_name.problems],
                         ["与“名称”列重复，都表示名称", "缺少必填列“数量”（英文表头可写 qty）"])
        twice = self.stock(write_csv(self.dir / "t.csv", [["名称", "数量"], ["螺母", "1"], ["螺母", "2"]]))
        self.assertEqual([str(p) for p in twice.problems], ["t.csv:3:名称: 与第 2 行重复"])

    def test_the_same_file_twice_changes_nothing_the_second_time(self):
        sheet = write_csv(self.dir / "tags.csv", [["标签", "note"], ["专精特新", ""], ["上市", "A 股"]])
        first = sheet_import(TagSpec(), file=sheet, filename="tags.csv")
        second = sheet_import(TagSpec(), file=sheet, filename="tags.csv")
        self.assertEqual((first.created, first.unchanged), (2, 0))
        self.assertEqual((second.created, second.unchanged), (0, 2))
        self.assertEqual(sorted(Tag.objects.values_list("name", flat=True)), ["上市", "专精特新"])

    def test_a_write_that_fails_half_way_leaves_nothing_behind(self):
        sheet = write_csv(self.dir / "tags.csv", [["tag"], ["甲"], ["乙"], ["丙"]])
        result = sheet_import(TagSpec(fail_after=2), file=sheet, filename="tags.csv")
        self.assertEqual([p.reason for p in result.problems], ["导入期间数据已被他人修改，未写入任何数据；请重新导入"])
        self.assertFalse(Tag.objects.exists())

    def test_a_dry_run_counts_and_writes_nothing(self):
        sheet = write_csv(self.dir / "tags.csv", [["tag"], ["甲"]])
        result = sheet_import(TagSpec(), file=sheet, filename="tags.csv", dry_run=True)
        self.assertEqual((result.ok, result.created), (True, 1))
        self.assertFalse(Tag.objects.exists())

    def test_gbk_csv_and_a_streamed_xlsx_read_alike(self):
        from openpyxl import Workbook

        gbk = write_csv(self.dir / "gbk.csv", [["名称", "数量"], ["螺母", "2"]], encoding="gbk")
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        for row in [["名称", "数量"], ["垫圈", 3]]:
            sheet.append(row)
        workbook.save(self.dir / "s.xlsx")
        for path in (gbk, self.dir / "s.xlsx"):
            self.assertTrue(self.stock(path).ok, path)
        self.assertEqual([(i.name, i.count) for i in self.stored], [("螺栓", 10), ("螺母", 2), ("垫圈", 3)])
        [bomb] = self.stock(self.dir / "s.xlsx", limits=Limits(max_uncompressed_bytes=1024)).problems
        self.assertIn("疑似压缩炸弹", bomb.reason)

    def test_the_limits_refuse_a_long_or_large_file_and_the_wrong_type(self):
        sheet = write_csv(self.dir / "long.csv", [["名称", "数量"], ["甲", "1"], ["乙", "1"], ["丙", "1"]])
        [long] = self.stock(sheet, limits=Limits(max_rows=2)).problems
        self.assertEqual(long.reason, "文件超过 2 行的上限，请拆分为多个文件后分别导入")
        [large] = self.stock(sheet, limits=Limits(max_bytes=10)).problems
        self.assertIn("超过 0 KB 的上限", large.reason)
        upload = io.BytesIO(b"PK\x03\x04 not a workbook" * 10)
        [corrupt] = sheet_import(StockSpec([]), file=upload, filename="x.xlsx").problems
        self.assertIn("不是有效的 .xlsx 文件", corrupt.reason)
        [wrong] = sheet_import(StockSpec([]), file=io.BytesIO(b"x"), filename="x.xls").problems
        self.assertIn("另存为 .xlsx", wrong.reason)
        self.assertEqual([i.name for i in self.stored], ["螺栓"])

    def test_the_core_imports_no_domain_app(self):
        code = ("import sys, zhaoshang.core.imports; "
                "print(sorted({m.split('.')[1] for m in sys.modules if m.startswith('zhaoshang.')}))")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              cwd=Path(__file__).resolve().parents[3])
        self.assertEqual(done.stdout.strip(), "['core']")
