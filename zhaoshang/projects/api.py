"""Projects over the API: the pipeline list, a project with its history, and the officer's writes.

Reads start from `project_list` / `project_visible_to`, writes go through the services, so the API has
exactly the pages' permissions. A project the caller may not see answers 404, never 403, so its
existence does not leak; one they may see but not edit answers 403.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import (
    PROJECT_CREATE_DENIED,
    PROJECT_EDIT_DENIED,
    can_create_project,
    can_edit_project,
)
from zhaoshang.api_auth import api_user
from zhaoshang.core.api_inputs import BoundedPageNumberPagination, is_db_id
from zhaoshang.core.history import HistoryEntryOut, history_entries
from zhaoshang.core.schemas import resolve_references
from zhaoshang.core.versions import etag, requested_version
from zhaoshang.industries.selectors import industry_by_code
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project
from zhaoshang.projects.schemas import (
    ActivityIn,
    ActivityOut,
    ProjectDetail,
    ProjectIn,
    ProjectListItem,
    ProjectPatch,
    StageIn,
)
from zhaoshang.projects.selectors import project_list, project_visible_to
from zhaoshang.projects.services import activity_add, project_advance, project_create, project_update
from zhaoshang.regions.selectors import region_by_code
from zhaoshang.zones.models import Carrier
from zhaoshang.zones.selectors import zone_resolve

router = Router(tags=["项目"])


class ProjectFilters(Schema):
    stage: str = ""
    industry: str = ""
    source_city: str = ""
    owner: str = ""
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description=f"{MIN_YEAR}–{MAX_YEAR}")
    q: str = ""
    zone: str = ""


def _visible(user: User, project_id: int) -> Project:
    qs = project_visible_to(user).select_related(
        "zone", "industry", "source_region", "carrier", "owner").prefetch_related(
        "investors", "stage_changes__recorded_by", "activities__recorded_by", "files__uploaded_by")
    return get_object_or_404(qs, pk=project_id)


def _editable(user: User, project_id: int) -> Project:
    project = _visible(user, project_id)
    if not can_edit_project(user, project):
        raise PermissionDenied(PROJECT_EDIT_DENIED)
    return project


def _references(data: dict, zone) -> dict:
    """Codes and ids in the payload turned into records; every unknown one named in a single 400."""
    def carrier(pk):
        found = Carrier.objects.filter(zone=zone, pk=pk).first()
        if found is None:
            raise ValidationError(f"载体 {pk} 不存在或不属于该园区")
        return found

    errors = resolve_references(data, {"industry": industry_by_code, "source_region": region_by_code,
                                       "carrier_id": carrier})
    resolved = {}
    if "carrier_id" in data:
        resolved["carrier"] = data.pop("carrier_id")
    if data.get("investor_ids") is not None:
        ids = data.pop("investor_ids")
        # An id too large for the database is simply one that does not exist.
        investors = list(Organization.objects.filter(pk__in=[i for i in ids if is_db_id(i)]))
        missing = sorted(set(ids) - {o.pk for o in investors})
        if missing:
            errors["investor_ids"] = f"投资方 {'、'.join(map(str, missing))} 不存在"
        resolved["investors"] = investors
    else:
        data.pop("investor_ids", None)
    if errors:
        raise ValidationError(errors)
    return {**data, **resolved}


@router.get("", response=list[ProjectListItem], summary="项目列表")
@paginate(BoundedPageNumberPagination)
def projects_list(request, filters: Query[ProjectFilters]):
    """Projects the caller may see, filtered like the pipeline page (page, page_size for paging)."""
    zone = zone_resolve(filters.zone) if filters.zone else None
    return project_list(user=api_user(request), zone=zone, stage=filters.stage, industry=filters.industry,
                        source_city=filters.source_city, owner=filters.owner, year=filters.year, q=filters.q)


@router.post("", response={201: ProjectDetail}, summary="新建项目")
def projects_create(request, payload: ProjectIn):
    user = api_user(request)
    if not can_create_project(user):
        raise PermissionDenied(PROJECT_CREATE_DENIED)
    zone = zone_resolve(payload.zone)
    data = _references(payload.dict(exclude={"zone"}), zone)
    project = project_create(user=user, zone=zone, **data)
    return Status(201, _visible(user, project.pk))


@router.get("/{int:project_id}", response=ProjectDetail, summary="项目详情")
def projects_detail(request, project_id: int, response: HttpResponse):
    """The project; its ETag (also the `version` field) is what a PATCH sends back as If-Match."""
    project = _visible(api_user(request), project_id)
    response["ETag"] = etag(project)
    return project


@router.patch("/{int:project_id}", response=ProjectDetail, summary="修改项目")
def projects_update(request, project_id: int, payload: ProjectPatch, response: HttpResponse):
    """Change the fields sent. Say which version the change starts from (If-Match with the ETag of the
    GET, or `version`): a stale one answers 412 with what changed since, none 428."""
    user = api_user(request)
    project = _editable(user, project_id)
    data = payload.dict(exclude_unset=True)
    version = requested_version(request, data.pop("version", None), project)
    data = _references(data, project.zone)
    project_update(user=user, project=project, version=version, **data)
    project = _visible(user, project_id)
    response["ETag"] = etag(project)
    return project


@router.post("/{int:project_id}/stage", response=ProjectDetail, summary="推进或中止项目")
def projects_advance(request, project_id: int, payload: StageIn):
    """Record that the project reached a stage on a date (default today); who recorded it is the caller."""
    user = api_user(request)
    project = _editable(user, project_id)
    project_advance(user=user, project=project, stage=payload.stage, on=payload.on or timezone.localdate(),
                    note=payload.note)
    return _visible(user, project_id)


@router.get("/{int:project_id}/activities", response=list[ActivityOut], summary="跟进记录")
def activities_list(request, project_id: int):
    return list(_visible(api_user(request), project_id).activities.all())


@router.post("/{int:project_id}/activities", response={201: ActivityOut}, summary="新增跟进记录")
def activities_create(request, project_id: int, payload: ActivityIn):
    user = api_user(request)
    project = _editable(user, project_id)
    return Status(201, activity_add(user=user, project=project, **payload.dict()))


@router.get("/{int:project_id}/history", response=list[HistoryEntryOut], summary="变更历史")
def projects_history(request, project_id: int):
    """Every saved version of the project, newest first: who, when and which fields changed."""
    return history_entries(_visible(api_user(request), project_id))
