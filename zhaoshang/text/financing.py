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
    rf"|(?:Pre-?|pre-?)IPO(?=融资|投资)"
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
    if "融资" not in text and "投资" not in text and "轮" not in text:
        return events
    for m in _SENTENCE.finditer(text):
        lo, hi, sentence = m.start(), m.end(), m.group()
        if "融资" not in sentence and "投资" not in sentence and "轮" not in sentence:
            continue  # neither a raise, a round nor the round of the sentence before (本轮)
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
_SUBJECT_TAIL = re.compile(r"(?:近日|日前|今日|昨日|近期|此前|目前|已经|已|于|正式|成功|宣布|此次|本次)+$")
_SUBJECT_NOISE = re.compile(r"^(?:(?:据|近日|日前|今日|昨日|目前|此前|今年|去年|累计)[，,]?|[0-9年月日]+[，,]?)+")


def _company(sentence: str, verb_at: int, orgs: list[OrgMatch], lo: int) -> tuple[str, int, int] | None:
    """Who raises: the last organisation before the verb, else the clause's subject (深圳星图机器人获得…);
    offsets relative to the sentence."""
    if orgs:
        org = orgs[-1]
        named = _named_after(sentence, org, verb_at, lo)
        return named or (org.name, org.start - lo, org.end - lo)
    cut = max(sentence.rfind(c, 0, verb_at) for c in _CLAUSE_MARKS) + 1
    subject = sentence[cut:verb_at]
    noise = _SUBJECT_NOISE.match(subject)
    start = cut + (noise.end() if noise else 0)
    name = _SUBJECT_TAIL.sub("", sentence[start:verb_at].strip())  # 甲医疗近日完成…: the time is no name
    verb_at = start + len(name)
    if 2 <= len(name) <= 20 and _NAME.fullmatch(name):
        return name, start, verb_at
    return None


_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·&]+")
_LEGAL = re.compile(f"(?:{any_of('legal_endings.txt')})$")
_DESCRIPTOR = re.compile(r"(?:公司|企业|厂商|品牌|平台)$")
_NOISE_WORDS = r"(?:近日|日前|今日|今天|近期|已|已于|正式|成功|宣布)+"
_GAP_NOISE = re.compile(rf"^{_NOISE_WORDS}|{_NOISE_WORDS}$")


def _named_after(sentence: str, org: OrgMatch, verb_at: int, lo: int) -> tuple[str, int, int] | None:
    """自动驾驶公司驭势未来宣布完成…: an organisation that only says what kind of company it is, followed
    by a name, introduces that name; the name raises."""
    if _LEGAL.search(org.name) or not _DESCRIPTOR.search(org.name):
        return None
    start = org.end - lo
    gap = sentence[start:verb_at]
    noise = _GAP_NOISE.match(gap)
    cut = noise.end() if noise else 0
    name = _GAP_NOISE.sub("", gap[cut:])
    if 2 <= len(name) <= 12 and _NAME.fullmatch(name) and not name[0].isdigit():
        return name, start + cut, start + cut + len(name)
    return None
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
            name = _clean_investor(piece)
            if name is None or name == event.company:
                continue
            if name not in names:
                names.append(name)
            if role in _LEAD_WORDS and lead is None:
                lead = name
    for pattern, role in _MORE_INVESTORS:
        for m in pattern.finditer(part):
            for piece in _SPLIT.split(m.group("names")):
                name = _clean_investor(piece)
                if name is None or name == event.company:
                    continue
                if name not in names:
                    names.append(name)
                if role == "lead" and lead is None:
                    lead = name
    if lead:
        names.remove(lead)
        names.insert(0, lead)
    event.investors = tuple(names)
    event.lead_investor = lead
    event.investor = lead or (names[0] if names else None)


_LEAD_WORDS = frozenset(words("lead_words.txt"))
# Adverbs between an investor and its role: 老股东乙资本继续跟投, 丙基金超额跟投.
_ADVERB_AFTER = re.compile(r"(?:继续|持续|超额|也|均|再次|追加|亦|等)+$")
_AMOUNT_LIKE = re.compile(r"^[0-9]|[0-9][万亿千百]*元|轮$")


def _clean_investor(piece: str) -> str | None:
    name = _INTRO.sub("", piece.strip()).removeprefix("共同").removeprefix("联合")
    name = _ADVERB_AFTER.sub("", _HOLDER.sub("", name))
    if not (2 <= len(name) <= 20 and _NAME.fullmatch(name)) or _AMOUNT_LIKE.search(name):
        return None
    return name


_INVESTED = r"(?:投资|注资)(?![方人者机])"
_ROUND_WORD = r"(?:(?:战略|天使|种子|(?:Pre-?)?[A-F]\+{0,2}|(?:Pre-?)?IPO)轮?)"
# Investors named outside the 由…领投 frame: 领投方为乙资本; 由乙基金投资; 获得乙资本的天使轮投资; 获得乙集团战略投资;
# 引入乙基金等投资者; 乙、丙参与投资.
_MORE_INVESTORS = [
    (re.compile(r"领投方(?:为|是)(?P<names>[^，,；。]{2,30}?)(?=[，,；。]|$)"), "lead"),
    (re.compile(rf"由(?P<names>[^，,；。由]{{2,40}}?)(?:独家|共同|联合)?{_INVESTED}(?=[。，,；]|$)"), None),
    (re.compile(rf"(?:获得?了?|引入)(?P<names>[^，,；。的]{{2,30}})的{_ROUND_WORD}?{_INVESTED}"), None),
    (re.compile(rf"(?:获得?了?|引入)(?P<names>[^，,；。的]{{2,30}}?){_ROUND_WORD}{_INVESTED}"), None),
    (re.compile(r"引入(?P<names>[^，,；。]{2,30}?)等(?:战略)?投资者"), None),
    (re.compile(r"(?:^|[，,；])(?P<names>[^，,；。]{2,40}?)参与(?:了)?投资"), None),
]


def _date(sentence: str) -> str | None:
    m = _DATE.search(sentence)
    if not m:
        return None
    if m.group("y"):
        return f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return m.group()
