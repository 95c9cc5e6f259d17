"""Who sees which organisations, and the filtered list the API and pages read."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhaoshang.accounts.models import User
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.selectors import project_visible_to


def organizations_visible_to(user: User, queryset: QuerySet[Organization] | None = None) -> QuerySet[Organization]:
    """Partners (park or enclave staff) see only the organisations behind their carrier's records: investors
    of projects they may see, and their carrier's partner. Everyone else sees all."""
    qs = Organization.objects.all() if queryset is None else queryset
    if not user.is_partner:
        return qs
    if user.carrier_id is None:
        return qs.none()
    invested = project_visible_to(user).values("investors")
    return qs.filter(Q(pk__in=invested) | Q(carriers__pk=user.carrier_id)).distinct()


def organization_list(*, user: User, q: str = "", region: str = "", industry: str = "",
                      tag: str = "") -> QuerySet[Organization]:
    """By name or credit code (q), region code (sub-divisions included), industry code or section letter,
    and tag name."""
    qs = organizations_visible_to(user).select_related("region", "industry").prefetch_related("tags")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code__iexact=q.strip()))
    if region:
        qs = qs.filter(Q(region_id=region) | Q(region__parent_id=region) | Q(region__parent__parent_id=region))
    if industry:
        qs = (qs.filter(industry__code__startswith=industry) if industry.isdigit()
              else qs.filter(industry__section=industry))
    if tag:
        qs = qs.filter(tags__name=tag)
    return qs.distinct()
