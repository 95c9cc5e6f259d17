"""What a universe row holds, the headers registry exports use for it, and how status words normalise.

The alias table covers the layouts people actually have: 企查查's full export (36 columns), its regional
(33) and national (24) variants, 天眼查's 高级搜索 export and the publicity system's 照面 fields. Headers are
compared by `core.imports.header_key` (full- and half-width brackets alike), so 企业(机构)类型 and
企业（机构）类型 are one column. Phone numbers and e-mail addresses are never read: the universe holds no
personal contact data.
"""

from __future__ import annotations

import pyarrow as pa

from zhaoshang.core.imports import Field, Fields

FIELDS = Fields([
    Field("name", "企业名称", ("公司名称", "系统匹配企业名称", "名称", "企业名", "company name"), required=True),
    Field("status", "登记状态", ("经营状态", "企业状态", "状态", "status")),
    Field("legal_rep", "法定代表人", ("法人", "负责人", "经营者", "法定代表人/负责人")),
    Field("capital", "注册资本", ("registered capital",)),
    Field("founded", "成立日期", ("成立时间", "注册日期", "founded")),
    Field("credit_code", "统一社会信用代码", ("注册号/统一社会信用代码", "信用代码", "社会信用代码", "credit code")),
    Field("reg_no", "注册号", ("工商注册号",)),
    Field("address", "注册地址", ("住所", "营业场所", "企业地址", "地址")),
    Field("province", "所属省份", ("省份", "所在省份", "省")),
    Field("city", "所属城市", ("城市", "所在城市", "市")),
    Field("county", "所属区县", ("区县", "所在区县")),
    Field("kind", "企业(机构)类型", ("企业类型", "公司类型", "类型", "机构类型")),
    Field("insured", "参保人数", ("社保人数", "参保人员")),
    Field("ind_section", "国标行业门类", ()),
    Field("ind_division", "国标行业大类", ()),
    Field("ind_group", "国标行业中类", ()),
    Field("ind_class", "国标行业小类", ()),
    Field("industry", "所属行业", ("国标行业", "行业")),
    Field("industry_code", "行业代码", ("国标行业代码", "industry code")),
    Field("size", "企业规模", ("人员规模",)),
    Field("scope", "经营范围", ("business scope",)),
    Field("tags", "企业标签", ("标签", "资质标签", "企业资质")),
    Field("vendor_score", "天眼评分", ("企查分", "vendor score")),
    Field("source", "数据来源", ()),
])
INDUSTRY_LEVELS = ("ind_section", "ind_division", "ind_group", "ind_class")

# Cells registry exports write for "nothing here".
EMPTY_TOKENS = ("-", "--", "—", "——", "无", "暂无", "/", "null", "NULL", "None")

# Status words as exports write them (the part before a bracket) → the normalised status.
STATUS_WORDS = {
    "存续": "存续", "在营": "存续", "开业": "存续", "在册": "存续", "正常": "存续", "登记成立": "存续",
    "在业": "在业", "迁入": "存续",
    "注销": "注销", "已注销": "注销", "吊销": "吊销", "已吊销": "吊销", "吊销,未注销": "吊销",
    "吊销，未注销": "吊销", "吊销,已注销": "注销", "吊销，已注销": "注销", "撤销": "撤销", "责令关闭": "责令关闭",
    "停业": "停业", "歇业": "歇业", "清算": "清算", "迁出": "迁出",
}
ACTIVE_STATUSES = ("存续", "在业")

# Tags a scorer knows; others are kept as written.
KNOWN_TAGS = ("世界500强", "央企", "上市", "行业龙头", "专精特新", "高新技术")

# The stored table: one row per firm.
STORED = pa.schema([
    ("credit_code", pa.string()),
    ("name", pa.string()),
    ("name_norm", pa.string()),
    ("status", pa.string()),
    ("active", pa.bool_()),
    ("legal_rep", pa.string()),
    ("capital_amount", pa.decimal128(20, 2)),
    ("capital_currency", pa.string()),
    ("capital_cny", pa.decimal128(20, 2)),
    ("founded", pa.date32()),
    ("address", pa.string()),
    ("prov", pa.string()),
    ("city_code", pa.string()),
    ("county_code", pa.string()),
    ("city", pa.string()),
    ("lng", pa.float32()),
    ("lat", pa.float32()),
    ("kind", pa.string()),
    ("insured", pa.int32()),
    ("industry_code", pa.string()),
    ("size", pa.string()),
    ("scope", pa.string()),
    ("scope_kw", pa.list_(pa.string())),
    ("name_kw", pa.list_(pa.string())),
    ("tags", pa.list_(pa.string())),
    ("vendor_score", pa.float32()),
    ("source", pa.string()),
    ("seq", pa.int64()),  # import order: the later row wins a merge
])
