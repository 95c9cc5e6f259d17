"""The bulletin's charts: ECharts options built from the records the reader may see, rendered to SVG by
ECharts' server-side renderer (`render.mjs`, Node with echarts from node_modules), and to PNG for Word.

A chart counts only what the reader may see (every bar is a small cell of its own, so the small-cell rule
of the figures would otherwise have to be applied bar by bar); its caption says so when something is left
out. Without Node or echarts the bulletin still comes out, each chart replaced by its data table.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

from zhaoshang.bulletin.model import Chart
from zhaoshang.core.disclosure import min_hidden
from zhaoshang.core.figures import YI

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
RENDERER = HERE / "render.mjs"
# The Yangtze River Delta outlines the cockpit's build step writes (npm echarts@4.9.0 under an alias); the
# bulletin draws its map only when they are there.
MAP_OUTLINES = HERE.parent / "static" / "vendor" / "maps" / "yrd.json"
FONT = "Noto Sans CJK SC"
RED, GREY, BLUE = "#c0392b", "#7f8c8d", "#2c5f8a"
RENDER_TIMEOUT = 60
CITIES_SHOWN = 8
OTHER = "其他城市"


def _base(title: str) -> dict:
    """What every chart shares; the title is the caption under it (图N　…), not drawn inside."""
    return {"textStyle": {"fontFamily": FONT, "fontSize": 13},
            "aria": {"enabled": True, "label": {"description": title}}}


def _yi(amount: Decimal) -> float:
    return float((amount / YI).quantize(Decimal("0.01")))


def _city(project) -> str:
    region = project.source_region
    return region.city.name if region is not None else "未知"


def _caption(what: str, hidden: int) -> str:
    return what + ("；只计入您有权查看的项目" if hidden else "") + "。"


def regions_chart(projects, amounts: dict[int, Decimal], hidden: int) -> Chart | None:
    if not projects:
        return None
    counts: Counter[str] = Counter(_city(p) for p in projects)
    money: dict[str, Decimal] = defaultdict(Decimal)
    yrd: dict[str, bool] = {}
    for p in projects:
        money[_city(p)] += amounts.get(p.pk, Decimal(0))
        yrd[_city(p)] = bool(p.source_region and p.source_region.is_yrd)
    cities = sorted(counts, key=lambda c: (-counts[c], -money[c], c))
    if len(cities) > CITIES_SHOWN:  # the long tail of one-project cities goes into one bar
        rest = cities[CITIES_SHOWN - 1:]
        cities = [*cities[:CITIES_SHOWN - 1], OTHER]
        counts[OTHER] = sum(counts[c] for c in rest)
        money[OTHER] = sum((money[c] for c in rest), Decimal(0))
        yrd[OTHER] = False
    option = _base("签约亿元以上项目来源城市") | {
        "grid": {"left": 80, "right": 40, "top": 16, "bottom": 30},
        "xAxis": {"type": "value", "minInterval": 1, "name": "个"},
        "yAxis": {"type": "category", "inverse": True, "data": cities},
        "series": [{"type": "bar", "barMaxWidth": 18, "label": {"show": True, "position": "right"},
                    "data": [{"value": counts[c], "itemStyle": {"color": RED if yrd[c] else GREY}} for c in cities]}],
    }
    rows = [[c, counts[c], _yi(money[c]), "—" if c == OTHER else "是" if yrd[c] else "否"] for c in cities]
    return Chart(0, "签约亿元以上项目来源城市", option, ["来源城市", "项目个数", "总投资（亿元）", "长三角"], rows,
                 _caption("红色为长三角城市，灰色为其他地区及项目较少的城市", hidden), height=50 + 24 * len(cities))


def monthly_chart(projects, amounts: dict[int, Decimal], period, hidden: int) -> Chart | None:
    if not projects:
        return None
    months = list(range(period.start.month, period.end.month + 1))
    counts: Counter[int] = Counter()
    money: dict[int, Decimal] = defaultdict(Decimal)
    for p in projects:
        month = p.signed_on.month
        counts[month] += 1
        money[month] += amounts.get(p.pk, Decimal(0))
    labels = [f"{m}月" for m in months]
    option = _base("各月签约亿元以上项目") | {
        "legend": {"bottom": 0, "data": ["总投资（亿元）", "项目个数"], "textStyle": {"fontFamily": FONT}},
        "grid": {"left": 56, "right": 48, "top": 36, "bottom": 56},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": [{"type": "value", "name": "亿元"}, {"type": "value", "name": "个", "minInterval": 1}],
        "series": [
            {"name": "总投资（亿元）", "type": "bar", "barMaxWidth": 26, "itemStyle": {"color": RED},
             "data": [_yi(money[m]) for m in months]},
            {"name": "项目个数", "type": "line", "yAxisIndex": 1, "itemStyle": {"color": BLUE},
             "label": {"show": True, "position": "top", "color": BLUE}, "data": [counts[m] for m in months]},
        ],
    }
    rows = [[label, counts[m], _yi(money[m])] for label, m in zip(labels, months, strict=True)]
    return Chart(0, "各月签约亿元以上项目", option, ["月份", "项目个数", "总投资（亿元）"], rows,
                 _caption("按签约日期所在月份统计", hidden))


def funnel_chart(stages: list[tuple[str, int]], hidden: bool) -> Chart | None:
    if not stages or not any(n for _, n in stages):
        return None
    option = _base("项目阶段漏斗（累计到达）") | {
        "series": [{"type": "funnel", "sort": "none", "top": 10, "bottom": 10, "left": "15%", "width": "70%",
                    "label": {"position": "inside", "formatter": "{b}：{c}", "color": "#fff", "fontFamily": FONT},
                    "data": [{"name": name, "value": n} for name, n in stages]}],
        "color": ["#7b241c", "#922b21", "#a93226", "#c0392b", "#cd6155", "#d98880"],
    }
    caption = "到达过某阶段或其后阶段的项目都计入该层"
    caption += f"；涉及保密项目不足 {min_hidden()} 个的阶段只计入您有权查看的项目" if hidden else ""
    return Chart(0, "项目阶段漏斗（累计到达）", option, ["阶段", "累计到达的项目个数"], [list(s) for s in stages],
                 caption + "。", height=220)


def map_chart(projects, amounts: dict[int, Decimal], zone, hidden: int) -> Chart | None:
    """Source cities on the Yangtze River Delta outlines, sized by signed investment, with flow lines to the
    zone (the 迁徙图 of Chinese dashboards). Drawn only when the cockpit's map outlines are built
    (MAP_OUTLINES); without them the bulletin has no map and the region bars carry the same figures."""
    if not projects or not MAP_OUTLINES.is_file() or zone.region is None or zone.region.lng is None:
        return None
    money: dict[str, Decimal] = defaultdict(Decimal)
    places: dict[str, tuple[float, float]] = {}
    for p in projects:
        city = p.source_region.city if p.source_region else None
        if city is None or city.lng is None or not city.is_yrd:
            continue
        money[city.name] += amounts.get(p.pk, Decimal(0))
        places[city.name] = (city.lng, city.lat)
    if not places:
        return None
    home = [zone.region.lng, zone.region.lat]
    biggest = max(money.values()) or Decimal(1)
    points = [{"name": n, "value": [*places[n], _yi(money[n])],
               "symbolSize": float(8 + 22 * money[n] / biggest)} for n in places]
    option = _base("长三角来源城市与签约投资（示意图）") | {
        "geo": {"map": "yrd", "roam": False, "top": 10, "bottom": 10,
                "itemStyle": {"areaColor": "#f4f1ea", "borderColor": "#b9b2a3"}},
        "series": [
            {"type": "lines", "coordinateSystem": "geo", "lineStyle": {"color": RED, "width": 1, "curveness": 0.2},
             "data": [{"coords": [list(places[n]), home]} for n in places]},
            {"type": "scatter", "coordinateSystem": "geo", "itemStyle": {"color": RED},
             "label": {"show": True, "formatter": "{b}", "position": "right", "color": "#333", "fontFamily": FONT},
             "data": points},
        ],
    }
    chart = Chart(0, "长三角来源城市与签约投资（示意图）", option, ["来源城市", "总投资（亿元）"],
                  [[n, _yi(money[n])] for n in places],
                  _caption("示意图：省市界线取自 ECharts 4.9.0 地图数据（约 2016 年），点的大小表示签约总投资", hidden),
                  width=640, height=360)
    chart.maps = {"yrd": str(MAP_OUTLINES)}
    return chart


def _funnel_stages(c) -> tuple[list[tuple[str, int]], bool]:
    from zhaoshang.bulletin.reading import FULL, SUPPRESSED
    from zhaoshang.projects.models import PIPELINE, Stage

    counts, visible_only = [], False
    for stage in PIPELINE:
        stated = c.stated(f"projects_in_stage_{stage}")
        if stated is None or stated.mode == SUPPRESSED or stated.value is None:
            return [], False
        visible_only |= stated.mode != FULL
        counts.append(int(stated.value))
    return [(Stage(s).label, sum(counts[i:])) for i, s in enumerate(PIPELINE)], visible_only


def bulletin_charts(c) -> dict[str, Chart]:
    """The charts of the bulletin by name, numbered 图1… in the order the text meets them."""
    projects, hidden = c.visible_signed(), c.signed_hidden()
    stages, stages_hidden = _funnel_stages(c)
    made = {"map": map_chart(projects, c.amounts, c.zone, hidden),
            "regions": regions_chart(projects, c.amounts, hidden),
            "monthly": monthly_chart(projects, c.amounts, c.period, hidden),
            "funnel": funnel_chart(stages, stages_hidden)}
    charts = {name: chart for name, chart in made.items() if chart is not None}
    for number, chart in enumerate(charts.values(), start=1):
        chart.number = number
    return charts


def charts_render(charts: list[Chart]) -> None:
    """Each chart's SVG, by one Node process; charts stay without SVG (shown as tables) if Node fails."""
    node = shutil.which("node")
    if not charts or node is None:
        if charts:
            logger.warning("bulletin charts not rendered: node not found")
        return
    payload = [{"option": c.option, "width": c.width, "height": c.height, "maps": c.maps}
               for c in charts]
    try:
        done = subprocess.run([node, str(RENDERER)], input=json.dumps(payload, ensure_ascii=False), text=True,
                              capture_output=True, timeout=RENDER_TIMEOUT, cwd=HERE, check=True)
        svgs = json.loads(done.stdout)
    except (subprocess.SubprocessError, json.JSONDecodeError, OSError) as exc:
        logger.warning("bulletin charts not rendered: %s", getattr(exc, "stderr", "") or exc)
        return
    for chart, svg in zip(charts, svgs, strict=True):
        chart.svg = svg


def chart_png(chart: Chart, scale: float = 2.5) -> bytes:
    """The chart as PNG for Word (cairosvg, fonts through fontconfig); empty without its SVG."""
    if not chart.svg:
        return b""
    if not chart.png:
        import cairosvg

        chart.png = cairosvg.svg2png(bytestring=chart.svg.encode("utf-8"), scale=scale, background_color="white")
    return chart.png
