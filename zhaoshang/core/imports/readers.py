"""Opening an uploaded or local file with the reader its extension names, after the size checks.

One reader module per file type: it takes a binary stream and the limits and yields (row number as the
user sees it, cells). Adding a format means copying a sibling reader and listing it below.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from zhaoshang.core.imports import csv_reader, xlsx_reader
from zhaoshang.core.imports.base import FileRefused, Limits, RowIterator, human_size

READERS = {ext: module.read for module in (csv_reader, xlsx_reader) for ext in module.EXTENSIONS}


@contextmanager
def opened(file, filename: str, limits: Limits) -> Iterator[RowIterator]:
    """The reader's rows for the file (a path or a binary file object), refusing a wrong type or size unread."""
    ext = Path(filename).suffix.lower()
    reader = READERS.get(ext)
    if reader is None:
        hint = f"不支持 {ext or '无扩展名'} 文件"
        if ext == ".xls":
            hint = "不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx"
        raise FileRefused(f"{hint}；请上传 .xlsx 或 .csv 文件")
    if isinstance(file, str | os.PathLike):
        _check_size(os.path.getsize(file), limits)
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
