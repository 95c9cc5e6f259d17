from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group

from zhaoshang.accounts.models import ApiToken, Team, User
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
