"""Finding an organisation: one name normaliser and one matcher for import, review, API and universe.

The matcher tries the unified social credit code first, then the normalised name, and returns what it
found with its reasons; callers decide what to do with a conflict (refuse a row, ask the reviewer).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from zhaoshang.core.batches import chunks

if TYPE_CHECKING:
    from zhaoshang.organizations.models import Organization

__all__ = ["Indexed", "Match", "OrganizationIndex", "Similar", "distinctive_core", "name_core", "name_variants",
           "names_similar", "normalise_name", "organization_match", "organizations_similar"]



def normalise_name(name: str) -> str:
    """The key two spellings of one name share: full-width and half-width punctuation and spacing alike.

    >>> normalise_name("某某（集团） 有限公司") == normalise_name("某某(集团)有限公司")
    True
    """
    return "".join(unicodedata.normalize("NFKC", name or "").split()).lower()


def name_variants(name: str) -> set[str]:
    """The spellings a stored row might use for a name: as typed, half-width and full-width brackets,
    each with and without its spaces. A lookup `name__in=` these, then a comparison of `normalise_name`,
    finds what the normaliser calls the same name wherever the stored one is written without spaces.
    """
    half = unicodedata.normalize("NFKC", name).strip()
    full = half.replace("(", "（").replace(")", "）")
    return {name, name.strip(), half, full, "".join(half.split()), "".join(full.split())}


# What a match found: an `Indexed` from an index, or the stored `Organization` from organization_match.
Found = TypeVar("Found")


@dataclass
class Match(Generic[Found]):
    """What the matcher found for a name and credit code, and why (in Chinese, for the person deciding)."""

    organization: Found | None = None
    by: str = ""  # "credit_code", "name" or "" when nothing matched
    reasons: list[str] = field(default_factory=list)
    conflict: str = ""  # set when the code and the name point at different organisations

    @property
    def found(self) -> bool:
        return self.organization is not None


def organization_match(name: str, credit_code: str = "") -> Match[Organization]:
    """The stored organisation a name and credit code denote: by credit code, then by normalised name."""
    from zhaoshang.organizations.models import Organization

    index = OrganizationIndex()
    index.load([(name, credit_code)])
    match = index.match(name, credit_code)
    known = match.organization
    # A fresh index holds only stored organisations, each with its id.
    stored = None if known is None or known.id is None else Organization.objects.get(pk=known.id)
    return Match(stored, match.by, match.reasons, match.conflict)


@dataclass(slots=True, eq=False)
class Indexed:
    """An organisation an index knows: a stored one (with its id) or one a file names first (id None)."""

    id: int | None
    name: str
    credit_code: str | None
    row: int = 0  # the file row that first named it, or that gave a stored one its credit code
    gained_code: bool = False  # a stored organisation the file gives the credit code it lacked
    values: dict = field(default_factory=dict)  # what the file says of a new one, for whoever creates it


class OrganizationIndex:
    """Many names and credit codes matched at once, consistently across one file.

    `load` reads every organisation the file's codes and names could denote in a few queries; `match`
    then answers from memory with the same precedence as `organization_match`, and `remember` and
    `add_code` record what the file says, so a later row naming the same company finds the same one.
    """

    def __init__(self) -> None:
        self.by_code: dict[str, Indexed] = {}
        self.by_name: dict[str, Indexed] = {}
        self.new: dict[str, Indexed] = {}  # by normalised name, in the order the file names them
        self.gained: dict[int, Indexed] = {}  # stored organisations given a credit code, by id

    def load(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Read the stored organisations these (name, credit code) pairs may denote."""
        from zhaoshang.organizations.models import Organization

        pairs = list(pairs)
        codes = sorted({_code(c) for _, c in pairs} - {""})
        names = {n for n, _ in pairs if normalise_name(n)}
        variants = sorted({v for n in names for v in name_variants(n)})
        fields = ("id", "name", "credit_code")
        for chunk in chunks(codes):
            for pk, name, code in Organization.objects.filter(credit_code__in=chunk).values_list(*fields):
                self.by_code[code] = Indexed(pk, name, code)
        for chunk in chunks(variants):
            for pk, name, code in Organization.objects.filter(name__in=chunk).values_list(*fields):
                known = (self.by_code.get(code) if code else None) or Indexed(pk, name, code)
                key = normalise_name(name)
                # Two stored spellings of one name: the one the file writes exactly wins, else the first.
                if name in names or key not in self.by_name:
                    self.by_name[key] = known

    def match(self, name: str, credit_code: str = "") -> Match[Indexed]:
        """The organisation a name and code denote: by credit code, then by normalised name.

        A stored organisation found by its code is the one, whatever its name (names change); a code a
        file gave an organisation of another name, or a name whose organisation has another code, is a
        conflict for the caller to decide.
        """
        code, key = _code(credit_code), normalise_name(name)
        known = self.by_code.get(code) if code else None
        if known is not None:
            match = Match(known, "credit_code", [f"统一社会信用代码 {code} 相同"])
            if name and normalise_name(known.name) != key:
                match.reasons.append(f"名称不同：{_where(known)}为“{known.name}”")
                if known.id is None:
                    match.conflict = f"统一社会信用代码 {code} 在{_where(known)}对应“{known.name}”，与“{name}”不一致"
            return match
        known = self.by_name.get(key) if key else None
        if known is None:
            return Match()
        match = Match(known, "name", [f"名称相同（“{known.name}”）"])
        if code and known.credit_code and known.credit_code != code:
            match.conflict = (f"“{known.name}”在{_where(known)}的统一社会信用代码为 {known.credit_code}，"
                              f"与 {code} 不一致")
        return match

    def remember(self, name: str, credit_code: str = "", *, row: int, **values) -> Indexed:
        """A new organisation the file names, found by later rows by its name and code."""
        code, key = _code(credit_code), normalise_name(name)
        new = Indexed(None, name, code or None, row, values=values)
        self.by_name[key] = self.new[key] = new
        if code:
            self.by_code[code] = new
        return new

    def add_code(self, known: Indexed, credit_code: str, *, row: int) -> None:
        """The file gives an organisation that had none its credit code."""
        known.credit_code, known.row = _code(credit_code), known.row or row
        self.by_code[known.credit_code] = known
        if known.id is not None:
            known.gained_code = True
            self.gained[known.id] = known


