"""Sign-in bookkeeping for the lockout rule (等保 2.0 level 2: lock after repeated failures)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from zhaoshang.accounts.models import User


def login_attempt_claim(*, user: User) -> bool:
    """Take one of the user's tries, atomically: False when the account is locked or its tries are used up.

    Claiming before the password is checked means parallel guesses cannot outrun the count: of 40 at once
    against a limit of 5, exactly 5 are checked.
    """
    now = timezone.now()
    claimed = (User.objects.filter(pk=user.pk, failed_logins__lt=settings.LOGIN_FAILURE_LIMIT)
               .exclude(locked_until__gt=now).update(failed_logins=F("failed_logins") + 1))
    return claimed == 1


def login_failed(*, user: User) -> None:
    """The claimed try failed: once the tries are used up, lock the account and start counting again."""
    until = timezone.now() + dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    User.objects.filter(pk=user.pk, failed_logins__gte=settings.LOGIN_FAILURE_LIMIT).update(
        locked_until=until, failed_logins=0)


def login_succeeded(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)


def account_unlock(*, users) -> int:
    """An administrator ends the lock (and the count) of these accounts; how many were locked."""
    locked = users.filter(locked_until__gt=timezone.now()).count()
    users.update(failed_logins=0, locked_until=None)
    return locked


def _address_key(address: str) -> str:
    return f"login-failures:{address}"


def address_throttled(address: str | None) -> bool:
    """Whether this address failed to sign in more often than allowed within the window.

    Keeps one address from guessing many names, or from locking everyone's account out.
    """
    if not address:
        return False
    return cache.get(_address_key(address), 0) >= settings.LOGIN_ADDRESS_LIMIT


def address_failed(address: str | None) -> None:
    if not address:
        return
    key = _address_key(address)
    cache.add(key, 0, timeout=settings.LOGIN_ADDRESS_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_ADDRESS_WINDOW_SECONDS)
