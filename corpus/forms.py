"""The four forms of a corpus article, generated deterministically.

- ``plain``: the article as written (simplified Chinese).
- ``traditional``: converted with OpenCC (``s2t``, or ``s2tw`` for every third article).
- ``pinyin``: the traditional form, each character that differs from the simplified original followed
  by its pinyin in parentheses, ``風(fēng)從海上來(lái)``, with ASCII commas between clauses, the way the
  seed arrived. Every 7th annotation is damaged the way scraped pages are: alternately a numbered tone
  (``來(lai2)``) or another reading of the character (``長(zhǎng)三角``).
- ``wrapped``: the pinyin form of the whole web page: a navigation line, the headline, a 来源/责任编辑
  line, a share bar, the body, a byline, "related news", a comment section, a read counter, a report
  hotline, a copyright line whose © became ``?`` with an ICP number, and a trailing bare number.

Every choice depends only on the article's key (its number), so the forms are reproducible.
Run ``python corpus/forms.py 7 wrapped`` to print one form.
"""

from __future__ import annotations

import random
import re
import sys
from functools import lru_cache

import opencc
from pypinyin import Style, pinyin

FORMS = ("plain", "traditional", "pinyin", "wrapped")

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _key_number(key: int | str) -> int:
    """A stable integer for a key such as 7 or "007" (``hash`` is salted per process)."""
    digits = re.sub(r"\D", "", str(key))
    if digits:
        return int(digits)
    return sum(ord(c) * (i + 1) for i, c in enumerate(str(key)))


def traditional(text: str, key: int | str = 0) -> str:
    config = "s2tw" if _key_number(key) % 3 == 2 else "s2t"
    return _aligned_traditional(text, config)


def _aligned_traditional(text: str, config: str) -> str:
    """Convert keeping one character per character, so annotations can be aligned."""
    converted = _converter(config).convert(text)
    if len(converted) == len(text):
        return converted
    # Phrase conversion changed the length somewhere: fall back to line by line, then char by char.
    lines = text.split("\n")
    out = []
    for line in lines:
        conv = _converter(config).convert(line)
        if len(conv) != len(line):
            conv = "".join(
                _converter(config).convert(ch) if len(_converter(config).convert(ch)) == 1 else ch for ch in line
            )
        out.append(conv)
    return "\n".join(out)


def _readings(simplified: str) -> list[str | None]:
    """Pinyin with tone marks for every character of ``simplified``; None for non-Han characters."""
    readings: list[str | None] = [None] * len(simplified)
    for run in _HAN_RUN.finditer(simplified):
        for offset, item in enumerate(pinyin(run.group(), style=Style.TONE)):
            readings[run.start() + offset] = item[0]
    return readings


def _damaged(char: str, reading: str, count: int) -> str:
    """Every 14th annotation a numbered tone, the 7th after it another reading when there is one."""
    if count % 14 == 7:
        others = [r for r in pinyin(char, style=Style.TONE, heteronym=True)[0] if r != reading]
        if others:
            return others[0]
    return pinyin(char, style=Style.TONE3, neutral_tone_with_five=True)[0][0]


def annotate(simplified: str, key: int | str = 0) -> str:
    """The traditional form with pinyin after each converted character and ASCII commas."""
    trad = traditional(simplified, key)
    readings = _readings(simplified)
    out: list[str] = []
    count = 0
    for orig, conv, reading in zip(simplified, trad, readings, strict=True):
        out.append(conv)
        if conv != orig and reading:
            count += 1
            shown = _damaged(orig, reading, count) if count % 7 == 0 else reading
            out.append(f"({shown})")
    return "".join(out).replace("，", ",")


# --- web boilerplate -------------------------------------------------------------------------

_SITES = [
    ("湖州在线", "hzzx.com.cn", "浙ICP备05012345号"),
    ("长三角资讯网", "csjzx.cn", "沪ICP备16023456号-2"),
    ("江南经济报", "jnjjb.com", "苏ICP备10034567号"),
    ("看东方新闻", "kdfnews.com", "沪ICP备09045678号-1"),
    ("开发区在线", "kfqzx.org.cn", "京ICP备12056789号"),
]
_NAVS = [
    "首页 > 新闻中心 > 区域经济 > 正文",
    "首页 | 要闻 | 经济 | 招商 | 园区 | 视频 | 专题",
    "当前位置：首页 > 开发区动态",
    "网站首页 » 财经 » 产业园区",
]
_REPORTERS = ["张文斌", "李晓燕", "王海涛", "陈思远", "周敏", "吴佳琪", "沈立新", "钱晨"]
_EDITORS = ["刘洋", "孙悦", "郑小真", "赵一鸣", "黄蕾", "许诺"]
_SHARES = ["分享到：微信 微博 QQ空间", "分享到： 微信 微博 复制链接", "分享：微信 | 微博 | 朋友圈"]


