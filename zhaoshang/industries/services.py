"""Loading the GB/T 4754-2017 table shipped with the project."""

from __future__ import annotations

import csv
from importlib import resources

ORDER = {"section": 0, "division": 1, "group": 2, "class": 3}


def industry_rows() -> list[dict]:
    with resources.files("zhaoshang.industries").joinpath("data/gbt4754-2017.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def industry_load() -> int:
    """Insert every code not yet stored, parents first; returns how many were added."""
    from zhaoshang.industries.models import Industry

    existing = set(Industry.objects.values_list("code", flat=True))
    rows = sorted((r for r in industry_rows() if r["code"] not in existing),
                  key=lambda r: (ORDER[r["level"]], r["code"]))
    Industry.objects.bulk_create(
        [Industry(code=r["code"], name=r["name"], level=r["level"], parent_id=r["parent"] or None,
                  section=r["section"]) for r in rows],
        batch_size=1000,
    )
    return len(rows)
