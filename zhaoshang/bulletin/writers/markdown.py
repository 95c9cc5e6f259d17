"""The bulletin as Markdown: headings, footnotes as [^n], each chart as its data table."""

from __future__ import annotations

from typing import BinaryIO

from zhaoshang.bulletin import wording
from zhaoshang.bulletin.model import Bulletin, Paragraph, Section


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]


def _paragraph(paragraph: Paragraph) -> str:
    return "".join(s.text + (f"[^{s.note}]" if s.note else "") for s in paragraph.spans)


def _section(section: Section, level: int) -> list[str]:
    lines = [f"{'#' * level} {section.title}", ""]
    for p in section.paragraphs:
        lines += [_paragraph(p), ""]
    for sub in section.subsections:
        lines += _section(sub, level + 1)
    for chart in section.charts:
        lines += [f"**图{chart.number}　{chart.title}**", "", *_table(chart.headers, chart.rows), "", chart.caption, ""]
    return lines


def markdown(bulletin: Bulletin) -> str:
    lines = [f"# {bulletin.title}", "", bulletin.subtitle, ""]
    for p in bulletin.lead:
        lines += [_paragraph(p), ""]
    for section in bulletin.sections:
        lines += _section(section, 2)
    lines += [f"{bulletin.zone}　{wording.chinese_date(bulletin.generated_on)}", "", "## 说明", ""]
    lines += [f"{n}. {r}" for n, r in enumerate(bulletin.remarks, start=1)] + [""]
    if bulletin.table is not None:
        table = _table(bulletin.table.headers, bulletin.table.rows)
        lines += ["## 附件", "", f"**{bulletin.table.title}**", "", *table, ""]
        lines += [bulletin.table.note, ""] if bulletin.table.note else []
    lines += [f"[^{n}]: {note}" for n, note in enumerate(bulletin.footnotes, start=1)]
    return "\n".join(lines) + "\n"


def write(bulletin: Bulletin, stream: BinaryIO) -> None:
    stream.write(markdown(bulletin).encode("utf-8"))
