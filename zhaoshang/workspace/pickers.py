"""Search endpoints behind the pickers: a few options for what was typed, never the whole table."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Concat
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html

from zhaoshang.core.figures import format_amount
from zhaoshang.core.vocabulary import unit_words
from zhaoshang.currencies.amounts import parse_amount
from zhaoshang.industries.models import Industry
from zhaoshang.organizations.matching import organization_match
from zhaoshang.organizations.models import validate_credit_code
from zhaoshang.organizations.selectors import organizations_visible_to
from zhaoshang.projects.forms import project_owners_shown_to
from zhaoshang.regions.models import Region
from zhaoshang.workspace.labels import industry_label, organization_label, owner_label, region_label

OPTIONS_SHOWN = 20


def _options(request, queryset, label, note=lambda r: ""):
    q = request.GET.get("q", "").strip()
    found = list(queryset[:OPTIONS_SHOWN + 1]) if q else []
    return render(request, "workspace/options.html", {
        "q": q, "more": len(found) > OPTIONS_SHOWN,
        "options": [(r.pk, label(r), note(r)) for r in found[:OPTIONS_SHOWN]]})


def _words(request) -> str:
    return request.GET.get("q", "").strip()


@login_required
def industry_options(request):
    """汽车 finds every industry whose name has it; 367 finds the codes beneath 367."""
    q = _words(request)
    qs = Industry.objects.filter(Q(name__icontains=q) | Q(code__startswith=q.upper())).order_by("code")
    return _options(request, qs, industry_label, lambda i: i.get_level_display())


@login_required
def region_options(request):
    """嘉定 finds 嘉定区（上海市）; cities before counties, so 苏州 finds the city first."""
    q = _words(request)
    if len(q) > 2:
        q = q.removesuffix("市")  # 苏州市 finds 苏州市 and its counties, written 苏州 in their parents' names
    qs = (Region.objects.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__startswith=q))
          .select_related("parent").order_by("level", "code"))
    return _options(request, qs, region_label, lambda r: r.get_level_display())


@login_required
def organization_options(request):
    """Organisations the user may see, by name or credit code."""
    q = _words(request)
    qs = organizations_visible_to(request.user).filter(
        Q(name__icontains=q) | Q(credit_code__iexact=q)).select_related("region").order_by("name")
    return _options(request, qs, organization_label, lambda o: o.region.name if o.region_id else "")


@login_required
def owner_options(request):
    """Only people who may own a project and the user may know of (`project_owners_shown_to`)."""
    q = _words(request)
    qs = (project_owners_shown_to(request.user)
          .annotate(full_name=Concat("last_name", "first_name"))
          .filter(Q(full_name__icontains=q) | Q(username__icontains=q) | Q(team__name__icontains=q))
          .select_related("team").order_by("username"))
    return _options(request, qs, owner_label, lambda u: u.username)


@login_required
def amount_preview(request):
    """What an amount typed as people write it will be saved as, before saving."""
    text = request.GET.get("amount_text", "").strip()
    if not text:
        return HttpResponse("")
    try:
        amount, currency = parse_amount(text)
    except ValueError as exc:
        return HttpResponse(format_html('<span class="errorlist">{}</span>', str(exc)))
    words = unit_words().get(currency, currency)
    return HttpResponse(format_html("将保存为 <strong>{}</strong>（{} {}）", format_amount(amount, currency),
                                    f"{amount:,.2f}", words))


@login_required
def investor_match(request):
    """The stored organisation a new investor's name and credit code may be, shown as the officer types."""
    name = request.GET.get("new_investor_name", "").strip()
    code = request.GET.get("new_investor_credit_code", "").strip().upper()
    problem = ""
    if code:
        try:
            validate_credit_code(code)
        except ValidationError as exc:
            problem = exc.messages[0]
    match = organization_match(name, "" if problem else code) if (name or code) and not problem else None
    if match is not None and match.found and not organizations_visible_to(request.user).filter(
            pk=match.organization.pk).exists():
        match = None  # never name an organisation the user may not see
    return render(request, "workspace/investor_match.html", {"match": match, "problem": problem,
                                                              "searched": bool(name)})
