"""Finding a region from what people type: 上海, 上海市, 苏州, 吴兴区, or a code."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q

from zhaoshang.regions.models import Region

_LEVEL_RANK: dict[str, int] = {Region.Level.CITY: 0, Region.Level.PROVINCE: 1, Region.Level.COUNTY: 2}


def region_by_code(code: str) -> Region:
    """The division with this six-digit code; ValidationError names a wrong one."""
    found = Region.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(f"区划代码 {code} 不存在（GB/T 2260）")
    return found


def region_find(text: str) -> Region | None:
    """The best match for a code or a name; a city beats a province or county of the same name."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isdigit():
        return Region.objects.filter(code=text.ljust(6, "0")[:6]).first()
    matches = list(Region.objects.filter(Q(name=text) | Q(short_name=text)))
    if not matches:
        return None
    return min(matches, key=lambda r: (_LEVEL_RANK[r.level], r.code))
