"""Import projects from a spreadsheet, and export the project list (being built)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def project_import_page(request):
    return HttpResponse("导入功能建设中", status=503)


@login_required
def project_export(request):
    return HttpResponse("导出功能建设中", status=503)
