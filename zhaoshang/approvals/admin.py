"""The admin for the catalogue, cases and checklists: staff read, administrators change (accounts/permissions.py);
ID-card and phone numbers appear in full to administrators only."""

from django.contrib import admin

from zhaoshang.accounts.permissions import can_edit_cases, can_read_cases
from zhaoshang.admin_site import PersonalNumbersAdmin, ScopedModelAdmin, ScopedTabularInline
from zhaoshang.approvals.models import ApprovalTask, Case, CaseStep, ServiceItem


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
class CaseAdmin(PersonalNumbersAdmin, _Guarded):
    list_filter = ["channel", "result", "item"]
    search_fields = ["number", "applicant_name"]
    raw_id_fields = ["organization", "project"]
    inlines = [CaseStepInline]
    basics = ["number", "item", "channel", "applicant_name", "received_on", "decided_on", "result"]

    def form_fields(self) -> list[str]:
        return ["zone", *self.basics, "organization", "credit_code", "project", "promised_days", "source"]


@admin.register(ApprovalTask)
class ApprovalTaskAdmin(_Guarded):
    list_display = ["project", "kind", "owner", "due_on", "status", "done_on"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["project", "cases"]
