"""招商图谱: ranked, explained targets for a chain's gaps, the weights form, and 转为线索; 链主型企业库."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhaoshang.accounts.permissions import TARGETS_READ_DENIED, can_create_project, can_read_universe
from zhaoshang.chains.models import Chain, Segment
from zhaoshang.core.errors import UserError
from zhaoshang.core.figures import format_amount
from zhaoshang.targets import services
from zhaoshang.targets.forms import WeightsForm
from zhaoshang.targets.scoring import PARTS

TOP_CHOICES = (20, 50, 100)


def _require_reader(user) -> None:
    if not can_read_universe(user):
        raise PermissionDenied(TARGETS_READ_DENIED)


def _chain(request) -> Chain | None:
    key = request.GET.get("chain") or request.POST.get("chain")
    chains = Chain.objects.order_by("order", "id")
    return chains.filter(key=key).first() if key else chains.first()


def _back(request) -> str:
    keep = {k: request.POST.get(k) or request.GET.get(k) for k in ("chain", "segment", "cities", "top")}
    query = urlencode({k: v for k, v in keep.items() if v})
    return f"{reverse('targets:list')}?{query}" if query else reverse("targets:list")


@login_required
def targets_index(request):
    _require_reader(request.user)
    chain = _chain(request)
    segment = None
    if chain is not None and request.GET.get("segment"):
        segment = chain.segments.filter(key=request.GET["segment"]).first()
    top = int(request.GET.get("top") or 50) if (request.GET.get("top") or "50").isdigit() else 50
    top = top if top in TOP_CHOICES else 50
    weights = services.weights_for(request.user)
    context = {"nav": "targets", "chains": Chain.objects.order_by("order", "id"), "chain": chain,
               "segment": segment, "cities": request.GET.get("cities", ""), "top": top,
               "top_choices": TOP_CHOICES, "form": WeightsForm(initial=weights), "parts": PARTS,
               "can_lead": can_create_project(request.user), "ranking": None, "error": ""}
    if chain is not None:
        context["segments"] = chain.segments.order_by("order", "id")
        try:
            cities = services.parse_cities(context["cities"])
            ranking = services.targets_rank(chain=chain, segment=segment, cities=cities, user=request.user, top=top)
            context["ranking"] = ranking
            context["rows"] = [(c, _capital(c)) for c in ranking.candidates]
        except UserError as exc:
            context["error"] = str(exc)
    return render(request, "targets/targets.html", context)


def _capital(c) -> str:
    if c.capital_amount is None:
        return ""
    return format_amount(c.capital_amount, c.capital_currency or "CNY")


@login_required
@require_POST
def targets_weights(request):
    _require_reader(request.user)
    form = WeightsForm(request.POST)
    if form.is_valid():
        services.weights_save(user=request.user, weights=form.weights())
        messages.success(request, "权重已保存，排序已按新权重重算。")
    else:
        messages.error(request, "权重应为 0 到 100 之间的数。")
    return redirect(_back(request))


@login_required
@require_POST
def targets_lead(request):
    _require_reader(request.user)
    if not can_create_project(request.user):
        raise PermissionDenied("只有招商专员和管理员可以把候选企业转为线索。")
    segment = get_object_or_404(Segment, pk=request.POST.get("segment_id") or 0)
    code = (request.POST.get("credit_code") or "").strip().upper()
    if existing := services.existing_project(segment=segment, credit_code=code):
        messages.info(request, f"该企业已在项目“{existing.name}”中，未重复创建。")
        return redirect(_back(request))
    try:
        candidate = services.candidate_for(segment=segment, credit_code=code, user=request.user)
        if candidate is None:
            messages.error(request, "该企业已不在候选名单中（已注销吊销、已在区内或已在项目储备库）。")
            return redirect(_back(request))
        result = services.target_lead_create(user=request.user, segment=segment, credit_code=code,
                                             summary=candidate.summary())
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect(_back(request))
    if result.created:
        messages.success(request, f"已转为线索：{result.project.name}（负责人 {request.user}）")
    else:
        messages.info(request, f"该企业已在项目“{result.project.name}”中，未重复创建。")
    return redirect(_back(request))


@login_required
def targets_leaders(request):
    _require_reader(request.user)
    chain = _chain(request)
    context = {"nav": "targets", "chains": Chain.objects.order_by("order", "id"), "chain": chain,
               "segments": [], "error": ""}
    if chain is not None:
        try:
            context["segments"] = [(entry, [(leader, _leader_capital(leader.row)) for leader in entry.leaders])
                                   for entry in services.chain_leaders(chain=chain, user=request.user)]
        except UserError as exc:
            context["error"] = str(exc)
    return render(request, "targets/leaders.html", context)


def _leader_capital(row: dict) -> str:
    if row["capital_amount"] is None:
        return ""
    return format_amount(row["capital_amount"], row["capital_currency"] or "CNY")
