from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.accounts.permissions import can_edit_project
from zhaoshang.projects.models import Activity, Project, ProjectFile, StageChange
from zhaoshang.projects.selectors import project_visible_to


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ["stage", "on", "recorded_by", "recorded_at", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # stages move through Project.advance_to, which checks the order and records who


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    readonly_fields = ["recorded_by"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "zone", "stage", "amount", "currency", "source_region", "owner", "confidential"]
    list_filter = ["stage", "confidential", "zone", "currency"]
    search_fields = ["name", "investors__name"]
    autocomplete_fields = ["investors", "industry", "source_region"]
    inlines = [StageChangeInline, ActivityInline]
    readonly_fields = ["stage"]

    def get_queryset(self, request):
        # The admin obeys the same confidentiality rule as the pages and the API.
        return project_visible_to(request.user, super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        # The same edit rule as the pages and the API: own and team projects, or an administrator.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit_project(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit_project(request.user, obj))

    def _require_visible(self, request, object_id):
        # simple_history falls back to the history rows of objects outside get_queryset (to show deleted
        # ones); a project the user may not see must answer 404 there too.
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(ProjectFile)
class ProjectFileAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "uploaded_by", "uploaded_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(project__in=project_visible_to(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "project":
            kwargs["queryset"] = project_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit_project(request.user, obj.project))
