"""API shapes every app shares: references to a code table, a user, a zone, a carrier."""

from __future__ import annotations

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
