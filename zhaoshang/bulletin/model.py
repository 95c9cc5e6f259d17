"""What a bulletin is, before any file format: built once, then written by each writer (Word, PDF, Excel,
Markdown), so the four files cannot say different things."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Span:
    """A run of text; a figure's span carries the number of its footnote."""

    text: str
    note: int | None = None


@dataclass
class Paragraph:
    spans: list[Span]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class Chart:
    """A chart: its ECharts option (rendered to SVG on the server) and the data it shows, as a table."""

    number: int
    title: str
    option: dict
    headers: list[str]
    rows: list[list]
    caption: str = ""  # what the reader must know (which records it counts)
    width: int = 640
    height: int = 280
    svg: str = ""  # filled by charts.charts_render; empty when no renderer was available
    png: bytes = b""
    maps: dict[str, str] = field(default_factory=dict)  # map name → outline file, registered before rendering

    @property
    def svg_uri(self) -> str:
        return f"data:image/svg+xml;base64,{base64.b64encode(self.svg.encode()).decode()}" if self.svg else ""


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Section:
    """一、… with its paragraphs, charts and sub-sections （一）…"""

    title: str  # with its number: 一、聚焦区域深度合作融入一体化
    paragraphs: list[Paragraph] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Figure:
    """One figure as the bulletin states it, for the Excel sheet of figures and the tests."""

    key: str
    label: str
    text: str  # as written in the paragraph: 441.38亿元
    value: Decimal | int | None  # as stated (the visible-only value when the reader's view says so)
    unit: str
    mode: str  # full: the zone's figure; visible: only the records the reader may see; suppressed
    records: int  # records behind the stated figure
    description: str
    data_date: dt.date
    target: Decimal | None = None
    note: int = 0
    period: str = ""  # the stretch it covers: 2020年, or in a quarter's bulletin 2020年1—9月 or 2020年第三季度


@dataclass
class Bulletin:
    title: str
    zone: str
    period_label: str
    data_date: dt.date
    generated_on: dt.date
    basis: str
    reader: str  # whose view it is written for: 全部数据（控制台） or a user's name and role
    is_demo: bool
    lead: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    table: Table | None = None
    footnotes: list[str] = field(default_factory=list)  # footnote n is footnotes[n - 1]
    figures: list[Figure] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # 说明 at the end: basis, visibility, demo data

    @property
    def charts(self) -> list[Chart]:
        found = []
        for section in self.sections:
            found += section.charts
            for sub in section.subsections:
                found += sub.charts
        return found

    @property
    def subtitle(self) -> str:
        return f"（{self.period_label}{'·示例数据' if self.is_demo else ''}）"
