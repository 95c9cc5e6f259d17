from django import template

from zhaoshang.core.figures import format_figure

register = template.Library()


@register.filter
def kpi_display(value) -> str:
    """A KPI value as the cockpit writes it: 441.38亿元, 72.73%, 45 天, 2,274."""
    return format_figure(value.value, value.unit)
