"""Companies and institutions the zone tracks, partners with or attracts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from zhaoshang.currencies.models import Currency


def validate_credit_code(value: str) -> None:
    """统一社会信用代码 per GB 32100-2015, check digit included."""
    try:
        uscc.validate(value)
    except StdnumError as exc:
        reason = {"InvalidChecksum": "校验位不正确", "InvalidLength": "长度应为 18 位",
                  "InvalidFormat": "含有不允许的字符"}.get(type(exc).__name__, str(exc))
        raise ValidationError(f"统一社会信用代码 {value} 无效：{reason}", code="invalid_credit_code") from None


class Tag(models.Model):
    """A label such as 世界500强, 央企, 上市, 行业龙头, 专精特新, 高新技术企业."""

    name = models.CharField("名称", max_length=30, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业标签"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """A company, park operator, university, exchange or government body."""

    class Kind(models.TextChoices):
        COMPANY = "company", "企业"
        PARK = "park", "园区/平台"
        UNIVERSITY = "university", "高校/院所"
        EXCHANGE = "exchange", "交易所"
        GOVERNMENT = "government", "政府机构"

    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, null=True, blank=True,
                                   validators=[validate_credit_code])
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    industry = models.ForeignKey("industries.Industry", verbose_name="行业", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    registered_capital = models.DecimalField("注册资本", max_digits=20, decimal_places=2, null=True, blank=True)
    capital_currency = models.CharField("注册资本币种", max_length=3, choices=Currency.choices, default="CNY")
    tags = models.ManyToManyField(Tag, verbose_name="标签", blank=True, related_name="organizations")
    website = models.URLField("网站", blank=True)
    # Bumped by every edit (core.versions): a save that started from an older version is refused, not merged.
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[tags])

    class Meta:
        verbose_name = verbose_name_plural = "企业与机构"
        ordering = ["name"]
        constraints = [models.CheckConstraint(
            condition=models.Q(registered_capital__gte=0) | models.Q(registered_capital=None),
            name="organization_capital_not_negative", violation_error_message="注册资本不能为负数。")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()


class Contact(models.Model):
    """A person to call at an organisation."""

    organization = models.ForeignKey(Organization, verbose_name="单位", on_delete=models.CASCADE,
                                     related_name="contacts")
    name = models.CharField("姓名", max_length=50)
    title = models.CharField("职务", max_length=100, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    email = models.EmailField("邮箱", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "联系人"

    def __str__(self) -> str:
        return f"{self.name}（{self.organization}）"
