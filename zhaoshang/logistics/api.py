"""The network and the route planner over the API: the same services as the pages and the console.

Any signed-in member of the zone's staff reads; partners get 403. Bad input (an unknown node, a malformed
ready time, a shipment no route serves) answers 400 with the planner's Chinese message.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router, Schema

from zhaoshang.accounts.permissions import NETWORK_READ_DENIED, can_read_network
from zhaoshang.api_auth import api_user
from zhaoshang.core.errors import UserError
from zhaoshang.logistics.selectors import network_rows
from zhaoshang.logistics.services import max_changes_parse, ready_parse, route_plan

router = Router(tags=["多式联运"])


class RouteQuery(Schema):
    origin: str
    destination: str
    ready: str
    teu: str = ""
    tonnes: str = ""
    customs_to: str = ""
    factors: str = ""
    max_changes: str = ""


def _reader(request):
    if not can_read_network(api_user(request)):
        raise PermissionDenied(NETWORK_READ_DENIED)


@router.get("/network", summary="物流网络：节点、线路与班期（含参数来源）")
def network_get(request):
    _reader(request)
    return network_rows()


@router.get("/routes", summary="规划路线：成本、时间与碳排放的帕累托最优路线")
def routes_get(request, query: Query[RouteQuery]):
    _reader(request)
    try:
        plan = route_plan(origin=query.origin, destination=query.destination, ready=ready_parse(query.ready),
                          teu=query.teu or None, tonnes=query.tonnes or None, customs_to=query.customs_to or None,
                          factors=query.factors or None, max_changes=max_changes_parse(query.max_changes))
    except UserError as exc:
        raise ValidationError(str(exc)) from None
    return plan.as_json()
