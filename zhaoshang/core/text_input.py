"""The one rule for text typed, posted or imported: what characters a stored text may hold, and how long
a free text may be. Pages (forms), the API (its body parser) and imports (the readers) all ask here, and
exports use `spreadsheet_cell` so no stored text can break a spreadsheet.

Refused everywhere: NUL and the other control characters (tab, line feed and carriage return excepted),
which no one types and which make Excel exports fail; and the bidirectional embedding, override and
isolate characters (U+202A–U+202E, U+2066–U+2069), which make a name display differently from what it is
(`合同\\u202efdp.exe` shows as `合同exe.pdf`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
INVISIBLE = re.compile(f"{CONTROL.pattern}|{BIDI_CONTROL.pattern}")
# Free texts by field name: long enough for any real account of a project or a visit, short of a page
# that takes seconds to draw (a 15 MB description once made a 90 MB page).
TEXT_LIMITS = {"description": 20_000, "notes": 20_000, "summary": 20_000, "note": 500}
DEFAULT_LIMIT = 20_000
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def without_invisible(text: str) -> str:
    """The text without the control and direction characters this rule refuses: for what is read, not
    stored (a query string, a logged request), where dropping them is kinder than refusing."""
    return INVISIBLE.sub("", text)


def text_problem(value: str, *, field: str = "") -> str | None:
    """Why the text cannot be stored, in Chinese; None if it can."""
    if match := CONTROL.search(value):
        return f"含有不可见的控制字符（U+{ord(match.group()):04X}），请删除后重试"
    if match := BIDI_CONTROL.search(value):
        return (f"含有改变文字方向的字符（U+{ord(match.group()):04X}），它会让文字显示得与实际内容不同，"
                "请删除后重试")
    limit = TEXT_LIMITS.get(field, DEFAULT_LIMIT) if field else None
    if limit is not None and len(value) > limit:
        return f"最多 {limit:,} 个字符（现有 {len(value):,} 个）"
    return None


def payload_problems(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, reason) for every string in a parsed JSON body or query that breaks the rule."""
    if isinstance(data, str):
        problem = text_problem(data, field=path.rsplit(".", 1)[-1])
        if problem:
            yield path, problem
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from payload_problems(str(key), path)  # a key is text too
            yield from payload_problems(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from payload_problems(value, f"{path}.{index}" if path else str(index))


def payload_check(data: Any) -> None:
    """Refuse the whole body with one ValidationError naming every field that breaks the rule."""
    problems: dict[str, list[str]] = {}
    for field, reason in payload_problems(data):
        problems.setdefault(field or "__all__", []).append(reason)
    if problems:
        raise ValidationError(problems)


def spreadsheet_cell(value: Any) -> Any:
    """A stored value as a spreadsheet cell: control characters an .xlsx cannot hold are dropped, and a
    text that starts like a formula is written so Excel, WPS and LibreOffice show it, never run it."""
    if not isinstance(value, str):
        return value
    value = CONTROL.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class TextInputRuleMixin(forms.BaseForm):
    """For a form: every text field obeys `text_problem` (its field name chooses the length limit)."""

    def _post_clean(self) -> None:
        for name, value in list(getattr(self, "cleaned_data", {}).items()):
            if isinstance(value, str) and name not in self.errors and (problem := text_problem(value, field=name)):
                self.add_error(name, problem)
        super()._post_clean()  # type: ignore[misc]  # BaseForm's hook after clean(); the stubs omit it
