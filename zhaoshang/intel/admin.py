"""The intel admin. The records an item links to are read-only here, and a linked project is named only to
those who may see it (`project_visible_to`), like everywhere else.
"""

import json

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html

from zhaoshang.intel.models import Document, ExtractedItem
from zhaoshang.projects.selectors import project_visible_to

HIDDEN = "（无权查看）"


def _with_project_visibility(request, queryset):
    """Items annotated with whether the viewer may see the project each one links to."""
    visible = project_visible_to(request.user).filter(pk=OuterRef("project_id"))
    return queryset.annotate(project_visible=Exists(visible))


def _project_hidden(item: ExtractedItem | None) -> bool:
    # An item read without the annotation counts as hidden: never name a project by mistake.
    return bool(item is not None and item.project_id is not None and not getattr(item, "project_visible", False))


class _LinkedProject:
    """The linked project as a read-only field, named only to a viewer who may see it."""

    def get_queryset(self, request):
        return _with_project_visibility(request, super().get_queryset(request))

    @admin.display(description="项目")
    def linked_project(self, item: ExtractedItem | None):
        if item is None or item.project_id is None:
            return None  # the admin's empty value
        if _project_hidden(item):
            return HIDDEN
        return format_html('<a href="{}">{}</a>',
                           reverse("admin:projects_project_change", args=[item.project_id]), item.project)


# Shown and read-only alike: a tuple, the one type both admin options accept.
_ITEM_FIELDS = (
    "kind", "span", "start", "end", "status", "reviewed_by", "linked_project", "organization", "observation",
)


class ExtractedItemInline(_LinkedProject, admin.TabularInline):
    model = ExtractedItem
    extra = 0
    fields = _ITEM_FIELDS
    readonly_fields = _ITEM_FIELDS
    can_delete = False
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "zone", "published_on", "added_by", "added_at", "extracted_at"]
    list_filter = ["zone"]
    search_fields = ["title", "source", "text"]
    readonly_fields = ["digest", "added_by", "added_at", "extracted_at", "extraction_error"]
    inlines = [ExtractedItemInline]


@admin.register(ExtractedItem)
class ExtractedItemAdmin(_LinkedProject, admin.ModelAdmin):
    list_display = ["__str__", "document", "kind", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["kind", "status"]
    search_fields = ["span", "document__title"]
    raw_id_fields = ["document", "region"]
    # The records an item links to are set by accepting it, not here; the project shows as linked_project.
    exclude = ["project"]
    readonly_fields = ["reviewed_by", "reviewed_at", "linked_project", "organization", "observation"]

    # The reviewed payload repeats the project's name; for a hidden project it is shown read-only without it.

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        return [*exclude, "payload"] if _project_hidden(obj) else exclude

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "payload_shown"] if _project_hidden(obj) else fields

    @admin.display(description="抽取结果")
    def payload_shown(self, obj):
        payload = dict(obj.payload)
        if isinstance(payload.get("reviewed"), dict) and "project" in payload["reviewed"]:
            payload["reviewed"] = {**payload["reviewed"], "project": HIDDEN}
        return json.dumps(payload, ensure_ascii=False, indent=2)
