from django import template

from zhaoshang.core.figures import format_figure
from zhaoshang.kpis.records import PROJECT, cell

register = template.Library()


@register.filter
def kpi_display(value) -> str:
    """A KPI value as the cockpit writes it: 441.38亿元, 72.73%, 45 天, 2,274."""
    return format_figure(value.value, value.unit)


@register.filter
def signing_date(project) -> str:
    """A project's signing date as the drill-down writes it, marked（推定）when it was inferred."""
    return cell(PROJECT, "signed_on", project, None)


@register.filter
def figure(value, unit: str) -> str:
    """Any number as the cockpit writes it in that unit (CNY, ratio, count…)."""
    return format_figure(value, unit)
