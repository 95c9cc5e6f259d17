"""Excel workbooks (.xlsx), streamed with openpyxl's read-only mode after the zip directory is checked.

The zip directory is read before anything is decompressed: a file whose entries would expand past the
limit, or expand more than the ratio allows, is refused without inflating a byte. Python's zipfile never
returns more bytes for an entry than the directory declares, so a lying directory cannot get past this.
Then the worksheets and shared strings are streamed once and counted (cell length, cells, rows, strings;
`scan_parts`), so a cell of 190 MB is refused after reading one 32,767-character cap, not after parsing it.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from typing import BinaryIO

from zhaoshang.core.imports.base import FileRefused, Limits, RowIterator, counted, human_size

EXTENSIONS = (".xlsx",)
CORRUPT = "不是有效的 .xlsx 文件（文件已损坏，或是改了扩展名的其他文件）；请用 Excel 打开后另存为 .xlsx"
# Ratios are judged only on entries big enough to matter: tiny XML parts compress oddly well.
RATIO_FLOOR = 1024 * 1024


def check_zip(stream: BinaryIO, limits: Limits) -> None:
    """Refuse a zip bomb from the central directory alone."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileRefused(CORRUPT) from None
    if len(entries) > limits.max_zip_entries:
        raise FileRefused(f"压缩包内文件过多（{len(entries)} 个），疑似恶意文件，已拒绝")
    total = sum(e.file_size for e in entries)
    if total > limits.max_uncompressed_bytes:
        raise FileRefused(f"文件解压后约 {human_size(total)}，超过 {human_size(limits.max_uncompressed_bytes)} "
                          "的上限（疑似压缩炸弹），已拒绝")
    compressed = sum(e.compress_size for e in entries)
    for name, size, packed in [("整个文件", total, compressed)] + [(e.filename, e.file_size, e.compress_size)
                                                                 for e in entries]:
        ratio = size / max(packed, 1)
        if size > RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise FileRefused(f"文件压缩比异常（{name} 为 {ratio:,.0f} 倍，上限 "
                              f"{limits.max_compression_ratio} 倍），疑似压缩炸弹，已拒绝")
    for entry in entries:
        if not entry.filename.startswith("xl/worksheets/") and entry.file_size > limits.max_part_bytes:
            raise FileRefused(f"文件中的 {entry.filename} 解压后 {human_size(entry.file_size)}，超过 "
                              f"{human_size(limits.max_part_bytes)} 的上限，已拒绝")


def read(stream: BinaryIO, limits: Limits) -> RowIterator:
    """Yield (sheet row number, cells) for every non-blank row of the first worksheet."""
    check_zip(stream, limits)
    scan_parts(stream, limits)
    from openpyxl import load_workbook

    stream.seek(0)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, ParseError, InvalidFileException…)
        raise FileRefused(CORRUPT) from None
    try:
        if not workbook.worksheets:
            raise FileRefused("工作簿中没有工作表")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions; read what is there
        yield from counted(_rows(sheet), limits)
    finally:
        workbook.close()


def _rows(sheet) -> RowIterator:
    rows = sheet.iter_rows(values_only=True)
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except FileRefused:
            raise
        except Exception:
            raise FileRefused(f"{CORRUPT}（读取第 {number + 1} 行时出错）") from None
        number += 1
        yield number, [_cell(v) for v in values]


def _cell(value):
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


# Streaming checks -------------------------------------------------------------------------------------
# openpyxl keeps a cell's whole text, and a worksheet's or the shared strings' whole list, before anyone can
# look at it: one cell of 190 MB passes every directory check. So the worksheet and the shared strings are
# first run through expat in chunks, counting characters per element, cells, rows and strings, and the file
# is refused at the first count past its limit, with nothing kept but the counts.

SCAN_CHUNK = 256 * 1024


class _Counts:
    def __init__(self, limits: Limits, part: str):
        self.limits, self.part = limits, part
        self.rows = self.cells = self.strings = 0
        self.text = 0  # characters of the current element's text

    def start(self, name: str, attrs) -> None:
        self.text = 0
        local = name.rpartition("}")[2] if "}" in name else name.rpartition(":")[2]
        if local == "c":
            self.cells += 1
            if self.cells > self.limits.max_cells:
                raise FileRefused(f"工作表超过 {self.limits.max_cells:,} 个单元格的上限，请拆分后分别导入")
        elif local == "row":
            self.rows += 1
            if self.rows > self.limits.max_rows + 1:
                raise FileRefused(f"文件超过 {self.limits.max_rows:,} 行的上限，请拆分为多个文件后分别导入")
        elif local == "si":
            self.strings += 1
            if self.strings > self.limits.max_shared_strings:
                raise FileRefused(f"文件中的不同文本超过 {self.limits.max_shared_strings:,} 个的上限，已拒绝")

    def characters(self, data: str) -> None:
        self.text += len(data)
        if self.text > self.limits.max_cell_chars:
            where = "工作表" if self.part.startswith("xl/worksheets/") else "共享文本"
            raise FileRefused(f"{where}中有一个单元格超过 {self.limits.max_cell_chars:,} 个字符（Excel 单元格的上限），"
                              "疑似恶意文件，已拒绝")


def _no_dtd(*args) -> None:
    # A spreadsheet part never declares a DTD; one that does is trying entity expansion (billion laughs, XXE).
    raise FileRefused("文件含有 XML 文档类型声明（DTD），疑似恶意文件，已拒绝")


def scan_part(archive: zipfile.ZipFile, name: str, limits: Limits) -> _Counts:
    """Stream one XML part through expat, refusing it at the first count past a limit."""
    from xml.parsers import expat

    counts = _Counts(limits, name)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = counts.start
    parser.CharacterDataHandler = counts.characters
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    read = 0
    try:
        with archive.open(name) as part:
            while chunk := part.read(SCAN_CHUNK):
                read += len(chunk)
                if read > limits.max_uncompressed_bytes:
                    raise FileRefused(f"文件解压后超过 {human_size(limits.max_uncompressed_bytes)} 的上限"
                                      "（疑似压缩炸弹），已拒绝")
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError:
        raise FileRefused(f"{CORRUPT}（{name} 不是有效的 XML）") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
        raise FileRefused(CORRUPT) from None
    return counts


def scan_parts(stream: BinaryIO, limits: Limits) -> None:
    """The shared strings and the worksheets, streamed and counted before openpyxl reads anything."""
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise FileRefused(CORRUPT) from None
    with archive:
        names = archive.namelist()
        for name in names:
            if name == "xl/sharedStrings.xml" or (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                scan_part(archive, name, limits)
