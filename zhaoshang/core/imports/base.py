"""What every reader and every import share: problems, refusals and limits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

# A row as a reader yields it: its number as the user sees it in the sheet, and its cell values.
Row = tuple[int, list]
RowIterator = Iterator[Row]


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason the file cannot be imported: where (file, row, column) and why, in Chinese."""

    file: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row if self.row is not None else '-'}:{self.column or '-'}: {self.reason}"


class FileRefused(Exception):
    """The file as a whole cannot be read: too large, a zip bomb, corrupt, the wrong type, empty…"""

    def __init__(self, reason: str, *, row: int | None = None, column: str = ""):
        super().__init__(reason)
        self.reason, self.row, self.column = reason, row, column


class WriteConflict(FileRefused):
    """A record the plan read changed before the write: the whole import is refused, nothing written."""


@dataclass(frozen=True)
class Limits:
    """How much an import may read; the defaults come from settings (see `limits_from_settings`)."""

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 500_000
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 100
    # Parts other than worksheets (shared strings, styles…) are read whole into memory: keep them small.
    max_part_bytes: int = 64 * 1024 * 1024
    max_zip_entries: int = 10_000
    # Counted while streaming, before any cell is kept: Excel itself holds at most 32,767 characters in a cell.
    max_cell_chars: int = 32_767
    max_cells: int = 20_000_000
    max_shared_strings: int = 2_000_000


def limits_from_settings() -> Limits:
    from django.conf import settings

    default = Limits()

    def setting(name: str, field: str) -> int:
        return getattr(settings, name, getattr(default, field))

    return Limits(
        max_bytes=settings.UPLOAD_MAX_BYTES,
        max_rows=setting("IMPORT_MAX_ROWS", "max_rows"),
        max_uncompressed_bytes=setting("IMPORT_MAX_UNCOMPRESSED_BYTES", "max_uncompressed_bytes"),
        max_compression_ratio=setting("IMPORT_MAX_COMPRESSION_RATIO", "max_compression_ratio"),
    )


def human_size(size: float) -> str:
    return f"{size / 2**20:,.1f} MB" if size >= 2**20 else f"{size / 1024:,.0f} KB"


def is_blank(cells: list) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def counted(rows: RowIterator, limits: Limits) -> RowIterator:
    """Skip blank rows and stop with a refusal once the sheet passes the row cap (header included), or at
    the first cell whose text the platform's text rule refuses (`core.text_input`)."""
    seen = 0
    header: list = []
    for number, cells in rows:
        if is_blank(cells):
            continue
        seen += 1
        if seen > limits.max_rows + 1:
            raise FileRefused(f"文件超过 {limits.max_rows:,} 行的上限，请拆分为多个文件后分别导入")
        header = header or cells
        _check_text(number, cells, header)
        yield number, cells


def _check_text(number: int, cells: list, header: list) -> None:
    from zhaoshang.core.text_input import text_problem  # late: the readers stay free of Django at import

    for index, cell in enumerate(cells):
        if isinstance(cell, str) and (problem := text_problem(cell)):
            named = header[index] if index < len(header) and isinstance(header[index], str) else ""
            raise FileRefused(problem, row=number, column=named.strip() or f"第 {index + 1} 列")
