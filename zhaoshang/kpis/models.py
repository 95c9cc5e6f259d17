"""Yearly targets (年度目标) a zone sets for its KPIs."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class KpiTarget(models.Model):
    """The value a zone aims a KPI (or an indicator series, by its key) at for one calendar year."""

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.CASCADE, related_name="kpi_targets")
    kpi_key = models.SlugField("指标代码", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    # In the KPI's own unit: a count, yuan, a share between 0 and 1, or working days.
    value = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度目标"
        ordering = ["zone", "year", "kpi_key"]
        constraints = [models.UniqueConstraint(fields=["zone", "kpi_key", "year"], name="one_target_per_kpi_and_year")]

    def __str__(self) -> str:
        return f"{self.zone} {self.year} {self.kpi_key}: {self.value}"
