"""Investment events: who invests how much in which project, where, and how far it has got.

News states an event in one clause (`A公司投资32亿元建设X项目`), in a 集中签约 list of such clauses
separated by `；`, or across two sentences (`总投资50亿元的X项目正式开工。该项目由A集团投资建设`). We cut
the text into clauses, read each company's part of its clause, and let a clause that opens with
该项目/该基地 complete the event of the clause before it. A clause that names no stage takes the stage
of the nearest earlier clause that does (the 集中签约仪式 sentence heading a list).

A company only becomes an investor when its part of the clause says so: an amount introduced by
投资/注册资本/出资 after its name, a stage verb (签约, 落户, 开工, 投产…), or 由…投资/出资. A company
quoted, described or paid (its spokesman, its history, a land price it paid) is not an event.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .metrics import Metric
from .orgs import OrgMatch
from .vocabulary import alternation, any_of, currency_words, guarded, mapping, opening, tagged, words

__all__ = ["Investment", "find_investments", "stage_of"]

# Most advanced first: a clause saying 签约入驻 has reached 入驻. The verbs are in vocab/stages.tsv;
# 推进…建设 (推进项目主体建设) is grammar.
_STAGE_NAMES = ("operating", "started", "registered", "signed", "negotiating", "lead")
_STAGE_GRAMMAR = {"started": r"推进[^，。；]{0,12}建设"}


def _stage_pattern(stage: str) -> str:
    verbs = [verb for verb, name in mapping("stages.tsv").items() if name == stage]
    pattern = alternation(verbs, ahead=mapping("stages.tsv", 2))
    return pattern + (f"|{_STAGE_GRAMMAR[stage]}" if stage in _STAGE_GRAMMAR else "")


STAGES = tuple((stage, _stage_pattern(stage)) for stage in _STAGE_NAMES)
_STAGE = re.compile(
    opening([*words("stages.tsv"), *(p[:2] for p in _STAGE_GRAMMAR.values())])
    + "(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in STAGES) + ")"
)
_ORDER = {name: i for i, (name, _) in enumerate(STAGES)}
# 落户 alone means the company has settled (registered); next to 签约/签订 it is a synonym of signing.
_SETTLED = _ORDER["registered"] + 0.5
# A stage verb after these is a plan, not a fact (计划明年开工, 有望于年底前签约, 推动早投产); so is one
# followed by 后 (达产后预计…).
_FUTURE = re.compile(f"(?:{alternation([*words('plan_words.txt'), *words('future_words.txt')])})[^，。；]{{0,10}}$")
# A plan that names its dates runs on past a comma: 计划于2026年6月开工，2028年建成投产.
_PLAN = re.compile(f"(?:{any_of('plan_words.txt')})[^。；！？]{{0,30}}$")
_DATED = re.compile(f"(?:[0-9]{{4}}年|[0-9]{{1,2}}月|{any_of('period_words.txt')})[^，。；]{{0,6}}$")
_DONE = re.compile(any_of("done_words.txt"))
# 成立于2012年: a company's history, not a registration.
_DESCRIBES = re.compile(r"的(?:[0-9一二三四五六七八九十两]+[家个项]|企业|项目)")
_HISTORY = re.compile(r"于(?:[0-9]{4}|[一二〇零][一二三四五六七八九〇零]{3})年")
_CLAUSE = re.compile(r"[^。！？；\n]+[。！？；]?")
_SENTENCE_END = "。！？\n"
_ANAPHOR = re.compile(
    rf"^(?:[，\s]*)(?:(?:{any_of('anaphor_leads.txt')})，?)?(?:{any_of('anaphor_nouns.tsv')})"
)
_INVEST_LABEL = re.compile(alternation(tagged("money_words.tsv", "label")))
_NOT_INVESTMENT = re.compile(guarded("not_investment.tsv", ahead=None, behind=1))
_NOT_INVESTMENT_AFTER = re.compile(f"/|[^，。；]{{0,3}}(?:{any_of('not_investment_after.txt')})")
_CURRENCIES = frozenset(code for code, _ in currency_words("news").values())
_CREATED = re.compile(f"(?:{any_of('created_verbs.txt')})的?$")
_CAPITAL = re.compile(alternation(tagged("money_words.tsv", "capital")))
# A company named after these receives the money (对浙江氢途科技有限公司的股权投资, 全资子公司X增资扩产).
_TARGET = re.compile(f"(?:{any_of('target_words.txt')})$")
_HOLDS = re.compile(f"(?:全资)?(?:{any_of('holding_words.txt')})(?:，|。|；|$)")
_SETTLED_DONE = re.compile(f"(?:{any_of('settled_adverbs.txt')})落户")
_BANK = re.compile(f"(?:{alternation(tagged('org_suffixes.tsv', 'bank', 3))})$")
# 双方将共同出资68亿元: the parties of the sentence before invest together.
_TOGETHER = any_of("together_words.txt")
_PARTIES = re.compile(
    rf"^[，\s]*(?:{any_of('parties.txt')})(?:将|拟|计划)?(?:{_TOGETHER})?"
    f"(?:{alternation(tagged('money_words.tsv', 'parties'))})"
)
_JOINER = re.compile(r"[、和及与]|以及|、和")
_SEPARATE = re.compile(any_of("separate_words.txt"))
_LIST_NUMBER = re.compile(
    r"\s*(?:[0-9]{1,2}[.、．]|[一二三四五六七八九十]{1,2}、|[（(][0-9一二三四五六七八九十]{1,2}[)）]|[◆●■·•])"
)
_UNNAMED = re.compile(f"(?:{any_of('subsidiary_words.txt')})的?(?:{any_of('unnamed_words.txt')})")
# Agreements that put no money into a project: frameworks, and sales (供货合同, 采购订单).
_FRAMEWORK = re.compile(any_of("framework_words.txt"))
_INVEST_VERB = re.compile(f"[^，。；]{{0,6}}?(?:{_TOGETHER})?(?:{alternation(tagged('money_words.tsv', 'verb'))})")
_PROJECT = re.compile(f"([^，。；：、“”（）()]{{2,30}}?(?:{any_of('project_nouns.txt')}))")
_PROJECT_NOUN = re.compile(any_of("project_nouns.txt"))
_PROJECT_LEAD = re.compile(f"^.*(?:{any_of('project_leads.txt')})")
_YUAN = alternation(w for w in currency_words("news") if w.endswith("元"))
_AMOUNT_PREFIX = re.compile(f"^[0-9.,]+[万亿]*(?:{_YUAN})")


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
    labelled: bool = True  # the amount is introduced by 投资/出资 after the investor, not merely nearby
    # "project" (a project invested in a place) or "financing" (a company raising money: zhaoshang.text.financing)
    kind: str = "project"
    company: str | None = None  # financing: who raises the money
    investors: tuple[str, ...] = ()  # financing: everyone who puts money in, the lead investor first
    lead_investor: str | None = None
    round: str | None = None  # financing: 天使轮, A轮, Pre-IPO轮, 战略融资…
    date: str | None = None  # financing: the date the text gives (ISO when it names the year)

    def as_dict(self) -> dict:
        """The DESIGN.md form; the offsets stay on the object (only metrics carry them in the JSON)."""
        amount = None
        if self.amount is not None:
            money = self.amount.as_dict()
            amount = {"value": money["value"], "unit": money["unit"]}
        out: dict[str, object] = {"kind": self.kind, "investor": self.investor, "project": self.project,
                                  "amount": amount, "location": self.location, "stage": self.stage}
        if self.kind == "financing":
            out.update(company=self.company, investors=list(self.investors), lead_investor=self.lead_investor,
                       round=self.round, date=self.date)
        return out


@dataclass(slots=True)
class _Clause:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class _Context:
    text: str
    metrics: list[Metric]
    orgs: list[OrgMatch]
    places: list
    stage: str | None = None  # the last stage stated, for clauses that state none
    location: str | None = None  # the last zone named
    pending: Investment | None = None  # a project without investor, awaiting 该项目由…
    candidate: Investment | None = None  # a company and its project, awaiting 该项目总投资…已开工
    targets: set[str] = field(default_factory=set)  # companies introduced as the vehicle (全资子公司X)
    marks: list[tuple[int, float]] = field(default_factory=list)  # stage verbs, see _stage_marks
    # The starts of the metrics, organisations and places, for bisection (each list sorted by start).
    metric_starts: list[int] = field(default_factory=list)
    org_starts: list[int] = field(default_factory=list)
    place_starts: list[int] = field(default_factory=list)


def _clauses(text: str) -> list[_Clause]:
    return [_Clause(m.start(), m.end(), m.group()) for m in _CLAUSE.finditer(text) if m.group().strip()]


def _stage_marks(text: str) -> list[tuple[int, float]]:
    """(position, stage rank) of every stage verb stated as done (not 将/计划/力争 to do)."""
    marks: list[tuple[int, float]] = []
    for m in _STAGE.finditer(text):
        if m.lastgroup == "registered" and _HISTORY.match(text, m.end()):
            continue
        if _DESCRIBES.match(text, m.end()):
            continue  # 首批入驻的11家企业: the verb describes other companies
        if m.group() in ("设立", "成立") and text[max(0, m.start() - 2): m.start()] in ("签约", "签署", "协议"):
            continue  # 签约设立…基金: what was agreed, the signing is the event
        if _planned(text, m.start()):
            continue
        if not _FUTURE.search(text, max(0, m.start() - 14), m.start()) and not text.startswith("后", m.end()):
            assert m.lastgroup is not None  # every alternative of _STAGE is a named group
            rank: float = _ORDER[m.lastgroup]
            if m.group() == "落户":
                rank = _SETTLED  # ranked below signing: 签订投资协议，项目落户… is still a signing
            marks.append((m.start(), rank))
    return marks


def _planned(text: str, start: int) -> bool:
    """计划于2026年6月开工，2028年建成投产: a dated stage in a sentence that states a plan."""
    if not _DATED.search(text, max(0, start - 12), start):
        return False
    plan = _PLAN.search(text, max(0, start - 30), start)
    return plan is not None and not _DONE.search(text, plan.start(), start)


def stage_of(text: str) -> str | None:
    """The most advanced stage a text states as done."""
    return _best_stage(_stage_marks(text), 0, len(text))


def _best_stage(marks: list[tuple[int, float]], lo: int, hi: int) -> str | None:
    i = bisect.bisect_left(marks, (lo, -1))
    ranks = []
    while i < len(marks) and marks[i][0] < hi:
        ranks.append(marks[i][1])
        i += 1
    if not ranks:
        return None
    best = min(ranks)
    if best == _SETTLED:
        return "signed" if _ORDER["signed"] in ranks else "registered"
    return STAGES[int(best)][0]  # only _SETTLED is not a whole rank


def _money(ctx: _Context, lo: int, hi: int, labelled: bool) -> Metric | None:
    """The first investment-like money figure in text[lo:hi]; with `labelled`, only one introduced by
    投资/注册资本/出资 (so 以1.06亿元竞得 or 减免600万元 are not taken for an investment)."""
    capital = None
    text = ctx.text
    for m in ctx.metrics[bisect.bisect_left(ctx.metric_starts, lo):]:
        if m.start >= hi:
            break
        if m.unit not in _CURRENCIES:
            continue
        before = text[max(lo, m.start - 8): m.start]
        if _NOT_INVESTMENT.search(before) or _NOT_INVESTMENT_AFTER.match(text, m.end):
            continue
        if labelled and not _INVEST_LABEL.search(before):
            continue
        if _CAPITAL.search(before):
            capital = capital or m  # registered capital, only when no investment is stated
            continue
        return m
    return capital


def _project(text: str, lo: int, hi: int) -> str | None:
    # A project's noun ends its name, two to thirty characters after the name's start: find the first
    # noun, then look for the name no further back (trying every start is the slow part).
    noun = _PROJECT_NOUN.search(text, lo + 2, hi)
    if noun is None:
        return None
    m = _PROJECT.search(text, max(lo, noun.start() - 30), hi)
    if not m:
        return None
    name = m.group(1)
    lead = _PROJECT_LEAD.match(name)
    if lead and len(name) - lead.end() >= 3:
        name = name[lead.end():]
    name = _AMOUNT_PREFIX.sub("", name).strip()
    return name if len(name) > 3 and name[0] not in "与和在向对从" else None  # not 与园区, not bare 项目


def _start(item) -> int:
    return item.start


def _within(items: list, starts: list[int], lo: int, hi: int) -> list:
    """The items (sorted by start, `starts` theirs) that start in [lo, hi): a bisection, so long texts
    stay linear."""
    return items[bisect.bisect_left(starts, lo): bisect.bisect_left(starts, hi)]


def _location(ctx: _Context, clause: _Clause, investor: OrgMatch, hi: int, project: str | None) -> str | None:
    """The zone, park or place named in the investor's own part of the clause, else in the clause."""
    for lo, end in ((investor.end, hi), (clause.start, clause.end)):
        for org in _within(ctx.orgs, ctx.org_starts, lo, end):
            if org.kind in ("zone", "park") and org is not investor and org.name != project:
                return org.name
        for place in _within(ctx.places, ctx.place_starts, lo, end):
            if not (investor.start <= place.start < investor.end):
                return place.name
    return None


