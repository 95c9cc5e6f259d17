"""A synthetic universe in the columns of 企查查's 36-column export, labelled 示例数据.

Everything is drawn column-wise with NumPy and assembled with Arrow kernels, so five million rows take
well under a minute. The distributions are plausible, not real: cities weighted by the size of their
economy (the 41 YRD cities and the rest of China), sections of GB/T 4754 weighted like a registry, a
log-normal registered capital, more firms founded in recent years, a registry's share of 注销 and 吊销,
and tags that go with size. Rows in a chain segment's classes carry its business-scope keywords.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zhaoshang.core import gb2260
from zhaoshang.universe.normalise import USCC_ALPHABET, USCC_WEIGHTS
from zhaoshang.universe.reference import industries

LABEL = "示例数据"
QCC_COLUMNS = ["企业名称", "登记状态", "法定代表人", "注册资本", "成立日期", "统一社会信用代码", "注册地址",
               "所属省份", "所属城市", "所属区县", "有效手机号", "更多电话", "邮箱", "企业(机构)类型", "纳税人识别号",
               "注册号", "组织机构代码", "参保人数", "参保人数所属年报", "营业期限", "国标行业门类", "国标行业大类",
               "国标行业中类", "国标行业小类", "企查查行业门类", "企查查行业大类", "企查查行业中类", "企查查行业小类",
               "企业规模", "曾用名", "英文名", "官网网址", "通信地址", "通信地址邮编", "企业简介", "经营范围"]
EXTRA_COLUMNS = ["企业标签", "数据来源"]
ROWS_PER_FILE = 1_000_000

# Relative weight of each city (by the size of its economy); unnamed YRD cities 0.6, others 0.25.
CITY_WEIGHTS = {
    "上海": 12, "苏州": 7, "杭州": 6.5, "南京": 5, "宁波": 4.5, "无锡": 4, "合肥": 4, "南通": 3, "常州": 3,
    "温州": 3, "绍兴": 2.5, "嘉兴": 2.3, "金华": 2.3, "台州": 2.2, "徐州": 2.2, "扬州": 1.8, "盐城": 1.8,
    "泰州": 1.6, "湖州": 1.5, "镇江": 1.5, "芜湖": 1.4, "北京": 11, "深圳": 10, "广州": 8, "重庆": 6,
    "成都": 6, "武汉": 5, "天津": 4.5, "西安": 4, "郑州": 4, "长沙": 4, "青岛": 4, "东莞": 3.5, "佛山": 3.5,
    "济南": 3.5, "福州": 3, "厦门": 3, "沈阳": 2.5, "大连": 2.5, "昆明": 2.5,
}
# Share of firms by section of GB/T 4754 (wholesale and retail lead, as in every registry).
SECTION_WEIGHTS = {"F": 30, "L": 11, "C": 16, "I": 9, "M": 9, "E": 6, "O": 4, "G": 4, "H": 3, "K": 2,
                   "A": 2, "R": 1.5, "P": 1, "J": 0.5, "N": 0.5, "D": 0.3, "B": 0.2, "Q": 0.5}
STATUSES = [("存续（在营、开业、在册）", 68), ("在业", 9), ("注销", 15), ("吊销，未注销", 5), ("迁出", 1.5),
            ("停业", 0.7), ("清算", 0.8)]
KINDS = [("有限责任公司（自然人投资或控股）", 58), ("有限责任公司（自然人独资）", 14), ("有限责任公司（法人独资）", 8),
         ("股份有限公司（非上市、自然人投资或控股）", 4), ("股份有限公司（上市）", 0.5), ("个人独资企业", 6),
         ("有限合伙企业", 4), ("有限责任公司（外商投资、非独资）", 2), ("有限责任公司（国有独资）", 1),
         ("其他有限责任公司", 2.5)]
CURRENCIES = [("万元人民币", 96.5), ("万美元", 2), ("万港元", 0.8), ("万欧元", 0.2), ("-", 0.5)]
BRAND = list("恒华瑞新宏远鼎盛泰和信达创联中科博汇通益安源德丰嘉康天海金正弘运星辰凯旭振兴明光利宇鸿晟昊睿"
             "普誉优捷智领峰杰卓越隆舜赛麦拓芯驰")
SUFFIXES = [("有限公司", 55), ("科技有限公司", 25), ("股份有限公司", 6), ("集团有限公司", 2), ("技术有限公司", 12)]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁沈")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国峰辉红玲斌波宁亮")
GENERIC_SCOPE = ["技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "货物进出口", "技术进出口",
                 "软件开发", "信息咨询服务（不含许可类信息咨询服务）", "机械设备销售", "电子产品销售", "办公用品销售",
                 "企业管理咨询", "会议及展览服务", "非居住房地产租赁",
                 "普通货物仓储服务（不含危险化学品等需许可审批的项目）", "五金产品批发", "建筑材料销售",
                 "日用百货销售", "市场营销策划", "专用设备修理", "国内贸易代理",
                 "金属材料销售", "塑料制品销售", "信息系统集成服务", "物业管理", "人工智能应用软件开发",
                 "新材料技术研发"]
TAG_RULES = [("世界500强", 0.9995, 0.3), ("央企", 0.999, 0.15), ("上市", 0.995, 0.25), ("行业龙头", 0.997, 0.3),
             ("专精特新", 0.98, 0.06), ("高新技术", 0.9, 0.12)]

# Segments to seed when no chain is loaded: (industry codes, business-scope keywords).
DEFAULT_SEGMENTS = [
    (["3841"], ["锂离子电池", "动力电池", "储能电池"]), (["3670"], ["电池管理系统", "热管理系统", "电驱动系统"]),
    (["3670"], ["自动驾驶", "毫米波雷达", "激光雷达"]), (["3812"], ["驱动电机"]), (["3612"], ["新能源汽车整车"]),
    (["5267"], ["充电桩", "充换电"]), (["4210"], ["废旧电池回收", "动力电池回收"]), (["3985"], ["功率半导体"]),
    (["3973"], ["集成电路设计", "芯片设计"]), (["2720"], ["化学药品制剂"]), (["3581"], ["医疗器械", "体外诊断"]),
]


@dataclass(frozen=True)
class Vocabulary:
    """The pools a generator draws from, built once."""

    cities: list[gb2260.Division]
    city_p: np.ndarray
    county_names: np.ndarray  # per city, a county name (or the city's own) table, flattened
    county_start: np.ndarray
    county_count: np.ndarray
    classes: list[str]
    class_p: np.ndarray


def _vocabulary(segments: list[tuple[list[str], list[str]]], chain_share: float) -> Vocabulary:
    divisions = gb2260.divisions()
    cities = [d for d in divisions.values() if d.level == "city" and d.code[:2] not in ("71", "81", "82")]
    weights = np.array([CITY_WEIGHTS.get(d.short_name, 0.6 if d.is_yrd else 0.25) for d in cities])
    counties: dict[str, list[str]] = {}
    for d in divisions.values():
        if d.level == "county" and d.parent:
            counties.setdefault(d.parent, []).append(d.name)
    names: list[str] = []
    start, count = [], []
    for d in cities:
        own = counties.get(d.code) or [""]
        start.append(len(names))
        count.append(len(own))
        names.extend(own)
    table = industries()
    classes = [c for c in table.names if len(c) == 4]
    by_section: dict[str, list[str]] = {}
    for code in classes:
        section = _section(table, code)
        by_section.setdefault(section, []).append(code)
    p = np.array([SECTION_WEIGHTS.get(_section(table, c), 0.2) / len(by_section[_section(table, c)])
                  for c in classes])
    p = p / p.sum() * (1 - chain_share)
    seg_codes = [c for codes, _ in segments for code in codes for c in classes if c.startswith(code)]
    if seg_codes:
        index = {c: i for i, c in enumerate(classes)}
        for code in seg_codes:
            p[index[code]] += chain_share / len(seg_codes)
    return Vocabulary(cities, weights / weights.sum(), np.array(names, dtype=object), np.array(start),
                      np.array(count), classes, p / p.sum())


def _section(table, code: str) -> str:
    while code in table.parents:
        code = table.parents[code]
    return code


def _choice(rng, options, n: int) -> pa.Array:
    """n draws from (label, weight) pairs."""
    labels = pa.array([o for o, _ in options])
    p = np.array([w for _, w in options], dtype=float)
    return labels.take(pa.array(rng.choice(len(options), size=n, p=p / p.sum())))


def credit_codes(region_digits: np.ndarray, index: np.ndarray, seed: int) -> np.ndarray:
    """Valid, distinct 18-character codes: 91 + region + a permuted organisation code with both check digits.

    `region_digits` is an (n, 6) array of the region code's digits; the permutation is a bijection of
    0…10^8-1 (its multiplier is prime to 10), so distinct indexes give distinct codes."""
    n = len(index)
    body = (index.astype(np.int64) * 7_654_321 + seed * 7919 + 13_579_135) % 100_000_000
    digits = np.stack([(body // 10 ** (7 - k)) % 10 for k in range(8)], axis=1)
    org_check = 11 - (digits * np.array([3, 7, 9, 10, 5, 8, 4, 2])).sum(axis=1) % 11
    org_check_char = np.where(org_check == 10, 31 - 2, np.where(org_check == 11, 0, org_check))  # X, 0, digit
    region = region_digits
    values = np.concatenate([np.full((n, 1), 9), np.full((n, 1), 1), region, digits, org_check_char[:, None]],
                            axis=1).astype(np.int64)
    check = (31 - (values * USCC_WEIGHTS).sum(axis=1) % 31) % 31
    values = np.concatenate([values, check[:, None]], axis=1)
    alphabet = np.frombuffer(USCC_ALPHABET.encode(), dtype=np.uint8)
    return alphabet[values].view("S18").ravel().astype(str)


def _sizes(rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Capital in 万 (log-normal, median 100万) and insured staff, correlated through a shared draw."""
    z = rng.standard_normal(n)
    capital = np.exp(np.log(100) + 1.7 * z)
    staff = np.exp(np.log(4) + 1.4 * (0.7 * z + 0.7 * rng.standard_normal(n))) - 1
    return np.maximum(1, np.round(capital)), np.maximum(0, np.round(staff))


