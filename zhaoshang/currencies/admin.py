from django.contrib import admin

from zhaoshang.admin_site import ScopedModelAdmin
from zhaoshang.currencies.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ScopedModelAdmin):
    list_display = ["currency", "on", "cny_per_unit", "source"]
    list_filter = ["currency"]
    date_hierarchy = "on"
