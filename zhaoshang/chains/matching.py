"""Whether a firm belongs to a segment: plain Python over its industry code and its text, no Django."""

from __future__ import annotations

from collections.abc import Sequence


def keyword_hits(keywords: Sequence[str], text: str) -> list[str]:
    """The segment's keywords the text contains (case-insensitive for Latin letters: BMS, bms)."""
    folded = text.casefold()
    return [k for k in keywords if k and k.casefold() in folded]


def segment_fit(codes: Sequence[str], partial_codes: Sequence[str], keywords: Sequence[str],
                industry_code: str | None, text: str) -> str | None:
    """How a firm fits a segment: "code" (its class is under one of the segment's full codes), "keywords"
    (a partial code plus a keyword, or no code and a keyword), or None.

    A firm whose code lies outside the segment's codes does not fit by its words alone: 3670 holds
    battery management, drive motors and thermal management alike, but a software house that names
    电池管理 in its scope is not a BMS maker.
    """
    code = (industry_code or "").strip()
    if code and any(code.startswith(c) for c in codes):
        return "code"
    if code and not any(code.startswith(c) for c in partial_codes):
        return None
    return "keywords" if keyword_hits(keywords, text) else None
