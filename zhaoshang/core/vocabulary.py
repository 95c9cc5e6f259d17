"""Word lists kept as data files, and the one reader of their format.

A vocabulary file is UTF-8 text with one entry a line. Blank lines and lines whose first non-blank
character is ``#`` are comments. An entry that carries values (a currency code, a qualifier, a factor)
has them in further columns separated by tabs; a column that lists several words (the continuations
that make a word part of another one) separates them by spaces. Patterns are grammar and stay in code;
the words they are built from live here, each once.

Core holds the words that both the news pipeline and the spreadsheet parsers read: currency words and
signs (``currencies.tsv``, ``currency_codes.tsv``) and the qualifiers before and after a figure
(``qualifiers_before.tsv``, ``qualifiers_after.tsv``). The text pipeline's own lists live in
``zhaoshang/text/vocab`` and are read by ``zhaoshang.text.vocabulary`` with the functions below.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

__all__ = [
    "alternation", "column", "currency_codes", "currency_words", "files_read", "prefix_qualifiers", "read_rows",
    "suffix_qualifiers",
]

DATA = Path(__file__).with_name("data")
READERS = ("news", "sheets")  # who reads a currency word: the news extractor, the spreadsheet importer
_READ: set[Path] = set()


def read_rows(path: Path) -> tuple[tuple[str, ...], ...]:
    """The entries of a vocabulary file, in file order, each as its tab-separated columns (trailing
    empty columns dropped). Raises ValueError on an entry that repeats, so a file lists each word once."""
    _READ.add(path.resolve())
    rows: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = tuple(column.strip() for column in line.rstrip("\r\n").split("\t"))
        while len(columns) > 1 and not columns[-1]:
            columns = columns[:-1]
        if columns[0] in seen:
            raise ValueError(f"{path.name}:{number}: {columns[0]!r} is listed twice")
        seen.add(columns[0])
        rows.append(columns)
    return tuple(rows)


def files_read() -> frozenset[Path]:
    """Every vocabulary file read so far in this process (they are all read when their modules load)."""
    return frozenset(_READ)


def column(row: tuple[str, ...], index: int) -> str:
    """A row's column, empty when the row stops before it."""
    return row[index] if index < len(row) else ""


def alternation(words: Iterable[str], ahead: dict[str, str] | None = None,
                behind: dict[str, str] | None = None) -> str:
    """A regex alternation of `words`, escaped, a longer word tried before a shorter one that begins it
    (so 平方公里 is tried before 公里, and 公里 still matches where 平方公里 does not).

    `ahead` maps a word to the space-separated continuations that make it part of another word (位 in
    位于): the word then carries a negative lookahead. `behind` does the same for what may not precede
    it; lookbehind alternatives must all be as long as each other (one character, as a rule).

    The words are written as a tree of their shared beginnings (公里|公顷 as 公(?:里|顷)): the regex
    engine tries the branches of an alternation one by one, so a list of a hundred words costs a
    hundred tries at every position, the tree a few. The words that match at one position all begin
    the text there, so each is a beginning of the next longer one and the tree tries them longest
    first too: the matches are those of the flat list. Words with letters are listed flat, longest
    first, because a pattern may match them in either case (then `AC` and `ac` would both match)."""
    ahead, behind = ahead or {}, behind or {}
    unique = list(dict.fromkeys(words))
    if any(word.lower() != word.upper() for word in unique):
        return "|".join(_guards(word, re.escape(word), ahead, behind, at_end=False)
                        for word in sorted(unique, key=len, reverse=True))
    tree: dict = {}
    for word in unique:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = _guards(word, "", ahead, behind, at_end=True)
    branches = _branches(tree)
    if _END in tree:
        branches.append(tree[_END])  # an empty word, the shortest, last
    return "|".join(branches)


_END = ""  # the key of a tree node that marks the end of a word (no character is empty)


def _guards(word: str, written: str, ahead: dict[str, str], behind: dict[str, str], at_end: bool) -> str:
    """`written` with the word's lookarounds. At the end of a word in the tree, the lookbehind looks
    back over the word as well: (?<!x)word and word(?<!xword) accept the same places."""
    if behind.get(word):
        before = behind[word].split()
        if at_end:
            written += f"(?<!{'|'.join(re.escape(b + word) for b in before)})"
        else:
            written = f"(?<!{'|'.join(map(re.escape, before))})" + written
    if ahead.get(word):
        written += f"(?!{'|'.join(map(re.escape, ahead[word].split()))})"
    return written


def _branches(node: dict) -> list[str]:
    """One regex per next character of the node, each with the subtree after it."""
    out = []
    for char, child in node.items():
        if char == _END:
            continue
        rest = _branches(child)
        end = child.get(_END)
        if end is not None:
            if not rest:
                out.append(re.escape(char) + end)
                continue
            if end:
                rest.append(end)  # the word ending here is tried after the longer ones
                out.append(re.escape(char) + "(?:" + "|".join(rest) + ")")
            else:
                out.append(re.escape(char) + "(?:" + "|".join(rest) + ")?")
        elif len(rest) == 1:
            out.append(re.escape(char) + rest[0])
        else:
            out.append(re.escape(char) + "(?:" + "|".join(rest) + ")")
    return out


@functools.cache
def _rows(name: str) -> tuple[tuple[str, ...], ...]:
    return read_rows(DATA / name)


@functools.cache
def currency_words(reader: str) -> dict[str, tuple[str, Decimal]]:
    """Currency words written after a number (万美元, 亿元) that `reader` ("news" or "sheets") accepts:
    word → (ISO code, factor to whole units of it)."""
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}")
    return {row[0]: (row[1], Decimal(row[2])) for row in _rows("currencies.tsv") if reader in row[3].split()}


@functools.cache
def currency_codes() -> dict[str, str]:
    """Codes and signs written next to a number in a spreadsheet cell (USD 3000万, ¥2亿) → ISO code."""
    return {row[0]: row[1] for row in _rows("currency_codes.tsv")}


@functools.cache
def prefix_qualifiers() -> dict[str, str]:
    """Words before a figure that qualify it (约, 超过, 不少于) → qualifier."""
    return {row[0]: row[1] for row in _rows("qualifiers_before.tsv")}


@functools.cache
def suffix_qualifiers() -> dict[str, str]:
    """Words after a figure that qualify it (以上, 左右, 多) → qualifier."""
    return {row[0]: row[1] for row in _rows("qualifiers_after.tsv")}


@functools.cache
def unit_words() -> dict[str, str]:
    """How each unit code is written after a number for people (CNY → 元, TEU → 标箱, count → nothing)."""
    return {row[0]: column(row, 1) for row in _rows("unit_words.tsv")}