def _related(key: int, titles: list[str]) -> list[str]:
    if not titles:
        return ["南浔区集中签约12个项目 总投资56亿元", "湖州举办第三届人才峰会", "2020年开发区工作会议召开"]
    n = len(titles)
    return [titles[(key + step) % n] for step in (1, 3, 5)]


def _page_lines(body: str, title: str | None, key: int, titles: list[str]) -> list[str]:
    rng = random.Random(key * 7919 + 17)
    site, domain, icp = _SITES[key % len(_SITES)]
    reporter = rng.choice(_REPORTERS)
    editor = rng.choice(_EDITORS)
    month, day, hour, minute = rng.randint(1, 12), rng.randint(1, 28), rng.randint(7, 22), rng.randint(0, 59)
    top = [rng.choice(_NAVS)]
    if title:
        top.append(title)
    meta = f"来源：{site}  {2020 + key % 3}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}  责任编辑：{editor}"
    top.append(meta)
    top.append(rng.choice(_SHARES))
    # Half the bylines in full-width punctuation, half in ASCII like the seed's.
    byline = f"（{site}记者：{reporter} 编辑：{editor}）" if key % 2 else f"({site}记者:{reporter} 编辑:{editor})"
    related = ["相关新闻"] + [f"· {t}" for t in _related(key, titles)]
    comments = ["全部评论", "暂无评论，快来发表你的评论吧"] if key % 3 else ["网友评论", "0条评论", "暂无评论"]
    counter = [f"阅读 {rng.randint(1000, 9999):,}"]
    if key % 4:
        counter.append(f"点赞 {rng.randint(3, 99)}")
    hotline = f"违法和不良信息举报电话：0572-{rng.randint(2000000, 2999999)} 举报邮箱：jubao@{domain}"
    if key % 2 == 0:
        hotline = f"剑网行动举报电话：12318(市文化执法总队)、021-{rng.randint(60000000, 69999999)}(市版权局)"
    copyright_ = f"Copyright ? 2016-{2020 + key % 3} {domain} All Rights Reserved. {site} 版权所有 {icp}"
    tail = [str(rng.randint(1000, 9999))]
    bottom_blocks = [related, comments, counter]
    rng.shuffle(bottom_blocks)
    lines = top + [body.rstrip("\n"), byline]
    for block in bottom_blocks:
        lines.extend(block)
    lines += [hotline, copyright_] + tail
    return lines


def wrapped(text: str, key: int | str = 0, title: str | None = None, related_titles: list[str] | None = None) -> str:
    """The whole web page in pinyin-annotated traditional characters, as the seed arrived."""
    number = _key_number(key)
    page = "\n".join(_page_lines(text, title, number, related_titles or []))
    return annotate(page, key) + "\n"


def render(
    text: str, form: str, key: int | str = 0, title: str | None = None, related_titles: list[str] | None = None
) -> str:
    """One form of an article. ``title`` and ``related_titles`` are used by ``wrapped`` only."""
    if form == "plain":
        return text
    if form == "traditional":
        return traditional(text, key)
    if form == "pinyin":
        return annotate(text, key)
    if form == "wrapped":
        return wrapped(text, key, title, related_titles)
    raise ValueError(f"unknown form {form!r}; expected one of {', '.join(FORMS)}")


def _main(argv: list[str]) -> int:
    import json
    from pathlib import Path

    if len(argv) != 2 or argv[1] not in FORMS:
        print(f"usage: python corpus/forms.py NNN {{{'|'.join(FORMS)}}}", file=sys.stderr)
        return 2
    articles = Path(__file__).resolve().parent / "articles"
    key = f"{int(argv[0]):03d}"
    gold = json.loads((articles / f"{key}.json").read_text(encoding="utf-8"))
    titles = [json.loads(p.read_text(encoding="utf-8")).get("title") or "" for p in sorted(articles.glob("*.json"))]
    text = (articles / f"{key}.txt").read_text(encoding="utf-8")
    sys.stdout.write(render(text, argv[1], key, gold.get("title"), [t for t in titles if t]))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
