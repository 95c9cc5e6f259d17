"""Finding an organisation: one name normaliser and one matcher for import, review, API and universe.

The matcher tries the unified social credit code first, then the normalised name, and returns what it
found with its reasons; callers decide what to do with a conflict (refuse a row, ask the reviewer).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Match", "normalise_name", "organization_match"]


def normalise_name(name: str) -> str:
    """The key two spellings of one name share: full-width and half-width punctuation and spacing alike.

    >>> normalise_name("某某（集团） 有限公司") == normalise_name("某某(集团)有限公司")
    True
    """
    text = unicodedata.normalize("NFKC", name or "")
    return re.sub(r"\s+", "", text).strip().lower()


def name_variants(name: str) -> set[str]:
    """The spellings a stored row might use: as typed, half-width and full-width brackets."""
    half = unicodedata.normalize("NFKC", name).strip()
    full = half.replace("(", "（").replace(")", "）")
    return {name, name.strip(), half, full}


@dataclass
class Match:
    """What the matcher found for a name and credit code, and why (in Chinese, for the person deciding)."""

    organization: object | None = None
    by: str = ""  # "credit_code", "name" or "" when nothing matched
    reasons: list[str] = field(default_factory=list)
    conflict: str = ""  # set when the code and the name point at different organisations

    @property
    def found(self) -> bool:
        return self.organization is not None


def organization_match(name: str, credit_code: str = "") -> Match:
    """The stored organisation a name and credit code denote: by credit code, then by normalised name."""
    from zhaoshang.organizations.models import Organization

    code = (credit_code or "").strip().upper()
    if code:
        by_code = Organization.objects.filter(credit_code=code).first()
        if by_code is not None:
            match = Match(by_code, "credit_code", [f"统一社会信用代码 {code} 相同"])
            if name and normalise_name(by_code.name) != normalise_name(name):
                match.reasons.append(f"名称不同：系统中为“{by_code.name}”")
            return match
    key = normalise_name(name)
    if not key:
        return Match()
    for candidate in Organization.objects.filter(name__in=sorted(name_variants(name))):
        if normalise_name(candidate.name) == key:
            match = Match(candidate, "name", [f"名称相同（“{candidate.name}”）"])
            if code and candidate.credit_code and candidate.credit_code != code:
                match.conflict = (f"“{candidate.name}”在系统中的统一社会信用代码为 {candidate.credit_code}，"
                                  f"与 {code} 不一致")
            return match
    return Match()
