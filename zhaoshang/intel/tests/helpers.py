"""A stand-in for the extractor with a fixed, known output, so review tests do not depend on its quality."""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

from zhaoshang.intel.models import Document
from zhaoshang.intel.services import document_extract, document_ingest

ARTICLE = ("今年以来，新区共签约亿元以上项目33个，总投资441.38亿元。"
           "纵目科技在湖州签约建设年产10万套激光雷达项目，总投资20亿元。\n"
           "（记者：张三）")
BODY = ARTICLE.split("\n")[0]


def fake_process(raw: str, source: str) -> dict:
    return {
        "source": source, "title": "新区签约简讯", "text": BODY, "byline": "记者：张三", "date": "2020-11-20",
        "organizations": ["纵目科技"], "places": ["湖州"],
        "metrics": [
            {"value": 33, "unit": "count", "qualifier": "exact", "indicator": "签约亿元以上项目",
             "span": "签约亿元以上项目33个"},
            {"value": 44138000000, "unit": "CNY", "qualifier": "exact", "indicator": "总投资",
             "span": "总投资441.38亿元"},
            {"value": 2000000000, "unit": "CNY", "qualifier": "exact", "indicator": "总投资",
             "span": "总投资20亿元"},
        ],
        "investments": [
            {"investor": "纵目科技", "project": "年产10万套激光雷达项目",
             "amount": {"value": 2000000000, "unit": "CNY"}, "location": "湖州", "stage": "signed"},
        ],
    }


def fake_decode(data: bytes) -> str:
    if b"\x00" in data:
        raise ValueError("二进制文件，不是文本")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


@contextmanager
def stand_in():
    with mock.patch("zhaoshang.intel.services._run_extractor", fake_process), \
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