def _investors(ctx: _Context, clause: _Clause) -> list[OrgMatch]:
    """Companies in the clause, less those the clause says were created (设立丸之内（上海）有限公司)."""
    text = ctx.text
    found = _within(ctx.orgs, ctx.org_starts, clause.start, clause.end)
    for o in found:
        if _TARGET.search(text, max(clause.start, o.start - 3), o.start):
            ctx.targets.add(o.name)  # the vehicle or the target stays so for the rest of the text
    return [o for o in found if o.kind == "company"
            and not _CREATED.search(text, max(clause.start, o.start - 6), o.start)
            and o.name not in ctx.targets
            and not _HOLDS.match(text, o.end)  # X由Y控股: Y holds shares in X, it invests in no project here
            and not (_BANK.search(o.name) and not _INVEST_VERB.match(text, o.end, clause.end))]


def _groups(text: str, investors: list[OrgMatch]) -> list[list[OrgMatch]]:
    """Companies listed together (A、B和C) share what follows them: `A、B等11家企业签约入驻`."""
    groups: list[list[OrgMatch]] = []
    for org in investors:
        if groups and _JOINER.fullmatch(text[groups[-1][-1].end: org.start]):
            groups[-1].append(org)
        else:
            groups.append([org])
    return groups


def _group_events(ctx: _Context, clause: _Clause, group: list[OrgMatch], lo: int, hi: int) -> list[Investment]:
    text = ctx.text
    after = group[-1].end
    if _UNNAMED.match(text, after):
        return []  # 中航工业集团旗下一家企业: the investor is not named
    lo = max(lo, text.rfind("，", lo, group[0].start) + 1)  # the company's own part of the sentence
    own_stage = _best_stage(ctx.marks, lo, hi)
    # 与A、B等企业签订合作项目8个，总投资约7.8亿欧元: the figure is the total of a list, nobody's own.
    separate = len(group) > 1 and bool(_SEPARATE.search(text, lo, hi)) or text.startswith("等", after)
    share = _SHARE.search(text, after, hi)  # 其中园区国有资本出资30亿元: another party's share (not 其中一期)
    own_hi = share.start() if share and not any(share.start() < o.start < hi for o in ctx.orgs) else hi
    amount = None if separate else _money(ctx, after, own_hi, labelled=True)
    labelled = amount is not None and not _CAPITAL.search(text, max(0, amount.start - 8), amount.start)
    pending = ctx.pending if _ANAPHOR.match(clause.text) else None
    invests = bool(_INVEST_VERB.match(text, after, hi))
    if amount is None and pending is not None:
        amount = pending.amount
    if amount is None and invests and not separate:
        amount = _money(ctx, clause.start, group[0].start, labelled=False)
    if amount is None and not own_stage and not invests and pending is None:
        project = _project(text, after, hi)
        if project and len(group) == 1:  # 获得贷款，用于X项目。该项目总投资…已开工: wait for the next clause
            ctx.candidate = Investment(group[0].name, project, None, _location(ctx, clause, group[0], hi, project),
                                       None, group[0].start, group[0].end, False)
        return []  # a company mentioned in passing (its spokesman, its history)
    if amount is None and own_stage and not separate:
        amount = _money(ctx, after, own_hi, labelled=False)
    clause_stage = _best_stage(ctx.marks, clause.start, clause.end)
    stage = own_stage or clause_stage or (pending.stage if pending else None) or ctx.stage
    if _BY.match(clause.text) and _further(ctx.stage, stage):
        stage = ctx.stage  # X项目正式投产。该项目由A与B合资设立: the project has got further than its founding
    if stage == "registered" and ctx.stage == "signed" and _settled_only(ctx, clause) and (
            _list_item(text, clause) or not _SETTLED_DONE.search(text, clause.start, clause.end)):
        stage = "signed"  # 落户长兴县 after a signing says where, not that it has registered (正式落户 would)
    project = _project(text, after, hi) or (pending.project if pending else None)
    brand = group[0].name if len(group) == 1 and len(group[0].name) <= 5 else None
    if brand and (project and text.startswith(project, after) or text.startswith("项目", after)):
        project = brand + (project or "项目")  # 纵目科技项目, 唯品会华东运营中心: a brand names its project
    if amount is None and project is None and _FRAMEWORK.search(text, clause.start, clause.end):
        return []  # a framework or strategic agreement puts no money into a project
    events = []
    for org in group:
        location = (_location(ctx, clause, org, hi, project) or (pending.location if pending else None)
                    or ctx.location)
        events.append(Investment(org.name, project, amount, location, stage, org.start, org.end, labelled))
    return events


