"""Finding the zone a command or page is about, and the carriers a user may see."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet

from zhaoshang.core.errors import UserError
from zhaoshang.zones.models import Carrier, CooperationAgreement, Zone


class ZoneNotFound(UserError):
    """The zone given does not exist, or none was given while several exist."""


def zone_resolve(text: str | None = None) -> Zone:
    """The zone by code or name; with none given, the only zone in the database."""
    if text:
        zone = Zone.objects.filter(Q(code=text) | Q(name=text) | Q(short_name=text)).first()
        if zone is None:
            # The message does not list the zones: a caller learns nothing it could not already see.
            raise ZoneNotFound(f"没有代码或名称为“{text}”的园区，请检查拼写。")
        return zone
    zones = list(Zone.objects.all()[:2])
    if len(zones) == 1:
        return zones[0]
    if not zones:
        raise ZoneNotFound("数据库中还没有园区。先运行 `zhaoshang demo --no-serve` 或在管理后台添加。")
    raise ZoneNotFound("数据库中有多个园区，请用 --zone 指定代码或名称。")


def zone_to_read(text: str | None = None) -> Zone:
    """The zone a page or report reads when none is named: `ZHAOSHANG_DEFAULT_ZONE` (a code or name), else
    the only zone, else the zone set up first. Writes (imports, new projects) name their zone instead, so
    that nothing lands in a zone by default once there are several."""
    if text:
        return zone_resolve(text)
    if settings.DEFAULT_ZONE:
        return zone_resolve(settings.DEFAULT_ZONE)
    first = Zone.objects.order_by("pk").first()
    if first is None:
        return zone_resolve(None)  # the message that says how to add one
    return first


def carriers_visible_to(user, queryset: QuerySet[Carrier] | None = None) -> QuerySet[Carrier]:
    """Partners (park or enclave staff) see only their own carrier; everyone else signed in sees all."""
    qs = Carrier.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_partner:
        return qs.filter(pk=user.carrier_id) if user.carrier_id else qs.none()
    return qs


def agreements_visible_to(user, queryset: QuerySet[CooperationAgreement] | None = None
                          ) -> QuerySet[CooperationAgreement]:
    """Partner staff see the agreements governing their own carrier (or its residents); others see all."""
    qs = CooperationAgreement.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_partner:
        if not user.carrier_id:
            return qs.none()
        return qs.filter(Q(carriers=user.carrier_id) | Q(residencies__carrier=user.carrier_id)).distinct()
    return qs
