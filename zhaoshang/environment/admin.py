from django.contrib import admin

from zhaoshang.admin_site import ScopedModelAdmin
from zhaoshang.environment.models import PlanTask, Reading, Station


@admin.register(Station)
class StationAdmin(ScopedModelAdmin):
    list_display = ["name", "water_body", "waterway", "target_class", "coordinates_estimated", "zone"]
    list_filter = ["water_body", "zone"]


@admin.register(Reading)
class ReadingAdmin(ScopedModelAdmin):
    list_display = ["station", "on", "parameter", "value", "unit", "source"]
    list_filter = ["parameter", "station"]
    date_hierarchy = "on"


@admin.register(PlanTask)
class PlanTaskAdmin(ScopedModelAdmin):
    list_display = ["title", "kind", "owner", "owner_unit", "due_on", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["owner"]
