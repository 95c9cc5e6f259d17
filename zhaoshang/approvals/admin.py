"""The admin for the catalogue, cases and checklists: staff read, administrators change (permissions.py);
ID-card and phone numbers appear in full to administrators only."""

from django.contrib import admin

from zhaoshang.accounts.masking import mask_id_number, mask_phone
from zhaoshang.accounts.permissions import sees_personal_data
from zhaoshang.admin_site import ScopedModelAdmin, ScopedTabularInline
from zhaoshang.approvals.models import ApprovalTask, Case, CaseStep, ServiceItem
from zhaoshang.approvals.permissions import can_edit_cases, can_read_cases


class _Guarded(ScopedModelAdmin):
    def has_view_permission(self, request, obj=None):
        return can_read_cases(request.user)

    def has_module_permission(self, request):
        return can_read_cases(request.user)

    def has_add_permission(self, request, *args):
        return can_edit_cases(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_cases(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_edit_cases(request.user)


@admin.register(ServiceItem)
class ServiceItemAdmin(_Guarded):
    list_display = ["code", "name", "department", "statutory_days", "promised_days", "task_kind", "zone"]
    list_filter = ["department"]
    search_fields = ["name", "code"]


class CaseStepInline(ScopedTabularInline):
    model = CaseStep
    extra = 0

    def has_add_permission(self, request, obj=None):
        return can_edit_cases(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_cases(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_edit_cases(request.user)

    def has_view_permission(self, request, obj=None):
        return can_read_cases(request.user)


@admin.register(Case)
class CaseAdmin(_Guarded):
    list_filter = ["channel", "result", "item"]
    search_fields = ["number", "applicant_name"]
    raw_id_fields = ["organization", "project"]
    inlines = [CaseStepInline]
    basics = ["number", "item", "channel", "applicant_name", "received_on", "decided_on", "result"]
    unmasked = ["id_number", "phone"]
    masked = ["id_masked", "phone_masked"]

    def _private(self, request) -> list[str]:
        return self.unmasked if sees_personal_data(request.user) else self.masked

    def get_list_display(self, request):
        return self.basics + self._private(request)

    def get_fields(self, request, obj=None):
        return ["zone", *self.basics, "organization", "credit_code", "project", "promised_days", "source",
                *self._private(request)]

    def get_readonly_fields(self, request, obj=None):
        return [] if sees_personal_data(request.user) else list(self.masked)

    def lookup_allowed(self, lookup, value, request=None):
        # Filtering by a masked number through the URL would reveal it digit by digit.
        if lookup.split("__")[0] in self.unmasked and not (request and sees_personal_data(request.user)):
            return False
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description="身份证号")
    def id_masked(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description="联系电话")
    def phone_masked(self, obj):
        return mask_phone(obj.phone)


@admin.register(ApprovalTask)
class ApprovalTaskAdmin(_Guarded):
    list_display = ["project", "kind", "owner", "due_on", "status", "done_on"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["project", "cases"]
