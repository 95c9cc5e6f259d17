"""The import core: read a sheet or CSV, find its header, map Chinese and English headers onto a declared
field spec, validate every row into typed values or problems (file, row, column, reason), and write all of
it in one transaction or nothing.

It knows nothing of any domain: a kind of record (projects, the enterprise universe, chains…) declares an
`ImportSpec` with its `Fields` and hooks, and calls `sheet_import(spec, file=…, filename=…)`.
"""

from zhaoshang.core.imports.base import FileRefused, Limits, Problem, limits_from_settings
from zhaoshang.core.imports.cells import is_empty, parse_date, text
from zhaoshang.core.imports.headers import Columns, Field, Fields, header_key
from zhaoshang.core.imports.job import ImportResult, ImportSpec, Report, RowReport, SheetRow, sheet_import
from zhaoshang.core.imports.readers import READERS

__all__ = ["READERS", "Columns", "Field", "Fields", "FileRefused", "ImportResult", "ImportSpec", "Limits",
           "Problem", "Report", "RowReport", "SheetRow", "header_key", "is_empty", "limits_from_settings",
           "parse_date", "sheet_import", "text"]
