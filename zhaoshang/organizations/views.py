"""企业画像: the organisations list and a page per organisation, for officers and analysts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from zhaoshang.accounts.masking import phone_for
from zhaoshang.core.figures import format_amount
from zhaoshang.core.history import history_entries
from zhaoshang.intel.models import Document
from zhaoshang.intel.selectors import document_visible_to
from zhaoshang.organizations.forms import OrganizationFilterForm
from zhaoshang.organizations.models import Organization
from zhaoshang.organizations.selectors import organization_list, organizations_visible_to
from zhaoshang.projects.selectors import project_visible_to

HISTORY_SHOWN = 50
DOCUMENTS_SHOWN = 30


@login_required
def organization_index(request):
    form = OrganizationFilterForm(request.GET or None)
    qs = organization_list(user=request.user, **form.filters()).order_by("name")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "organizations/list.html", {
        "nav": "organizations", "form": form, "page": page, "total": page.paginator.count,
        "query": query.urlencode()})


def former_names(organization: Organization) -> list[str]:
    """Names the organisation was stored under before, newest first, from its change history."""
    names = organization.history.order_by("-history_date").values_list("name", flat=True)
    return [n for n in dict.fromkeys(names) if n != organization.name]


def _documents(user, organization: Organization):
    """News that mention the organisation: items linked to it in review, or its name in the text."""
    mentions = Q(items__organization=organization) | Q(text__contains=organization.name)
    return document_visible_to(user, Document.objects.filter(mentions)).distinct().order_by("-published_on", "-id")


@login_required
def organization_detail(request, pk: int):
    organization = get_object_or_404(
        organizations_visible_to(request.user).select_related("region__parent", "industry"), pk=pk)
    projects = (project_visible_to(request.user).filter(investors=organization)
                .select_related("owner", "source_region").order_by("-id"))
    contacts = [(c, phone_for(request.user, c.phone)) for c in organization.contacts.order_by("name")]
    capital = (format_amount(organization.registered_capital, organization.capital_currency)
               if organization.registered_capital is not None else "")
    return render(request, "organizations/detail.html", {
        "nav": "organizations", "organization": organization, "former_names": former_names(organization),
        "capital": capital, "tags": organization.tags.all(), "contacts": contacts, "projects": projects,
        "documents": _documents(request.user, organization)[:DOCUMENTS_SHOWN],
        "history": history_entries(organization, limit=HISTORY_SHOWN)})
