"""Header mapping and the checks on each row that need no database.

Headers may be Chinese or English (项目名称 / name …); a unit in the amount header (总投资（万元）)
applies to the bare numbers below it. Each cell is turned into a typed value or a reason in Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from zhaoshang.currencies.amounts import parse_amount
from zhaoshang.projects.importers.base import FileRefused, RowIterator, is_blank
from zhaoshang.projects.models import PIPELINE, Stage

# field: (the header we show, the headers we accept besides it)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("项目名称", ("项目", "项目名", "name", "project", "project name")),
    "investor": ("投资方", ("投资主体", "投资企业", "投资单位", "investor", "investors", "company")),
    "source_city": ("来源城市", ("来源地", "来源", "投资方所在地", "source city", "source", "city",
                                 "source region")),
    "amount": ("总投资", ("总投资额", "投资额", "计划总投资", "投资金额", "amount", "investment",
                          "total investment")),
    "stage": ("阶段", ("项目阶段", "当前阶段", "项目状态", "状态", "stage", "status")),
    "signed_on": ("签约日期", ("签约时间", "签约", "signed on", "signed", "signed date", "signing date")),
    "industry": ("行业", ("行业代码", "所属行业", "国民经济行业", "industry", "industry code")),
    "credit_code": ("统一社会信用代码", ("信用代码", "社会信用代码", "投资方统一社会信用代码", "credit code",
                                         "uscc")),
    "owner": ("负责人", ("项目负责人", "招商负责人", "owner")),
    "confidential": ("保密", ("是否保密", "confidential")),
    "carrier": ("载体", ("落地载体", "入驻载体", "carrier")),
    "description": ("项目概况", ("项目简介", "概况", "description")),
}
REQUIRED = ("name", "investor", "amount", "stage")
HEADER_SEARCH_ROWS = 10  # a title line or two above the header is common

STAGES = {**{s.label: s.value for s in Stage}, **{s.value: s.value for s in Stage},
          "在谈": Stage.NEGOTIATING, "已签约": Stage.SIGNED, "已注册": Stage.REGISTERED,
          "已开工": Stage.STARTED, "已投产": Stage.OPERATING, "终止": Stage.DROPPED}
TRUE_WORDS = {"是", "true", "yes", "y", "1", "保密", "√"}
FALSE_WORDS = {"否", "false", "no", "n", "0", "不保密", "公开", ""}
INVESTOR_SEPARATORS = re.compile(r"[、;；\n]")
DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_LENGTH = {"name": 200, "investor": 200, "description": 5000, "source_city": 50, "industry": 120,
              "owner": 150, "carrier": 150}
# Cells our own export escaped (a leading apostrophe before = + - @) read back as they were.
_ESCAPED = re.compile(r"^'(?=[=+\-@\t\r])")


def header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip().lower().lstrip("\ufeff*")
    return re.sub(r"[\s_\-]+", " ", text).strip()


ALIASES = {header_key(alias): key
           for key, (shown, others) in FIELDS.items() for alias in (shown, key, *others)}
_UNIT_IN_HEADER = re.compile(r"^(.*?)[(（\[【]\s*(.+?)\s*[)）\]】]$")


def label(field_name: str) -> str:
    return FIELDS[field_name][0]


@dataclass
class Columns:
    """Where each field is in the sheet, the header text the user wrote, and the amount header's unit."""

    header_row: int
    index: dict[str, int] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)
    amount_unit: tuple[Decimal, str] | None = None
    ignored: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.index


def _match_header(text: str) -> tuple[str | None, tuple[Decimal, str] | None]:
    key = header_key(text)
    if key in ALIASES:
        return ALIASES[key], None
    match = _UNIT_IN_HEADER.match(key)
    if match and ALIASES.get(match.group(1).strip()) == "amount":
        try:
            return "amount", parse_amount("1" + match.group(2))
        except ValueError:
            return "amount", None
    return None, None


def map_headers(number: int, cells: list) -> tuple[Columns, list[tuple[int, str, str]]]:
    """Columns of the header row, and problems as (row, column header, reason)."""
    columns, problems = Columns(header_row=number), []
    for i, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        name, unit = _match_header(str(cell))
        if name is None:
            columns.ignored.append(str(cell).strip())
        elif name in columns.index:
            problems.append((number, str(cell).strip(),
                             f"与“{columns.header[name]}”列重复，都表示{label(name)}"))
        else:
            columns.index[name], columns.header[name] = i, str(cell).strip()
            if unit:
                columns.amount_unit = unit
    for name in REQUIRED:
        if name not in columns.index:
            english = FIELDS[name][1][-1]
            problems.append((number, label(name), f"缺少必填列“{label(name)}”（英文表头可写 {english}）"))
    return columns, problems


def find_header(rows: RowIterator) -> tuple[int, list]:
    """The first row that names at least two known columns; refuse the file if there is none."""
    first = None
    for seen, (number, cells) in enumerate(rows):
        first = first or (number, cells)
        if sum(1 for c in cells if c is not None and _match_header(str(c))[0]) >= 2:
            return number, cells
        if seen + 1 >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise FileRefused("文件为空：没有表头，也没有数据")
    raise FileRefused("找不到表头：前几行中应有“项目名称、投资方、总投资、阶段”等列名（中文或英文）",
                      row=first[0])


