"""The officer's pipeline pages: list, project page, stage changes, activities, files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhaoshang.accounts.permissions import (
    PROJECT_CREATE_DENIED,
    PROJECT_EDIT_DENIED,
    can_create_project,
    can_edit_project,
)
from zhaoshang.core.forms import form_errors
from zhaoshang.core.history import history_entries
from zhaoshang.core.versions import EditConflict
from zhaoshang.organizations.services import organization_create
from zhaoshang.projects import services
from zhaoshang.projects.forms import ActivityForm, FileForm, ProjectFilterForm, ProjectForm, StageForm
from zhaoshang.projects.models import StageChange
from zhaoshang.projects.selectors import project_list, project_visible_to
from zhaoshang.zones.selectors import zone_resolve

# The project page shows the latest changes; the API gives them all.
HISTORY_SHOWN = 50


def _visible_project(request, pk: int):
    """The project, or 404 when it does not exist or the user may not see it (existence must not leak)."""
    return get_object_or_404(project_visible_to(request.user).select_related(
        "zone", "industry", "source_region", "carrier", "owner"), pk=pk)


@login_required
def project_index(request):
    form = ProjectFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = project_list(user=request.user, **{k: v for k, v in filters.items() if v not in (None, "")})
    page = Paginator(qs.order_by("-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "projects/list.html", {"nav": "projects", "form": form, "page": page,
                                                  "query": query.urlencode(), "total": page.paginator.count,
                                                  "can_create": can_create_project(request.user)})


@login_required
def project_detail(request, pk: int):
    project = _visible_project(request, pk)
    editable = can_edit_project(request.user, project)
    return render(request, "projects/detail.html", {
        "nav": "projects", "project": project, "editable": editable,
        "stage_form": StageForm(project=project) if editable and project.next_stages() else None,
        "activity_form": ActivityForm() if editable else None, "file_form": FileForm() if editable else None,
        "changes": project.stage_changes.select_related("recorded_by"),
        "activities": project.activities.select_related("recorded_by"),
        "history": history_entries(project, limit=HISTORY_SHOWN),
        "inferred_help": StageChange._meta.get_field("inferred").help_text,
    })


def _investors(user, form: ProjectForm) -> list:
    """The chosen investors, plus the one entered as new: the match the officer confirmed, or a new
    organisation created now (inside the project's transaction)."""
    investors = list(form.cleaned_data["investors"])
    new = form.new_investor()
    if new is not None:
        found = new.pop("existing", None)
        investors.append(found or organization_create(user=user, reason="在项目表单中新建投资方", **new))
    return investors


def _save(request, form: ProjectForm, project):
    data = {**form.project_data(), "investors": None}
    with transaction.atomic():
        data["investors"] = _investors(request.user, form)
        if project is None:
            return services.project_create(user=request.user, zone=zone_resolve(request.GET.get("zone")), **data)
        return services.project_update(user=request.user, project=project, version=form.cleaned_data["version"],
                                       **data)


def _edit(request, project=None):
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = _save(request, form, project)
        except ValidationError as exc:
            # Whole-record rules (a name already used in the zone) that the form cannot check alone.
            form.add_error(None, exc)
        except EditConflict as conflict:
            return _conflict(request, form, conflict)
        else:
            messages.success(request, "项目已保存。")
            return redirect(project)
    return render(request, "projects/form.html", {"nav": "projects", "form": form, "project": project})


def _conflict(request, submitted: ProjectForm, conflict: EditConflict):
    """409: the form again, now holding what is stored (the other person's values, at their version), with
    what they changed and what this officer had typed, so neither person's work is lost."""
    current = _visible_project(request, conflict.current.pk)
    return render(request, "projects/form.html", {
        "nav": "projects", "project": current, "form": ProjectForm(instance=current, user=request.user),
        "conflict": conflict, "yours": submitted.differences(current)}, status=409)


@login_required
def project_new(request):
    if not can_create_project(request.user):
        raise PermissionDenied(PROJECT_CREATE_DENIED)
    return _edit(request)


@login_required
def project_edit(request, pk: int):
    project = _visible_project(request, pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied(PROJECT_EDIT_DENIED)
    return _edit(request, project)


def _posted(request, project, form, action):
    """Run a small write from the project page and report the outcome there."""
    if not form.is_valid():
        for error in form_errors(form):
            messages.error(request, error)
        return redirect(project)
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(project)


@login_required
@require_POST
def project_advance(request, pk: int):
    project = _visible_project(request, pk)

    def action(data):
        services.project_advance(user=request.user, project=project, stage=data["stage"], on=data["on"],
                                 note=data["note"])
        messages.success(request, f"已转入“{project.get_stage_display()}”。")

    return _posted(request, project, StageForm(request.POST, project=project), action)


@login_required
@require_POST
def activity_new(request, pk: int):
    project = _visible_project(request, pk)

    def action(data):
        services.activity_add(user=request.user, project=project, **data)
        messages.success(request, "已记录跟进。")

    return _posted(request, project, ActivityForm(request.POST), action)


@login_required
@require_POST
def file_new(request, pk: int):
    project = _visible_project(request, pk)

    def action(data):
        services.file_attach(user=request.user, project=project, upload=data["file"], name=data["name"])
        messages.success(request, "附件已上传。")

    return _posted(request, project, FileForm(request.POST, request.FILES), action)


@login_required
def file_download(request, pk: int, file_id: int):
    """Attachments are served through the project's visibility rule, never from a public media URL."""
    project = _visible_project(request, pk)
    attachment = get_object_or_404(project.files, pk=file_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