def generate_table(n: int, *, seed: int, offset: int = 0, segments=None, vocab: Vocabulary | None = None,
                   chain_share: float = 0.04) -> pa.Table:
    """n rows of the 企查查 export (and 企业标签, 数据来源) as an Arrow table of strings."""
    segments = segments or DEFAULT_SEGMENTS
    vocab = vocab or _vocabulary(segments, chain_share)
    rng = np.random.default_rng([seed, offset])
    table = industries()
    city_i = rng.choice(len(vocab.cities), size=n, p=vocab.city_p)
    cities = vocab.cities
    city_short = pa.array([c.short_name for c in cities]).take(pa.array(city_i))
    city_name = pa.array([c.name for c in cities]).take(pa.array(city_i))
    prov_names = pa.array([gb2260.divisions()[c.code[:2] + "0000"].name for c in cities]).take(pa.array(city_i))
    county_i = vocab.county_start[city_i] + (rng.random(n) * vocab.county_count[city_i]).astype(np.int64)
    county = pa.array(vocab.county_names[county_i].tolist(), pa.string())
    class_i = rng.choice(len(vocab.classes), size=n, p=vocab.class_p)
    classes = pa.array(vocab.classes)
    names_by_level = []
    for depth in range(4):
        pool = [_ancestor_name(table, c, depth) for c in vocab.classes]
        names_by_level.append(pa.array(pool).take(pa.array(class_i)))
    term_pool = pa.array([_term(table.names[c]) for c in vocab.classes]).take(pa.array(class_i))
    brand = pc.binary_join_element_wise(pa.array(BRAND).take(pa.array(rng.integers(0, len(BRAND), n))),
                                        pa.array(BRAND).take(pa.array(rng.integers(0, len(BRAND), n))), "")
    capital, staff = _sizes(rng, n)
    seg_kw = _segment_keywords(rng, vocab.classes, class_i, segments)
    name_term = pc.if_else(pc.and_(pc.not_equal(seg_kw[0], ""), pa.array(rng.random(n) < 0.3)), seg_kw[0], term_pool)
    names = pc.binary_join_element_wise(city_short, brand, name_term, _choice(rng, SUFFIXES, n), "")
    status = _choice(rng, STATUSES, n)
    currency = _choice(rng, CURRENCIES, n)
    capital_text = pc.if_else(pc.equal(currency, "-"), "-",
                              pc.binary_join_element_wise(pa.array(capital.astype(np.int64)).cast(pa.string()),
                                                          currency, ""))
    years = np.clip(2025 - np.floor(rng.exponential(9, n)), 1980, 2025).astype(np.int64)
    days = (years - 1970) * 365.25 + rng.integers(0, 365, n)
    founded = pa.array(days.astype(np.int32), pa.int32()).cast(pa.date32()).cast(pa.string())
    region_digits = np.array([[int(ch) for ch in c.code] for c in cities], dtype=np.int64)[city_i]
    codes = credit_codes(region_digits, np.arange(offset, offset + n), seed)
    code_arr = pa.array(codes, pa.string())
    insured = pa.array(staff.astype(np.int64)).cast(pa.string())
    inactive = pc.is_in(status, pa.array(["注销", "吊销，未注销", "迁出"]))
    insured = pc.if_else(inactive, "-", insured)
    scope = _scopes(rng, n, term_pool, seg_kw)
    tags = _tags(rng, capital, staff)
    people = pc.binary_join_element_wise(pa.array(SURNAMES).take(pa.array(rng.integers(0, len(SURNAMES), n))),
                                         pa.array(GIVEN).take(pa.array(rng.integers(0, len(GIVEN), n))), "")
    road = pc.binary_join_element_wise(
        prov_names, city_name, county, pa.array(BRAND).take(pa.array(rng.integers(0, len(BRAND), n))), "路",
        pa.array(rng.integers(1, 999, n)).cast(pa.string()), "号", "")
    size = pa.array(np.select([staff >= 1000, staff >= 100, staff >= 10], ["大型", "中型", "小型"], "微型"))
    dash = pa.array(["-"] * n, pa.string())
    columns = {
        "企业名称": names, "登记状态": status, "法定代表人": people, "注册资本": capital_text, "成立日期": founded,
        "统一社会信用代码": code_arr, "注册地址": road, "所属省份": prov_names, "所属城市": city_name,
        "所属区县": county, "有效手机号": dash, "更多电话": dash, "邮箱": dash,
        "企业(机构)类型": _choice(rng, KINDS, n), "纳税人识别号": code_arr, "注册号": dash,
        "组织机构代码": pc.utf8_slice_codeunits(code_arr, 8, 17), "参保人数": insured,
        "参保人数所属年报": pa.array(["2024年报"] * n),
        "营业期限": pc.binary_join_element_wise(founded, " 至 无固定期限", ""),
        "国标行业门类": names_by_level[0], "国标行业大类": names_by_level[1], "国标行业中类": names_by_level[2],
        "国标行业小类": names_by_level[3], "企查查行业门类": names_by_level[0], "企查查行业大类": names_by_level[1],
        "企查查行业中类": dash, "企查查行业小类": dash, "企业规模": size, "曾用名": dash, "英文名": dash,
        "官网网址": dash, "通信地址": road, "通信地址邮编": dash, "企业简介": dash, "经营范围": scope,
        "企业标签": tags, "数据来源": pa.array([LABEL] * n),
    }
    del classes
    return pa.table(columns)


