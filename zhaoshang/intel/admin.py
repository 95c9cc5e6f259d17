from django.contrib import admin

from zhaoshang.intel.models import Document, ExtractedItem


class ExtractedItemInline(admin.TabularInline):
    model = ExtractedItem
    extra = 0
    fields = [
        "kind", "span", "start", "end", "status", "reviewed_by", "project", "organization", "observation",
    ]
    readonly_fields = fields
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
class ExtractedItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "kind", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["kind", "status"]
    search_fields = ["span", "document__title"]
    raw_id_fields = ["document", "project", "organization", "observation", "region"]
    readonly_fields = ["reviewed_by", "reviewed_at"]
