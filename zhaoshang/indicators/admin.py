from django.contrib import admin

from zhaoshang.indicators.models import Indicator, Observation


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    raw_id_fields = ["document"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "unit", "aggregation", "annual_target", "zone"]
    inlines = [ObservationInline]