def _list_item(text: str, clause: _Clause) -> bool:
    """A clause of a `；`-separated list, the first after a `：` that opens one, or a numbered line."""
    before = text[max(0, clause.start - 1): clause.start]
    return clause.text.endswith("；") or before in ("；", "：") or bool(_LIST_NUMBER.match(clause.text))


def _settled_only(ctx: _Context, clause: _Clause) -> bool:
    i = bisect.bisect_left(ctx.marks, (clause.start, -1))
    ranks = set()
    while i < len(ctx.marks) and ctx.marks[i][0] < clause.end:
        ranks.add(ctx.marks[i][1])
        i += 1
    return ranks == {_SETTLED}


def _clause_events(ctx: _Context, clause: _Clause) -> list[Investment]:
    groups = _groups(ctx.text, _investors(ctx, clause))
    events = []
    for i, group in enumerate(groups):
        lo = clause.start if i == 0 else groups[i - 1][-1].end
        hi = groups[i + 1][0].start if i + 1 < len(groups) else clause.end
        events.extend(_group_events(ctx, clause, group, lo, hi))
    return events


def _remember(ctx: _Context, clause: _Clause, events: list[Investment]) -> None:
    """Carry the stage, the zone and a project still waiting for its investor to later clauses."""
    stage = _best_stage(ctx.marks, clause.start, clause.end)
    keeps_signing = ctx.stage == "signed" and _list_item(ctx.text, clause) and _settled_only(ctx, clause)
    if stage and not keeps_signing:
        ctx.stage = stage
    orgs = _within(ctx.orgs, ctx.org_starts, clause.start, clause.end)
    zones = [o.name for o in orgs if o.kind == "zone"]
    if zones:
        ctx.location = zones[-1]
    if events:
        ctx.pending = None
        return
    amount = _money(ctx, clause.start, clause.end, labelled=False)
    project = _project(ctx.text, clause.start, clause.end) if amount or stage else None
    if project:
        places = [o.name for o in orgs if o.kind in ("zone", "park")]
        ctx.pending = Investment(None, project, amount, places[0] if places else None, stage,
                                 clause.start, clause.end)
    elif clause.text[-1:] in _SENTENCE_END:
        ctx.pending = None