@dataclass(slots=True)
class ParsedRow:
    """One row's values, typed but not yet matched against the database."""

    row: int
    name: str
    investors: list[tuple[str, str]]  # (name, credit code or "")
    amount: Decimal | None = None
    currency: str = "CNY"
    stage: str | None = None
    signed_on: dt.date | None = None
    source_city: str = ""
    industry: str = ""
    owner: str = ""
    confidential: bool | None = None
    carrier: str = ""
    description: str = ""


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return _ESCAPED.sub("", unicodedata.normalize("NFC", str(value)).strip())


def parse_date(value, today: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 100_000:
        value = EXCEL_EPOCH + dt.timedelta(days=int(value))  # an Excel date serial the sheet did not format
    if not isinstance(value, dt.date):
        raw = text(value)
        for pattern in DATE_PATTERNS:
            match = pattern.match(raw)
            if match:
                try:
                    value = dt.date(*(int(g) for g in match.groups()))
                except ValueError:
                    raise ValueError(f"日期“{raw}”不存在") from None
                break
        else:
            raise ValueError(f"无法识别日期“{raw}”；可写作 2020-06-01、2020/6/1 或 2020年6月1日")
    if value > today:
        raise ValueError(f"签约日期 {value} 在今天之后")
    if value.year < 1978:
        raise ValueError(f"签约日期 {value} 过早，请检查")
    return value


def parse_stage(value) -> str:
    raw = text(value)
    stage = STAGES.get(raw) or STAGES.get(raw.lower())
    if stage is None:
        choices = "、".join(f"{s.label}（{s.value}）" for s in Stage)
        raise ValueError(f"无法识别阶段“{raw}”；可填：{choices}")
    return stage


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ValueError(f"无法识别“{raw}”；请填 是 或 否")


def parse_money(value, unit: tuple[Decimal, str] | None) -> tuple[Decimal, str]:
    """A number cell, or text with its unit; a bare number takes the header's unit (else yuan)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"无法识别金额“{value}”") from None
        factor, currency = unit or (Decimal(1), "CNY")
        return parse_amount(f"{number * factor:f}{'' if currency == 'CNY' else currency}")
    raw = text(value)
    if unit and re.fullmatch(r"[\d,.\s]+", raw):
        return parse_money(Decimal(raw.replace(",", "").replace(" ", "")), unit)
    return parse_amount(raw)


def _investors(names: str, codes: str) -> list[tuple[str, str]]:
    names_list = [n.strip() for n in INVESTOR_SEPARATORS.split(names) if n.strip()]
    codes_list = [c.strip().upper() for c in INVESTOR_SEPARATORS.split(codes) if c.strip()]
    if codes_list and len(codes_list) != len(names_list):
        raise ValueError(f"有 {len(names_list)} 个投资方，却有 {len(codes_list)} 个统一社会信用代码；"
                         "请按顺序一一对应")
    return list(zip(names_list, codes_list or [""] * len(names_list), strict=True))


def parse_row(number: int, cells: list, columns: Columns, today: dt.date
              ) -> tuple[ParsedRow | None, list[tuple[str, str]]]:
    """The row's typed values, or None with problems as (field, reason)."""
    problems: list[tuple[str, str]] = []

    def cell(name: str):
        i = columns.index.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    def convert(name: str, func, *args):
        value = cell(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return func(value, *args)
        except ValueError as exc:
            problems.append((name, str(exc)))
            return None

    values = {name: text(cell(name)) for name in MAX_LENGTH}
    for name, limit in MAX_LENGTH.items():
        if len(values[name]) > limit:
            problems.append((name, f"内容过长（{len(values[name])} 字，上限 {limit} 字）"))
    for name in ("name", "stage"):  # an investor is required of new projects only (service.py)
        if not values.get(name, text(cell(name))):
            problems.append((name, f"{label(name)}不能为空"))
    investors = []
    if isinstance(cell("credit_code"), int | float):
        problems.append(("credit_code", "统一社会信用代码被存成了数字，末几位可能已被 Excel 改掉；"
                                        "请把该列设为“文本”后重新填写"))
    elif values["investor"]:
        try:
            investors = _investors(values["investor"], text(cell("credit_code")))
        except ValueError as exc:
            problems.append(("credit_code", str(exc)))
    money = convert("amount", parse_money, columns.amount_unit)
    stage = convert("stage", parse_stage)
    signed_on = convert("signed_on", parse_date, today)
    confidential = convert("confidential", parse_bool)
    if stage and not any(name == "signed_on" for name, _ in problems):
        problems += _stage_problems(stage, signed_on, columns)
    if problems:
        return None, problems
    return ParsedRow(
        row=number, name=values["name"], investors=investors,
        amount=money[0] if money else None, currency=money[1] if money else "CNY",
        stage=stage, signed_on=signed_on, source_city=values["source_city"], industry=values["industry"],
        owner=values["owner"], confidential=confidential, carrier=values["carrier"],
        description=values["description"]), []


def _stage_problems(stage: str, signed_on: dt.date | None, columns: Columns) -> list[tuple[str, str]]:
    reached_signing = stage in PIPELINE and PIPELINE.index(stage) >= PIPELINE.index(Stage.SIGNED)
    if reached_signing and signed_on is None:
        return [("signed_on", f"阶段为“{Stage(stage).label}”的项目须填写签约日期")]
    if stage in (Stage.LEAD, Stage.NEGOTIATING) and signed_on is not None:
        return [("signed_on", f"阶段为“{Stage(stage).label}”的项目尚未签约，不应有签约日期")]
    return []


def data_rows(rows: RowIterator) -> RowIterator:
    return ((n, c) for n, c in rows if not is_blank(c))
