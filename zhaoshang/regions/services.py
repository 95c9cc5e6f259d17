"""Loading the GB/T 2260 table into the database."""

from __future__ import annotations

from zhaoshang.core.gb2260 import divisions

_ORDER = {"province": 0, "city": 1, "county": 2}


def region_load(region_model=None) -> int:
    """Insert the divisions not yet stored, parents first. Migrations pass their historical model."""
    if region_model is None:
        from zhaoshang.regions.models import Region as region_model
    existing = set(region_model.objects.values_list("code", flat=True))
    rows = sorted((d for d in divisions().values() if d.code not in existing),
                  key=lambda d: (_ORDER[d.level], d.code))
    region_model.objects.bulk_create(
        [region_model(code=d.code, name=d.name, short_name=d.short_name, level=d.level, parent_id=d.parent,
                      lng=d.lng or None, lat=d.lat or None, is_yrd=d.is_yrd) for d in rows],
        batch_size=1000)
    return len(rows)
