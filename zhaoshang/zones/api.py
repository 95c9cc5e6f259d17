"""Carriers (载体) over the API: kind, host jurisdiction and the attribution rule reports use.

Partners (park or enclave staff) see only their own carrier; everyone else sees all.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from zhaoshang.accounts.models import User
from zhaoshang.api_auth import api_user
from zhaoshang.core.schemas import CodeName, ZoneRef
from zhaoshang.zones.models import Carrier
from zhaoshang.zones.selectors import carriers_visible_to, zone_resolve

router = Router(tags=["载体"])


class PartnerRef(Schema):
    id: int
    name: str


class CarrierOut(Schema):
    id: int
    zone: ZoneRef
    name: str
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    region: CodeName
    host_region: CodeName | None = Field(..., description="飞地实际所在的辖区")
    home_share: Decimal = Field(..., description="旧的本区统计份额，已由合作协议的统计归属规则取代，不再参与计算")
    attribution_rule: str
    partner: PartnerRef | None
    introduced_on: dt.date | None
    description: str


class CarrierFilters(Schema):
    zone: str = ""
    kind: str = ""


def _carriers(user: User) -> QuerySet[Carrier]:
    return carriers_visible_to(user).select_related("zone", "region", "host_region", "partner")


@router.get("", response=list[CarrierOut], summary="载体列表")
def carriers_list(request, filters: Query[CarrierFilters]):
    qs = _carriers(api_user(request))
    if filters.zone:
        qs = qs.filter(zone=zone_resolve(filters.zone))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return list(qs)


@router.get("/{int:carrier_id}", response=CarrierOut, summary="载体详情")
def carriers_detail(request, carrier_id: int):
    return get_object_or_404(_carriers(api_user(request)), pk=carrier_id)
