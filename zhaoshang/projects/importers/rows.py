"""The project sheet's fields and the checks on each row that need no database.

Headers may be Chinese or English (项目名称 / name …); a unit in the amount header (总投资（万元）)
applies to the bare numbers below it. Each cell is turned into a typed value or a reason in Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from zhaoshang.core.imports import Field, Fields, SheetRow, parse_date, text
from zhaoshang.core.numerals import parse_quantity
from zhaoshang.currencies.amounts import CURRENCY_WORDS, parse_amount
from zhaoshang.projects.models import PIPELINE, Stage


def _money_unit(unit: str) -> tuple[Decimal, str]:
    """万元 in 总投资（万元）: what one bare number in the column is worth, and in which currency."""
    return parse_amount("1" + unit)


# The last alias of a required field is the English header a missing-column message suggests.
FIELDS = Fields([
    Field("name", "项目名称", ("项目", "项目名", "name", "project", "project name"), required=True),
    Field("investor", "投资方", ("投资主体", "投资企业", "投资单位", "investor", "investors", "company"),
          required=True),
    Field("source_city", "来源城市", ("来源地", "来源", "投资方所在地", "source city", "source", "city",
                                      "source region")),
    Field("amount", "总投资", ("总投资额", "投资额", "计划总投资", "投资金额", "amount", "investment",
                               "total investment"), required=True, unit=_money_unit),
    Field("stage", "阶段", ("项目阶段", "当前阶段", "项目状态", "状态", "stage", "status"), required=True),
    Field("signed_on", "签约日期", ("签约时间", "签约", "signed on", "signed", "signed date", "signing date")),
    Field("industry", "行业", ("行业代码", "所属行业", "国民经济行业", "industry", "industry code")),
    Field("credit_code", "统一社会信用代码", ("信用代码", "社会信用代码", "投资方统一社会信用代码",
                                              "credit code", "uscc")),
    Field("owner", "负责人", ("项目负责人", "招商负责人", "owner")),
    Field("confidential", "保密", ("是否保密", "confidential")),
    Field("carrier", "载体", ("落地载体", "入驻载体", "carrier")),
    Field("description", "项目概况", ("项目简介", "概况", "description")),
])


def label(field_name: str) -> str:
    return FIELDS.label(field_name)


def name_key(name: str) -> str:
    """Project names that differ only in full-width forms, case or the width of their spaces are one name.

    Not `organizations.matching.normalise_name` on purpose: a company's registered name has no spaces,
    so that one drops them all, while a project name is free text in which a space separates words and
    figures ("A 12 号地块" and "A1 2 号地块" are two plots), so here a run of spaces counts as one.
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().lower()


STAGES = {**{s.label: s.value for s in Stage}, **{s.value: s.value for s in Stage},
          "在谈": Stage.NEGOTIATING, "已签约": Stage.SIGNED, "已注册": Stage.REGISTERED,
          "已开工": Stage.STARTED, "已投产": Stage.OPERATING, "终止": Stage.DROPPED}
TRUE_WORDS = {"是", "true", "yes", "y", "1", "保密", "√"}
FALSE_WORDS = {"否", "false", "no", "n", "0", "不保密", "公开", ""}
INVESTOR_SEPARATORS = re.compile(r"[、;；\n]")
MAX_LENGTH = {"name": 200, "investor": 200, "description": 5000, "source_city": 50, "industry": 120,
              "owner": 150, "carrier": 150}


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


def parse_signed_on(value, today: dt.date) -> dt.date:
    signed_on = parse_date(value)
    if signed_on > today:
        raise ValueError(f"签约日期 {signed_on} 在今天之后")
    if signed_on.year < 1978:
        raise ValueError(f"签约日期 {signed_on} 过早，请检查")
    return signed_on


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
    refuse_approximate(raw)
    return parse_amount(raw)


_CURRENCY_WORD = re.compile("|".join(sorted(map(re.escape, CURRENCY_WORDS), key=len, reverse=True)))


def qualifier(raw: str) -> str:
    """How the news extractor would qualify the figure (exact, about, more_than…): 三亿多 is more_than."""
    bare = _CURRENCY_WORD.sub("", re.sub(r"[\s,，]", "", unicodedata.normalize("NFKC", raw)))
    try:
        return parse_quantity(bare)[1]
    except ValueError:
        return "exact"  # not a figure the numerals know: parse_amount gives the reason


def refuse_approximate(raw: str) -> None:
    """A project's investment is a signed figure: an approximate one (三亿多, 近3亿, 约3亿) is refused, not
    read as exact, so no total silently counts 3亿 for 三亿多."""
    if qualifier(raw) != "exact":
        raise ValueError(f"金额“{raw}”是约数，不能作为确切金额导入；请填写确切金额（如 3.2亿元），"
                         "约数可写在“项目概况”中")


def _investors(names: str, codes: str) -> list[tuple[str, str]]:
    names_list = [n.strip() for n in INVESTOR_SEPARATORS.split(names) if n.strip()]
    codes_list = [c.strip().upper() for c in INVESTOR_SEPARATORS.split(codes) if c.strip()]
    if codes_list and len(codes_list) != len(names_list):
        raise ValueError(f"有 {len(names_list)} 个投资方，却有 {len(codes_list)} 个统一社会信用代码；"
                         "请按顺序一一对应")
    return list(zip(names_list, codes_list or [""] * len(names_list), strict=True))


def parse_row(row: SheetRow, today: dt.date) -> ParsedRow | None:
    """The row's typed values, or None with its problems reported on `row`."""
    problems: list[tuple[str, str]] = []
    cell = row.cell

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
    money = convert("amount", parse_money, row.unit("amount"))
    stage = convert("stage", parse_stage)
    signed_on = convert("signed_on", parse_signed_on, today)
    confidential = convert("confidential", parse_bool)
    if stage and not any(name == "signed_on" for name, _ in problems):
        problems += _stage_problems(stage, signed_on)
    for name, reason in problems:
        row.problem(name, reason)
    if problems:
        return None
    return ParsedRow(
        row=row.number, name=values["name"], investors=investors,
        amount=money[0] if money else None, currency=money[1] if money else "CNY",
        stage=stage, signed_on=signed_on, source_city=values["source_city"], industry=values["industry"],
        owner=values["owner"], confidential=confidential, carrier=values["carrier"],
        description=values["description"])


def _stage_problems(stage: str, signed_on: dt.date | None) -> list[tuple[str, str]]:
    reached_signing = stage in PIPELINE and PIPELINE.index(Stage(stage)) >= PIPELINE.index(Stage.SIGNED)
    if reached_signing and signed_on is None:
        return [("signed_on", f"阶段为“{Stage(stage).label}”的项目须填写签约日期")]
    if stage in (Stage.LEAD, Stage.NEGOTIATING) and signed_on is not None:
        return [("signed_on", f"阶段为“{Stage(stage).label}”的项目尚未签约，不应有签约日期")]
    return []

