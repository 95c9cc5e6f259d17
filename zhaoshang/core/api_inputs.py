"""Bounds on what an API caller may send, so a number too large for the database is a 4xx, never a 500."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# The largest value a database integer column (SQLite, PostgreSQL bigint) holds.
MAX_DB_INT = 2**63 - 1
# Far past any real list (50 a page: 50 million rows), yet page × size stays inside MAX_DB_INT.
MAX_PAGE = 1_000_000


def is_db_id(value: int) -> bool:
    """Whether the value can be a primary key at all (positive and small enough for the database)."""
    return 0 < value <= MAX_DB_INT


class BoundedPageNumberPagination(PageNumberPagination):
    """Page-number paging whose page number is bounded, so an absurd page answers 422 in Chinese."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description=f"页码，1–{MAX_PAGE}")
        page_size: int | None = Field(None, ge=1, le=1000, description="每页条数，默认 50，最多 100")
