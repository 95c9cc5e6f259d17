"""Organisations over the API: list with filters, detail with contacts (phones masked), writes, history.

Who sees what is `organizations.selectors`; who may write, `accounts.permissions` (asked here first, so a
caller who may not write learns nothing from validation); the writes are `organizations.services`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import ORGANIZATION_WRITE_DENIED, can_write_organizations
from zhaoshang.api_auth import api_user
from zhaoshang.core.api_inputs import BoundedPageNumberPagination
from zhaoshang.core.history import HistoryEntryOut, history_entries
from zhaoshang.core.schemas import resolve_references
from zhaoshang.core.versions import etag, requested_version
from zhaoshang.industries.selectors import industry_by_code
from zhaoshang.organizations.models import Organization, Tag
from zhaoshang.organizations.schemas import (
    OrganizationDetail,
    OrganizationIn,
    OrganizationListItem,
    OrganizationPatch,
)
from zhaoshang.organizations.selectors import organization_list, organizations_visible_to
from zhaoshang.organizations.services import organization_create, organization_update
from zhaoshang.regions.selectors import region_by_code

router = Router(tags=["企业与机构"])


class OrganizationFilters(Schema):
    q: str = ""
    region: str = ""
    industry: str = ""
    tag: str = ""


def _visible(user: User, organization_id: int) -> Organization:
    qs = organizations_visible_to(user).select_related("region", "industry")
    qs = qs.prefetch_related("tags", "contacts")
    return get_object_or_404(qs, pk=organization_id)


def _require_writer(user: User) -> None:
    if not can_write_organizations(user):
        raise PermissionDenied(ORGANIZATION_WRITE_DENIED)


def _resolve(data: dict) -> dict:
    """Codes and tag names in the payload turned into records; every unknown one named in a single 400."""
    errors = resolve_references(data, {"region": region_by_code, "industry": industry_by_code})
    if data.get("tags") is not None:
        names = data["tags"]
        data["tags"] = list(Tag.objects.filter(name__in=names))
        unknown = sorted(set(names) - {t.name for t in data["tags"]})
        if unknown:
            known = "、".join(Tag.objects.values_list("name", flat=True))
            errors["tags"] = f"标签 {'、'.join(unknown)} 不存在；可用：{known}"
    if errors:
        raise ValidationError(errors)
    return data


@router.get("", response=list[OrganizationListItem], summary="企业与机构列表")
@paginate(BoundedPageNumberPagination)
def organizations_list(request, filters: Query[OrganizationFilters]):
    """Filter by q (name or credit code), region (code, includes sub-divisions), industry (code or
    section letter) and tag (name)."""
    return organization_list(user=api_user(request), **filters.dict())


@router.post("", response={201: OrganizationDetail}, summary="新建企业或机构")
def organizations_create(request, payload: OrganizationIn):
    user = api_user(request)
    _require_writer(user)
    organization = organization_create(user=user, **_resolve(payload.dict()))
    return Status(201, _visible(user, organization.pk))


@router.get("/{int:organization_id}", response=OrganizationDetail, summary="企业或机构详情")
def organizations_detail(request, organization_id: int, response: HttpResponse):
    """The organisation; its ETag (also the `version` field) is what a PATCH sends back as If-Match."""
    organization = _visible(api_user(request), organization_id)
    response["ETag"] = etag(organization)
    return organization


@router.patch("/{int:organization_id}", response=OrganizationDetail, summary="修改企业或机构")
def organizations_update(request, organization_id: int, payload: OrganizationPatch, response: HttpResponse):
    """Change the fields sent, from the version named by If-Match or `version` (stale: 412, none: 428)."""
    user = api_user(request)
    organization = _visible(user, organization_id)
    _require_writer(user)
    data = payload.dict(exclude_unset=True)
    version = requested_version(request, data.pop("version", None), organization)
    organization_update(user=user, organization=organization, version=version, **_resolve(data))
    organization = _visible(user, organization_id)
    response["ETag"] = etag(organization)
    return organization


@router.get("/{int:organization_id}/history", response=list[HistoryEntryOut], summary="变更历史")
def organizations_history(request, organization_id: int):
    return history_entries(_visible(api_user(request), organization_id))
