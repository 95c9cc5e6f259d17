from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.accounts.permissions import PROJECT_EDIT_DENIED, can_edit_project
from zhaoshang.admin_site import RuledModelForm, ScopedModelAdmin, ScopedTabularInline, scoped
from zhaoshang.core.versions import VersionedAdminMixin
from zhaoshang.projects.models import Activity, Project, ProjectFile, StageChange


class StageChangeInline(ScopedTabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ["stage", "on", "recorded_by", "recorded_at", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # stages move through Project.advance_to, which checks the order and records who


class ActivityInline(ScopedTabularInline):
    model = Activity
    extra = 0
    readonly_fields = ["recorded_by"]


def _may_edit(request, project) -> bool:
    return project is None or can_edit_project(request.user, project)


@admin.register(Project)
class ProjectAdmin(VersionedAdminMixin, ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "zone", "stage", "amount", "currency", "source_region", "owner", "confidential"]
    list_filter = ["stage", "confidential", "zone", "currency"]
    search_fields = ["name", "investors__name"]
    autocomplete_fields = ["investors", "industry", "source_region"]
    inlines = [StageChangeInline, ActivityInline]
    readonly_fields = ["stage"]

    def has_change_permission(self, request, obj=None):
        # The same edit rule as the pages and the API: own and team projects, or an administrator.
        return super().has_change_permission(request, obj) and _may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _may_edit(request, obj)

    def save_formset(self, request, form, formset, change):
        # Who recorded an activity is the person saving it, not a choice on the form.
        for activity in formset.save(commit=False):
            if isinstance(activity, Activity) and activity.recorded_by_id is None:
                activity.recorded_by = request.user
            activity.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()


class ProjectFileForm(RuledModelForm):
    """An attachment goes only onto a project the user may edit (the choices already hide the unseen)."""

    user = None  # set per request by ProjectFileAdmin.get_form

    class Meta:
        model = ProjectFile
        fields = ["project", "file", "name"]

    def clean_project(self):
        project = self.cleaned_data["project"]
        if project is not None and not can_edit_project(self.user, project):
            raise forms.ValidationError(PROJECT_EDIT_DENIED)
        return project


@admin.register(ProjectFile)
class ProjectFileAdmin(ScopedModelAdmin):
    list_display = ["name", "project", "uploaded_by", "uploaded_at"]
    form = ProjectFileForm
    readonly_fields = ["uploaded_by", "uploaded_at"]

    def get_queryset(self, request):
        # The attachments of projects the user may see.
        return super().get_queryset(request).filter(project__in=scoped(request.user, Project.objects.all()))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user  # the server names the uploader; the form cannot
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _may_edit(request, obj and obj.project)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _may_edit(request, obj and obj.project)
