from django.contrib import admin

from zhaoshang.admin_site import ScopedModelAdmin, ScopedTabularInline
from zhaoshang.indicators.models import Indicator, Observation


class ObservationInline(ScopedTabularInline):
    model = Observation
    extra = 0
    raw_id_fields = ["document"]


@admin.register(Indicator)
class IndicatorAdmin(ScopedModelAdmin):
    list_display = ["name", "key", "unit", "aggregation", "annual_target", "zone"]
    inlines = [ObservationInline]
