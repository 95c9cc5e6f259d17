"""Turn scraped Chinese news into a clean simplified body plus metadata.

The steps run in this order because each relies on the previous one: encoding repairs first (a lost
character confuses every later pattern), pinyin annotations next (they split OpenCC's phrases, so
`長(zhǎng)三角` would not convert as a phrase), then width, script and punctuation, and last the line-level
split into body and boilerplate, whose patterns are written in simplified characters only.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field

from .vocabulary import alternation, any_of, mapping, tagged, words

__all__ = ["Normalized", "normalize", "to_simplified"]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Characters that may stand next to an ASCII punctuation mark that belongs to Chinese prose.
_CJKISH = CJK + "“”‘’《》〈〉「」『』、。（）【】…—％"


@dataclass(slots=True)
class Normalized:
    """The result of normalising one document."""

    text: str
    title: str | None = None
    byline: str | None = None
    date: str | None = None
    boilerplate: list[str] = field(default_factory=list)


# --- encoding repairs -------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\ufffd\u00ad]")
# `Copyright ? 2016` (a © lost to an encoding that lacks it), or `? 2016-2020 … 版权所有`.
_LOST_COPYRIGHT = re.compile(
    r"(?i)(copyright\s*)[?？](?=\s*(?:\d{4}|[a-z]))"
    r"|[?？](?=\s*\d{4}\s*[-–]?\s*(?:\d{4})?\s*[A-Za-z\u4e00-\u9fff].*(?:版权|rights|Rights|RIGHTS))"
)
_MOJIBAKE_HINT = re.compile("[\u00c3-\u00e9][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]")


def _repair_encoding(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _INVISIBLE.sub("", text)
    if "&" in text and ";" in text:
        text = html.unescape(text)
    text = _fix_mojibake(text)
    if "?" in text or "？" in text:
        text = _LOST_COPYRIGHT.sub(lambda m: (m.group(1) or "") + "©", text)
    return text


def _fix_mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252 (æ¹–å·ž for 湖州) is reversible; only try it when no CJK is present."""
    if re.search(f"[{CJK}]", text) or len(_MOJIBAKE_HINT.findall(text)) < 3:
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


# --- pinyin annotations -----------------------------------------------------------------------------

# Pinyin syllables, with tone marks, numbered tones or neither. Wrong readings still match (the seed
# writes 長(zhǎng) for cháng); English words mostly do not (AI, Knews, PUE are upper case or not syllables).
_TONED = {"a": "aāáǎà", "e": "eēéěè", "i": "iīíǐì", "o": "oōóǒò", "u": "uūúǔù", "v": "vüǖǘǚǜ",
          "n": "nńňǹ", "m": "mḿ"}
_FINALS = words("pinyin_finals.txt")


def _toned(final: str) -> str:
    return "".join(f"[{_TONED[ch]}][\u0300-\u036f]?" if ch in _TONED else ch for ch in final)


def _finals(finals: tuple[str, ...]) -> str:
    """The finals as a tree of their shared beginnings, a longer final tried before a shorter one that
    begins it (ia before i): the letters a text holds decide which finals match, and those are each a
    beginning of the next, so the matches are those of the finals listed longest first (fewer tries)."""
    tree: dict = {}
    for final in finals:
        node = tree
        for ch in final:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branches(node: dict) -> list[str]:
        return [_toned(ch) + rest(child) for ch, child in node.items() if ch]

    def rest(node: dict) -> str:
        options = branches(node)
        if not options:
            return ""
        if "" in node:
            return "(?:" + "|".join(options) + ")?"
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return "(?:" + "|".join(branches(tree)) + ")"


_SYLLABLE = r"(?:[bpmfdtnlgkhjqxrwy]|[zcs]h?)?" + _finals(_FINALS) + "[0-5]?"
# The parenthesis is matched first and the Chinese character before it checked by a lookbehind, so the
# scan skips quickly over text without parentheses.
_ANNOTATION = re.compile(
    f"[(（](?<=[{CJK}][(（])[ \t]*{_SYLLABLE}(?:[ \t'’]{_SYLLABLE}){{0,5}}[ \t]*[)）]"
)


