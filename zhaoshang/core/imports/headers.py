"""A declared field spec, finding the header row, and mapping the headers a user wrote onto fields.

Headers may be Chinese or English and are compared loosely (full-width or half-width, case, spaces,
underscores and hyphens, a leading * that marks a required column). A field that declares a unit parser
also accepts its header with a unit in brackets, 总投资（万元）; the parsed unit then applies to the column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from zhaoshang.core.imports.base import FileRefused, RowIterator

HEADER_SEARCH_ROWS = 10  # a title line or two above the header is common
MIN_KNOWN_HEADERS = 2  # a row naming fewer known columns is a title or a note, not the header…
_UNIT_IN_HEADER = re.compile(r"^(.*?)[(（\[【]\s*(.+?)\s*[)）\]】]$")


@dataclass(frozen=True)
class Field:
    """One column an import understands: the header shown to users, the others accepted, and its rules.

    The last alias is the one a missing-column message suggests, so list the English header last.
    """

    name: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    unit: Callable[[str], object] | None = None  # parses "万元" in 总投资（万元）; raises ValueError if it cannot


def header_key(text: str) -> str:
    """The form in which two spellings of one header compare equal."""
    text = unicodedata.normalize("NFKC", str(text)).strip().lower().lstrip("\ufeff*")
    return re.sub(r"[\s_\-]+", " ", text).strip()


class Fields:
    """The declared columns of one kind of import, looked up by any accepted header."""

    def __init__(self, fields: Iterable[Field]):
        self.by_name = {f.name: f for f in fields}
        self._aliases = {header_key(alias): f.name
                         for f in self.by_name.values() for alias in (f.label, f.name, *f.aliases)}

    def __iter__(self):
        return iter(self.by_name.values())

    def __getitem__(self, name: str) -> Field:
        return self.by_name[name]

    def label(self, name: str) -> str:
        return self.by_name[name].label

    @property
    def required(self) -> list[Field]:
        return [f for f in self if f.required]

    def match(self, text: str) -> tuple[str | None, object | None]:
        """The field a header names, and the unit written in it (None when there is none or it is unreadable)."""
        key = header_key(text)
        if key in self._aliases:
            return self._aliases[key], None
        written = _UNIT_IN_HEADER.match(key)
        name = self._aliases.get(written.group(1).strip()) if written else None
        parse_unit = self.by_name[name].unit if name else None
        if parse_unit is None:
            return None, None
        assert written is not None  # a unit parser is looked up only for a unit written in the header
        try:
            return name, parse_unit(written.group(2))
        except ValueError:
            return name, None


@dataclass
class Columns:
    """Where each field is in the sheet, the header text the user wrote, and units written in headers."""

    header_row: int
    index: dict[str, int] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)
    units: dict[str, object] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.index


def map_headers(fields: Fields, number: int, cells: list) -> tuple[Columns, list[tuple[int, str, str]]]:
    """Columns of the header row, and problems as (row, column header, reason)."""
    columns, problems = Columns(header_row=number), []
    for i, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        written = str(cell).strip()
        name, unit = fields.match(str(cell))
        if name is None:
            columns.ignored.append(written)
        elif name in columns.index:
            problems.append((number, written, f"与“{columns.header[name]}”列重复，都表示{fields.label(name)}"))
        else:
            columns.index[name], columns.header[name] = i, written
            if unit:
                columns.units[name] = unit
    for required in fields.required:
        if required.name not in columns.index:
            hint = f"（英文表头可写 {required.aliases[-1]}）" if required.aliases else ""
            problems.append((number, required.label, f"缺少必填列“{required.label}”{hint}"))
    return columns, problems


def find_header(fields: Fields, rows: RowIterator) -> tuple[int, list]:
    """The first row that names enough known columns; refuse the file if there is none near the top."""
    needed = min(MIN_KNOWN_HEADERS, max(1, len(fields.required)))  # …unless the spec requires only one
    first = None
    for seen, (number, cells) in enumerate(rows):
        first = first or (number, cells)
        if sum(1 for c in cells if c is not None and fields.match(str(c))[0]) >= needed:
            return number, cells
        if seen + 1 >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise FileRefused("文件为空：没有表头，也没有数据")
    expected = "、".join(f.label for f in fields.required) or "、".join(f.label for f in fields)
    raise FileRefused(f"找不到表头：前几行中应有“{expected}”等列名（中文或英文）", row=first[0])
