"""API shapes every app shares: references to a code table, a user, a zone, a carrier."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from ninja import Field, Schema


class CodeName(Schema):
    """A row of a code table (a GB/T 2260 region, a GB/T 4754 industry)."""

    code: str
    name: str


class UserRef(Schema):
    username: str
    name: str = Field(..., alias="display_name")


class ZoneRef(Schema):
    code: str
    name: str


class CarrierRef(Schema):
    id: int
    name: str
    kind: str


def resolve_references(data: dict, lookups: dict[str, Callable[[str], object]]) -> dict[str, str]:
    """Replace each code in `data` named in `lookups` by its record (an empty code by None), in place.

    Returns the problems by key, so an operation can name every unknown code in a single 400.
    """
    errors = {}
    for key, lookup in lookups.items():
        if key not in data:
            continue
        code = data[key]
        try:
            data[key] = lookup(code) if code not in (None, "") else None
        except ValidationError as exc:
            errors[key] = exc.messages[0]
    return errors
