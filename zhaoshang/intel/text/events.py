"""Investment events: who invests how much in which project, where, and how far it has got.

News states an event in one clause (`A公司投资32亿元建设X项目`), in a 集中签约 list of such clauses
separated by `；`, or across two sentences (`总投资50亿元的X项目正式开工。该项目由A集团投资建设`). We cut
the text into clauses, read each company's part of its clause, and let a clause that opens with
该项目/该基地 complete the event of the clause before it. A clause that names no stage takes the stage
of the nearest earlier clause that does (the 集中签约仪式 sentence heading a list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .metrics import Metric
from .orgs import OrgMatch

__all__ = ["Investment", "find_investments"]

# Most advanced first: a clause saying 签约入驻 has reached 入驻.
STAGES = (
    ("operating", r"竣工投产|建成投产|正式投产|投产|投入运营|正式运营|投入使用|开业|达产|并网发电|并网"),
    ("started", r"开工|动工|开建|奠基|装修|进场施工|推进[^，。；]{0,12}建设|在建|封顶|开始建设"),
    ("registered", r"注册|落户|入驻|设立|成立|工商登记"),
    ("signed", r"签约|签订|签署|签下|集中签约"),
    ("negotiating", r"洽谈|接洽|磋商|谈判|在谈|商谈"),
    ("lead", r"意向|有意|接触"),
)
_STAGE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in STAGES))
_FUTURE = re.compile(r"(?:将|计划|预计|力争|争取|拟|有望|早|下一步|推动|尽快|加快|确保|待|后)[^，。；]{0,6}$")
_CLAUSE = re.compile(r"[^。！？；\n]+[。！？；]?")
_SENTENCE_END = "。！？\n"
_ANAPHOR = re.compile(r"^(?:[，\s]*)(?:该项目|该基地|该工厂|该园区|项目|基地)")
_INVEST_LABEL = re.compile(r"投资|注册资本|出资|投入")
_NOT_INVESTMENT = re.compile(r"产值|税收|营收|收入|销售|利润|补贴|资助|奖励|融资|贷款|成本|工资|费用")
_PROJECT = re.compile(
    r"([^，。；：、“”（）()]{2,30}?(?:项目|基地|工厂|总部|中心|产业园|生产线|工程|铁路|园区))"
)
_PROJECT_LEAD = re.compile(
    r"^(?:.*?(?:投资|建设|投建|新建|实施|打造|布局|设立|的|拟|将|在|计划))?"
)
_ORDER = {name: i for i, (name, _) in enumerate(STAGES)}


@dataclass(slots=True)
class Investment:
    """One investment event; offsets are those of the investor's mention."""

    investor: str | None
    project: str | None
    amount: Metric | None
    location: str | None
    stage: str | None
    start: int
    end: int

    def as_dict(self) -> dict:
        amount = None
        if self.amount is not None:
            amount = self.amount.as_dict()
            amount = {"value": amount["value"], "unit": amount["unit"]}
        return {"investor": self.investor, "project": self.project, "amount": amount,
                "location": self.location, "stage": self.stage, "start": self.start, "end": self.end}


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    text: str


def _clauses(text: str) -> list[_Clause]:
    return [_Clause(m.start(), m.end(), m.group()) for m in _CLAUSE.finditer(text) if m.group().strip()]


def stage_of(text: str) -> str | None:
    """The most advanced stage a clause states as done (not 将/计划/力争 to do)."""
    best: str | None = None
    for m in _STAGE.finditer(text):
        if _FUTURE.search(text[max(0, m.start() - 8): m.start()]):
            continue
        name = m.lastgroup
        if best is None or _ORDER[name] < _ORDER[best]:
            best = name
    return best


def _amount(metrics: list[Metric], text: str, lo: int, hi: int) -> Metric | None:
    """The investment amount among the money figures in text[lo:hi]."""
    money = [m for m in metrics if lo <= m.start < hi and m.unit not in ("count", "ratio", "m2", "mu", "km",
                                                                          "ton", "TEU", "kwh")]
    money = [m for m in money if not _NOT_INVESTMENT.search(text[max(lo, m.start - 8): m.start])]
    labelled = [m for m in money if _INVEST_LABEL.search(text[max(lo, m.start - 8): m.start])]
    return (labelled or money or [None])[0]


def _project(text: str, lo: int, hi: int) -> str | None:
    m = _PROJECT.search(text, lo, hi)
    if not m:
        return None
    name = m.group(1)
    lead = _PROJECT_LEAD.match(name)
    trimmed = name[lead.end():] if lead and len(name) - lead.end() >= 4 else name
    trimmed = re.sub(r"^[0-9.]+[亿万]?[元美欧港日]*元?", "", trimmed)
    return trimmed.strip() or None


