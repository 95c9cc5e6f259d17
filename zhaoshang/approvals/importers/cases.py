"""`case_import`: a service platform's case export (办件导出) through the import core, all rows or none.

What is the cases' own: the Chinese headers platforms write, the words for channels and results, the
catalogue the item must be in, the applicant matched through the organisations' matcher (an applicant
the universe does not know stays a name and code on the case: a case import creates no organisation),
and what "the same case" means — the same number in the zone with the same values.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from zhaoshang.accounts.permissions import CASES_EDIT_DENIED, can_edit_cases
from zhaoshang.approvals.models import Case, CaseStep, Channel, ServiceItem
from zhaoshang.core.imports import (
    Field,
    Fields,
    ImportResult,
    ImportSpec,
    Limits,
    Report,
    RowReport,
    SheetRow,
    parse_date,
    sheet_import,
    text,
)
from zhaoshang.organizations.matching import OrganizationIndex
from zhaoshang.organizations.models import validate_credit_code
from zhaoshang.projects.models import Project

FIELDS = Fields([
    Field("number", "办件编号", ("办件号", "申报号", "业务流水号", "case number"), required=True),
    Field("item", "事项名称", ("事项", "办理事项", "service item"), required=True),
    Field("applicant", "申请人", ("申请人名称", "申请单位", "applicant"), required=True),
    Field("credit_code", "统一社会信用代码", ("信用代码", "credit code")),
    Field("id_number", "证件号码", ("身份证号", "身份证号码", "id number")),
    Field("phone", "联系电话", ("手机号", "phone")),
    Field("received", "受理时间", ("受理日期", "申请时间", "received"), required=True),
    Field("decided", "办结时间", ("办结日期", "decided")),
    Field("channel", "办理方式", ("渠道", "办理渠道", "申办方式", "channel"), required=True),
    Field("promised", "承诺时限", ("承诺时限（工作日）", "承诺办结时限", "promised days")),
    Field("result", "办理结果", ("结果", "result")),
    Field("project", "项目名称", ("服务项目", "project")),
])
CHANNELS = {"全程网办": Channel.ONLINE, "网上办理": Channel.ONLINE, "网办": Channel.ONLINE, "online": Channel.ONLINE,
            "窗口": Channel.WINDOW, "窗口办理": Channel.WINDOW, "现场办理": Channel.WINDOW, "window": Channel.WINDOW,
            "自助": Channel.SELF_SERVICE, "自助终端": Channel.SELF_SERVICE, "自助办理": Channel.SELF_SERVICE,
            "跨省通办": Channel.G60, "g60": Channel.G60, "g60专窗": Channel.G60, "长三角通办": Channel.G60,
            "跨省通办(g60)": Channel.G60}
RESULTS = {"准予许可": Case.Result.APPROVED, "准予": Case.Result.APPROVED, "通过": Case.Result.APPROVED,
           "同意": Case.Result.APPROVED, "办结": Case.Result.APPROVED, "不予许可": Case.Result.REFUSED,
           "不予": Case.Result.REFUSED, "不通过": Case.Result.REFUSED, "不同意": Case.Result.REFUSED,
           "撤回": Case.Result.WITHDRAWN, "申请人撤回": Case.Result.WITHDRAWN, "撤件": Case.Result.WITHDRAWN}
_DAYS = re.compile(r"^(\d{1,3})\s*(?:个?工作日)?$")
SOURCE = "导入 {filename}"


@dataclass(slots=True)
class ParsedCase:
    """One row's values, typed but not yet matched against the catalogue, projects and organisations."""

    number: str
    item: str
    applicant: str
    channel: str
    received_on: dt.date
    decided_on: dt.date | None
    promised_days: int | None
    result: str
    credit_code: str
    id_number: str
    phone: str
    project: str


def _choice(words: dict, what: str):
    def parse(value) -> str:
        raw = text(value)
        found = words.get(raw) or words.get(raw.lower().replace("（", "(").replace("）", ")"))
        if found is None:
            choices = "、".join(sorted({w for w in words if not w.isascii()}))
            raise ValueError(f"无法识别{what}“{raw}”；可填：{choices}")
        return str(found)
    return parse


def parse_days(value) -> int:
    match = _DAYS.match(text(value))
    if match is None:
        raise ValueError(f"无法识别承诺时限“{text(value)}”；请填工作日数，如 5 或 5个工作日")
    return int(match.group(1))


def parse_credit_code(value) -> str:
    if isinstance(value, int | float):
        raise ValueError("统一社会信用代码被存成了数字，末几位可能已被 Excel 改掉；请把该列设为“文本”后重新填写")
    code = text(value).upper()
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None
    return code


def parse_id_number(value) -> str:
    if isinstance(value, int | float):
        raise ValueError("证件号码被存成了数字，末几位可能已被 Excel 改掉；请把该列设为“文本”后重新填写")
    number = text(value).upper()
    try:
        ric.validate(number)
    except StdnumError:
        # The number itself is personal data: the problem names the row and column, not the digits.
        raise ValueError("身份证号码无效（长度、出生日期或校验位不正确）") from None
    return number


