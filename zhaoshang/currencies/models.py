"""Currencies and dated exchange rates into yuan."""

from __future__ import annotations

from django.db import models


class Currency(models.TextChoices):
    CNY = "CNY", "人民币"
    USD = "USD", "美元"
    EUR = "EUR", "欧元"
    HKD = "HKD", "港元"
    JPY = "JPY", "日元"


class ExchangeRate(models.Model):
    """How many yuan one unit of a currency bought on a date (the central parity, 中间价)."""

    currency = models.CharField("币种", max_length=3, choices=Currency.choices)
    on = models.DateField("日期")
    cny_per_unit = models.DecimalField("折合人民币", max_digits=12, decimal_places=6)
    source = models.CharField("来源", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "汇率"
        ordering = ["currency", "-on"]
        constraints = [models.UniqueConstraint(fields=["currency", "on"], name="one_rate_per_currency_and_day")]

    def __str__(self) -> str:
        return f"{self.on} 1 {self.currency} = {self.cny_per_unit} CNY"
