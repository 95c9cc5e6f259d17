"""A stand-in for the extractor with a fixed, known output, so review tests do not depend on its quality.

Its objects are the extractor's own (metrics, organisation and place matches, investments), with offsets."""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

from zhaoshang.intel.models import Document
from zhaoshang.intel.services import document_extract, document_ingest
from zhaoshang.text import Analysis, Extraction, Normalized
from zhaoshang.text.events import Investment
from zhaoshang.text.metrics import Metric
from zhaoshang.text.orgs import OrgMatch
from zhaoshang.text.places import PlaceMatch

ARTICLE = ("今年以来，新区共签约亿元以上项目33个，总投资441.38亿元。"
           "纵目科技在湖州签约建设年产10万套激光雷达项目，总投资20亿元。\n"
           "（记者：张三）")
BODY = ARTICLE.split("\n")[0]


def _at(needle: str, text: str = BODY, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def metric(value, indicator: str, span: str, figure: str, unit: str = "CNY") -> Metric:
    """A metric as the extractor gives it: its offsets are the figure's, its span adds the label."""
    start, end = _at(figure, after=_at(span)[0])
    return Metric(Decimal(value), unit, "exact", indicator, span, start, end)


def fake_analyse(raw: str) -> Analysis:
    second_total = metric(2000000000, "总投资", "总投资20亿元", "20亿元")
    return Analysis(
        Normalized(BODY, title="新区签约简讯", byline="记者：张三", date="2020-11-20"),
        Extraction(
            metrics=[metric(33, "签约亿元以上项目", "签约亿元以上项目33个", "33个", unit="count"),
                     metric(44138000000, "总投资", "总投资441.38亿元", "441.38亿元"), second_total],
            organizations=[OrgMatch("纵目科技", *_at("纵目科技"), "company")],
            places=[PlaceMatch("湖州", *_at("湖州"), ("330500",), False)],
            investments=[Investment("纵目科技", "年产10万套激光雷达项目", second_total, "湖州", "signed",
                                    *_at("纵目科技"))],
        ))


def fake_decode(data: bytes) -> str:
    if b"\x00" in data:
        raise ValueError("二进制文件，不是文本")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


@contextmanager
def stand_in():
    with mock.patch("zhaoshang.intel.services._analyse", fake_analyse), \
            mock.patch("zhaoshang.intel.services._decode", fake_decode):
        yield


def real_extractor() -> bool:
    try:
        from zhaoshang.text import decode, process  # noqa: F401
    except ImportError:
        return False
    return True


def extracted_article(zone, user=None) -> Document:
    with stand_in():
        document, _ = document_ingest(text=ARTICLE, source="test.txt", zone=zone, user=user)
        document_extract(document=document)
    return document