def _code(credit_code: str | None) -> str:
    return (credit_code or "").strip().upper()


def _where(known: Indexed) -> str:
    """Where the pairing of a name and a code comes from: the file row that made it, else the database."""
    return f"第 {known.row} 行" if known.row else "系统中"


# --- similar names: 纵目科技 and 纵目科技（上海）股份有限公司 ------------------------------------------------------
# Two names are similar when, once place prefixes, bracketed places and legal endings are dropped, the
# distinctive part of one (its core without generic words such as 科技) is in the other's core. A match
# only proposes: a person confirms it.

_BRACKETS = re.compile(r"\([^()]*\)")
DISTINCTIVE_MIN = 2  # characters: one character (华, 中) is in too many names to stand for a company


@functools.cache
def _legal_endings() -> tuple[str, ...]:
    from zhaoshang.text.vocabulary import rows

    endings = {row[0] for row in rows("org_suffixes.tsv") if len(row) > 1 and row[1] == "company"}
    return tuple(sorted(endings, key=len, reverse=True))


@functools.cache
def _generic_words() -> tuple[str, ...]:
    """Words that say what a body does or is (科技, 投资, 大学, 园区), not which one it is."""
    from zhaoshang.text.vocabulary import rows, words

    generic = set(words("core_generic.txt")) | {row[0] for row in rows("org_suffixes.tsv")}
    return tuple(sorted(generic, key=len, reverse=True))


@functools.cache
def _place_prefixes() -> tuple[str, ...]:
    from zhaoshang.core.gb2260 import divisions

    names = {n for d in divisions().values() for n in (d.name, d.short_name) if len(n) >= 2}
    return tuple(sorted(names, key=len, reverse=True))


def _strip_repeatedly(text: str, words: tuple[str, ...], *, at_end: bool, keep: int = DISTINCTIVE_MIN) -> str:
    """Drop the listed words from one end as long as at least `keep` characters stay."""
    changed = True
    while changed:
        changed = False
        for word in words:
            hit = text.endswith(word) if at_end else text.startswith(word)
            if hit and len(text) - len(word) >= keep:
                text = text[: -len(word)] if at_end else text[len(word):]
                changed = True
                break
    return text


def name_core(name: str) -> str:
    """A name without its place prefixes, bracketed places and legal ending.

    >>> name_core("纵目科技（上海）股份有限公司"), name_core("上海纵目科技有限公司")
    ('纵目科技', '纵目科技')
    """
    text = _BRACKETS.sub("", unicodedata.normalize("NFKC", name or "").replace(" ", ""))
    text = _strip_repeatedly(text, _legal_endings(), at_end=True)
    return _strip_repeatedly(text, _place_prefixes(), at_end=False)


def distinctive_core(name: str) -> str:
    """What tells the body apart: its core without generic words at the end (纵目科技 → 纵目; 浙江大学 → "")."""
    return _strip_repeatedly(name_core(name), _generic_words(), at_end=True, keep=0)


def names_similar(a: str, b: str) -> bool:
    """Whether the distinctive part of one name is in the core of the other (纵目科技 ~ 纵目科技（上海）…)."""
    core_a, core_b = name_core(a), name_core(b)
    dist_a, dist_b = distinctive_core(a), distinctive_core(b)
    if min(len(dist_a), len(dist_b)) < DISTINCTIVE_MIN:
        return False
    return dist_a in core_b or dist_b in core_a


@dataclass
class Similar:
    """A stored organisation a name may denote, and why, for the person deciding."""

    organization: Organization
    by: str  # "credit_code", "name" or "similar"
    reason: str


def organizations_similar(name: str, credit_code: str = "", *, limit: int = 5, queryset=None) -> list[Similar]:
    """Stored organisations a name may denote, best first: the matcher's answer (credit code, then the
    normalised name), then names with the same distinctive core. `queryset` restricts where to look."""
    from zhaoshang.organizations.models import Organization

    qs = Organization.objects.all() if queryset is None else queryset
    found: list[Similar] = []
    match = organization_match(name, credit_code)
    if match.organization is not None and qs.filter(pk=match.organization.pk).exists():
        found.append(Similar(match.organization, match.by, "；".join(match.reasons)))
    distinctive = distinctive_core(name)
    if len(distinctive) >= DISTINCTIVE_MIN:
        seen = {s.organization.pk for s in found}
        for org in qs.filter(name__contains=distinctive).exclude(pk__in=seen).order_by("name")[:50]:
            if names_similar(name, org.name):
                found.append(Similar(org, "similar", f"名称相近（均含“{distinctive}”）"))
    return found[:limit]
