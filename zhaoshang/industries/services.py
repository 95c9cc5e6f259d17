"""Loading the GB/T 4754-2017 table shipped with the project."""

from __future__ import annotations

import csv
from importlib import resources

_ORDER = {"section": 0, "division": 1, "group": 2, "class": 3}


def industry_rows() -> list[dict]:
    with resources.files("zhaoshang.industries").joinpath("data/gbt4754-2017.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def industry_load(industry_model=None) -> int:
    """Insert every code not yet stored, parents first. Migrations pass their historical model."""
    if industry_model is None:
        from zhaoshang.industries.models import Industry as industry_model
    existing = set(industry_model.objects.values_list("code", flat=True))
    rows = sorted((r for r in industry_rows() if r["code"] not in existing),
                  key=lambda r: (_ORDER[r["level"]], r["code"]))
    industry_model.objects.bulk_create(
        [industry_model(code=r["code"], name=r["name"], level=r["level"], parent_id=r["parent"] or None,
                        section=r["section"]) for r in rows],
        batch_size=1000)
    return len(rows)
