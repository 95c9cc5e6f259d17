"""Writes to chains: a segment added, moved or remapped, each attributed in the history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from zhaoshang.accounts.permissions import CHAINS_EDIT_DENIED, can_edit_chains
from zhaoshang.chains.models import Chain, Segment
from zhaoshang.core.audit import attributed_save

SEGMENT_FIELDS = ("key", "name", "position", "parent", "industry_codes", "keywords", "supplies", "order")


def _check(user) -> None:
    if not can_edit_chains(user):
        raise PermissionDenied(CHAINS_EDIT_DENIED)


def segment_create(*, user, chain: Chain, reason: str = "", **values) -> Segment:
    """Add a segment (or a product or technology node, with `parent`) to the chain."""
    _check(user)
    segment = Segment(chain=chain)
    return attributed_save(segment, user=user, changes=_known(values), reason=reason or "新增环节")


def segment_update(*, user, segment: Segment, reason: str = "", **values) -> Segment:
    """Move (parent, position, order) or remap (codes, keywords, supplies) a segment; unchanged saves nothing."""
    _check(user)
    changes = {k: v for k, v in _known(values).items() if getattr(segment, k) != v}
    if not changes:
        return segment
    return attributed_save(segment, user=user, changes=changes, reason=reason)


def _known(values: dict) -> dict:
    unknown = set(values) - set(SEGMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown segment fields: {sorted(unknown)}")
    return values
