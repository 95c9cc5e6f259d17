"""Writes of organisations: created and changed by those who may, each write attributed in the history."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import ORGANIZATION_WRITE_DENIED, can_write_organizations
from zhaoshang.core.audit import attributed_save
from zhaoshang.organizations.models import Organization, Tag


def _require_writer(user: User) -> None:
    if not can_write_organizations(user):
        raise PermissionDenied(ORGANIZATION_WRITE_DENIED)


def _no_blank_code(changes: dict) -> dict:
    # Credit codes are unique: an empty one must be stored as none, or the second organisation without one clashes.
    if "credit_code" in changes and not changes["credit_code"]:
        changes["credit_code"] = None
    return changes


def organization_create(*, user: User, name: str, kind: str = Organization.Kind.COMPANY,
                        credit_code: str | None = None, region=None, industry=None,
                        registered_capital: Decimal | None = None, capital_currency: str = "CNY",
                        website: str = "", tags: list[Tag] | None = None, reason: str = "") -> Organization:
    _require_writer(user)
    fields = _no_blank_code({"name": name, "kind": kind, "credit_code": credit_code, "region": region,
                             "industry": industry, "registered_capital": registered_capital,
                             "capital_currency": capital_currency, "website": website})
    return attributed_save(Organization(), user=user, changes=fields, reason=reason, many={"tags": tags})


def organization_update(*, user: User, organization: Organization, tags: list[Tag] | None = None,
                        reason: str = "", version: int | None = None, **changes) -> Organization:
    """Change the given fields (and the tags, unless None) of the organisation, if it is still at `version`
    (default: the version it was loaded at); else `core.versions.EditConflict` and nothing is written."""
    _require_writer(user)
    return attributed_save(organization, user=user, changes=_no_blank_code(changes), reason=reason,
                           many={"tags": tags}, version=version)
