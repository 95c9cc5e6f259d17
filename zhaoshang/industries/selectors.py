"""Finding an industry of GB/T 4754-2017 by its code."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from zhaoshang.industries.models import Industry


def industry_by_code(code: str) -> Industry:
    """The industry with this code (a section letter or 2–4 digits); ValidationError names a wrong one."""
    found = Industry.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(f"行业代码 {code} 不存在（GB/T 4754-2017）")
    return found
