"""A web page that uploads one sheet and imports it at once through an importer of the import core.

For imports small enough to run inside the request (service cases, water readings); projects, which may
run to 100,000 rows, queue a background job instead (projects/import_views.py). The page shows what the
importer found, in Chinese: the summary and notes, or every problem with file, row and column, and then
nothing has been written."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from zhaoshang.core.imports.headers import Fields
from zhaoshang.core.imports.job import ImportResult
from zhaoshang.zones.models import Zone

PROBLEMS_SHOWN = 1000
Importer = Callable[..., ImportResult]  # importer(user=, zone=, file=, filename=, dry_run=)


class SheetUploadForm(forms.Form):
    """A file, the zone it is for (asked only when there is more than one), and whether to check only."""

    file = forms.FileField(label="文件（.xlsx 或 .csv）", widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}))
    zone = forms.ModelChoiceField(Zone.objects.order_by("name"), label="园区", required=False)
    dry_run = forms.BooleanField(label="只检查，不写入", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zones = list(Zone.objects.all()[:2])
        self.single_zone = zones[0] if len(zones) == 1 else None
        if self.single_zone is not None:
            del self.fields["zone"]
        else:
            self.fields["zone"].required = True

    def chosen_zone(self) -> Zone:
        return self.single_zone or self.cleaned_data["zone"]


def sheet_upload_page(request, *, importer: Importer, fields: Fields, allowed: Callable[[object], bool],
                      denied: str, template: str, context: dict) -> HttpResponse:
    """GET: the form and the columns understood; POST: import the file and show the outcome (400 when it was
    refused)."""
    if not allowed(request.user):
        raise PermissionDenied(denied)
    posted = request.method == "POST"
    form = SheetUploadForm(request.POST, request.FILES) if posted else SheetUploadForm()
    result = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        result = importer(user=request.user, zone=form.chosen_zone(), file=upload, filename=upload.name,
                          dry_run=form.cleaned_data["dry_run"])
    status = 400 if (result is not None and not result.ok) or (posted and form.errors) else 200
    problems = result.problems if result is not None else []
    return render(request, template, {
        **context, "form": form, "result": result,
        "columns": [(f.label, f.aliases, f.required) for f in fields.by_name.values()],
        "problems": problems[:PROBLEMS_SHOWN],
        "hidden_problems": max(0, len(problems) - PROBLEMS_SHOWN),
        "max_mb": settings.UPLOAD_MAX_BYTES / 2**20}, status=status)
