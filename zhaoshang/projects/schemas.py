"""API shapes of projects, their stage history and activities (change history: `core.history`).

Money is a decimal string with its currency, never a float.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from zhaoshang.accounts.permissions import can_edit_project
from zhaoshang.core.schemas import CarrierRef, CodeName, UserRef, ZoneRef
from zhaoshang.projects.models import StageChange

# The models' choices written out, since a type checker cannot read a Literal built at run time;
# tests/test_schema_choices.py keeps each equal to its choices.
StageValue = Literal["lead", "negotiating", "signed", "registered", "started", "operating", "dropped"]
ActivityKind = Literal["visit", "call", "meeting", "event", "other"]
CurrencyCode = Literal["CNY", "USD", "EUR", "HKD", "JPY"]


class InvestorRef(Schema):
    id: int
    name: str
    credit_code: str | None


class ProjectListItem(Schema):
    id: int
    name: str
    zone: ZoneRef
    stage: str
    stage_label: str = Field(..., alias="get_stage_display")
    amount: Decimal | None = Field(..., description="总投资，精确小数（字符串），单位为 currency")
    currency: str
    amount_display: str = Field(..., description="总投资，供人阅读，如 2亿元")
    industry: CodeName | None
    source_region: CodeName | None
    carrier: CarrierRef | None
    owner: UserRef | None
    confidential: bool
    signed_on: dt.date | None
    investors: list[InvestorRef]


class StageChangeOut(Schema):
    stage: str
    stage_label: str = Field(..., alias="get_stage_display")
    on: dt.date
    note: str
    inferred: bool = Field(..., description=str(StageChange._meta.get_field("inferred").help_text))
    recorded_by: UserRef | None
    recorded_at: dt.datetime


class ActivityOut(Schema):
    id: int
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    on: dt.date
    people: str
    notes: str
    recorded_by: UserRef | None
    recorded_at: dt.datetime


class FileOut(Schema):
    id: int
    name: str
    uploaded_by: UserRef | None
    uploaded_at: dt.datetime
    url: str = Field(..., description="下载地址（页面会话登录后可用）")

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("projects:file_download", args=[obj.project_id, obj.pk])


class ProjectDetail(ProjectListItem):
    version: int = Field(..., description="当前版本；修改时作为 If-Match 或 version 带回")
    description: str
    next_stages: list[str]
    stage_history: list[StageChangeOut]
    activities: list[ActivityOut]
    files: list[FileOut]
    can_edit: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_stage_history(obj) -> list:
        return list(obj.stage_changes.all())

    @staticmethod
    def resolve_activities(obj) -> list:
        return list(obj.activities.all())

    @staticmethod
    def resolve_files(obj) -> list:
        return list(obj.files.all())

    @staticmethod
    def resolve_can_edit(obj, context) -> bool:
        return can_edit_project(context["request"].auth, obj)


class ProjectIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    zone: str | None = Field(None, description="园区代码或名称；数据库中只有一个园区时可省略")
    investor_ids: list[int] = []
    amount: Decimal | None = Field(None, ge=0, description="总投资（元），与 currency 一起解释")
    currency: CurrencyCode = "CNY"
    industry: str | None = Field(None, description="GB/T 4754-2017 行业代码，如 3670")
    source_region: str | None = Field(None, description="GB/T 2260 区划代码，如 310100")
    carrier_id: int | None = None
    confidential: bool = False
    description: str = ""
    reason: str = Field("", description="变更原因，记入历史")


class ProjectPatch(Schema):
    version: int | None = Field(None, ge=0, le=2**31,
                                description="修改所基于的版本（取自读取时的 version 或 ETag）；也可用 If-Match 请求头")
    name: str | None = Field(None, min_length=1, max_length=200)
    investor_ids: list[int] | None = None
    amount: Decimal | None = Field(None, ge=0)
    currency: CurrencyCode | None = None
    industry: str | None = None
    source_region: str | None = None
    carrier_id: int | None = None
    confidential: bool | None = None
    description: str | None = None
    reason: str = ""


class StageIn(Schema):
    stage: StageValue
    on: dt.date | None = Field(None, description="日期，默认今天")
    note: str = Field("", max_length=500, description="说明；中止时必填原因")


class ActivityIn(Schema):
    kind: ActivityKind
    on: dt.date
    people: str = Field("", max_length=300)
    notes: str = ""
