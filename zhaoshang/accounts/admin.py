from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html

from zhaoshang.accounts.models import ApiToken, Team, User
from zhaoshang.accounts.permissions import can_read_audit
from zhaoshang.accounts.services import account_unlock
from zhaoshang.admin_site import ScopedModelAdmin
from zhaoshang.core.text_input import TextInputRuleMixin


class RuledUserChangeForm(TextInputRuleMixin, UserChangeForm):
    """Django's user form under the platform's text rule."""


@admin.register(User)
class UserAdmin(ScopedModelAdmin, BaseUserAdmin):
    form = RuledUserChangeForm
    actions = ["unlock"]
    list_display = ["username", "display_name", "role", "team", "carrier", "is_active", "locked_until"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = [*(BaseUserAdmin.fieldsets or ()),
                 ("角色与范围", {"fields": ["role", "team", "carrier", "locked_until"]})]
    add_fieldsets = [*(BaseUserAdmin.add_fieldsets or ()), ("角色与范围", {"fields": ["role", "team", "carrier"]})]

    @admin.action(description="解除所选用户的登录锁定", permissions=["change"])
    def unlock(self, request, queryset):
        unlocked = account_unlock(users=queryset)
        self.message_user(request, f"已解除 {unlocked} 个账号的锁定。")

    @admin.display(description="姓名")
    def display_name(self, obj):
        return obj.display_name

    def get_list_display(self, request):
        # Each row links to the user's events (sign-ins, failures, lockouts), beside the unlock action.
        shown = super().get_list_display(request)
        return [*shown, "audit_link"] if can_read_audit(request.user) else shown

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        if can_read_audit(request.user) and str(object_id).isdigit():
            extra["audit_url"] = reverse("audit:user", args=[object_id])
        return super().change_view(request, object_id, form_url, extra)

    @admin.display(description="审计日志")
    def audit_link(self, obj):
        return format_html('<a href="{}">查看</a>', reverse("audit:user", args=[obj.pk]))


@admin.register(Team)
class TeamAdmin(ScopedModelAdmin):
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedModelAdmin):
    list_display = ["prefix", "name", "user", "read_only", "created_at", "last_used_at", "expires_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # keys are issued with `zhaoshang manage api_token`, so the key is shown exactly once


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ScopedModelAdmin, BaseGroupAdmin):
    pass
