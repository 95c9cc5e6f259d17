"""The planner page (pick a shipment, see its Pareto routes side by side), the network list, GeoJSON."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from zhaoshang.accounts.permissions import (
    NETWORK_EDIT_DENIED,
    NETWORK_READ_DENIED,
    can_edit_network,
    can_read_network,
)
from zhaoshang.core.errors import UserError
from zhaoshang.core.figures import format_amount
from zhaoshang.logistics.forms import INVESTOR_DESTINATIONS, BatchForm, InvestorForm, RouteForm
from zhaoshang.logistics.importing import network_import
from zhaoshang.logistics.investor import IMPORT_TEU, bonded_saving, investor_rows
from zhaoshang.logistics.models import Link, Node
from zhaoshang.logistics.planner import MODES
from zhaoshang.logistics.selectors import network_current
from zhaoshang.logistics.services import (
    BATCH_MAX_ROWS,
    DEMO_SHIPMENTS,
    PICKS,
    max_changes_parse,
    route_plan,
    routes_batch,
)


def _reader(request) -> None:
    if not can_read_network(request.user):
        raise PermissionDenied(NETWORK_READ_DENIED)


def _plan(form: RouteForm):
    data = form.cleaned_data
    return route_plan(origin=data["origin"], destination=data["destination"], ready=data["ready"],
                      teu=data.get("teu") or None, tonnes=data.get("tonnes") or None,
                      customs_from=data["customs_from"], customs_to=data["customs_to"],
                      factors=data.get("factors") or None, max_changes=max_changes_parse(data.get("max_changes")))


def _default_ready() -> str:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    return f"{tomorrow:%Y-%m-%d}T08:00"


@login_required
def route_page(request):
    _reader(request)
    nodes = list(Node.objects.all())
    form = RouteForm(request.GET or None, nodes=nodes,
                     initial={"origin": "zone_park", "destination": "yangshan", "teu": 2, "ready": _default_ready()})
    plan, error, status = None, None, 200
    if form.is_bound and form.is_valid():
        try:
            plan = _plan(form)
        except UserError as exc:
            error, status = str(exc), 400
    elif form.is_bound:
        status = 400
    routes = [_card(route, plan) for route in plan.routes] if plan else []
    return render(request, "logistics/route.html", {
        "nav": "logistics", "form": form, "plan": plan, "routes": routes, "error": error,
        "query": request.GET.urlencode(), "map_data": _map(nodes, plan),
    }, status=status)


def _card(route, plan) -> dict:
    data = route.as_json(plan.network.nodes)
    names = {k: n.name for k, n in plan.network.nodes.items()}
    for leg in data["legs"]:
        leg["from_name"], leg["to_name"], leg["mode_name"] = names[leg["from"]], names[leg["to"]], MODES[leg["mode"]]
    data["cost_display"] = format_amount(route.cost)
    data["mark_names"] = [PICKS[m] for m in route.marks]
    return data


def _map(nodes, plan) -> dict:
    points = [{"name": n.name, "value": [float(n.lon), float(n.lat)]} for n in nodes]
    lines = []
    if plan:
        for index, route in enumerate(plan.routes):
            for leg in route.legs:
                a, b = plan.network.nodes[leg.link.origin], plan.network.nodes[leg.link.destination]
                lines.append({"route": index + 1, "mode": leg.link.mode, "coords": [[a.lon, a.lat], [b.lon, b.lat]]})
    return {"points": points, "lines": lines}


@login_required
def investor_page(request):
    """The investor's view: a site's three best routes to each destination picked, and the bonded saving."""
    _reader(request)
    nodes = list(Node.objects.all())
    keys = {n.key for n in nodes}
    form = InvestorForm(request.GET or None, nodes=nodes, initial={
        "site": "zone_park", "teu": 2, "ready": _default_ready(),
        "destinations": [k for k in INVESTOR_DESTINATIONS if k in keys]})
    rows, saving, error, status = [], None, None, 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            rows = [_investor_row(row) for row in investor_rows(
                site=data["site"], destinations=data["destinations"], ready=data["ready"], teu=data["teu"])]
            saving = _saving(site=data["site"], destinations=data["destinations"], ready=data["ready"], nodes=nodes)
        except UserError as exc:
            error, status = str(exc), 400
    elif form.is_bound:
        status = 400
    return render(request, "logistics/investor.html", {
        "nav": "logistics", "form": form, "rows": rows, "saving": saving, "error": error,
        "marks": list(PICKS.values())}, status=status)


def _investor_row(row) -> dict:
    cells = [{"mark": PICKS[mark], "cost": format_amount(route.cost),
              "hours": round(route.duration_minutes / 60, 1), "co2_kg": route.co2_g / 1000,
              "modes": " → ".join(MODES[m] for m in route.modes)} for mark, route in row.picks.items()]
    return {"name": row.node.name, "cells": cells, "error": row.error}


def _saving(*, site: str, destinations: list[str], ready, nodes):
    """The import flow lands at the first seaport picked, else the first seaport of the network."""
    ports = [n.key for n in nodes if n.kind == "seaport"]
    port = next((k for k in destinations if k in ports), ports[0] if ports else None)
    if port is None:
        return None
    found = bonded_saving(site=site, port=port, ready=ready)
    return {"port": found.port.name, "teu": IMPORT_TEU,
            "at_port_cost": format_amount(found.at_port.cost), "via_bonded_cost": format_amount(found.via_bonded.cost),
            "at_port_hours": round(found.at_port.duration_minutes / 60, 1),
            "via_bonded_hours": round(found.via_bonded.duration_minutes / 60, 1),
            "cost_saving": format_amount(found.cost_saving), "hours_saving": found.hours_saving,
            "explanation": found.explanation(format_amount)}


@login_required
def route_geojson(request):
    """One route of the page's plan (`route`, counted from 1) as a GeoJSON download."""
    _reader(request)
    form = RouteForm(request.GET or None, nodes=list(Node.objects.all()))
    if not form.is_valid():
        return JsonResponse({"detail": "请求参数有误：" + "；".join(m for ms in form.errors.values() for m in ms)},
                            status=400, json_dumps_params={"ensure_ascii": False})
    try:
        plan = _plan(form)
        index = int(request.GET.get("route", "1"))
        if not 1 <= index <= len(plan.routes):
            raise UserError(f"没有第 {request.GET.get('route')} 条路线（共 {len(plan.routes)} 条）。")
    except ValueError:
        return JsonResponse({"detail": "route 应为路线序号。"}, status=400, json_dumps_params={"ensure_ascii": False})
    except UserError as exc:
        return JsonResponse({"detail": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})
    body = json.dumps(plan.routes[index - 1].as_geojson(plan.network.nodes), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="route-{index}.geojson"'
    return response


@login_required
def network_page(request):
    _reader(request)
    return _network_render(request)


def _network_render(request, *, outcome=None, error: str = "", status: int = 200):
    return render(request, "logistics/network.html", {
        "nav": "logistics", "nodes": Node.objects.prefetch_related("handlings"),
        "links": Link.objects.select_related("origin", "destination").prefetch_related("departures"),
        "can_edit": can_edit_network(request.user), "outcome": outcome, "error": error}, status=status)


@login_required
@require_POST
def network_import_view(request):
    """The upload on the network page: the three tables' files at once, all or nothing."""
    _reader(request)
    if not can_edit_network(request.user):
        raise PermissionDenied(NETWORK_EDIT_DENIED)
    files = request.FILES.getlist("files")
    if not files:
        return _network_render(request, error="请选择要导入的文件（节点表、线路表、班期表，.xlsx 或 .csv）。",
                               status=400)
    outcome = network_import(files=[(f.name, f) for f in files], dry_run=bool(request.POST.get("dry_run")))
    return _network_render(request, outcome=outcome, status=200 if outcome.ok else 400)


@login_required
def batch_page(request):
    """A batch of shipments planned at once: the modal split as a Sankey diagram (origins → modes →
    destinations, in tonne-km) and the totals against an all-road baseline. GET ?demo=1 plans the demo's
    batch; a POST plans an uploaded or pasted CSV."""
    _reader(request)
    posted = request.method == "POST"
    form = BatchForm(request.POST, request.FILES) if posted else BatchForm(initial={"pick": request.GET.get("pick")})
    text, pick, demo = None, request.GET.get("pick", "cheapest"), not posted and request.GET.get("demo") == "1"
    if demo:
        text = DEMO_SHIPMENTS.read_text(encoding="utf-8")
    elif posted and form.is_valid():
        text, pick = form.cleaned_data["csv"], form.cleaned_data["pick"] or "cheapest"
    summary, error, status = None, "", 400 if posted and not form.is_valid() else 200
    if text is not None:
        network = network_current()
        try:
            batch = routes_batch(text=text, pick=pick if pick in PICKS else "cheapest", network=network,
                                 max_rows=BATCH_MAX_ROWS)
        except UserError as exc:
            error, status = str(exc), 400
        else:
            summary = {**batch.as_json(), "sankey": batch.sankey(network.nodes), "demo": demo}
            summary["total_cost"] = format_amount(Decimal(summary["total_cost"]))
            summary["all_road_cost"] = format_amount(Decimal(summary["all_road_cost"]))
            if not batch.picked:
                error, status = "批次中没有一票货物能规划出路线。", 400
    return render(request, "logistics/batch.html", {
        "nav": "logistics", "form": form, "summary": summary, "error": error, "max_rows": BATCH_MAX_ROWS,
        "split": _split_rows(summary) if summary else []}, status=status)


def _split_rows(summary: dict) -> list[dict]:
    return [{"mode": MODES[mode], "tonne_km": summary["modal_split_tonne_km"][mode], "share": share}
            for mode, share in summary["modal_split_share"].items()]
