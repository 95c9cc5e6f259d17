from django.contrib import admin

from zhaoshang.admin_site import ScopedModelAdmin
from zhaoshang.industries.models import Industry


@admin.register(Industry)
class IndustryAdmin(ScopedModelAdmin):
    list_display = ["code", "name", "level", "section", "parent"]
    list_filter = ["level", "section"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
