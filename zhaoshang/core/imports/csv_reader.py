"""CSV files in UTF-8 (with or without a BOM) or GBK/GB18030, as Excel in China saves them."""

from __future__ import annotations

import codecs
import csv
import io
from typing import BinaryIO

from zhaoshang.core.imports.base import FileRefused, Limits, RowIterator, counted, is_blank

EXTENSIONS = (".csv",)
CHUNK = 1024 * 1024
BOM = codecs.BOM_UTF8


def _decodes_as(stream: BinaryIO, encoding: str) -> bool:
    """Whether the whole stream decodes, read in chunks so memory stays bounded."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := stream.read(CHUNK):
            if b"\x00" in chunk:
                raise FileRefused("这不是文本格式的 CSV 文件（含有二进制内容）；请另存为 CSV 或上传 .xlsx")
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(stream: BinaryIO) -> str:
    stream.seek(0)
    if stream.read(3) == BOM:
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):  # GB18030 is a superset of GBK and GB2312
        if _decodes_as(stream, encoding):
            return encoding
    raise FileRefused("无法识别文件编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”")


def _delimiter(first_line: str) -> str:
    return "\t" if "\t" in first_line and "," not in first_line else ","


def read(stream: BinaryIO, limits: Limits) -> RowIterator:
    """Yield (row number as Excel would show it, cells) for every non-blank record."""
    encoding = detect_encoding(stream)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        first = text.readline()
        text.seek(0)
        delimiter = _delimiter(first)
        # Rows are counted in a first pass that keeps nothing, so a file past the cap is refused in about a
        # second instead of after every row has been checked (`counted` still guards the second pass).
        _count_rows(csv.reader(text, delimiter=delimiter), limits)
        text.seek(0)
        reader = csv.reader(text, delimiter=delimiter)
        yield from counted(_records(reader), limits)
    finally:
        text.detach()  # the caller owns the binary stream


def _count_rows(reader, limits: Limits) -> None:
    rows = 0
    for _, cells in _records(reader):
        if any(cells) and not is_blank(cells):
            rows += 1
            if rows > limits.max_rows + 1:
                raise FileRefused(f"文件超过 {limits.max_rows:,} 行的上限，请拆分为多个文件后分别导入")


def _records(reader) -> RowIterator:
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileRefused(f"CSV 格式错误：{exc}", row=number + 1) from None
        number += 1
        yield number, cells