def _ancestor_name(table, code: str, depth: int) -> str:
    chain = [code]
    while chain[-1] in table.parents:
        chain.append(table.parents[chain[-1]])
    chain.reverse()  # section, division, group, class
    return table.names[chain[depth]] if depth < len(chain) else ""


def _term(name: str) -> str:
    for word in ("制造", "批发", "零售", "服务", "种植", "加工", "开采", "生产和供应", "生产", "活动"):
        name = name.replace(word, "")
    name = name.replace("其他", "").replace("及", "").replace("、", "").strip("和与")
    return (name or "实业")[:6]


def _segment_keywords(rng, classes: list[str], class_i: np.ndarray, segments) -> tuple[pa.Array, pa.Array]:
    """For rows in a segment's classes, one or two of its keywords (most rows); a few others get one too."""
    n = len(class_i)
    by_class: dict[str, list[str]] = {}
    for codes, words in segments:
        for code in codes:
            for c in classes:
                if c.startswith(code):
                    by_class.setdefault(c, []).extend(words)
    all_words = sorted({w for _, words in segments for w in words})
    pools = [by_class.get(c, []) for c in classes]
    flat: list[str] = []
    start, count = [], []
    for pool in pools:
        start.append(len(flat))
        count.append(len(pool))
        flat.extend(pool)
    flat_arr = np.array(flat + [""], dtype=object)
    start_a, count_a = np.array(start), np.array(count)
    cnt = count_a[class_i]
    has = (cnt > 0) & (rng.random(n) < 0.75)
    pick = lambda: np.where(has, start_a[class_i] + (rng.random(n) * np.maximum(cnt, 1)).astype(np.int64),  # noqa: E731
                            len(flat))
    first, second = flat_arr[pick()], flat_arr[pick()]
    stray = (~has) & (rng.random(n) < 0.01) & bool(all_words)
    if all_words:
        first = np.where(stray, np.array(all_words, dtype=object)[rng.integers(0, len(all_words), n)], first)
    second = np.where(second == first, "", second)
    return pa.array(first.tolist(), pa.string()), pa.array(second.tolist(), pa.string())