def _strip_pinyin(text: str) -> str:
    if "(" not in text and "（" not in text:
        return text
    return _ANNOTATION.sub("", text)


# --- width, script, punctuation ---------------------------------------------------------------------

# Only full-width digits and letters become ASCII; full-width punctuation (，：（）) is the correct form
# in Chinese prose and stays.
_WIDTH = {
    cp: cp - 0xFEE0 for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(lo, hi + 1)
}
_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_WIDTH_DOT = re.compile(r"(?<=[0-9])[．｡](?=[0-9])")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_ASCII_PUNCT = re.compile(f"[,;:?!](?:(?<=[{_CJKISH}][,;:?!])|(?=[{_CJKISH}]))")


@functools.cache
def _converter():
    import opencc  # imported lazily: the CLI's --help should not pay for loading the dictionaries

    # tw2s rather than t2s: Taiwan-standard text writes the particle 着 as 著 (隨著, 笑著), which t2s keeps
    # because 著 is also a simplified character (著名); tw2s first maps Taiwan variants back, so both
    # mainland- and Taiwan-style traditional come out right, and simplified text still passes unchanged.
    return opencc.OpenCC("tw2s")


def to_simplified(text: str) -> str:
    """Phrase-level traditional → simplified; simplified text passes through unchanged."""
    return _converter().convert(text)


def _unify_punctuation(text: str) -> str:
    return _ASCII_PUNCT.sub(lambda m: _FULL[m.group()], text)


# --- boilerplate --------------------------------------------------------------------------------------

_BYLINE = re.compile(rf"[（(]([^（）()\n]{{0,40}}(?:{any_of('byline_roles.tsv')})[^（）()\n]{{0,60}})[）)]")
# A byline on its own line without brackets: `本报记者 张文斌 通讯员 李晓燕`, `记者：王海涛 摄影：周敏`.
_LINE_ROLES = alternation(tagged("byline_roles.tsv", "line"))
_BYLINE_LINE = re.compile(
    rf"^(?:[{CJK}A-Za-z]{{0,8}}(?:{_LINE_ROLES})[：:\s]*[{CJK}]{{2,4}}[\s，、]*){{1,4}}"
    rf"(?:{any_of('byline_endings.txt')})?$"
)


def _furniture(name: str) -> str:
    """The words of a boilerplate file, those marked `anycase` matched in either case."""
    anycase = mapping(name)
    exact = alternation(w for w in words(name) if anycase[w] != "anycase")
    loose = alternation(w for w in words(name) if anycase[w] == "anycase")
    return f"{exact}|(?i:{loose})" if loose else exact


# Page furniture: words that mark a line wherever they occur (searched), and line openings (matched at
# the start only, which is much cheaper on long body lines). The marks are searched as two patterns,
# those matched in either case apart: a pattern of plain words lets the search skip the characters
# that begin none of them, which a case-insensitive part would prevent.
_MARKS_CASE = mapping("boilerplate_marks.tsv")
_BOILERPLATE_MARKS = re.compile(alternation(w for w, case in _MARKS_CASE.items() if case != "anycase"))
_BOILERPLATE_MARKS_ANYCASE = re.compile(alternation(w for w, case in _MARKS_CASE.items() if case == "anycase"),
                                        re.IGNORECASE)
# The letters those begin with, in both cases (copyright, All Rights Reserved): a line without any of
# them is not searched.
_ANYCASE_FIRST = tuple(sorted({c for w, case in _MARKS_CASE.items() if case == "anycase"
                               for c in (w[0].lower(), w[0].upper())}))
