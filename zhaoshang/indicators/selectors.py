"""Reads of indicator series that respect who may see what.

An indicator's observations are the zone's reported figures (cases handled online, water quality…), the
same numbers a bulletin publishes: every signed-in user reads them, partners included.
"""

from __future__ import annotations

from django.db.models import QuerySet

from zhaoshang.indicators.models import Indicator, Observation


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def indicators_visible_to(user, queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    qs = Indicator.objects.all() if queryset is None else queryset
    return qs if _signed_in(user) else qs.none()


def observations_visible_to(user, queryset: QuerySet[Observation] | None = None) -> QuerySet[Observation]:
    qs = Observation.objects.all() if queryset is None else queryset
    return qs if _signed_in(user) else qs.none()
