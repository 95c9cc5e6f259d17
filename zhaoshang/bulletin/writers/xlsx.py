"""The bulletin as an Excel workbook (openpyxl): one sheet per table — the text, the figures with their rules,
the projects behind the headline figures, each chart's data, and the notes."""

from __future__ import annotations

import re
from typing import BinaryIO

from zhaoshang.bulletin import wording
from zhaoshang.bulletin.model import Bulletin
from zhaoshang.core.text_input import spreadsheet_cell

FIGURE_HEADERS = ["指标", "简报中的表述", "数值", "单位", "口径", "计算规则", "数据截至", "依据记录数", "年度目标",
                  "注释", "期间"]
MODES = {"full": "全区数字", "visible": "按可查看记录", "suppressed": "不予列出"}


def _sheet_name(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", text)[:31]  # Excel's rules for a sheet's name


def _sheet(book, title: str, headers: list[str], rows) -> None:
    sheet = book.create_sheet(_sheet_name(title))
    sheet.append(headers)
    for row in rows:
        sheet.append([spreadsheet_cell(c) if isinstance(c, str) else c for c in row])


def _text_rows(bulletin: Bulletin):
    yield ["标题", bulletin.title]
    yield ["期间", bulletin.period_label]
    for p in bulletin.lead:
        yield ["导语", p.text]
    for section in bulletin.sections:
        for p in section.paragraphs:
            yield [section.title, p.text]
        for sub in section.subsections:
            for p in sub.paragraphs:
                yield [f"{section.title} {sub.title}", p.text]


def write(bulletin: Bulletin, stream: BinaryIO) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    _sheet(book, "简报正文", ["部分", "内容"], _text_rows(bulletin))
    _sheet(book, "指标", FIGURE_HEADERS,
           ([f.label, f.text, f.value, f.unit, MODES[f.mode], f.description, wording.chinese_date(f.data_date),
             f.records, f.target, f.note, f.period] for f in bulletin.figures))
    if bulletin.table is not None:
        rows = [*bulletin.table.rows, *([[bulletin.table.note]] if bulletin.table.note else [])]
        _sheet(book, "签约项目", bulletin.table.headers, rows)
    for chart in bulletin.charts:
        _sheet(book, f"图{chart.number} {chart.title}", chart.headers, [*chart.rows, [chart.caption]])
    _sheet(book, "注释", ["编号", "注释"], enumerate(bulletin.footnotes, start=1))
    _sheet(book, "说明", ["编号", "说明"], enumerate(bulletin.remarks, start=1))
    book.save(stream)
