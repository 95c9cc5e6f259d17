"""Building a zone's bulletin (简报) from the KPI evaluation, as one reader may see it.

The paragraphs follow the seed report's grouping (regional cooperation, project attraction, strategic
platforms, business environment) and its register ("今年以来，新区共签约亿元以上项目33个，总投资441.38亿元，
其中有7成以上项目来自长三角地区。"). Every figure comes from `kpis.services.kpi_evaluate` and is footnoted with
its definition and the date of its data; a sentence whose figure is missing or may not be stated is left
out. Which figure a reader may be told is `reading.figure_stated` (the small-cell rule).

A quarter or a month after the first is written as the seed writes: 今年以来 (1 January to the period's end)
leads every figure, and each figure that the period's own records make (signings, cases, research projects,
their shares and medians; `OWN`) adds the period's own figure: "今年以来（1—9月）…13个…。第三季度，…7个…".
Figures as of the period's end (residents, carriers, pipeline) are the same for both and stated once. The
charts and the project table cover 今年以来. Completion against the yearly target is read as the cockpit reads
it: against 今年以来 for a count or an amount, against the period's own figure for a share or a median.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from zhaoshang.bulletin import reading, wording
from zhaoshang.bulletin.model import Bulletin, Figure, Paragraph, Section, Span, Table
from zhaoshang.bulletin.targets import kpi_targets
from zhaoshang.core.disclosure import min_hidden, must_suppress
from zhaoshang.kpis.comparisons import ADDITIVE_UNITS
from zhaoshang.kpis.targets import completion
from zhaoshang.zones.services import BASES

# How each KPI is written in prose: a style and its measure word.
STYLES: dict[str, tuple[str, str]] = {
    "signed_projects_over_100m": ("count", "个"),
    "signed_investment_total_cny": ("yi", ""),
    "signed_yrd_share": ("cheng", ""),
    "enclave_resident_projects": ("count", "个"),
    "enclave_resident_teams": ("count", "个"),
    "enclave_talents": ("rounded", "名"),
    "enclave_college_share": ("percent", ""),
    "innovation_carriers_introduced": ("count", "个"),
    "joint_research_projects": ("count", "项"),
    "leading_talent_teams": ("count", "个"),
    "graduates_introduced": ("count", "人"),
    "online_service_cases": ("count", "件"),
    "g60_cases": ("count", "件"),
    "cases_on_time_share": ("percent", ""),
    "case_median_working_days": ("days", "个工作日"),
    "projects_overdue_approvals": ("count", "个"),
    "water_sections_on_target_share": ("percent", ""),
    "signed_not_landed": ("count", "个"),
    "conversion_negotiating_to_signed": ("percent", ""),
    "conversion_signed_to_registered": ("percent", ""),
}
# A ratio that carries no base of its own is a share of this KPI's records.
RATIO_BASES = {"signed_yrd_share": "signed_projects_over_100m", "enclave_college_share": "enclave_talents"}
SIGNED, TOTAL = "signed_projects_over_100m", "signed_investment_total_cny"
# Figures a quarter's or a month's own records make, stated for the period beside 今年以来; every other
# figure is as of the period's end (or for its year) and the same for both.
OWN = frozenset({SIGNED, TOTAL, "signed_yrd_share", "joint_research_projects", "online_service_cases", "g60_cases",
                 "cases_on_time_share", "case_median_working_days", "water_sections_on_target_share"})
YRD_PROVINCES = ("上海市", "江苏省", "浙江省", "安徽省")
RECORD_NOTES_SHOWN = 5
# A figure's per-record notes go into its footnote while there are at most RECORD_NOTES_SHOWN; a note longer
# than LONG_NOTE (a list of medians by item) stays in the drill-down.
LONG_NOTE = 160


def write(style: str, measure: str, value) -> str:
    """A value in the bulletin's prose style."""
    if style == "yi":
        return wording.yi(value)
    if style == "cheng":
        return wording.cheng(value)
    if style == "percent":
        return wording.percent(value)
    if style == "rounded":
        return wording.rounded_count(value, measure)
    if style == "days":
        return f"{Decimal(str(value)).normalize():f}{measure}"
    return wording.count(value, measure)


def _target_text(style: str, measure: str, target: Decimal) -> str:
    if style == "cheng":
        return wording.percent(target)
    if style in ("rounded", "count"):
        return wording.count(target, measure)
    return write(style, measure, target)


