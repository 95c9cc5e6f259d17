"""Writing and purging audit rows. Every row names who, when, from where, what and the result."""

from __future__ import annotations

import contextvars
import datetime as dt

from django.conf import settings
from django.utils import timezone

from zhaoshang.audit.models import AuditEvent

# The request being answered, so receivers of model signals know who and from where (set by AuditMiddleware).
current_request: contextvars.ContextVar = contextvars.ContextVar("audit_request", default=None)


def _address(request) -> str | None:
    if request is None:
        return None
    from zhaoshang.accounts.backends import client_address

    return client_address(request) or None


def audit_record(*, action: str, request=None, user=None, target: str = "", detail: str = "",
                 result: int | None = None) -> AuditEvent:
    """Write one audit row; the user and address come from the request unless given."""
    request = request if request is not None else current_request.get()
    if user is None and request is not None:
        found = getattr(request, "user", None)
        user = found if found is not None and found.is_authenticated else None
    auth = getattr(request, "auth", None)  # an API token's user
    if user is None and auth is not None and getattr(auth, "is_authenticated", False):
        user = auth
    return AuditEvent.objects.create(action=action, user=user, username=getattr(user, "username", "") or "",
                                     address=_address(request), target=target[:300], detail=detail[:1000],
                                     result=result)


def retention_days() -> int:
    return settings.AUDIT_RETENTION_DAYS


def audit_purge(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Delete audit rows older than the retention period (at least 183 days); returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days())
    old = AuditEvent.objects.filter(at__lt=cutoff)
    if dry_run:
        return old.count()
    deleted, _ = old.delete()
    return deleted
