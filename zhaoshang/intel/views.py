"""Pages: the document list with an upload form, and the review page of one document."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from zhaoshang.accounts.permissions import REVIEW_DENIED, can_review_extractions
from zhaoshang.accounts.requests import AuthenticatedHttpRequest
from zhaoshang.core.forms import form_errors
from zhaoshang.intel.forms import DocumentAddForm, accept_form, initial_data
from zhaoshang.intel.models import Document, ExtractedItem
from zhaoshang.intel.selectors import (
    can_read_intel,
    document_list,
    document_visible_to,
    highlighted_text,
    review_queue,
)
from zhaoshang.intel.services import IngestRejected, document_ingest, item_accept, item_reject
from zhaoshang.intel.tasks import document_extract_task
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.zones.models import Zone


def _reader(request: AuthenticatedHttpRequest) -> None:
    if not can_read_intel(request.user):
        raise PermissionDenied("合作园区/飞地人员不能查看资讯。")


@login_required
def documents(request: AuthenticatedHttpRequest) -> HttpResponse:
    _reader(request)
    zones = Zone.objects.all()
    form = DocumentAddForm(initial={"zone": zones.first()} if len(zones) == 1 else None)
    if request.method == "POST":
        form = DocumentAddForm(request.POST, request.FILES)
        if form.is_valid():
            document = _add(request, form)
            if document is not None:
                return redirect("intel:review", pk=document.pk)
    qs = document_list(user=request.user, q=request.GET.get("q", ""), status=request.GET.get("status", ""))
    return render(request, "intel/document_list.html",
                  {"nav": "intel", "documents": qs[:200], "form": form, "q": request.GET.get("q", ""),
                   "status": request.GET.get("status", "")})


def _add(request: AuthenticatedHttpRequest, form: DocumentAddForm) -> Document | None:
    data, upload = form.cleaned_data, form.cleaned_data.get("file")
    source = data["source"] or (upload.name if upload else "粘贴文本")
    try:
        if upload:
            document, created = document_ingest(raw_bytes=upload.read(), source=source, zone=data["zone"],
                                                user=request.user, title=data["title"])
        else:
            document, created = document_ingest(text=data["text"], source=source, zone=data["zone"],
                                                user=request.user, title=data["title"])
    except IngestRejected as exc:
        form.add_error("file" if upload else "text", f"无法读取：{exc}")
        return None
    if created or document.extracted_at is None:
        try:
            document_extract_task(document.pk)
        except Exception:  # recorded on the document by the task; the page shows it
            messages.error(request, "文档已保存，但抽取失败，请联系管理员。")
        else:
            messages.success(request, "文档已保存并完成抽取。" if created else "文档已存在，已重新抽取。")
    else:
        messages.info(request, "相同内容的文档已经存在，已打开原文档。")
    return document


@login_required
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    document = get_object_or_404(document_visible_to(request.user).select_related("zone", "added_by"), pk=pk)
    groups = review_queue(document)
    items = [item for group in groups for item in group.items]
    reviewer = can_review_extractions(request.user)
    for item in items:
        open_item = reviewer and item.status != ExtractedItem.Status.ACCEPTED
        item.form = accept_form(item, user=request.user) if open_item else None
        item.links = _record_links(request, item)
    return render(request, "intel/review.html", {
        "nav": "intel", "document": document, "groups": groups, "can_review": reviewer,
        "body": highlighted_text(document.text, items), "unlocated": [i for i in items if i.start is None]})


def _url(names: list[tuple[str, tuple]]) -> str | None:
    for name, args in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def _record_links(request: AuthenticatedHttpRequest, item: ExtractedItem) -> list[tuple[str, str | None]]:
    """(label, url or None) for each record the item created.

    A project the viewer may not see is left out altogether, as if the item had linked none: even an
    unnamed entry would tell that a hidden project exists.
    """
    links = []
    project = item.project
    if project is not None and project_visible_to(request.user).filter(pk=project.pk).exists():
        links.append((f"项目：{project}", _url([("projects:detail", (project.pk,)),
                                               ("admin:projects_project_change", (project.pk,))])))
    if item.organization is not None:
        org = item.organization
        links.append((f"机构：{org}", _url([("organizations:detail", (org.pk,)),
                                           ("admin:organizations_organization_change", (org.pk,))])))
    if item.observation is not None:
        obs = item.observation
        links.append((f"指标：{obs.indicator} {obs.on}：{obs.value.normalize():f}",
                      _url([("indicators:detail", (obs.indicator_id,)),
                            ("admin:indicators_observation_change", (obs.pk,))])))
    if item.region is not None:
        links.append((f"区划：{item.region}", None))
    return links


def _back(request: AuthenticatedHttpRequest, item: ExtractedItem, error: str = "", form=None) -> HttpResponse:
    if request.headers.get("HX-Request"):
        accepted = item.status == ExtractedItem.Status.ACCEPTED
        item.form = form if form is not None else (None if accepted else accept_form(item, user=request.user))
        item.links = _record_links(request, item)
        groups = review_queue(item.document)
        group = next(g for g in groups if g.kind == item.kind)
        return render(request, "intel/_item_response.html", {
            "item": item, "can_review": True, "error": error, "group": group,
            "body": highlighted_text(item.document.text, [i for g in groups for i in g.items])})
    if error:
        messages.error(request, f"{item.get_kind_display()}“{item.label}”：{error}")
    return redirect(reverse("intel:review", args=[item.document_id]) + f"#item-{item.pk}")


def _item_for_review(request: AuthenticatedHttpRequest, pk: int) -> ExtractedItem:
    _reader(request)
    item = get_object_or_404(ExtractedItem.objects.select_related("document__zone"), pk=pk,
                             document__in=document_visible_to(request.user))
    if not can_review_extractions(request.user):
        raise PermissionDenied(REVIEW_DENIED)
    return item


def _errors(form) -> str:
    return "；".join(form_errors(form))


@login_required
@require_POST
def accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item_for_review(request, pk)
    form = accept_form(item, request.POST, user=request.user)
    if not form.is_valid():
        return _back(request, item, _errors(form), form)
    try:
        item = item_accept(user=request.user, item=item, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        message = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _back(request, item, message, form)
    return _back(request, item)


@login_required
@require_POST
def reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _item_for_review(request, pk)
    try:
        item = item_reject(user=request.user, item=item)
    except ValidationError as exc:
        return _back(request, item, "；".join(exc.messages))
    return _back(request, item)


@login_required
@require_POST
def bulk(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Accept or reject the ticked items of a document as their forms show them, one message for all.

    An investment that may be a project or organisation on file is left for the reviewer to decide."""
    _reader(request)
    document = get_object_or_404(document_visible_to(request.user), pk=pk)
    if not can_review_extractions(request.user):
        raise PermissionDenied(REVIEW_DENIED)
    action = request.POST.get("action")
    if action not in ("accept", "reject"):
        return redirect("intel:review", pk=document.pk)
    ids = [int(i) for i in request.POST.getlist("items") if i.isdigit()]
    items = document.items.select_related("document__zone").filter(pk__in=ids,
                                                                   status=ExtractedItem.Status.PENDING)
    done, left = 0, []
    for item in items:
        error = _reject_one(request, item) if action == "reject" else _accept_as_shown(request, item)
        if error:
            left.append(f"{item.label}：{error}")
        else:
            done += 1
    verb = "采纳" if action == "accept" else "驳回"
    if done:
        messages.success(request, f"已{verb} {done} 条。")
    for line in left:
        messages.warning(request, f"未{verb}：{line}")
    return redirect("intel:review", pk=document.pk)


def _reject_one(request: AuthenticatedHttpRequest, item: ExtractedItem) -> str:
    try:
        item_reject(user=request.user, item=item)
    except ValidationError as exc:
        return "；".join(exc.messages)
    return ""


def _accept_as_shown(request: AuthenticatedHttpRequest, item: ExtractedItem) -> str:
    shown = accept_form(item, user=request.user)
    if getattr(shown, "needs_decision", False):
        return "系统中可能已有该项目或投资方，请逐条确认后采纳"
    form = accept_form(item, initial_data(shown), user=request.user)
    if not form.is_valid():
        return _errors(form)
    try:
        item_accept(user=request.user, item=item, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        return "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return ""