def _complete_previous(ctx: _Context, clause: _Clause, events: list[Investment]) -> None:
    """`…生产基地正式投产。该基地总投资8.6亿元`: the amount belongs to the event before. `A与B签署合资协议。
    双方将共同出资68亿元，合资建设X项目`: the amount and project belong to both parties' events."""
    if not events:
        return
    if _PARTIES.match(clause.text):
        amount = _money(ctx, clause.start, clause.end, labelled=True)
        project = _project(ctx.text, clause.start, clause.end)
        last = [e for e in events if e.amount is None and e.start >= _sentence_start(ctx.text, events[-1].start)]
        for event in last:
            event.amount, event.project, event.labelled = amount, project or event.project, amount is not None
        return
    if not _ANAPHOR.match(clause.text):
        return
    if events[-1].amount is None:
        events[-1].amount = _money(ctx, clause.start, clause.end, labelled=True)
        events[-1].labelled = events[-1].amount is not None
    elif not events[-1].labelled:
        # 合资公司注册资本2亿美元…。项目总投资约6亿美元: the investment stated next replaces the capital
        # for the events of the paragraph that have no investment of their own.
        amount = _money(ctx, clause.start, clause.end, labelled=True)
        if amount is None or _CAPITAL.search(ctx.text, max(0, amount.start - 8), amount.start):
            return
        paragraph = ctx.text.rfind("\n", 0, clause.start) + 1
        for event in reversed(events):
            if event.start < paragraph or event.labelled:
                break
            event.amount, event.labelled = amount, True


