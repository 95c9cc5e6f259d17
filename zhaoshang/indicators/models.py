"""Figures the zone reports as dated series: cases handled online, water quality readings…"""

from __future__ import annotations

from django.db import models


class Indicator(models.Model):
    """A reported figure and how its observations add up over a period."""

    class Aggregation(models.TextChoices):
        SUM = "sum", "期间合计"
        LAST = "last", "期末值"
        MEAN = "mean", "期间平均"

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.PROTECT, related_name="indicators")
    key = models.SlugField("代码", max_length=60)
    name = models.CharField("名称", max_length=100)
    unit = models.CharField("单位", max_length=20)
    aggregation = models.CharField("汇总方式", max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    annual_target = models.DecimalField("年度目标", max_digits=20, decimal_places=4, null=True, blank=True)
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标"
        ordering = ["zone", "key"]
        constraints = [models.UniqueConstraint(fields=["zone", "key"], name="indicator_key_unique_in_zone")]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One value of an indicator for the period ending on a date, with where it came from."""

    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.CASCADE,
                                  related_name="observations")
    on = models.DateField("统计截止日期")
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    source = models.CharField("来源", max_length=300, blank=True)
    document = models.ForeignKey("intel.Document", verbose_name="来源文档", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="observations")
    span = models.CharField("来源原文", max_length=500, blank=True)
    # A figure reported as "so far this year" (今年以来, 截至目前, 累计) already contains the months before
    # it: it is kept apart from the period figures so no total adds it to them.
    year_to_date = models.BooleanField("年初至今累计", default=False,
                                       help_text="今年以来、截至目前、累计等口径的数值，不与各期数值相加")

    class Meta:
        verbose_name = verbose_name_plural = "指标观测值"
        ordering = ["indicator", "on"]
        constraints = [models.UniqueConstraint(fields=["indicator", "on", "year_to_date"],
                                               name="one_observation_per_date_and_kind")]

    def __str__(self) -> str:
        suffix = "（年初至今累计）" if self.year_to_date else ""
        return f"{self.indicator} {self.on}: {self.value}{suffix}"
