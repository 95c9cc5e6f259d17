"""The admin site: for administrators and staff, never for partner (enclave or park) accounts.

Partners see only their carrier's records; the admin's model lists are not scoped that way, so the
admin is closed to them even if someone ticks 'staff' on their account.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class ZhaoshangAdminSite(AdminSite):
    site_header = site_title = "招商 · 管理后台"
    index_title = "基础数据"

    def has_permission(self, request):
        from zhaoshang.accounts.permissions import can_use_admin  # models are not loaded when this module is

        return super().has_permission(request) and can_use_admin(request.user)


class ZhaoshangAdminConfig(AdminConfig):
    default_site = "zhaoshang.admin_site.ZhaoshangAdminSite"
