from django.contrib import admin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.admin_site import ScopedModelAdmin, ScopedTabularInline
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.zones.models import AttributionRule, Carrier, CooperationAgreement, Residency, Zone


@admin.register(Zone)
class ZoneAdmin(ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "code", "region", "is_demo"]
    autocomplete_fields = ["region"]


class ResidencyInline(ScopedTabularInline):
    model = Residency
    extra = 0
    raw_id_fields = ["project", "team"]
    autocomplete_fields = ["agreement"]

    def get_queryset(self, request):
        # A confidential project the user may not see is left out of its carrier's residents too.
        visible = project_visible_to(request.user)
        return super().get_queryset(request).filter(Q(project__isnull=True) | Q(project__in=visible))


@admin.register(Carrier)
class CarrierAdmin(ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "zone", "host_region", "agreement", "introduced_on"]
    list_filter = ["kind", "zone"]
    search_fields = ["name"]
    autocomplete_fields = ["region", "host_region", "partner"]
    inlines = [ResidencyInline]


class AdministratorsEditRules(admin.options.BaseModelAdmin):
    """Who counts what between two jurisdictions is signed policy: only administrators change it."""

    def has_add_permission(self, request, *args) -> bool:
        return request.user.is_administrator and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_administrator and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_administrator and super().has_delete_permission(request, obj)


class AttributionRuleInline(AdministratorsEditRules, ScopedTabularInline):
    model = AttributionRule
    extra = 0


@admin.register(AttributionRule)
class AttributionRuleAdmin(AdministratorsEditRules, ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["agreement", "figure", "mode", "zone_share", "valid_from", "valid_until", "signed_on"]
    list_filter = ["figure", "mode"]


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["title", "zone", "partner", "signed_on"]
    autocomplete_fields = ["partner"]
    search_fields = ["title", "partner__name"]
    inlines = [AttributionRuleInline]