_BOILERPLATE_START = re.compile(
    "|".join([
        f"(?:{any_of('boilerplate_headings.tsv')})",
        f"(?:{_furniture('boilerplate_tools.tsv')})",
        r"[（(]完[）)]$",
        rf"[\[【（(]?(?:{any_of('boilerplate_labels.txt')})[:：]",
        f"(?:{any_of('boilerplate_breadcrumbs.txt')})",
        rf"(?:{any_of('boilerplate_counters.txt')})[:：]?\s*[0-9,万+]+次?$",
        r"[0-9]+$",
        r"\s*(?:[^。，！？\s]{1,12}\s*[>›»]\s*){1,6}[^。，！？>›»]{0,12}$",
    ])
)


def _is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE_START.match(line) or _BOILERPLATE_MARKS.search(line)
                or any(c in line for c in _ANYCASE_FIRST) and _BOILERPLATE_MARKS_ANYCASE.search(line))


# Sections after which everything is page furniture, not article.
_TAIL_MARKER = re.compile(f"^(?:{alternation(tagged('boilerplate_headings.tsv', 'tail'))})")
_DATE = re.compile(
    r"((?:19|20)[0-9]{2})\s*(?:[-/.]\s*([01]?[0-9])\s*[-/.]\s*([0-3]?[0-9])|年\s*([01]?[0-9])\s*月\s*([0-3]?[0-9])\s*日)"
    r"(?:\s*([0-2]?[0-9]):([0-5][0-9])(?::[0-5][0-9])?)?"
)
_META_WORDS = re.compile(rf"{any_of('dateline_words.txt')}|【|】|\d+次")
_DATELINE = re.compile(r"(?:讯|[0-9一二三四五六七八九十]日电)$")
_NUMBERED = re.compile(r"(?:[一二三四五六七八九十]{1,3}、|[0-9]{1,2}[.、．]|[（(][一二三四五六七八九十0-9]{1,3}[)）])")
_CLAUSE_MARK = re.compile("[，,。；;：:]")
_TERMINAL = "。！？!?…；;，,：:）)”\""


def _iso_date(m: re.Match) -> str | None:
    year = int(m.group(1))
    month = int(m.group(2) or m.group(4))
    day = int(m.group(3) or m.group(5))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _is_meta_line(line: str) -> bool:
    """A dateline such as `2020-11-05 10:32 来源：看看新闻 阅读 1234` rather than a sentence."""
    if len(line) > 80 or line.endswith("。") or "19" not in line and "20" not in line:
        return False  # too long for a dateline, a sentence, or no year (every date starts 19 or 20)
    m = _DATE.search(line)
    if not m:
        return False
    rest = (line[: m.start()] + line[m.end():]).strip()
    return not rest or bool(_META_WORDS.search(rest)) or len(rest) <= 4


def _take_byline(line: str, result: Normalized) -> str:
    """Move `（记者：… 编辑：…）` out of the body; return what is left of the line."""
    if "(" not in line and "（" not in line:
        return line.strip()  # no bracket, no byline
    for m in _BYLINE.finditer(line):
        if result.byline is None:
            result.byline = m.group(1).strip()
    return _BYLINE.sub("", line).strip()


# A stock quote a finance site writes after a listed company's name: 韦尔股份(194.000,3.65,1.92%),
# 永安行(行情603776,诊股). It is page furniture: its figures are today's price, not the article's.
_QUOTE = re.compile(
    r"[(（](?:[0-9]+\.[0-9]+[,，]\s?[-+]?[0-9]+\.[0-9]+[,，]\s?[-+]?[0-9]+\.[0-9]+[%％]|行情[0-9]{6}[,，]诊股)[)）]"
)
# 原标题：X    来源：Y — the headline a syndicated article was first published under.
_ORIGINAL_TITLE = re.compile(f"(?:{any_of('title_labels.txt')})[：:]\\s*")
_SOURCE_AFTER = re.compile(r"\s*(?:来源|作者|编辑)[：:]")
# An advertising line: 【点击看详情】, 【我要投票】, 【立即开户，领取福利】, 尽在…APP.
_ADVERT = re.compile(f"【[^】]{{0,16}}(?:{any_of('advert_words.txt')})[^】]{{0,16}}】|尽在[^，。]{{1,12}}(?i:app)")


