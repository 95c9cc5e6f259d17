"""The bulletin as a Word file (python-docx), laid out after GB/T 9704-2012.

Fonts are named as the reader's Word expects them (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312 as w:eastAsia);
Word substitutes a face the machine lacks. Charts go in as PNG (cairosvg from the same SVG the PDF embeds).
"""

from __future__ import annotations

from io import BytesIO
from typing import BinaryIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhaoshang.bulletin import fonts, wording
from zhaoshang.bulletin.charts import chart_png
from zhaoshang.bulletin.model import Bulletin, Chart, Paragraph, Section

LINE = Pt(28.95)  # 225 mm of 版心 over 22 lines
BODY_SIZE, TITLE_SIZE, PAGE_NUMBER_SIZE, NOTE_SIZE, TABLE_SIZE = Pt(16), Pt(22), Pt(14), Pt(12), Pt(10.5)


def _font(run, east_asia: str, size, bold: bool = False) -> None:
    run.font.name = fonts.WORD_LATIN
    run.font.size = size
    run.font.bold = bold
    properties = run._element.get_or_add_rPr()
    families = properties.find(qn("w:rFonts"))
    if families is None:
        families = OxmlElement("w:rFonts")
        properties.insert(0, families)
    families.set(qn("w:eastAsia"), east_asia)


def _paragraph(doc, text: str = "", *, east_asia: str = fonts.WORD_BODY, size=BODY_SIZE, indent: bool = True,
               align=None, line=LINE):
    paragraph = doc.add_paragraph()
    layout = paragraph.paragraph_format
    if line is not None:
        layout.line_spacing_rule, layout.line_spacing = WD_LINE_SPACING.EXACTLY, line
    layout.space_before = layout.space_after = Pt(0)
    layout.first_line_indent = Pt(size.pt * 2) if indent else None
    if align is not None:
        paragraph.alignment = align
    if text:
        _font(paragraph.add_run(text), east_asia, size)
    return paragraph


def _spans(doc, paragraph: Paragraph) -> None:
    out = _paragraph(doc)
    out.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for span in paragraph.spans:
        _font(out.add_run(span.text), fonts.WORD_BODY, BODY_SIZE)
        if span.note:
            mark = out.add_run(f"[{span.note}]")
            _font(mark, fonts.WORD_BODY, Pt(10))
            mark.font.superscript = True


def _chart(doc, chart: Chart) -> None:
    png = chart_png(chart)
    if png:
        holder = _paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
        holder.add_run().add_picture(BytesIO(png), width=Mm(150))
    else:
        _table(doc, chart.headers, chart.rows)
    _paragraph(doc, f"图{chart.number}　{chart.title}", east_asia=fonts.WORD_HEI, size=Pt(14), indent=False,
               align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(22))
    _paragraph(doc, chart.caption, size=NOTE_SIZE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(18))


def _section(doc, section: Section, east_asia: str) -> None:
    _paragraph(doc, section.title, east_asia=east_asia)
    for paragraph in section.paragraphs:
        _spans(doc, paragraph)
    for sub in section.subsections:
        _section(doc, sub, fonts.WORD_KAI)
    for chart in section.charts:
        _chart(doc, chart)


def _table(doc, headers: list[str], rows: list[list]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _font(cell.paragraphs[0].add_run(header), fonts.WORD_HEI, TABLE_SIZE, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _font(cell.paragraphs[0].add_run(str(value)), fonts.WORD_SONG, TABLE_SIZE)


def _page_number(paragraph) -> None:
    """— PAGE — as a field, so Word numbers every page."""
    _font(paragraph.add_run("— "), fonts.WORD_SONG, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    _font(run, fonts.WORD_SONG, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _font(paragraph.add_run(" —"), fonts.WORD_SONG, PAGE_NUMBER_SIZE)


def _layout(doc) -> None:
    """A4, 天头 37 mm, 下白边 35 mm, 订口 28 mm, 翻口 26 mm; page numbers odd right and even left."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)  # the number sits about 7 mm below the 版心
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    _page_number(even)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = fonts.WORD_LATIN, BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts.WORD_BODY)


def write(bulletin: Bulletin, stream: BinaryIO) -> None:
    doc = Document()
    _layout(doc)
    doc.core_properties.title = bulletin.title
    _paragraph(doc, bulletin.title, east_asia=fonts.WORD_TITLE, size=TITLE_SIZE, indent=False,
               align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36))
    _paragraph(doc, bulletin.subtitle, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc)
    for paragraph in bulletin.lead:
        _spans(doc, paragraph)
    for section in bulletin.sections:
        _section(doc, section, fonts.WORD_HEI)
    _paragraph(doc)
    _paragraph(doc, bulletin.zone, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, wording.chinese_date(bulletin.generated_on), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, "注释", east_asia=fonts.WORD_HEI, indent=False)
    for number, note in enumerate(bulletin.footnotes, start=1):
        _paragraph(doc, f"[{number}] {note}", size=NOTE_SIZE, indent=False, line=Pt(18))
    _paragraph(doc, "说明", east_asia=fonts.WORD_HEI, indent=False)
    for number, remark in enumerate(bulletin.remarks, start=1):
        _paragraph(doc, f"{number}. {remark}", size=NOTE_SIZE, line=Pt(18))
    if bulletin.table is not None:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _paragraph(doc, "附件", east_asia=fonts.WORD_HEI, indent=False)
        _paragraph(doc, bulletin.table.title, east_asia=fonts.WORD_TITLE, size=Pt(18), indent=False,
                   align=WD_ALIGN_PARAGRAPH.CENTER)
        _table(doc, bulletin.table.headers, bulletin.table.rows)
        if bulletin.table.note:
            _paragraph(doc, bulletin.table.note, size=NOTE_SIZE, line=Pt(18))
    doc.save(stream)