class _Composer:
    """The state of one bulletin being written: the values, footnotes and figures stated so far."""

    def __init__(self, *, values, zone, period: wording.BulletinPeriod, data_date: dt.date, targets, viewer,
                 own=None, own_period: wording.BulletinPeriod | None = None):
        self.values = {v.key: v for v in values}
        # A later quarter or month: `period` is 今年以来 and `own` the period's own values.
        self.own = {v.key: v for v in own or ()}
        self.own_period = own_period
        self.zone, self.period, self.data_date, self.targets, self.viewer = zone, period, data_date, targets, viewer
        self.footnotes: list[str] = []
        self.note_of: dict[str, int] = {}
        self.figures: list[Figure] = []
        self.modes: set[str] = set()
        self.amounts = self._amounts()

    # Figures -------------------------------------------------------------------------------------------
    def _amounts(self) -> dict[int, Decimal]:
        """CNY of each visible signed project: its share on the basis, or (full basis) its converted amount."""
        total = self.values.get(TOTAL)
        if total is None:
            return {}
        if total.record_figures:
            return {i: Decimal(total.record_figures[i]) for i in total.record_ids if i in total.record_figures}
        from zhaoshang.currencies.money import to_cny
        from zhaoshang.projects.models import Project

        found = {}
        for project in Project.objects.filter(pk__in=total.record_ids).prefetch_related("stage_changes"):
            if project.amount is not None and project.signed_on is not None:
                found[project.pk] = to_cny(project.amount, project.currency, project.signed_on).cny
        return found

    def stated(self, key: str) -> reading.Stated | None:
        value = self.values.get(key)
        if value is None:
            return None
        return reading.figure_stated(value, base=self.values.get(RATIO_BASES.get(key, "")))

    def stated_own(self, key: str) -> reading.Stated | None:
        """The period's own figure, as it may be stated beside 今年以来 (reading.nested_stated)."""
        value = self.own.get(key) if key in OWN else None
        if value is None:
            return None
        base = self.own.get(RATIO_BASES.get(key, ""))
        inner, outer = reading.figure_stated(value, base=base), self.stated(key)
        return inner if outer is None else reading.nested_stated(outer, inner, value, base=base)

    def _target_on_own(self, key: str) -> bool:
        """Whether the target is read against the period's own figure (a share or a median of a later quarter
        or month) rather than 今年以来 (as the cockpit reads it, kpis.cockpit.cards_for)."""
        return bool(self.own) and key in OWN and self.values[key].unit not in ADDITIVE_UNITS

    def fig(self, key: str) -> Span | None:
        """The figure (今年以来 in a later quarter or month) as a span with its footnote, its completion against
        the yearly target after it in brackets; None when the KPI is missing or may not be stated."""
        return _bracketed(self._span(key, self.stated(key), self.values, self.period,
                                     with_target=key in self.values and not self._target_on_own(key)))

    def fig_own(self, key: str) -> Span | None:
        """The period's own figure in a later quarter or month, or None (no such period, or not stated)."""
        if not self.own or self.own_period is None:
            return None
        return _bracketed(self._span(key, self.stated_own(key), self.own, self.own_period,
                                     with_target=key in self.own and self._target_on_own(key)))

    def figs(self, key: str, *, share: bool = False) -> list[Span] | None:
        """A 今年以来 figure with the period's own in the brackets of its completion:
        740件（其中第三季度298件；年度目标1000件，完成74.00%）, or for a share or a median
        98.15%（第三季度为97.94%，年度目标98%，完成99.94%）. In a year's or a first quarter's bulletin, as fig()."""
        found = self._span(key, self.stated(key), self.values, self.period,
                           with_target=key in self.values and not self._target_on_own(key))
        if found is None:
            return None
        span, done = found
        own = None
        if self.own and self.own_period is not None:
            own = self._span(key, self.stated_own(key), self.own, self.own_period,
                             with_target=key in self.own and self._target_on_own(key))
        if own is None or self.own_period is None:
            return [span, *([Span(f"（{done}）")] if done else [])]
        own_span, own_done = own
        if share:  # the target is read against the period's own share or median
            closing = f"，{own_done}）" if own_done else "）"
            return [span, Span(f"（{self.own_period.opening}为"), own_span, Span(closing)]
        return [span, Span(f"（其中{self.own_period.opening}"), own_span, Span(f"；{done}）" if done else "）")]

    def _span(self, key: str, stated: reading.Stated | None, values: dict, period: wording.BulletinPeriod,
              *, with_target: bool) -> tuple[Span, str] | None:
        """The figure's span (its footnote numbered) and its completion against the target ('' without one)."""
        if stated is None:
            return None
        self.modes.add(stated.mode)
        if stated.mode == reading.SUPPRESSED or stated.value is None:
            return None
        value = values[key]
        style, measure = STYLES.get(key, ("count", ""))
        text = write(style, measure, stated.value)
        target = self.targets.get(key) if with_target else None
        done = ""
        if target:
            rate = completion(stated.value, target, value.unit)
            done = wording.completion(rate, _target_text(style, measure, target)) if rate is not None else ""
        note = self._note(key, stated, target, value, period)
        if not any(f.key == key and f.period == period.label for f in self.figures):
            self.figures.append(Figure(key=key, label=value.label, text=text + (f"（{done}）" if done else ""),
                                       value=stated.value, unit=value.unit, mode=stated.mode, records=stated.records,
                                       description=value.description, data_date=self.data_date, target=target,
                                       note=note, period=period.label))
        return Span(text, note), done

    def zero(self, key: str) -> bool:
        """Whether the figure the reader would be told is nought (its sentence then reads otherwise)."""
        stated = self.stated(key)
        return stated is not None and stated.mode != reading.SUPPRESSED and stated.value == 0

    def zero_own(self, key: str) -> bool:
        stated = self.stated_own(key)
        return stated is not None and stated.mode != reading.SUPPRESSED and stated.value == 0

    def _note(self, key: str, stated: reading.Stated, target, value, period: wording.BulletinPeriod) -> int:
        note_key = f"{period.label}:{key}"
        if note_key in self.note_of:
            return self.note_of[note_key]
        named = f"{value.label}（{period.label}）" if self.own else value.label
        parts = [f"{named}：{value.description.rstrip('。')}。"]
        if stated.mode == reading.FULL:
            parts += [f"{n.rstrip('。')}。" for n in value.notes if len(n) <= LONG_NOTE]
            if stated.hidden:
                parts.append(f"其中 {stated.hidden} 条记录您无权查看，只计入合计、不列明细。")
        else:
            parts.append(f"按您有权查看的记录计算：涉及保密项目的记录不足 {min_hidden()} 条，未计入，"
                         "以免由合计推算出单个保密项目。")
        shown_notes = [value.record_notes[i] for i in value.record_ids if i in value.record_notes]
        if 0 < len(shown_notes) <= RECORD_NOTES_SHOWN:
            parts += [f"{n.rstrip('。')}。" for n in shown_notes]
        if target:
            parts.append(f"年度目标 {_target_text(*STYLES.get(key, ('count', '')), target)}。")
        parts.append(f"数据截至{wording.chinese_date(self.data_date)}，依据 {stated.records} 条记录。")
        return self.note("".join(parts), key=note_key)

    def note(self, text: str, *, key: str | None = None) -> int:
        self.footnotes.append(text)
        number = len(self.footnotes)
        if key is not None:
            self.note_of[key] = number
        return number

    # Records the reader may see ------------------------------------------------------------------------
    def visible_signed(self) -> list:
        """The signed projects behind the headline figures that the reader may see, in id order."""
        from zhaoshang.kpis.records import record_spec
        from zhaoshang.projects.models import Project

        value = self.values.get(SIGNED)
        if value is None:
            return []
        spec = record_spec("projects.Project")
        if self.viewer is not None:
            return list(spec.records(self.viewer, value.record_ids))
        return list(Project.objects.filter(pk__in=value.record_ids).select_related(*spec.select_related)
                    .prefetch_related(*spec.prefetch_related).order_by("pk"))

    def signed_hidden(self) -> int:
        value = self.values.get(SIGNED)
        return value.hidden_count if value is not None else 0

    @property
    def zone_word(self) -> str:
        short = self.zone.short_name or self.zone.name
        return "新区" if short.endswith("新区") else short


