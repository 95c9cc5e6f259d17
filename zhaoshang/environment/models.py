"""Water-quality monitoring: sections and their readings, and the special plan's tracked tasks."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from zhaoshang.environment.standard import CLASS_LABELS, PARAMETERS, WORSE_THAN_V

PARAMETER_CHOICES = [(p.key, p.name) for p in PARAMETERS.values()]
TARGET_CHOICES = [(n, label) for n, label in CLASS_LABELS.items() if n < WORSE_THAN_V]


class Station(models.Model):
    """A monitoring section (断面) or station on a river or the lake, with its target class."""

    class WaterBody(models.TextChoices):
        RIVER = "river", "河流"
        LAKE = "lake", "湖库"

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.PROTECT, related_name="stations")
    name = models.CharField("断面名称", max_length=100)
    water_body = models.CharField("水体类型", max_length=10, choices=WaterBody.choices, default=WaterBody.RIVER,
                                  help_text="湖库的总磷限值更严，且按总氮评价（GB 3838-2002 表1）")
    waterway = models.CharField("所在水体", max_length=100, blank=True, help_text="如 长兜港、太湖")
    target_class = models.PositiveSmallIntegerField("目标水质类别", choices=TARGET_CHOICES, default=3,
                                                    validators=[MinValueValidator(1), MaxValueValidator(5)])
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    coordinates_estimated = models.BooleanField("坐标为估计值", default=True,
                                                help_text="未取得监测部门公布坐标时为估计值")
    coordinates_source = models.CharField("坐标来源", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "监测断面"
        ordering = ["zone", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="station_name_unique_in_zone")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("environment:station", args=[self.pk])

    @property
    def target_label(self) -> str:
        return CLASS_LABELS[self.target_class]


class Reading(models.Model):
    """One parameter's measured value at a station on a date, with where it came from."""

    station = models.ForeignKey(Station, verbose_name="断面", on_delete=models.CASCADE, related_name="readings")
    on = models.DateField("采样日期")
    parameter = models.CharField("监测项目", max_length=10, choices=PARAMETER_CHOICES)
    value = models.DecimalField("数值", max_digits=12, decimal_places=4)
    unit = models.CharField("单位", max_length=20)
    source = models.CharField("来源", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "水质监测数据"
        ordering = ["station", "on", "parameter"]
        constraints = [models.UniqueConstraint(fields=["station", "on", "parameter"],
                                               name="one_reading_per_station_date_parameter")]

    def __str__(self) -> str:
        return f"{self.station} {self.on} {self.get_parameter_display()} {self.value} {self.unit}"


class PlanTask(models.Model):
    """A tracked task of the water special plan (污水零直排, 蓝藻防治, 生态修复), with its owner and dates."""

    class Kind(models.TextChoices):
        ZERO_DISCHARGE = "zero_discharge", "污水零直排区建设"
        ALGAE = "algae", "蓝藻防治"
        RESTORATION = "restoration", "水环境生态修复"

    class Status(models.TextChoices):
        PLANNED = "planned", "未开始"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"
        SUSPENDED = "suspended", "暂缓"

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.PROTECT,
                             related_name="water_tasks")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("任务", max_length=200)
    owner = models.ForeignKey("accounts.User", verbose_name="负责人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="water_tasks")
    owner_unit = models.CharField("责任单位", max_length=100, blank=True)
    station = models.ForeignKey(Station, verbose_name="相关断面", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="tasks")
    starts_on = models.DateField("开始日期", null=True, blank=True)
    due_on = models.DateField("计划完成日期", null=True, blank=True)
    done_on = models.DateField("实际完成日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PLANNED)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "水环境专项任务"
        ordering = ["zone", "due_on", "title"]
        constraints = [models.UniqueConstraint(fields=["zone", "title"], name="water_task_title_unique_in_zone")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, on: dt.date | None = None) -> bool:
        """Past its due date and neither done nor suspended."""
        on = on or dt.date.today()
        open_ = self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)
        return open_ and self.due_on is not None and self.due_on < on
