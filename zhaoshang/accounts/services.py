"""Sign-in bookkeeping for the lockout rule (等保 2.0 level 2: lock after repeated failures)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from zhaoshang.accounts.models import User


def login_failed(*, user: User) -> None:
    """Count a failed password; at the limit, lock the account and start counting again."""
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOGIN_FAILURE_LIMIT:
        user.locked_until = timezone.now() + dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
        user.failed_logins = 0
        user.save(update_fields=["locked_until", "failed_logins"])


def login_succeeded(*, user: User) -> None:
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
