"""产业链: the chain list, a chain's map with its gaps and its key-project library, a segment's page with
its history, and the editors' add, edit, import and export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhaoshang.accounts.permissions import CHAINS_EDIT_DENIED, CHAINS_READ_DENIED, can_edit_chains, can_read_chains
from zhaoshang.chains.conversion import STALLED_DAYS, funnel
from zhaoshang.chains.coverage import GAP_CODES, GAP_EXTEND, GAP_FILL, GAP_HELP, GAP_STRENGTHEN, chain_coverage
from zhaoshang.chains.fields import format_codes
from zhaoshang.chains.forms import SegmentForm
from zhaoshang.chains.importers import chain_export_xlsx, chain_import
from zhaoshang.chains.models import Chain
from zhaoshang.chains.presenting import chart_data, funnel_rows, segment_rows
from zhaoshang.chains.selectors import chains_visible_to
from zhaoshang.core.errors import UserError
from zhaoshang.core.history import history_entries
from zhaoshang.kpis.selectors import kpi_scope
from zhaoshang.projects.models import PIPELINE, Stage
from zhaoshang.projects.selectors import project_visible_to

HISTORY_SHOWN = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reader(request) -> None:
    if not can_read_chains(request.user):
        raise PermissionDenied(CHAINS_READ_DENIED)


def _editor(request) -> None:
    _reader(request)
    if not can_edit_chains(request.user):
        raise PermissionDenied(CHAINS_EDIT_DENIED)


def _chain(request, key: str) -> Chain:
    return get_object_or_404(chains_visible_to(request.user), key=key)


def _scope(request):
    """The zone and the year the library is read for (the cockpit's rule); (None, None) without a zone."""
    try:
        return kpi_scope(request.GET.get("zone"), request.GET.get("year"))
    except UserError as exc:
        messages.error(request, str(exc))
        return None, None


@login_required
def chain_list(request, *, outcome=None, status: int = 200):
    _reader(request)
    zone, year = _scope(request)
    as_of = min(dt.date(year, 12, 31), dt.date.today()) if year is not None else None
    rows = []
    for chain in chains_visible_to(request.user).prefetch_related("segments"):
        gaps = {"fill": 0, "strengthen": 0, "extend": 0}
        row: dict = {"chain": chain, "segments": len(chain.segments.all()), "gaps": gaps}
        if zone is not None and as_of is not None:
            for entry in chain_coverage(chain=chain, user=request.user, zone=zone, with_candidates=False):
                if entry.gap:
                    gaps[GAP_CODES[entry.gap]] += 1
            projects = project_visible_to(request.user).filter(zone=zone, segment__chain=chain)
            row["funnel"] = funnel_rows(funnel(projects, as_of=as_of))["total"]
        rows.append(row)
    return render(request, "chains/list.html", {
        "nav": "chains", "rows": rows, "zone": zone, "as_of": as_of, "can_edit": can_edit_chains(request.user),
        "outcome": outcome, "gap_help": GAP_HELP}, status=status)


@login_required
def chain_detail(request, key: str):
    _reader(request)
    chain = _chain(request, key)
    zone, year = _scope(request)
    coverage = chain_coverage(chain=chain, user=request.user, zone=zone) if zone is not None else []
    context = {"nav": "chains", "chain": chain, "zone": zone, "year": year, "coverage": segment_rows(coverage),
               "can_edit": can_edit_chains(request.user), "gap_help": GAP_HELP,
               "gaps": [(g, GAP_HELP[g], [e for e in segment_rows(coverage) if e["gap"] == g])
                        for g in (GAP_FILL, GAP_STRENGTHEN, GAP_EXTEND)],
               "chart": chart_data(chain, coverage), "stalled_days": STALLED_DAYS}
    if zone is not None and year is not None:
        as_of = min(dt.date(year, 12, 31), dt.date.today())
        projects = (project_visible_to(request.user).filter(zone=zone, segment__chain=chain)
                    .select_related("segment", "owner"))
        result = funnel(projects, as_of=as_of)
        context.update(funnel=result, funnel_rows=funnel_rows(result),
                       stages=[(s, Stage(s).label) for s in PIPELINE])
    return render(request, "chains/detail.html", context)


@login_required
def segment_detail(request, key: str, segment: str):
    """A segment's page: its mapping, local firms and projects, its history; editors change it here."""
    _reader(request)
    chain = _chain(request, key)
    found = get_object_or_404(chain.segments.select_related("parent"), key=segment)
    form = None
    if request.method == "POST":
        _editor(request)
        form = SegmentForm(request.POST, chain=chain, segment=found)
        if form.is_valid():
            try:
                from zhaoshang.chains.services import segment_update

                segment_update(user=request.user, segment=found, reason=form.cleaned_data["reason"],
                               **form.values())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"已保存环节“{found.name}”。")
                return redirect("chains:segment", key=chain.key, segment=found.key)
    elif can_edit_chains(request.user):
        form = SegmentForm(chain=chain, segment=found)
    zone, _ = _scope(request)
    entry = None
    if zone is not None:
        entry = next((e for e in segment_rows(chain_coverage(chain=chain, user=request.user, zone=zone))
                      if e["segment"].pk == found.pk), None)
    return render(request, "chains/segment.html", {
        "nav": "chains", "chain": chain, "segment": found, "entry": entry, "form": form,
        "codes": format_codes(found.industry_codes), "history": history_entries(found, limit=HISTORY_SHOWN)},
        status=400 if form is not None and form.errors else 200)


@login_required
def segment_new(request, key: str):
    _editor(request)
    chain = _chain(request, key)
    initial = {"parent": request.GET.get("parent") or None}
    form = SegmentForm(request.POST or None, chain=chain, initial=initial)
    if request.method == "POST" and form.is_valid():
        from zhaoshang.chains.services import segment_create

        try:
            created = segment_create(user=request.user, chain=chain, reason=form.cleaned_data["reason"],
                                     **form.values())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已新增环节“{created.name}”。")
            return redirect("chains:segment", key=chain.key, segment=created.key)
    return render(request, "chains/segment_new.html", {"nav": "chains", "chain": chain, "form": form},
                  status=400 if form.errors else 200)


@login_required
def chain_export(request, key: str):
    _reader(request)
    chain = _chain(request, key)
    response = HttpResponse(chain_export_xlsx(chain), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="chain-{chain.key}.xlsx"'
    return response


@login_required
@require_POST
def chain_import_view(request):
    _editor(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的产业链表格（.xlsx 或 .csv）。")
        return chain_list(request, status=400)
    outcome = chain_import(user=request.user, file=upload, filename=upload.name,
                           dry_run=bool(request.POST.get("dry_run")))
    return chain_list(request, outcome=outcome, status=200 if outcome.ok else 400)

