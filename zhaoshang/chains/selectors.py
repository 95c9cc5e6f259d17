"""Who sees which chains, and what a segment selects."""

from __future__ import annotations

from django.db.models import QuerySet

from zhaoshang.chains.models import Chain, Segment


def segment_criteria(segment: Segment) -> tuple[list[str], list[str], list[str]]:
    """(codes, partial_codes, keywords) of a segment.

    A firm belongs to the segment if its industry code starts with one of `codes`, or starts with one of
    `partial_codes` and its business scope (or name) contains one of `keywords`; a firm with no code
    belongs by keywords alone.
    """
    codes: list[str] = []
    partial: list[str] = []
    for entry in segment.industry_codes or []:
        code = str(entry.get("code", "")).strip()
        if code:
            (partial if entry.get("partial") else codes).append(code)
    keywords = [k.strip() for k in segment.keywords or [] if k.strip()]
    return codes, partial, keywords


def chains_visible_to(user) -> QuerySet[Chain]:
    """Chains a person may read: every chain for the zone's staff, none for partners (`can_read_chains`).

    Chains themselves are not confidential; the coverage drawn on them is counted only from projects the
    viewer may see (`projects.selectors.project_visible_to`).
    """
    from zhaoshang.accounts.permissions import can_read_chains

    if not can_read_chains(user):
        return Chain.objects.none()
    return Chain.objects.all()
