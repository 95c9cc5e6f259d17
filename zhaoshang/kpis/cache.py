"""Caching evaluated figures per zone, period, basis and viewer class, invalidated by every write they rest on.

A cached entry's key begins with the figures' version, a token kept in the shared cache itself
(`settings.CACHES`: one file cache for every worker process, so a write in one process invalidates every
process's entries). `figures_changed` replaces the token on every save or delete of a record that figures
are computed from (a signal, see `apps.py`), and bulk writers (the project import) call it themselves.

The token is replaced twice: at once, so the writer's own next read does not come from the cache, and
again when the transaction commits, because a reader in another process may have filled an entry under the
first new token from the rows as they were before the commit. A rolled-back write has then only thrown
entries away. Writes do not touch a shared row in the database, so they do not wait for one another.

A save that writes only fields no figure reads (a project's description, the notes of an activity: see
`UNCOUNTED_FIELDS`) keeps the token, and so does a history row (simple_history's copies, which no figure
reads): the cockpit stays warm while officers write their notes. `ZHAOSHANG_KPI_CACHE_SECONDS` (default
600, 0 = off) bounds how long an entry lives in any case.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

VERSION_KEY = "kpis:figures-version"
BUILD_WAIT_SECONDS = 20  # how long a request waits for another process computing the same entry
BUILD_POLL_SECONDS = 0.05

# Apps whose records no figure counts: a save there leaves the figures as they are.
UNCOUNTED_APPS = {"admin", "auth", "contenttypes", "sessions", "accounts", "logistics", "kpis", "intel",
                  "workspace", "huey", "audit", "targets"}
# An activity is counted: a project with none for 60 days is stalled (projects_stalled).
UNCOUNTED_MODELS = {"projects.ImportJob", "projects.ProjectFile"}
# Fields that no figure, drill-down or cockpit table reads: a save that writes only these (and the edit
# counter, core.versions) leaves the figures as they are.
UNCOUNTED_FIELDS = {
    "projects.Project": {"description", "source_span", "source_document", "version"},
    "projects.Activity": {"notes", "people"},
    "organizations.Organization": {"website", "version"},
}


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def figures_changed(**_: Any) -> None:
    """Give the figures a new version: every cached figure is stale from now on, and again at commit."""
    _new_version()
    transaction.on_commit(_new_version)


def counts_for_figures(sender, update_fields=None) -> bool:
    """Whether a write of this model (and, for an update, of these fields) may change a figure."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in UNCOUNTED_APPS or meta.label in UNCOUNTED_MODELS:
        return False
    if meta.apps is not global_apps:  # a migration's historical model
        return False
    if hasattr(sender, "instance_type"):  # a simple_history copy: the record itself was written beside it
        return False
    return not (update_fields and set(update_fields) <= UNCOUNTED_FIELDS.get(meta.label, set()))


def on_write(sender, **kwargs) -> None:
    """The signal handler: a saved or deleted record of a counted app changes the figures' version."""
    if kwargs.get("raw"):  # loading fixtures
        return
    if counts_for_figures(sender, kwargs.get("update_fields")):
        figures_changed()


def _token() -> str:
    token = cache.get(VERSION_KEY)
    if token is None:  # a cleared or new cache: start a version (entries under no version are never read)
        token = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, token, None):
            token = cache.get(VERSION_KEY) or token
    return token


def viewer_class(user) -> str:
    """Whom a set of visible records is the same for: everyone who reads everything, a partner's carrier,
    an officer's own and team's confidential projects."""
    if getattr(user, "reads_everything", False):
        return "all"
    if getattr(user, "is_partner", False):
        return f"carrier:{user.carrier_id}"
    return f"user:{user.pk}:{getattr(user, 'team_id', None)}:{user.role}"


def cached(parts: tuple, build: Callable[[], T], seconds: int | None = None) -> T:
    """build(), kept under the parts and the figures' current version (for `seconds`, at most the setting's).

    One process builds a missing entry while the others asking for the same one wait for it (up to
    BUILD_WAIT_SECONDS, then they build it themselves): after a write, ten leaders opening the cockpit at once
    cost one computation, not ten competing for the same cores."""
    seconds = min(seconds, settings.KPI_CACHE_SECONDS) if seconds is not None else settings.KPI_CACHE_SECONDS
    if not seconds:
        return build()
    key = "kpis:" + ":".join(str(p) for p in (_token(), *parts))
    found = cache.get(key)
    if found is not None:
        return found
    lock = key + ":building"
    if not cache.add(lock, 1, BUILD_WAIT_SECONDS):
        waited_until = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < waited_until:
            time.sleep(BUILD_POLL_SECONDS)
            found = cache.get(key)
            if found is not None:
                return found
            if cache.get(lock) is None:  # the builder failed or finished without storing: build it here
                break
    try:
        found = build()
        cache.set(key, found, seconds)
    finally:
        cache.delete(lock)
    return found