def _bracketed(found: tuple[Span, str] | None) -> Span | None:
    """A figure's span with its completion in brackets after the figure: 33个（年度目标30个，已完成110.00%）."""
    if found is None:
        return None
    span, done = found
    return Span(f"{span.text}（{done}）", span.note) if done else span


def sentence(*parts: str | Span | list[Span] | None) -> list[Span] | None:
    """The spans of a sentence, or None if one of its figures is missing (the sentence is left out); a list
    of spans (`_Composer.also`) may be empty."""
    if any(p is None for p in parts):
        return None
    spans: list[Span] = []
    for part in parts:
        if isinstance(part, list):
            spans += part
        elif part is not None:
            spans.append(part if isinstance(part, Span) else Span(part))
    return spans


def paragraph(*sentences: list[Span] | None) -> Paragraph | None:
    spans = [span for s in sentences if s for span in s]
    return Paragraph(spans) if spans else None


def _paragraphs(*items: Paragraph | None) -> list[Paragraph]:
    return [p for p in items if p is not None]


def _province(region) -> str:
    while region is not None and region.level != "province":
        region = region.parent
    return region.name if region is not None else "未知"


# The sections, in the seed's order ---------------------------------------------------------------------
def _lead(c: _Composer) -> list[Paragraph]:
    """The seed's sentence for 今年以来 (the year, or 1 January to the period's end) and, in a later quarter's or
    month's bulletin, the same for the period itself."""
    to_date = sentence(f"{c.period.opening}，{c.zone_word}共签约亿元以上项目", c.fig(SIGNED), "，总投资", c.fig(TOTAL),
                       "，其中有", c.fig("signed_yrd_share"), "项目来自长三角地区。")
    own = None
    if c.own_period is not None:
        opening = f"{c.own_period.opening}，{c.zone_word}"
        own = sentence(f"{opening}没有签约亿元以上项目。") if c.zero_own(SIGNED) else sentence(
            f"{opening}签约亿元以上项目", c.fig_own(SIGNED), "，总投资", c.fig_own(TOTAL),
            "，其中有", c.fig_own("signed_yrd_share"), "项目来自长三角地区。")
    return _paragraphs(paragraph(to_date, own))


