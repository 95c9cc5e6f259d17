"""Financing events (企业融资): a company raising money, its investors, the lead investor, the round,
the amount and the date. Investment officers read these as signals of who is growing.

News states one in a sentence or two: `甲科技宣布完成3亿元B轮融资，由乙资本领投，丙创投、丁基金跟投。`,
`甲科技获得乙资本领投的数千万元A轮融资`, `本轮融资由乙资本和丙基金共同投资`. A sentence is a financing
sentence when it names a round or says 融资 next to 完成/获得/宣布; the company is the organisation that
raises (the subject before the verb); the investors are the organisations after 由/获/投资方 or before
领投/跟投/参投/投资; the lead investor is the one before 领投 (or 独家投资).
"""

from __future__ import annotations

import re

from .events import Investment
from .metrics import Metric
from .orgs import OrgMatch
from .vocabulary import any_of, currency_words, words

__all__ = ["find_financing"]

_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_ROUND = re.compile(
    rf"(?:(?:Pre-?|pre-?)?[A-F]\+{{0,2}}(?:\d)?|天使|种子|(?:Pre-?|pre-?)IPO|首|新一|战略)轮"
    rf"|(?:{any_of('financing_rounds.txt')})"
)
# 获得投资 is raised money; 完成投资 is money spent (完成固定资产投资52亿元, 完成了对乙公司的股权投资).
_RAISES = re.compile(
    f"(?:{any_of('financing_verbs.txt')})[^，。；]{{0,30}}?融资|(?:获得?|斩获)[^，。；对]{{0,12}}?投资"
)
_LEADS = re.compile(f"(?:{any_of('lead_words.txt')})")
_FOLLOWS = re.compile(f"(?:{any_of('follow_words.txt')})")
_BY = re.compile(r"由|投资方(?:为|包括)?|投资人(?:为|包括)?|获得?|引入")
_DATE = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>1[0-2]|[1-9])月(?P<d>3[01]|[12]\d|[1-9])日")
_MONEY = frozenset(code for code, _ in currency_words("news").values())


def find_financing(text: str, metrics: list[Metric], orgs: list[OrgMatch]) -> list[Investment]:
    """Financing events in order of appearance, one per company and round."""
    events: list[Investment] = []
    for m in _SENTENCE.finditer(text):
        lo, hi, sentence = m.start(), m.end(), m.group()
        rnd = _ROUND.search(sentence)
        raises = _RAISES.search(sentence)
        if not (raises or (rnd and "融资" in sentence)):
            if events and "本轮" in sentence:
                _add_investors(events[-1], sentence)  # 本轮融资由乙资本领投: the round of the sentence before
            continue
        found = raises or rnd
        assert found is not None  # the test above keeps only sentences with a raise or a round
        verb_at = found.start()
        company = _company(sentence, verb_at, [o for o in orgs if lo <= o.start and o.end <= lo + verb_at], lo)
        if company is None:
            continue
        amount = next((x for x in metrics if lo + verb_at <= x.start < hi and x.unit in _MONEY
                       and x.qualifier != "at_least" and not x.vague), None)
        event = Investment(None, None, amount, None, None, lo + company[1], lo + company[2], kind="financing",
                           company=company[0], round=rnd.group() if rnd else None, date=_date(sentence))
        _add_investors(event, sentence[verb_at:])
        events.append(event)
    return events


_CLAUSE_MARKS = "，,；：:"
_SUBJECT_NOISE = re.compile(r"^(?:(?:据|近日|日前|今日|昨日|目前|此前|今年|去年|累计)[，,]?|[0-9年月日]+[，,]?)+")


def _company(sentence: str, verb_at: int, orgs: list[OrgMatch], lo: int) -> tuple[str, int, int] | None:
    """Who raises: the last organisation before the verb, else the clause's subject (深圳星图机器人获得…);
    offsets relative to the sentence."""
    if orgs:
        return orgs[-1].name, orgs[-1].start - lo, orgs[-1].end - lo
    cut = max(sentence.rfind(c, 0, verb_at) for c in _CLAUSE_MARKS) + 1
    subject = sentence[cut:verb_at]
    noise = _SUBJECT_NOISE.match(subject)
    start = cut + (noise.end() if noise else 0)
    name = sentence[start:verb_at].strip()
    if 2 <= len(name) <= 20 and _NAME.fullmatch(name):
        return name, start, verb_at
    return None


_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·&]+")
# The investors' part of a sentence: 由X领投, X、Y跟投, 投资方为X和Y.
_ROLE_PART = re.compile(
    rf"(?:由|投资方(?:为|包括)|投资人(?:为|包括)|[，,；]|^)(?P<names>[^，,；。由]{{2,60}}?)"
    rf"(?P<role>{any_of('lead_words.txt')}|{any_of('follow_words.txt')}|(?=[。；]|$))"
)
_SPLIT = re.compile(r"、|和|及|与|以及")
_INTRO = re.compile(r"^(?:投资方|投资人|投资机构)(?:为|包括|是)?")
_HOLDER = re.compile(f"^(?:{any_of('holder_words.txt')})")


def _add_investors(event: Investment, part: str) -> None:
    names = list(event.investors)
    lead = event.lead_investor
    for m in _ROLE_PART.finditer(part):
        role = m.group("role")
        chunk = m.group("names")
        if not role and not re.search(r"投资方|投资人", part[max(0, m.start() - 1): m.start() + 5]):
            continue
        for piece in _SPLIT.split(chunk):
            name = _HOLDER.sub("", _INTRO.sub("", piece.strip()).removeprefix("共同").removeprefix("联合"))
            if not (2 <= len(name) <= 20 and _NAME.fullmatch(name)) or name == event.company:
                continue
            if name not in names:
                names.append(name)
            if role in _LEAD_WORDS and lead is None:
                lead = name
    if lead:
        names.remove(lead)
        names.insert(0, lead)
    event.investors = tuple(names)
    event.lead_investor = lead
    event.investor = lead or (names[0] if names else None)


_LEAD_WORDS = frozenset(words("lead_words.txt"))


def _date(sentence: str) -> str | None:
    m = _DATE.search(sentence)
    if not m:
        return None
    if m.group("y"):
        return f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return m.group()