def parse_case(row: SheetRow) -> ParsedCase | None:
    """The row's typed values, or None with its problems reported on `row`."""
    values = {name: text(row.cell(name)) for name in ("number", "item", "applicant", "phone", "project")}
    for name in ("number", "item", "applicant"):
        if not values[name]:
            row.problem(name, f"{FIELDS.label(name)}不能为空")
    received = row.convert("received", parse_date)
    if received is None and not text(row.cell("received")):
        row.problem("received", "受理时间不能为空")
    decided = row.convert("decided", parse_date)
    channel = row.convert("channel", _choice(CHANNELS, "办理方式"))
    if channel is None and not text(row.cell("channel")):
        row.problem("channel", "办理方式不能为空")
    promised = row.convert("promised", parse_days)
    result = row.convert("result", _choice(RESULTS, "办理结果")) or ""
    credit_code = row.convert("credit_code", parse_credit_code) or ""
    id_number = row.convert("id_number", parse_id_number) or ""
    if received and decided and decided < received:
        row.problem("decided", f"办结时间 {decided} 早于受理时间 {received}")
    if result and decided is None:
        row.problem("decided", f"已有办理结果“{text(row.cell('result'))}”，须填写办结时间")
    if row.refused:
        return None
    assert received is not None and channel is not None  # each reported a problem when missing
    return ParsedCase(values["number"], values["item"], values["applicant"], channel, received, decided,
                      promised, result, credit_code, id_number, values["phone"], values["project"])


# The stored values a row is compared with: two imports of one file store the same and change nothing.
COMPARED = ("item_id", "channel", "organization_id", "applicant_name", "credit_code", "id_number", "phone",
            "project_id", "received_on", "decided_on", "promised_days", "result")


class CaseSheet(ImportSpec[ParsedCase, Case]):
    """A service platform's export of cases for one zone."""

    fields = FIELDS
    duplicate_field = "number"
    duplicate_reason = "与第 {row} 行的办件编号重复"
    write_conflict = "导入期间办件已被他人写入（办件编号冲突），未写入任何数据；请重新导入"

    def __init__(self, *, zone, filename: str):
        self.zone, self.filename = zone, filename
        self.items = {i.name: i for i in ServiceItem.objects.filter(zone=zone)}

    def parse(self, row: SheetRow) -> ParsedCase | None:
        item = text(row.cell("item"))
        if item and item not in self.items:  # checked here so the row's other cells are named with it
            row.problem("item", f"事项目录中没有“{item}”；请先在管理后台的政务服务事项中添加")
        value = parse_case(row)
        return None if row.refused else value

    def key(self, value: ParsedCase) -> str:
        return value.number

    def prepare(self, values: list[ParsedCase], report: Report) -> None:
        names = {v.project for v in values if v.project}
        self.projects = dict(Project.objects.filter(zone=self.zone, name__in=names).values_list("name", "id"))
        stored = Case.objects.filter(zone=self.zone, number__in=[v.number for v in values])
        self.stored = {case.number: case for case in stored}
        self.organizations = OrganizationIndex()
        self.organizations.load((v.applicant, v.credit_code) for v in values if not v.id_number)

    def find(self, value: ParsedCase) -> Case | None:
        return self.stored.get(value.number)

    def _case(self, value: ParsedCase, row: RowReport, case: Case) -> Case | None:
        """`case` with the row's values; None (and problems on the row) when they cannot be matched."""
        item = self.items[value.item]  # parse refused a row naming an item not in the catalogue
        project_id = self.projects.get(value.project) if value.project else None
        if value.project and project_id is None:
            row.problem("project", f"{self.zone.name}没有名为“{value.project}”的项目")
        organization_id = None
        if not value.id_number:
            match = self.organizations.match(value.applicant, value.credit_code)
            if match.conflict:
                row.problem("credit_code", match.conflict)
            organization_id = match.organization.id if match.organization else None
        if row.refused:
            return None
        case.item_id, case.channel, case.organization_id = item.pk, value.channel, organization_id
        case.applicant_name, case.credit_code, case.id_number = value.applicant, value.credit_code, value.id_number
        case.phone, case.project_id, case.result = value.phone, project_id, value.result
        case.received_on, case.decided_on = value.received_on, value.decided_on
        case.promised_days = value.promised_days if value.promised_days is not None else item.promised_days
        return case

    def plan_new(self, value: ParsedCase, row: RowReport) -> Case | None:
        return self._case(value, row, Case(zone=self.zone, number=value.number,
                                           source=SOURCE.format(filename=self.filename)))

    def plan_update(self, value: ParsedCase, stored: Case, row: RowReport) -> Case | None:
        before = {name: getattr(stored, name) for name in COMPARED}
        case = self._case(value, row, Case(**{f.attname: getattr(stored, f.attname)
                                              for f in Case._meta.concrete_fields}))
        if case is None or all(getattr(case, name) == before[name] for name in COMPARED):
            return None
        return case

    def write(self, plans: list[Case], report: Report) -> None:
        new = [c for c in plans if c.pk is None]
        Case.objects.bulk_create(new)
        Case.objects.bulk_update([c for c in plans if c.pk is not None], list(COMPARED))
        CaseStep.objects.bulk_create(step for case in new for step in _steps(case))


def _steps(case: Case) -> list[CaseStep]:
    steps = [CaseStep(case=case, name="受理", on=case.received_on)]
    if case.decided_on:
        steps.append(CaseStep(case=case, name="办结", on=case.decided_on, note=case.get_result_display()))
    return steps


def case_import(*, user, zone, file, filename: str, dry_run: bool = False,
                limits: Limits | None = None) -> ImportResult:
    """Import cases from a platform's .xlsx or .csv export (a path or a binary file object).

    Every row is checked first and every problem named; nothing is written unless all rows are valid. A
    case number already stored in the zone updates that case; the same file twice changes nothing."""
    if not can_edit_cases(user):
        raise PermissionDenied(CASES_EDIT_DENIED)
    return sheet_import(CaseSheet(zone=zone, filename=filename), file=file, filename=filename,
                        dry_run=dry_run, limits=limits)


