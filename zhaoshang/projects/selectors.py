"""Reads of projects that respect who may see what.

Every page, API endpoint, export and admin list that shows projects starts from `project_visible_to`,
so the confidentiality rule lives in exactly one place.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from zhaoshang.accounts.models import User
from zhaoshang.projects.models import Project, Stage


def project_visible_to(user: User, queryset: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """Projects the user may read.

    Leaders and administrators read everything. Partners (enclave or park staff) read only the
    non-confidential projects of their own carrier. Everyone else reads non-confidential projects,
    and confidential ones they own or that a member of their team owns.
    """
    qs = Project.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.reads_everything:
        return qs
    if user.is_partner:
        if user.carrier_id is None:
            return qs.none()
        in_carrier = Q(carrier_id=user.carrier_id) | Q(residencies__carrier_id=user.carrier_id)
        return qs.filter(in_carrier, confidential=False).distinct()
    return qs.filter(Q(confidential=False) | _own_or_team(user))


def _own_or_team(user: User) -> Q:
    mine = Q(owner=user)
    if user.team_id is not None:
        mine |= Q(owner__team_id=user.team_id)
    return mine


def project_hidden_from(user: User) -> Q | None:
    """The projects `project_visible_to` keeps from the user, as a condition on a project, when its rule is one
    (None for a partner or a user signed out: count them as the records not visible). Lets the KPIs count
    what a viewer may not see among a figure's records by a test of the few confidential projects."""
    if not user.is_authenticated or not user.is_active or user.is_partner:
        return None
    if user.reads_everything:
        return Q(pk__in=[])
    return Q(confidential=True) & ~_own_or_team(user)


def project_list(*, user: User, zone=None, stage: str = "", industry: str = "", source_city: str = "",
                 owner: str = "", year: int | None = None, q: str = "") -> QuerySet[Project]:
    """The filterable project list of the pages and the API (same filters, same permissions)."""
    qs = project_visible_to(user).select_related("industry", "source_region", "owner", "carrier", "zone")
    if zone is not None:
        qs = qs.filter(zone=zone)
    if stage:
        qs = qs.filter(stage=stage)
    if industry:
        # A division or group code selects everything beneath it.
        qs = qs.filter(industry__code__startswith=industry) if industry.isdigit() else qs.filter(
            industry__section=industry)
    if source_city:
        qs = qs.filter(Q(source_region__code=source_city) | Q(source_region__parent__code=source_city)
                       | Q(source_region__name=source_city) | Q(source_region__short_name=source_city))
    if owner:
        qs = qs.filter(owner__username=owner)
    if year:
        qs = qs.filter(stage_changes__on__year=year).distinct()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(investors__name__icontains=q)).distinct()
    return qs.prefetch_related("investors", "stage_changes")


def signed_in(qs: QuerySet[Project], start: dt.date, end: dt.date) -> QuerySet[Project]:
    """Projects that reached 签约 within [start, end]."""
    return qs.filter(stage_changes__stage=Stage.SIGNED, stage_changes__on__range=(start, end)).distinct()
