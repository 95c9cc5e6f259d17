"""Turning a cell, as a reader yields it, into a typed value or a reason in Chinese (a ValueError)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Cells an export escaped (a leading apostrophe before = + - @, so no spreadsheet runs them) read back as
# they were.
_ESCAPED = re.compile(r"^'(?=[=+\-@\t\r])")


# What the first filled cell of a sheet's totals row says (合计, 总 计, 小计：); such a row sums the rows above.
TOTALS_WORDS = frozenset({"合计", "总计", "小计", "共计", "总合计", "累计"})
_NOT_IN_TOTALS_WORD = re.compile(r"[\s:：（）()]")


def is_totals_row(cells: list) -> bool:
    """Whether a row is a sheet's total (its first filled cell is 合计, 总计 or 小计), not a record."""
    first = next((c for c in cells if not is_empty(c)), None)
    return isinstance(first, str) and _NOT_IN_TOTALS_WORD.sub("", text(first)) in TOTALS_WORDS


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """A cell as text: whole numbers without ".0", dates in ISO form, composed Unicode, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return _ESCAPED.sub("", unicodedata.normalize("NFC", str(value)).strip())


def parse_date(value) -> dt.date:
    """A date cell, an Excel date serial the sheet did not format, or text such as 2020/6/1 or 2020年6月1日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 100_000:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    for pattern in DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                raise ValueError(f"日期“{raw}”不存在") from None
    raise ValueError(f"无法识别日期“{raw}”；可写作 2020-06-01、2020/6/1 或 2020年6月1日")
