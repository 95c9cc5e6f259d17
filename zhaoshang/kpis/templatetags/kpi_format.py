from decimal import Decimal

from django import template

from zhaoshang.currencies.money import format_cny

register = template.Library()


def display_value(value, unit: str) -> str:
    """A KPI value for people: 441.38亿元, 72.73%, 45 天, 2,274."""
    if unit == "ratio":
        return f"{Decimal(value) * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if unit == "CNY":
        return format_cny(Decimal(value))
    if unit == "days":
        return f"{Decimal(value).normalize():f} 天"
    return f"{value:,}"


@register.filter
def kpi_display(value):
    return display_value(value.value, value.unit)