def _by_province(c: _Composer, projects: Iterable) -> dict[str, tuple[int, Decimal]]:
    counts: dict[str, list] = defaultdict(lambda: [0, Decimal(0)])
    for project in projects:
        name = _province(project.source_region)
        counts[name][0] += 1
        counts[name][1] += c.amounts.get(project.pk, Decimal(0))
    return {k: (v[0], v[1]) for k, v in counts.items()}


def _see(*charts) -> str:
    numbers = "、".join(f"图{c.number}" for c in charts if c)
    return f"（见{numbers}）" if numbers else ""


def _regional(c: _Composer, charts) -> Section:
    projects = c.visible_signed()
    provinces = _by_province(c, projects)
    clauses = [f"来自{name}的{n}个、总投资{wording.yi(amount)}" for name in YRD_PROVINCES
               for n, amount in [provinces.get(name, (0, Decimal(0)))] if n]
    outside = sum(n for name, (n, _) in provinces.items() if name not in YRD_PROVINCES)
    first = Paragraph([Span(f"{c.zone_word}深化与长三角重点城市和园区的合作，承接优质资源溢出。")])
    if clauses:
        seen = "（按您有权查看的项目统计）" if c.signed_hidden() else ""
        note = c.note("按签约亿元以上项目投资方所在地（来源地）所属省级行政区统计，GB/T 2260 区划；"
                      f"总投资按本简报的口径计。数据截至{wording.chinese_date(c.data_date)}。")
        text = f"签约亿元以上项目中{seen}，{'，'.join(clauses)}"
        text += f"；来自长三角以外地区的{outside}个" if outside else ""
        first.spans += [Span(text, note), Span(f"{_see(charts.get('map'), charts.get('regions'))}。")]
    elif projects == [] and c.signed_hidden():
        first.spans.append(Span("签约项目明细不在您的查看范围内，来源地分布从略。"))
    section = Section("聚焦区域深度合作融入一体化", [first])
    section.charts += [chart for chart in (charts.get("map"), charts.get("regions")) if chart]
    return section


