"""The development zone, its carriers (parks, incubators, enclaves…), agreements and residents."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Zone(models.Model):
    """A development zone whose work the platform records (e.g. 湖州南太湖新区)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT)
    is_demo = models.BooleanField("示例数据", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "园区（开发区）"

    def __str__(self) -> str:
        return self.name


class Carrier(models.Model):
    """A 载体: a place that hosts projects, teams and people — park, incubator, enclave, lab, logistics park."""

    class Kind(models.TextChoices):
        INDUSTRIAL_PARK = "industrial_park", "产业园"
        INCUBATOR = "incubator", "孵化器"
        ENCLAVE = "enclave", "飞地"
        INNOVATION = "innovation", "创新载体"
        LOGISTICS_PARK = "logistics_park", "物流园"

    zone = models.ForeignKey(Zone, verbose_name="所属园区", on_delete=models.PROTECT, related_name="carriers")
    name = models.CharField("名称", max_length=150)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="+")
    host_region = models.ForeignKey("regions.Region", verbose_name="飞地所在辖区", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    help_text="飞地：载体实际所在的辖区（如杭州）")
    home_share = models.DecimalField(
        "本区统计份额", max_digits=4, decimal_places=3, default=Decimal("1"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="飞地项目在两个辖区之间的统计分成：本区所占份额（其余归飞地所在辖区）")
    partner = models.ForeignKey("organizations.Organization", verbose_name="合作方", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="carriers",
                                help_text="创新载体的共建院校、院所或平台")
    introduced_on = models.DateField("引进/设立日期", null=True, blank=True)
    description = models.TextField("说明", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "载体"
        ordering = ["zone", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="carrier_name_unique_in_zone")]

    def __str__(self) -> str:
        return self.name

    @property
    def attribution_rule(self) -> str:
        if self.kind != self.Kind.ENCLAVE or self.host_region_id is None:
            return "全部计入本区"
        home = (self.home_share * 100).normalize()
        return f"飞地分成：本区 {home:f}%，{self.host_region} {(100 - home).normalize():f}%"


class CooperationAgreement(models.Model):
    """A cooperation agreement between the zone and a partner park, city or institution."""

    zone = models.ForeignKey(Zone, verbose_name="园区", on_delete=models.PROTECT, related_name="agreements")
    partner = models.ForeignKey("organizations.Organization", verbose_name="合作方", on_delete=models.PROTECT,
                                related_name="agreements")
    title = models.CharField("名称", max_length=200)
    signed_on = models.DateField("签订日期")
    summary = models.TextField("内容", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "合作协议"
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return self.title


class Residency(models.Model):
    """A project or a team residing in a carrier from a date (入驻)."""

    carrier = models.ForeignKey(Carrier, verbose_name="载体", on_delete=models.CASCADE, related_name="residencies")
    project = models.ForeignKey("projects.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="residencies")
    team = models.ForeignKey("talent.TalentTeam", verbose_name="团队", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="residencies")
    since = models.DateField("入驻日期")
    until = models.DateField("迁出日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "入驻"
        ordering = ["carrier", "since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False, team__isnull=True) | Q(project__isnull=True, team__isnull=False),
                name="residency_is_a_project_or_a_team"),
        ]

    def __str__(self) -> str:
        return f"{self.project or self.team} @ {self.carrier}"