def _headline_line(line: str, body: list[str], result: Normalized) -> bool:
    """Read a headline off a line that carries one: `原标题：X  来源：Y`, or a first line `X  来源：Y`.
    True when the line is used up (it goes to the boilerplate)."""
    if "：" not in line and ":" not in line:
        return False  # both forms have a colon
    m = _ORIGINAL_TITLE.search(line)
    if m:
        title = _SOURCE_AFTER.split(line[m.end():], maxsplit=1)[0].strip()
        if result.title is None and 4 <= len(title) <= 80:
            result.title = title
        return True
    if body or result.title is not None:
        return False
    src = _SOURCE_AFTER.search(line)
    if src and src.start() >= 4 and len(line) - src.end() <= 30 and _is_heading(line[: src.start()].strip()):
        result.title = line[: src.start()].strip()
        return True
    return False


def _split_lines(text: str, result: Normalized) -> list[str]:
    body: list[str] = []
    in_tail = False
    for raw_line in text.split("\n"):
        line = raw_line.strip(" \t\u3000")
        if not line:
            continue
        if ("【" in line or "尽在" in line) and _ADVERT.search(line):
            result.boilerplate.append(line)
            continue
        if _headline_line(line, body, result):
            result.boilerplate.append(line)
            continue
        if in_tail or _TAIL_MARKER.match(line):
            in_tail = in_tail or bool(body)
            result.boilerplate.append(line)
            continue
        if _is_boilerplate(line) or _is_meta_line(line):
            _remember_date(line, result)
            _take_byline(line, result)
            result.boilerplate.append(line)
            continue
        if _BYLINE_LINE.match(line):
            result.byline = result.byline or line
            result.boilerplate.append(line)
            continue
        rest = _take_byline(line, result)
        if rest != line:
            result.boilerplate.extend(m.group(0) for m in _BYLINE.finditer(line))
        if rest:
            body.append(rest)
    return body


def _remember_date(line: str, result: Normalized) -> None:
    if result.date is None:
        m = _DATE.search(line)
        if m:
            result.date = _iso_date(m)


def _is_heading(line: str) -> bool:
    if _DATELINE.search(line) or _NUMBERED.match(line):
        return False  # 本报讯, 新华社北京11月5日电 open the article; 一、… is a section heading inside it
    if len(line) <= 30 and line[-1] in "！？!?" and not _CLAUSE_MARK.search(line):
        return True  # 湖州港吞吐量再创新高！: an exclaiming headline, not a sentence of the article
    return len(line) <= 40 and line[-1] not in _TERMINAL


def _take_title(body: list[str], result: Normalized) -> list[str]:
    """A short first line without closing punctuation is a headline, not a sentence. A very short one
    (湖州在线) is the site's name above the headline: it goes to the boilerplate and the next is tried."""
    if len(body) >= 3 and len(body[0]) < 6 and _is_heading(body[0]) and _is_heading(body[1]):
        result.boilerplate.append(body[0])
        body = body[1:]
    if result.title is not None:
        return body  # the page named its headline (原标题：…, or a headline above its 来源 line)
    if len(body) >= 2 and _is_heading(body[0]):
        result.title = body[0]
        body = body[1:]
        while len(body) > 1 and body[0] == result.title:
            result.boilerplate.append(body.pop(0))  # the page repeats its headline
    return body


def normalize(raw: str) -> Normalized:
    """Clean one scraped document: simplified body, title, byline, date and the removed lines."""
    text = _repair_encoding(raw)
    text = _strip_pinyin(text)
    if _FULL_WIDTH.search(text):
        text = _WIDTH_DOT.sub(".", text.translate(_WIDTH))
    text = to_simplified(text)
    text = _unify_punctuation(text)
    if "(" in text or "（" in text:
        text = _QUOTE.sub("", text)
    result = Normalized(text="")
    body = _take_title(_split_lines(text, result), result)
    if result.date is None:
        _remember_date("\n".join(body), result)
    result.text = "\n".join(body)
    return result
