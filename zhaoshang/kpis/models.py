"""What the KPI cache keys its figures by."""

from __future__ import annotations

from django.db import models


class FiguresVersion(models.Model):
    """One row whose token changes with every write a figure may rest on; cached figures carry the token.

    Kept in the database, not in the cache, so that every process sees a write at once and a rolled-back
    write rolls the token back with it."""

    token = models.CharField("版本", max_length=32)

    class Meta:
        verbose_name = verbose_name_plural = "指标数据版本"

    def __str__(self) -> str:
        return self.token