def _vehicle(text: str, clause: _Clause, last: Investment, found: list[Investment]) -> bool:
    """`X公司Y项目正式开工。该项目由A与B共同出资建设`: X, named with its project and no money, is the
    project's company; A and B are the investors."""
    return (bool(_BY.match(clause.text)) and last.amount is None and last.start < clause.start
            and all(e.investor != last.investor for e in found)
            and last.start >= _previous_sentence(text, clause.start))


def _previous_sentence(text: str, pos: int) -> int:
    pos = _sentence_start(text, pos) - 1
    while pos > 0 and text[pos] in _SENTENCE_END + "；”":
        pos -= 1
    return _sentence_start(text, pos)


_SHARE = re.compile(r"其中(?![一二三四首第]*期)")
_BY = re.compile(rf"^[，\s]*(?:{alternation(tagged('anaphor_nouns.tsv', 'by'))})由")


def _candidate_event(ctx: _Context, clause: _Clause, candidate: Investment) -> list[Investment]:
    """浙江汇隆新材料股份有限公司获得贷款5000万元，用于X项目。该项目总投资2.8亿元，已于今年4月开工建设."""
    amount = _money(ctx, clause.start, clause.end, labelled=True)
    stage = _best_stage(ctx.marks, clause.start, clause.end)
    if amount is None and stage is None:
        return []
    candidate.amount, candidate.stage, candidate.labelled = amount, stage, amount is not None
    return [candidate]


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in _SENTENCE_END) + 1


