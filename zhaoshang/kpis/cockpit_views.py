"""The cockpit's htmx panel, its 大屏 (wall) mode, its tables as Excel, and the yearly targets page."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhaoshang.accounts.permissions import TARGETS_DENIED, can_read_targets, can_set_targets
from zhaoshang.core.figures import format_figure
from zhaoshang.core.text_input import spreadsheet_cell
from zhaoshang.kpis.cockpit import comparison_display
from zhaoshang.kpis.rankings import RANKINGS
from zhaoshang.kpis.selectors import kpi_scope
from zhaoshang.kpis.targets import kpi_target_import, kpi_target_set, parse_target, targetables, targets_for
from zhaoshang.kpis.views import cockpit_context

WALL_REFRESH_SECONDS = 120


@login_required
def cockpit_panel(request):
    """The part of the cockpit the filters change, for htmx to swap in without reloading the page."""
    context = cockpit_context(request)
    context["wall"] = request.GET.get("mode") == "wall"
    response = render(request, "kpis/_cockpit_panel.html", context)
    query = request.GET.copy()
    query.pop("mode", None)
    page = reverse("cockpit_wall") if context["wall"] else reverse("cockpit")
    response["HX-Push-Url"] = f"{page}?{query.urlencode()}"  # the address bar names what is shown
    return response


@login_required
def cockpit_wall(request):
    """大屏: the cockpit for the command centre's 1920×1080 wall, dark, refreshing itself."""
    context = cockpit_context(request)
    context.update(wall=True, refresh_seconds=WALL_REFRESH_SECONDS)
    return render(request, "kpis/wall.html", context)


def _table(context: dict, name: str) -> tuple[str, list[str], list[list]]:
    if name == "kpis":
        headers = ["指标", "数值", "年度目标", "完成率", "同比", "环比", "记录数"]
        rows = []
        for card in [*context["cards"], *context["environment_cards"]]:
            compared = {c.label: comparison_display(c, card.value.unit) for c in card.comparisons}
            rows.append([card.value.label, format_figure(card.value.value, card.value.unit), card.target_display,
                         card.completion_display, compared.get("同比", ""), compared.get("环比", ""),
                         len(card.value.record_ids) + card.value.hidden_count])
        return "核心指标", headers, rows
    ranked = {key: rows for key, _, rows in context["rankings"]}
    if name in ranked:
        headers = [RANKINGS[name][0].removeprefix("按"), "在库项目", "期间签约", "签约总投资", "转化率"]
        rows = [[r.name, r.projects, r.signed, format_figure(r.investment, "CNY"),
                 format_figure(r.conversion, "ratio")] for r in ranked[name]]
        return f"排行{RANKINGS[name][0]}", headers, rows
    if name == "pipeline":
        return "阶段转化与停留时间", ["指标", "数值", "说明"], [
            [v.label, format_figure(v.value, v.unit), v.description] for v in context["pipeline"]]
    raise Http404(f"没有这张表：{name}")


@login_required
def cockpit_export(request, table: str):
    """One of the cockpit's tables as an Excel file, for the same zone, period and filters."""
    from openpyxl import Workbook

    context = cockpit_context(request)
    title, headers, rows = _table(context, table)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([f"{context['zone'].name} · {context['period'].label} · {title}"
                  + ("（示例数据）" if context["zone"].is_demo else "")])
    sheet.append(headers)
    for row in rows:
        sheet.append([spreadsheet_cell(c) for c in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{title}-{context['period'].label}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _scope(request):
    from zhaoshang.core.errors import UserError

    try:
        return kpi_scope(request.GET.get("zone") or request.POST.get("zone"),
                         request.GET.get("year") or request.POST.get("year"))
    except UserError as exc:
        raise Http404(str(exc)) from None


@login_required
def kpi_targets(request):
    """The year's targets per KPI and indicator series; administrators and leaders enter them here."""
    if not can_read_targets(request.user):
        raise PermissionDenied(TARGETS_DENIED)
    zone, year = _scope(request)
    if request.method == "POST":
        return _targets_save(request, zone, year)
    stored = targets_for(zone, year)
    rows = [(t, stored.get(t.key), format_figure(stored[t.key], t.unit) if t.key in stored else "")
            for t in targetables(zone)]
    return render(request, "kpis/targets.html", {
        "nav": "cockpit", "zone": zone, "year": year, "rows": rows, "years": range(year - 2, year + 3),
        "can_set": can_set_targets(request.user)})


def _targets_save(request, zone, year):
    if not can_set_targets(request.user):
        raise PermissionDenied(TARGETS_DENIED)
    problems, saved = [], 0
    for item in targetables(zone):
        written = request.POST.get(f"target-{item.key}", "").strip()
        if not written:
            continue
        try:
            value = parse_target(written, item.unit)
        except ValueError as exc:
            problems.append(f"{item.label}：{exc}")
            continue
        kpi_target_set(user=request.user, zone=zone, key=item.key, year=year, value=value)
        saved += 1
    for problem in problems:
        messages.error(request, problem)
    if saved:
        messages.success(request, f"已保存 {year} 年 {saved} 项目标。")
    return redirect(f"{reverse('kpi_targets')}?year={year}")


@login_required
@require_POST
def kpi_targets_import(request):
    """A sheet of targets (指标, 年度, 目标值), all rows or none, each problem named by row and column."""
    if not can_set_targets(request.user):
        raise PermissionDenied(TARGETS_DENIED)
    zone, year = _scope(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 .xlsx 或 .csv 文件。")
        return redirect(f"{reverse('kpi_targets')}?year={year}")
    result = kpi_target_import(user=request.user, zone=zone, file=upload, filename=upload.name)
    if result.ok:
        messages.success(request, result.summary)
    else:
        messages.error(request, f"{upload.name}：未导入任何数据，请改正以下问题后重新导入。")
        for problem in result.problems[:50]:
            messages.error(request, str(problem))
    return redirect(f"{reverse('kpi_targets')}?year={year}")
