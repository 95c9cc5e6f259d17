from django import template

from zhaoshang.kpis.views import display_value

register = template.Library()


@register.filter
def kpi_display(value):
    """A KPI value for people: 441.38亿元, 72.73%, 2,274."""
    return display_value(value.value, value.unit)