def _scopes(rng, n: int, term, seg_kw) -> pa.Array:
    generic = pa.array(GENERIC_SCOPE)
    g = [generic.take(pa.array(rng.integers(0, len(GENERIC_SCOPE), n))) for _ in range(3)]
    kw = pc.binary_join_element_wise(seg_kw[0], seg_kw[1], "、")
    kw = pc.replace_substring_regex(kw, "^、|、$", "")
    kw = pc.if_else(pc.equal(kw, ""), kw, pc.binary_join_element_wise(kw, "的研发、生产、销售；", ""))
    return pc.binary_join_element_wise("一般项目：", term, "研发；", term, "销售；", kw, g[0], "；", g[1], "；", g[2],
                                       "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）", "")


def _tags(rng, capital: np.ndarray, staff: np.ndarray) -> pa.Array:
    n = len(capital)
    rank = (np.argsort(np.argsort(capital + staff * 10)) / max(n - 1, 1)) if n else np.zeros(0)
    parts = []
    for tag, quantile, chance in TAG_RULES:
        mask = (rank >= quantile) & (rng.random(n) < chance * 3)
        parts.append(pa.array(np.where(mask, tag, "")))
    joined = pc.binary_join_element_wise(*parts, ";")
    joined = pc.replace_substring_regex(joined, ";{2,}", ";")
    joined = pc.replace_substring_regex(joined, "^;|;$", "")
    return pc.if_else(pc.equal(joined, ""), "-", joined)


def universe_generate(*, rows: int, seed: int, out: Path | str, fmt: str = "parquet",
                      segments: Iterable[tuple[list[str], list[str]]] | None = None,
                      rows_per_file: int = ROWS_PER_FILE) -> list[Path]:
    """Write `rows` synthetic firms into `out`, one file per million rows; returns the files."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    segs = list(segments or DEFAULT_SEGMENTS)
    vocab = _vocabulary(segs, 0.04)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k, offset in enumerate(range(0, rows, rows_per_file)):
        n = min(rows_per_file, rows - offset)
        table = generate_table(n, seed=seed, offset=offset, segments=segs, vocab=vocab)
        path = folder / f"{LABEL}-企查查导出-{seed}-{k + 1:03d}.{fmt}"
        if fmt == "csv":
            pcsv.write_csv(table, path)
        else:
            pq.write_table(table, path, compression="zstd")
        files.append(path)
    return files
