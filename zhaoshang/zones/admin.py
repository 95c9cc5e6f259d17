from django.contrib import admin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.admin_site import ScopedModelAdmin, ScopedTabularInline
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.zones.models import Carrier, CooperationAgreement, Residency, Zone


@admin.register(Zone)
class ZoneAdmin(ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "code", "region", "is_demo"]
    autocomplete_fields = ["region"]


class ResidencyInline(ScopedTabularInline):
    model = Residency
    extra = 0
    raw_id_fields = ["project", "team"]

    def get_queryset(self, request):
        # A confidential project the user may not see is left out of its carrier's residents too.
        visible = project_visible_to(request.user)
        return super().get_queryset(request).filter(Q(project__isnull=True) | Q(project__in=visible))


@admin.register(Carrier)
class CarrierAdmin(ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "zone", "host_region", "home_share", "introduced_on"]
    list_filter = ["kind", "zone"]
    search_fields = ["name"]
    autocomplete_fields = ["region", "host_region", "partner"]
    inlines = [ResidencyInline]


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["title", "zone", "partner", "signed_on"]
    autocomplete_fields = ["partner"]