def _location(orgs: list[OrgMatch], places: list, lo: int, hi: int, investor: OrgMatch) -> str | None:
    for org in orgs:
        if lo <= org.start < hi and org.kind in ("zone", "park") and org is not investor:
            return org.name
    for place in places:
        if lo <= place.start < hi and not (investor.start <= place.start < investor.end):
            return place.name
    return None


@dataclass(slots=True)
class _Context:
    text: str
    metrics: list[Metric]
    orgs: list[OrgMatch]
    places: list
    stage: str | None = None  # the last stage stated, for clauses that state none
    location: str | None = None  # the last zone named
    pending: Investment | None = None  # a project without investor, awaiting 该项目由…


def _investors(ctx: _Context, clause: _Clause) -> list[OrgMatch]:
    return [o for o in ctx.orgs if clause.start <= o.start < clause.end and o.kind == "company"]


def _event(ctx: _Context, clause: _Clause, org: OrgMatch, lo: int, hi: int, clause_stage: str | None,
           anaphoric: bool) -> Investment | None:
    text = ctx.text
    own_stage = stage_of(text[lo:hi])
    amount = _amount(ctx.metrics, text, lo, hi) or _amount(ctx.metrics, text, clause.start, clause.end)
    project = _project(text, org.end, hi)
    pending = ctx.pending if anaphoric else None
    if pending is not None:
        amount = amount or pending.amount
        project = project or pending.project
    stage = own_stage or clause_stage or (pending.stage if pending else None)
    if amount is None and stage is None and project is None:
        return None  # a company mentioned in passing
    if amount is None and own_stage is None and clause_stage is None and pending is None:
        return None
    location = (_location(ctx.orgs, ctx.places, clause.start, clause.end, org)
                or (pending.location if pending else None) or ctx.location)
    return Investment(org.name, project, amount, location, stage or ctx.stage, org.start, org.end)


def _clause_events(ctx: _Context, clause: _Clause) -> list[Investment]:
    investors = _investors(ctx, clause)
    clause_stage = stage_of(clause.text)
    anaphoric = bool(_ANAPHOR.match(clause.text))
    events = []
    for i, org in enumerate(investors):
        lo = clause.start if i == 0 else investors[i - 1].end
        hi = investors[i + 1].start if i + 1 < len(investors) else clause.end
        event = _event(ctx, clause, org, lo, hi, clause_stage, anaphoric)
        if event is not None:
            events.append(event)
    return events


def _remember(ctx: _Context, clause: _Clause, events: list[Investment]) -> None:
    stage = stage_of(clause.text)
    if stage:
        ctx.stage = stage
    for org in ctx.orgs:
        if clause.start <= org.start < clause.end and org.kind == "zone":
            ctx.location = org.name
    if not events:
        project = _project(ctx.text, clause.start, clause.end)
        amount = _amount(ctx.metrics, ctx.text, clause.start, clause.end)
        if project and (amount or stage):
            location = None
            for org in ctx.orgs:
                if clause.start <= org.start < clause.end and org.kind in ("zone", "park"):
                    location = org.name
            ctx.pending = Investment(None, project, amount, location, stage, clause.start, clause.end)
        elif clause.text[-1:] in _SENTENCE_END:
            ctx.pending = None


def _complete_previous(ctx: _Context, clause: _Clause, events: list[Investment]) -> None:
    """`…生产基地正式投产。该基地总投资8.6亿元`: the amount belongs to the event before."""
    if not events or not _ANAPHOR.match(clause.text):
        return
    last = events[-1]
    if last.amount is None:
        last.amount = _amount(ctx.metrics, ctx.text, clause.start, clause.end)


def find_investments(text: str, metrics: list[Metric], orgs: list[OrgMatch], places: list,
                     setups: list[tuple[OrgMatch, str]] | None = None) -> list[Investment]:
    """Investment events in order, one per investor (later mentions fill in what earlier ones lack)."""
    ctx = _Context(text, metrics, orgs, places)
    events: list[Investment] = []
    for clause in _clauses(text):
        found = _clause_events(ctx, clause)
        if not found:
            _complete_previous(ctx, clause, events)
        events.extend(found)
        _remember(ctx, clause, found)
    return _merged(events)


def _merged(events: list[Investment]) -> list[Investment]:
    by_investor: dict[str, Investment] = {}
    for event in events:
        first = by_investor.setdefault(event.investor, event)
        if first is not event:
            first.amount = first.amount or event.amount
            first.project = first.project or event.project
            first.stage = first.stage or event.stage
    return list(by_investor.values())