def _attraction(c: _Composer, charts) -> Section:
    from zhaoshang.zones.models import Carrier
    from zhaoshang.zones.selectors import carriers_visible_to

    carriers = Carrier.objects.filter(zone=c.zone, kind=Carrier.Kind.ENCLAVE)
    if c.viewer is not None:
        carriers = carriers_visible_to(c.viewer, carriers)
    names = "、".join(f"“{n}”" for n in carriers.order_by("name").values_list("name", flat=True))
    pipeline = paragraph(
        sentence(f"{c.zone_word}聚焦主导产业定位，精准绘制招商图谱，紧盯长三角重点城市主动接洽。"),
        sentence(f"按签约月份看，各月签约亿元以上项目的个数和总投资{_see(charts.get('monthly'))}。")
        if charts.get("monthly") else None,
        sentence("项目推进方面，洽谈→签约转化率为", c.fig("conversion_negotiating_to_signed"),
                 "，签约→注册转化率为", c.fig("conversion_signed_to_registered"),
                 f"{_see(charts.get('funnel'))}。"),
        sentence("没有签约超过90天仍未注册的项目。") if c.zero("signed_not_landed") else
        sentence("签约超过90天仍未注册的项目", c.fig("signed_not_landed"), "，需加快推动落地。"))
    enclave = paragraph(sentence(
        f"同时{c.zone_word}加大“飞地”合作项目招引，{f'飞地{names}' if names else '飞地载体'}截至期末已入驻",
        c.fig("enclave_resident_projects"), "项目及", c.fig("enclave_resident_teams"), "创业团队，引入创新创业人才",
        c.fig("enclave_talents"), "，大专以上学历人才占", c.fig("enclave_college_share"), "。"))
    section = Section("聚焦项目招引合作融入一体化", _paragraphs(pipeline, enclave))
    section.charts += [chart for chart in (charts.get("monthly"), charts.get("funnel")) if chart]
    return section


def _platforms(c: _Composer) -> Section:
    return Section("聚焦战略平台赋能融入一体化", _paragraphs(paragraph(
        sentence("加强与G60科创走廊沿线城市高校院所、科研基地、科技平台的深度对接，共引进长三角创新载体",
                 c.fig("innovation_carriers_introduced"), "。"),
        None if c.zero("joint_research_projects") else
        sentence("深入开展与长三角院校联合技术攻关，共实施重点项目", c.figs("joint_research_projects"), "。"),
        sentence(f"目前，{c.zone_word}申报长三角地区领军型人才团队", c.fig("leading_talent_teams"),
                 "，新引进长三角地区大学生", c.fig("graduates_introduced"), "。"))))


def _environment(c: _Composer) -> Section:
    approvals = paragraph(
        sentence(f"{c.zone_word}推行“民生事项下沉办、企业事项集中办、招商项目全代办”，做好长三角G60科创走廊政务服务"
                 f"“一网通办”工作，{c.period.opening}已办理全程网办件", c.figs("online_service_cases"),
                 "，经G60专窗受理跨省通办件", c.figs("g60_cases"), "。"),
        sentence("办结办件按承诺时限办结率为", c.figs("cases_on_time_share", share=True),
                 "，从受理到办结的时间中位数为",
                 c.figs("case_median_working_days", share=True), "。"),
        sentence("招商项目的全代办事项均未逾期。") if c.zero("projects_overdue_approvals") else
        sentence("有全代办事项逾期未办结的招商项目", c.fig("projects_overdue_approvals"), "，需督促相关部门加快办理。"))
    water = paragraph(sentence(
        "按照长三角生态联保联治以及太湖流域治理要求，推进水环境监测与治理，有监测数据的断面中达到目标水质类别的比例为",
        c.figs("water_sections_on_target_share", share=True), "。"))
    section = Section("聚焦创优营商环境融入一体化")
    if approvals:
        section.subsections.append(Section("审批服务再加速", [approvals]))
    if water:
        section.subsections.append(Section("环境服务再优化", [water]))
    return section


def _number(sections: list[Section]) -> list[Section]:
    """一、 for sections and （一） for their sub-sections (GB/T 9704-2012 7.3.3); empty ones are dropped."""
    kept = [s for s in sections if s.paragraphs or s.subsections or s.charts]
    for i, section in enumerate(kept, start=1):
        section.title = f"{wording.chinese_number(i)}、{section.title}"
        for j, sub in enumerate(section.subsections, start=1):
            sub.title = f"（{wording.chinese_number(j)}）{sub.title}"
    return kept


def _table(c: _Composer) -> Table | None:
    from zhaoshang.kpis.records import as_cells, record_spec

    value = c.values.get(SIGNED)
    if value is None:
        return None
    spec = record_spec("projects.Project")
    rows = [[str(n), *as_cells(spec, p, c.viewer)] for n, p in enumerate(c.visible_signed(), start=1)]
    hidden = value.hidden_count
    note = ""
    if hidden:
        counted = "另有项目" if must_suppress(hidden) else f"另有 {hidden} 个项目"
        note = f"{counted}为保密项目或不在您的查看范围内，未列出。"
    return Table(f"签约亿元以上项目清单（{c.period.label}）", ["序号", *spec.headers], rows, note)


