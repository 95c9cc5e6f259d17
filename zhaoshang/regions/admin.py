from django.contrib import admin

from zhaoshang.admin_site import ScopedModelAdmin
from zhaoshang.regions.models import Region


@admin.register(Region)
class RegionAdmin(ScopedModelAdmin):
    list_display = ["code", "name", "level", "parent", "is_yrd", "lng", "lat"]
    list_filter = ["level", "is_yrd"]
    search_fields = ["code", "name", "short_name"]
    raw_id_fields = ["parent"]
