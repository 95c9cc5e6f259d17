"""GB/T 4754-2017, China's national industry classification (国民经济行业分类)."""

from __future__ import annotations

from django.db import models


class Industry(models.Model):
    """One section, division, group or class of the classification."""

    class Level(models.TextChoices):
        SECTION = "section", "门类"
        DIVISION = "division", "大类"
        GROUP = "group", "中类"
        CLASS = "class", "小类"

    code = models.CharField("行业代码", max_length=4, primary_key=True)
    name = models.CharField("名称", max_length=100, db_index=True)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    section = models.CharField("门类", max_length=1)

    class Meta:
        verbose_name = verbose_name_plural = "行业"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
