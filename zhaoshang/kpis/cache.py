"""Caching evaluated figures per zone, period, basis and viewer class, invalidated by every write.

A cached entry is keyed by the token of `FiguresVersion`, which `figures_changed` replaces on every
save or delete of a record in an app that figures are computed from (a signal, see `apps.py`) and which
bulk writers (the project import) call themselves. The token lives in the database: a write in one
process invalidates every process's cache, and a write that is rolled back takes its new token with it.
Reading the token costs one query per request. `ZHAOSHANG_KPI_CACHE_SECONDS` (default 600, 0 = off)
bounds how long an entry lives in any case.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

# Apps whose records no figure counts: a save there leaves the figures as they are.
UNCOUNTED_APPS = {"admin", "auth", "contenttypes", "sessions", "accounts", "logistics", "kpis", "intel",
                  "workspace", "huey", "audit", "targets"}
# An activity is counted: a project with none for 60 days is stalled (projects_stalled).
UNCOUNTED_MODELS = {"projects.ImportJob", "projects.ProjectFile"}


def figures_changed(**_: Any) -> None:
    """Give the figures a new version: every cached figure is stale from now on (within this transaction)."""
    from zhaoshang.kpis.models import FiguresVersion

    token = uuid.uuid4().hex
    if not FiguresVersion.objects.filter(pk=1).update(token=token):  # one statement on every write
        FiguresVersion.objects.get_or_create(pk=1, defaults={"token": token})


def on_write(sender, **kwargs) -> None:
    """The signal handler: a saved or deleted record of a counted app changes the figures' version."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in UNCOUNTED_APPS or meta.label in UNCOUNTED_MODELS:
        return
    if meta.apps is not global_apps:  # a migration's historical model: the version table may not exist yet
        return
    if kwargs.get("raw"):  # loading fixtures: the tables may not all be there yet
        return
    figures_changed()


def _token() -> str:
    from zhaoshang.kpis.models import FiguresVersion

    return FiguresVersion.objects.values_list("token", flat=True).first() or "none"


def viewer_class(user) -> str:
    """Whom a set of visible records is the same for: everyone who reads everything, a partner's carrier,
    an officer's own and team's confidential projects."""
    if getattr(user, "reads_everything", False):
        return "all"
    if getattr(user, "is_partner", False):
        return f"carrier:{user.carrier_id}"
    return f"user:{user.pk}:{getattr(user, 'team_id', None)}:{user.role}"


def cached(parts: tuple, build: Callable[[], T]) -> T:
    """build(), kept under the parts and the figures' current version."""
    seconds = settings.KPI_CACHE_SECONDS
    if not seconds:
        return build()
    key = "kpis:" + ":".join(str(p) for p in (_token(), *parts))
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, seconds)
    return found
