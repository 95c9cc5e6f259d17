"""Ranked targets over the API: the same ranking as the page and the console, for the zone's staff only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from zhaoshang.accounts.permissions import TARGETS_READ_DENIED, can_read_universe
from zhaoshang.api_auth import api_user
from zhaoshang.chains.models import Chain
from zhaoshang.core.errors import UserError
from zhaoshang.targets import services

router = Router(tags=["招商图谱"])


class TargetsQuery(Schema):
    chain: str = ""
    segment: str = ""
    cities: str = ""
    top: int = 20


class PartOut(Schema):
    label: str
    points: float
    evidence: str


class CandidateOut(Schema):
    credit_code: str | None
    name: str
    city: str | None
    segment: str
    segment_name: str
    score: float
    parts: dict[str, PartOut]
    industry_code: str | None
    tier: str
    capital: dict[str, str] | None
    insured: int | None
    tags: list[str]
    distance_km: int | None


@router.get("", response=list[CandidateOut], summary="招商图谱候选企业")
def targets_list(request, query: Query[TargetsQuery]):
    """Active firms not yet in the zone or the pipeline, best first, each score with its named parts
    (`chain` defaults to the first chain, `segment` to every gap segment); empty while the universe is."""
    user = api_user(request)
    if not can_read_universe(user):
        raise PermissionDenied(TARGETS_READ_DENIED)
    chains = Chain.objects.order_by("order", "id")
    chain = get_object_or_404(chains, key=query.chain) if query.chain else chains.first()
    if chain is None:
        return []
    segment = get_object_or_404(chain.segments, key=query.segment) if query.segment else None
    if not 1 <= query.top <= 200:
        raise DjangoValidationError({"top": "top 应在 1 到 200 之间"})
    try:
        ranking = services.targets_rank(chain=chain, segment=segment, cities=services.parse_cities(query.cities),
                                        user=user, top=query.top)
    except services.NoUniverse:
        return []
    except UserError as exc:
        raise DjangoValidationError({"cities": str(exc)}) from None
    return [c.as_json() for c in ranking.candidates]
