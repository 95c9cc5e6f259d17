"""China's administrative divisions (GB/T 2260) with coordinates and Yangtze River Delta membership."""

from __future__ import annotations

from django.db import models


class Region(models.Model):
    """A province, prefecture-level city or county-level division, keyed by its six-digit code."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "地级"
        COUNTY = "county", "县级"

    code = models.CharField("区划代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=50, db_index=True)
    short_name = models.CharField("简称", max_length=50, db_index=True)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    lng = models.FloatField("经度", null=True, blank=True)
    lat = models.FloatField("纬度", null=True, blank=True)
    is_yrd = models.BooleanField("长三角", default=False, help_text="属于长三角 41 城（沪苏浙皖）")

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def city(self) -> Region:
        """The prefecture-level city this division belongs to (itself for a city or province)."""
        return self.parent if self.level == self.Level.COUNTY and self.parent else self
