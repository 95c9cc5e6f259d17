"""The development zone, its carriers (parks, incubators, enclaves…), agreements and residents."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
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
    # Kept for now, no longer read by any figure: the governing agreement's rules decide the split.
    home_share = models.DecimalField(
        "本区统计份额（旧）", max_digits=4, decimal_places=3, default=Decimal("1"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="已由合作协议的统计归属规则取代，仅作记录")
    agreement = models.ForeignKey("CooperationAgreement", verbose_name="适用合作协议", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="carriers",
                                  help_text="约定本载体项目、团队、人才和经济数据如何在两地之间统计；未关联则全部计入本区")
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
        if self.agreement_id is None:
            return "未关联合作协议，全部计入本区"
        return f"按《{self.agreement}》统计归属"


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


class Figure(models.TextChoices):
    """The kinds of figure an agreement attributes between the two sides."""

    PROJECTS = "projects", "项目数"
    TEAMS = "teams", "团队数"
    TALENTS = "talents", "人才数"
    INVESTMENT = "investment", "投资额"
    OUTPUT = "output", "产值"
    TAX = "tax", "税收"


class AttributionRule(models.Model):
    """How one kind of figure is counted under an agreement during a period: 双计, 分成 or 单方.

    "First five years 100% to the originating side, then 50/50" is two rules with consecutive periods.
    """

    class Mode(models.TextChoices):
        BOTH = "both", "双计"
        SPLIT = "split", "分成"
        ONE_SIDE = "one_side", "单方"

    agreement = models.ForeignKey(CooperationAgreement, verbose_name="合作协议", on_delete=models.CASCADE,
                                  related_name="rules")
    figure = models.CharField("统计项", max_length=20, choices=Figure.choices)
    mode = models.CharField("方式", max_length=10, choices=Mode.choices)
    zone_share = models.DecimalField(
        "本区份额", max_digits=5, decimal_places=4, default=Decimal("1"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="分成：本区所占份额（如 0.6），其余归合作方；单方：1 为仅本区，0 为仅合作方；双计不用")
    valid_from = models.DateField("起始日期")
    valid_until = models.DateField("截止日期", null=True, blank=True, help_text="留空：长期有效")
    signed_on = models.DateField("签订日期")
    document = models.FileField("协议文本", upload_to="agreements/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "统计归属规则"
        ordering = ["agreement", "figure", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                                   name="attribution_rule_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.get_figure_display()} {self.describe()}（{self.period_label}）"

    @property
    def partner_share(self) -> Decimal:
        return 1 - self.zone_share

    @property
    def period_label(self) -> str:
        return f"{self.valid_from} 起" if self.valid_until is None else f"{self.valid_from} 至 {self.valid_until}"

    def describe(self) -> str:
        if self.mode == self.Mode.BOTH:
            return "双计：双方均全额计入"
        if self.mode == self.Mode.ONE_SIDE:
            return "单方：仅计入本区" if self.zone_share else "单方：仅计入合作方"
        zone, partner = (self.zone_share * 100).normalize(), (self.partner_share * 100).normalize()
        return f"分成：本区 {zone:f}%，合作方 {partner:f}%"

    def covers(self, on) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


class Residency(models.Model):
    """A project or a team residing in a carrier from a date (入驻)."""

    carrier = models.ForeignKey(Carrier, verbose_name="载体", on_delete=models.CASCADE, related_name="residencies")
    project = models.ForeignKey("projects.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="residencies")
    team = models.ForeignKey("talent.TalentTeam", verbose_name="团队", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="residencies")
    since = models.DateField("入驻日期")
    until = models.DateField("迁出日期", null=True, blank=True)
    agreement = models.ForeignKey(CooperationAgreement, verbose_name="适用合作协议", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="residencies",
                                  help_text="留空：按载体的合作协议")

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
