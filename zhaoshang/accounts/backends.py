"""Password authentication that refuses locked accounts and counts failures.

Used by every sign-in path (pages, admin, API session), so the lockout cannot be bypassed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from zhaoshang.accounts.models import User
from zhaoshang.accounts.services import (
    address_failed,
    address_throttled,
    login_attempt_claim,
    login_failed,
    login_succeeded,
)


class LockoutBackend(ModelBackend):
    """Every path does the same password-hashing work (unknown name, locked account, wrong password,
    throttled address), so neither the answer nor its timing tells a stranger which names exist."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        address = client_address(request) if request is not None else None
        throttled = address_throttled(address)
        user = User.objects.filter(username=username).first()
        if user is None or throttled or not login_attempt_claim(user=user):
            User().set_password(password)  # the same work as a real check
            if throttled:
                request.login_throttled = True
            else:
                address_failed(address)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            login_succeeded(user=user)
            return user
        login_failed(user=user)
        address_failed(address)
        return None


def client_address(request) -> str | None:
    """The caller's address: the proxy's X-Forwarded-For behind the HTTPS proxy, else the socket's."""
    if settings.HTTPS:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()  # the address the proxy itself saw
    return request.META.get("REMOTE_ADDR")
