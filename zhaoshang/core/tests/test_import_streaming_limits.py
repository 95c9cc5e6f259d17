"""Spreadsheet memory: cells, cell counts, rows and shared strings are counted while streaming, so a crafted
file is refused in Chinese before any of it is kept — a 190 MB cell used to be parsed whole first."""

import base64
import os
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

from django.test import SimpleTestCase

from zhaoshang.core.imports.base import FileRefused, Limits
from zhaoshang.core.imports.readers import opened

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                 '2006/content-types"/>')
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(rows: str, prolog: str = "") -> str:
    return f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{SHEET_NS}"><sheetData>{rows}</sheetData></worksheet>'


def _xlsx(path: Path, sheet: str, shared: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
    return path


def _inline(text: str, ref: str = "A1") -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _refusal(path: Path, limits: Limits) -> str:
    with _open(path, limits) as rows:
        for _ in rows:
            pass
    raise AssertionError("the file was read to the end")


def _open(path: Path, limits: Limits):
    return opened(str(path), path.name, limits)


class StreamingLimitTests(SimpleTestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="zs-limits-"))

    def refused(self, path: Path, limits: Limits | None = None) -> str:
        with self.assertRaises(FileRefused) as caught:
            _refusal(path, limits or Limits())
        return caught.exception.reason

    def test_a_huge_cell_that_passes_the_size_and_ratio_checks_is_refused_without_being_kept(self):
        # 8 MB of incompressible text in one inline cell: small enough ratio, under every size limit.
        text = base64.b64encode(os.urandom(6 * 1024 * 1024)).decode()
        path = _xlsx(self.dir / "big-cell.xlsx", _sheet(f'<row r="1">{_inline(text)}</row>'))
        tracemalloc.start()
        started = time.monotonic()
        reason = self.refused(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.assertIn("超过 32,767 个字符", reason)
        self.assertLess(peak, 4 * 1024 * 1024)  # the cell itself is 8 MB
        self.assertLess(time.monotonic() - started, 5)

    def test_a_long_shared_string_is_refused(self):
        shared = f'<?xml version="1.0"?><sst xmlns="{SHEET_NS}"><si><t>{"长" * 40_000}</t></si></sst>'
        path = _xlsx(self.dir / "shared.xlsx", _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared)
        self.assertIn("共享文本中有一个单元格超过", self.refused(path))

    def test_too_many_shared_strings_cells_or_rows_are_refused_while_streaming(self):
        shared = f'<?xml version="1.0"?><sst xmlns="{SHEET_NS}">{"<si><t>a</t></si>" * 50}</sst>'
        path = _xlsx(self.dir / "strings.xlsx", _sheet(""), shared)
        self.assertIn("不同文本超过 10 个", self.refused(path, Limits(max_shared_strings=10)))
        rows = "".join(f'<row r="{n}">{_inline("a", f"A{n}")}{_inline("b", f"B{n}")}</row>' for n in range(1, 30))
        path = _xlsx(self.dir / "cells.xlsx", _sheet(rows))
        self.assertIn("20 个单元格的上限", self.refused(path, Limits(max_cells=20)))
        self.assertIn("超过 10 行的上限", self.refused(path, Limits(max_rows=10)))

    def test_a_worksheet_declaring_entities_is_refused(self):
        prolog = '<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        path = _xlsx(self.dir / "laughs.xlsx", _sheet(f'<row r="1">{_inline("&b;")}</row>', prolog))
        self.assertIn("DTD", self.refused(path))

    def test_a_broken_worksheet_is_named_corrupt(self):
        path = _xlsx(self.dir / "broken.xlsx", "<worksheet><sheetData><row>")
        self.assertIn("不是有效的 .xlsx 文件", self.refused(path))

    def test_a_csv_past_the_row_cap_is_refused_before_its_first_row_is_handed_on(self):
        path = self.dir / "long.csv"
        path.write_text("名称,数量\n" + "".join(f"项目{n},{n}\n" for n in range(20_000)), encoding="utf-8")
        handed_on = 0
        with self.assertRaises(FileRefused) as caught, _open(path, Limits(max_rows=5_000)) as rows:
            for _ in rows:
                handed_on += 1
        self.assertIn("超过 5,000 行的上限", caught.exception.reason)
        self.assertEqual(handed_on, 0)