def _remarks(c: _Composer, basis: str, reader: str) -> list[str]:
    remarks = []
    if basis == "zone":
        remarks.append("本简报按本区口径编制：飞地等合作载体中的记录按合作协议计入本区的份额；按双计计入的记录，本区与合作方均全额"
                       "计入（重复计算）；不受合作协议约束的记录全部计入本区。各项依据的规则见注释。")
    else:
        remarks.append(f"本简报按{BASES[basis]}编制。")
    remarks.append(f"本简报按“{reader}”的查看权限编制，保密项目只对有权查看的人列出。")
    if c.own_period is not None:
        remarks.append(f"本简报的数字为{c.period.label}（今年以来）的累计数；按期间发生的数字（签约、办件、攻关项目及其比例与"
                       f"中位数）另括注{c.own_period.opening}的当期数。年度目标完成率：个数与金额按累计数计算，比例与中位数按当期数"
                       "计算，与驾驶舱相同；期末存量（入驻、载体、项目阶段）累计与当期相同，只列一次。")
    if reading.VISIBLE in c.modes or reading.SUPPRESSED in c.modes:
        remarks.append(f"某项数字涉及您无权查看的记录不足 {min_hidden()} 条时，"
                       "该数字只按您有权查看的记录计算（注释中注明）"
                       "，或不予列出，"
                       "以免由合计与明细推算出单个保密项目。")
    remarks.append(f"数据截至{wording.chinese_date(c.data_date)}；图表只计入您有权查看的项目。")
    if c.zone.is_demo:
        remarks.append("本简报所用数据为示例数据。")
    return remarks


def _reader(viewer) -> str:
    if viewer is None:
        return "全部数据（控制台）"
    return f"{viewer.display_name}（{viewer.get_role_display()}）"


def bulletin_build(*, zone, year: int, period: str | None = None, viewer=None, basis: str = "zone",
                   partner: str | None = None, today: dt.date | None = None, render: bool = True) -> Bulletin:
    """The zone's bulletin for the year (or a quarter 'Q3' or a month '2020-09' of it), as `viewer` may see it
    (None: everything, as the console's `zhaoshang kpi` sees it). render=False leaves the charts unrendered."""
    from zhaoshang.bulletin import charts as chart_module
    from zhaoshang.kpis.computations import Period
    from zhaoshang.kpis.selectors import kpi_for_viewer
    from zhaoshang.kpis.services import kpi_evaluate

    bperiod = wording.period_parse(year, period)
    today = today or dt.date.today()

    def evaluated(stretch: wording.BulletinPeriod, **options) -> list:
        values = kpi_evaluate(zone=zone, period=Period(stretch.start, stretch.end), basis=basis, partner=partner,
                              **options)
        return values if viewer is None else [kpi_for_viewer(viewer, v) for v in values]

    # A later quarter or month: 今年以来 leads (the seed's register, and what yearly targets are read against);
    # the period's own figures follow (only the catalogue's; the pipeline is as of the end, the same for both).
    to_date = bperiod.year_to_date()
    own = evaluated(bperiod, keys=sorted(OWN), include_pipeline=False) if to_date is not None else None
    composer = _Composer(values=evaluated(to_date or bperiod), zone=zone, period=to_date or bperiod,
                         data_date=min(bperiod.end, today), targets=kpi_targets(zone=zone, year=year), viewer=viewer,
                         own=own, own_period=bperiod if to_date is not None else None)
    charts = chart_module.bulletin_charts(composer)
    lead = _lead(composer)
    sections = _number([_regional(composer, charts), _attraction(composer, charts), _platforms(composer),
                        _environment(composer)])
    bulletin = Bulletin(
        title=f"{zone.name}融入长三角一体化工作简报", zone=zone.name, period_label=bperiod.label,
        data_date=composer.data_date, generated_on=today, basis=basis, reader=_reader(viewer), is_demo=zone.is_demo,
        lead=lead, sections=sections, table=_table(composer), footnotes=composer.footnotes,
        figures=composer.figures, remarks=_remarks(composer, basis, _reader(viewer)))
    if render:
        chart_module.charts_render(bulletin.charts)
    return bulletin
