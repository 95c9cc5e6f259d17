"""Editing the network: administrators and analysts (`can_edit_network`); other staff may look."""

from django.contrib import admin

from zhaoshang.accounts.permissions import can_edit_network, can_read_network
from zhaoshang.admin_site import ScopedModelAdmin, ScopedTabularInline
from zhaoshang.logistics.models import Departure, Handling, Link, Node


class NetworkPermissions:
    """Who may look at and who may edit the network, for its admins and their inlines alike."""

    def has_view_permission(self, request, obj=None):
        return can_read_network(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_network(request.user)

    def has_add_permission(self, request, obj=None):
        return can_edit_network(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_edit_network(request.user)


class NetworkAdmin(NetworkPermissions, ScopedModelAdmin):
    def has_module_permission(self, request):
        return can_read_network(request.user)


class NetworkInline(NetworkPermissions, ScopedTabularInline):
    extra = 0


class HandlingInline(NetworkInline):
    model = Handling


class DepartureInline(NetworkInline):
    model = Departure


@admin.register(Node)
class NodeAdmin(NetworkAdmin):
    list_display = ["key", "name", "kind", "lon", "lat", "customs", "customs_step", "is_demo"]
    list_filter = ["kind", "customs", "is_demo"]
    search_fields = ["key", "name"]
    inlines = [HandlingInline]


@admin.register(Link)
class LinkAdmin(NetworkAdmin):
    list_display = ["key", "origin", "destination", "mode", "distance_km", "cost_per_teu", "cost_per_tkm",
                    "co2_g_per_tkm", "capacity_teu"]
    list_filter = ["mode"]
    search_fields = ["key", "origin__name", "destination__name"]
    autocomplete_fields = ["origin", "destination"]
    inlines = [DepartureInline]
