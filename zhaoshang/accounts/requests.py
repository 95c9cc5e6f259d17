"""The request type of a view behind `login_required`, for the type checker."""

from __future__ import annotations

from django.http import HttpRequest

from zhaoshang.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user has signed in (the stubs type `request.user` as possibly anonymous)."""

    user: User
