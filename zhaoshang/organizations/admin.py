from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.accounts.masking import mask_phone
from zhaoshang.admin_site import ScopedModelAdmin, ScopedTabularInline
from zhaoshang.core.versions import VersionedAdminMixin
from zhaoshang.organizations.models import Contact, Organization, Tag


class ContactInline(ScopedTabularInline):
    model = Contact
    extra = 0

    def get_fields(self, request, obj=None):
        return ["name", "title", "phone", "email"] if request.user.is_administrator else [
            "name", "title", "masked_phone", "email"]

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_administrator else ["masked_phone"]

    @admin.display(description="电话")
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(Organization)
class OrganizationAdmin(VersionedAdminMixin, ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "credit_code", "region", "industry"]
    list_filter = ["kind", "tags"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["region", "industry"]
    filter_horizontal = ["tags"]
    inlines = [ContactInline]


@admin.register(Tag)
class TagAdmin(ScopedModelAdmin):
    search_fields = ["name"]