def find_investments(text: str, metrics: list[Metric], orgs: list[OrgMatch], places: list) -> list[Investment]:
    """Investment events in order, one per investor (later mentions fill in what earlier ones lack)."""
    ctx = _Context(text, sorted(metrics, key=_start), sorted(orgs, key=_start), sorted(places, key=_start),
                   marks=_stage_marks(text))
    ctx.metric_starts = [m.start for m in ctx.metrics]
    ctx.org_starts = [o.start for o in ctx.orgs]
    ctx.place_starts = [p.start for p in ctx.places]
    events: list[Investment] = []
    for clause in _clauses(text):
        candidate = ctx.candidate
        ctx.candidate = None
        found = _clause_events(ctx, clause)
        fresh = candidate and not (events and events[-1].start > candidate.start)
        if not found and fresh and candidate is not None and _ANAPHOR.match(clause.text):
            found = _candidate_event(ctx, clause, candidate)
        if found and events and _vehicle(ctx.text, clause, events[-1], found):
            events.pop()
        elif not found:
            _complete_previous(ctx, clause, events)
        events.extend(found)
        _remember(ctx, clause, found)
    return _merged(events)


def _further(a: str | None, b: str | None) -> bool:
    """Whether stage a is further than stage b."""
    return a is not None and (b is None or _ORDER[a] < _ORDER[b])


def _merged(events: list[Investment]) -> list[Investment]:
    by_investor: dict[str | None, Investment] = {}
    for event in events:
        first = by_investor.setdefault(event.investor, event)
        if first is event:
            continue
        if event.amount is not None and (first.amount is None or event.labelled and not first.labelled):
            # The mention with the money names the project invested in, and so its stage; for the same
            # project (X项目正式投产。该项目由A与B合资设立，总投资…) the furthest stage stated stays.
            same = event.project in (None, first.project)
            first.amount, first.project = event.amount, event.project or first.project
            if not (same and _further(first.stage, event.stage)):
                first.stage = event.stage or first.stage
        elif first.amount is None and event.amount is None and _further(event.stage, first.stage):
            first.stage = event.stage  # 与吉利汽车签约。吉利汽车宁波工厂正式投产: the furthest stage stated
        first.project = first.project or event.project
        first.stage = first.stage or event.stage
    return list(by_investor.values())
