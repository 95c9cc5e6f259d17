"""Organisations over the API: list with filters, detail with contacts (phones masked), writes, history.

Who may see what: partners (park or enclave staff) see only the organisations behind their carrier's
records (investors of projects they may see, and their carrier's partner); everyone else sees all.
Administrators, officers and analysts may create and edit organisations; leaders and partners read.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import ORGANIZATION_WRITE_DENIED, can_write_organizations
from zhaoshang.api_auth import api_user
from zhaoshang.core.audit import attributed_save
from zhaoshang.industries.models import Industry
from zhaoshang.organizations.models import Organization, Tag
from zhaoshang.organizations.schemas import (
    OrganizationDetail,
    OrganizationIn,
    OrganizationListItem,
    OrganizationPatch,
)
from zhaoshang.projects.schemas import HistoryEntry, history_entries
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.regions.models import Region

router = Router(tags=["企业与机构"])



class OrganizationFilters(Schema):
    q: str = ""
    region: str = ""
    industry: str = ""
    tag: str = ""


def organizations_visible_to(user: User) -> QuerySet[Organization]:
    # Belongs in organizations/selectors.py once that module exists, beside the pages' use of it.
    qs = Organization.objects.all()
    if not user.is_partner:
        return qs
    if user.carrier_id is None:
        return qs.none()
    invested = project_visible_to(user).values("investors")
    return qs.filter(Q(pk__in=invested) | Q(carriers__pk=user.carrier_id)).distinct()


def _filtered(qs: QuerySet[Organization], filters: OrganizationFilters) -> QuerySet[Organization]:
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(credit_code__iexact=filters.q.strip()))
    if filters.region:
        code = filters.region
        qs = qs.filter(Q(region_id=code) | Q(region__parent_id=code) | Q(region__parent__parent_id=code))
    if filters.industry:
        qs = (qs.filter(industry__code__startswith=filters.industry) if filters.industry.isdigit()
              else qs.filter(industry__section=filters.industry))
    if filters.tag:
        qs = qs.filter(tags__name=filters.tag)
    return qs.distinct()


def _visible(user: User, organization_id: int) -> Organization:
    qs = organizations_visible_to(user).select_related("region", "industry")
    qs = qs.prefetch_related("tags", "contacts")
    return get_object_or_404(qs, pk=organization_id)


def _require_writer(user: User) -> None:
    if not can_write_organizations(user):
        raise PermissionDenied(ORGANIZATION_WRITE_DENIED)


def _resolve(data: dict) -> tuple[dict, list[Tag] | None]:
    errors = {}
    for key, model, label, standard in (("region", Region, "区划", "GB/T 2260"),
                                        ("industry", Industry, "行业", "GB/T 4754-2017")):
        if key not in data:
            continue
        code = data[key]
        data[key] = model.objects.filter(pk=code).first() if code else None
        if code and data[key] is None:
            errors[key] = f"{label}代码 {code} 不存在（{standard}）"
    tags = None
    if data.get("tags") is not None:
        names = data.pop("tags")
        tags = list(Tag.objects.filter(name__in=names))
        unknown = sorted(set(names) - {t.name for t in tags})
        if unknown:
            known = "、".join(Tag.objects.values_list("name", flat=True))
            errors["tags"] = f"标签 {'、'.join(unknown)} 不存在；可用：{known}"
    data.pop("tags", None)
    if errors:
        raise ValidationError(errors)
    if data.get("credit_code") == "":
        data["credit_code"] = None
    return data, tags


@router.get("", response=list[OrganizationListItem], summary="企业与机构列表")
@paginate(PageNumberPagination)
def organizations_list(request, filters: Query[OrganizationFilters]):
    """Filter by q (name or credit code), region (code, includes sub-divisions), industry (code or
    section letter) and tag (name)."""
    qs = organizations_visible_to(api_user(request)).select_related("region", "industry")
    qs = qs.prefetch_related("tags")
    return _filtered(qs, filters)


@router.post("", response={201: OrganizationDetail}, summary="新建企业或机构")
def organizations_create(request, payload: OrganizationIn):
    user = api_user(request)
    _require_writer(user)
    data = payload.dict()
    reason = data.pop("reason")
    changes, tags = _resolve(data)
    organization = attributed_save(Organization(), user=user, changes=changes, reason=reason, many={"tags": tags})
    return Status(201, _visible(user, organization.pk))


@router.get("/{int:organization_id}", response=OrganizationDetail, summary="企业或机构详情")
def organizations_detail(request, organization_id: int):
    return _visible(api_user(request), organization_id)


@router.patch("/{int:organization_id}", response=OrganizationDetail, summary="修改企业或机构")
def organizations_update(request, organization_id: int, payload: OrganizationPatch):
    user = api_user(request)
    organization = _visible(user, organization_id)
    _require_writer(user)
    data = payload.dict(exclude_unset=True)
    reason = data.pop("reason", "")
    changes, tags = _resolve(data)
    attributed_save(organization, user=user, changes=changes, reason=reason, many={"tags": tags})
    return _visible(user, organization_id)


@router.get("/{int:organization_id}/history", response=list[HistoryEntry], summary="变更历史")
def organizations_history(request, organization_id: int):
    return history_entries(_visible(api_user(request), organization_id))
