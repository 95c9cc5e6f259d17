"""The text pipeline's word lists, read from the data files in ``vocab/`` (format: zhaoshang.core.vocabulary).

Every list of words a pattern is built from (organisation endings, stop words, stage verbs, boilerplate
phrases, units and measure words…) is a file there, and this module is the only reader: the pipeline
modules ask it for words, tables or a ready alternation and keep only the grammar (digits, punctuation
classes, lookarounds) in code. Currency words and qualifiers are shared with the spreadsheet parsers,
so they live below both, in ``zhaoshang/core/data``; they are re-exported here so that the pipeline
reads all its vocabulary through one module.

Files are read once (functools.cache) when a module compiles its patterns at import.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from zhaoshang.core.vocabulary import (
    alternation,
    column,
    currency_words,
    prefix_qualifiers,
    read_rows,
    suffix_qualifiers,
)

__all__ = [
    "alternation", "any_of", "currency_words", "files", "guarded", "mapping", "opening", "prefix_qualifiers", "rows",
    "suffix_qualifiers", "tagged", "untagged", "words",
]

VOCAB = Path(__file__).with_name("vocab")


def files() -> tuple[Path, ...]:
    """Every vocabulary file of the pipeline."""
    return tuple(sorted(p for p in VOCAB.iterdir() if p.suffix in (".txt", ".tsv")))


@functools.cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The entries of vocab/`name`, each as its columns."""
    return read_rows(VOCAB / name)


@functools.cache
def words(name: str) -> tuple[str, ...]:
    """The first column of vocab/`name`, in file order."""
    return tuple(row[0] for row in rows(name))


@functools.cache
def mapping(name: str, index: int = 1) -> dict[str, str]:
    """First column → another column (empty when a row leaves it out)."""
    return {row[0]: column(row, index) for row in rows(name)}


@functools.cache
def tagged(name: str, tag: str, index: int = 1) -> tuple[str, ...]:
    """The words whose column `index` lists `tag` among its space-separated tags."""
    return tuple(row[0] for row in rows(name) if tag in column(row, index).split())


@functools.cache
def untagged(name: str, index: int = 1) -> tuple[str, ...]:
    """The words whose column `index` is empty."""
    return tuple(row[0] for row in rows(name) if not column(row, index))


@functools.cache
def any_of(name: str) -> str:
    """The words of vocab/`name` as one regex alternation, escaped, longest first."""
    return alternation(words(name))


@functools.cache
def guarded(name: str, ahead: int | None = 1, behind: int | None = None) -> str:
    """The words of vocab/`name` as one alternation, longest first, each followed by a negative lookahead
    for the continuations in column `ahead` and preceded by a negative lookbehind for column `behind`."""
    return alternation(
        words(name),
        ahead=mapping(name, ahead) if ahead is not None else None,
        behind=mapping(name, behind) if behind is not None else None,
    )


def opening(beginnings: Iterable[str]) -> str:
    """A lookahead for the first two characters of a match, when every match begins with one of
    `beginnings` (words of at least two characters): (?=[first characters][second characters]).

    It changes no match; it lets the regex engine leave most positions after two character tests
    instead of trying every branch of an alternation there (speed only)."""
    beginnings = list(beginnings)
    if any(len(b) < 2 for b in beginnings):
        raise ValueError("every beginning needs two characters")
    first = "".join(sorted({b[0] for b in beginnings}))
    second = "".join(sorted({b[1] for b in beginnings}))
    return f"(?=[{re.escape(first)}][{re.escape(second)}])"
