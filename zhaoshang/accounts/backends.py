"""Password authentication that refuses locked accounts and counts failures.

Used by every sign-in path (pages, admin, API session), so the lockout cannot be bypassed.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from zhaoshang.accounts.models import User
from zhaoshang.accounts.services import login_failed, login_succeeded


class LockoutBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            User().set_password(password)  # same work as a real check, so timing does not reveal names
            return None
        if user.is_locked():
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            login_succeeded(user=user)
            return user
        login_failed(user=user)
        return None
