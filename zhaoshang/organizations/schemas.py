"""API shapes of organisations and their contacts; phone numbers masked for all but administrators."""

from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from zhaoshang.accounts.masking import phone_for
from zhaoshang.core.schemas import CodeName
from zhaoshang.projects.schemas import CurrencyCode
from zhaoshang.projects.selectors import project_visible_to

# Organization.Kind's choices written out for the type checker; tests/test_schema_choices.py keeps them equal.
OrganizationKind = Literal["company", "park", "university", "exchange", "government"]


class ContactOut(Schema):
    id: int
    name: str
    title: str
    phone: str
    email: str

    @staticmethod
    def resolve_phone(obj, context) -> str:
        return phone_for(context["request"].auth, obj.phone)


class ProjectRef(Schema):
    id: int
    name: str
    stage: str
    stage_label: str = Field(..., alias="get_stage_display")


class OrganizationListItem(Schema):
    id: int
    name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    credit_code: str | None
    region: CodeName | None
    industry: CodeName | None
    tags: list[str]

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


class OrganizationDetail(OrganizationListItem):
    version: int = Field(..., description="当前版本；修改时作为 If-Match 或 version 带回")
    registered_capital: Decimal | None
    capital_currency: str
    website: str
    contacts: list[ContactOut]
    projects: list[ProjectRef] = Field([], description="调用者可见的、以该单位为投资方的项目")

    @staticmethod
    def resolve_contacts(obj) -> list:
        return list(obj.contacts.all())

    @staticmethod
    def resolve_projects(obj, context) -> list:
        return list(project_visible_to(context["request"].auth, obj.projects.all()))


class OrganizationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: OrganizationKind = "company"
    credit_code: str | None = Field(None, description="统一社会信用代码（18 位，含校验位）")
    region: str | None = Field(None, description="GB/T 2260 区划代码")
    industry: str | None = Field(None, description="GB/T 4754-2017 行业代码")
    registered_capital: Decimal | None = Field(None, ge=0)
    capital_currency: CurrencyCode = "CNY"
    tags: list[str] = Field([], description="标签名称，如 世界500强、专精特新")
    website: str = ""
    reason: str = Field("", description="变更原因，记入历史")


class OrganizationPatch(Schema):
    version: int | None = Field(None, ge=0, le=2**31,
                                description="修改所基于的版本（取自读取时的 version 或 ETag）；也可用 If-Match 请求头")
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: OrganizationKind | None = None
    credit_code: str | None = None
    region: str | None = None
    industry: str | None = None
    registered_capital: Decimal | None = Field(None, ge=0)
    capital_currency: CurrencyCode | None = None
    tags: list[str] | None = None
    website: str | None = None
    reason: str = ""
