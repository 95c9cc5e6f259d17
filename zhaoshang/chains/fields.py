"""How a segment's codes, keywords and supply links are written as text (form fields, spreadsheet cells)
and read back: plain Python, no Django."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[,，、;；\s]+")
_CODE = re.compile(r"^\d{2,4}$")
POSITION_WORDS = {"上游": "upstream", "中游": "midstream", "下游": "downstream",
                  "upstream": "upstream", "midstream": "midstream", "downstream": "downstream"}


def split_words(text: str) -> list[str]:
    """Items separated by commas, 、, semicolons or spaces (full- or half-width), each once, in order."""
    text = unicodedata.normalize("NFKC", text or "")
    return list(dict.fromkeys(w for w in _SEPARATORS.split(text) if w))


def parse_codes(text: str) -> tuple[list[dict], list[str]]:
    """'3670*, 3824' → ([{"code": "3670", "partial": True}, {"code": "3824", "partial": False}], problems)."""
    codes, problems = [], []
    for word in split_words(text):
        code = word.rstrip("*").strip().upper()
        if not _CODE.match(code):
            problems.append(f"“{word}”不是行业代码（应为 2 至 4 位数字的 GB/T 4754-2017 代码，部分归属的在末尾加 *）")
            continue
        codes.append({"code": code, "partial": word.endswith("*")})
    return codes, problems


def format_codes(codes: list[dict]) -> str:
    return ", ".join(f"{c['code']}{'*' if c.get('partial') else ''}" for c in codes or [])


def format_words(words: list[str], separator: str = "、") -> str:
    return separator.join(words or [])


def parse_position(text: str) -> str | None:
    return POSITION_WORDS.get(unicodedata.normalize("NFKC", text or "").strip().lower())
