"""Caching evaluated figures per zone, period, basis and viewer class, invalidated by every write they rest on.

A cached entry's key begins with the figures' version, a token kept in the shared cache itself
(`settings.CACHES`: one file cache for every worker process, so a write in one process invalidates every
process's entries). `figures_changed` replaces the token on every save or delete of a record that figures
are computed from (a signal, see `apps.py`), and bulk writers (the sheet imports) signal it themselves.

The token is replaced twice: at once, so the writer's own next read does not come from the cache, and
again when the transaction commits, because a reader in another process may have filled an entry under the
first new token from the rows as they were before the commit. A rolled-back write has then only thrown
entries away. Writes do not touch a shared row in the database, so they do not wait for one another.

Figures are versioned per zone: a write names the zones of its record (its own `zone`, or the zone of the
project, carrier… it belongs to: `zones_written`) and replaces those zones' tokens, so that an officer's
edit in one zone leaves another zone's cockpit warm. A write whose zone cannot be told (a record of no zone
such as an exchange rate, a region or an organisation, an m2m link changed from the organisation's side,
a save that may have moved a record to another zone) replaces the shared token, which every zone's
entries carry. Entries of no zone (the 待办 badge) carry the token of every write.

A save that writes only fields no figure reads (a project's description, the notes of an activity: see
`UNCOUNTED_FIELDS`) keeps the token, and so does a history row (simple_history's copies, which no figure
reads): the cockpit stays warm while officers write their notes. `ZHAOSHANG_KPI_CACHE_SECONDS` (default
600, 0 = off) bounds how long an entry lives in any case.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
import uuid
from collections.abc import Callable, Collection
from functools import partial
from typing import Any, TypeVar

from django.apps import apps as global_apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

VERSION_KEY = "kpis:figures-version"  # changed by every write
SHARED_KEY = f"{VERSION_KEY}:shared"  # by a write of a record of no zone (rates, regions, organisations)
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


def _zone_key(zone_id: int) -> str:
    return f"{VERSION_KEY}:zone:{zone_id}"


def _new_versions(keys: list[str]) -> None:
    cache.set_many(dict.fromkeys(keys, uuid.uuid4().hex), None)


def figures_changed(zones: Collection[int] | None = None, **_: Any) -> None:
    """Give the figures a new version: the cached figures of these zones (None: of every zone, for a record
    that belongs to none or to one not known) are stale from now on, and again at commit."""
    keys = [VERSION_KEY, *([SHARED_KEY] if zones is None else [_zone_key(z) for z in sorted(zones)])]
    _new_versions(keys)
    transaction.on_commit(partial(_new_versions, keys))


def figures_imported(sender, zone=None, **_: Any) -> None:
    """An import wrote its rows (bulk writes send no post_save): the figures of its zone are stale."""
    figures_changed(None if zone is None else {zone.pk})


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


def _zone_fields(model) -> list:
    """The fields that place a record in a zone: its own `zone`, and each foreign key to a model that has one
    (a project in one zone may reside in another zone's carrier, whose figures count it)."""
    return [f for f in model._meta.concrete_fields if f.name == "zone" or (
        f.is_relation and f.many_to_one and f.related_model is not model
        and any(g.name == "zone" for g in f.related_model._meta.concrete_fields))]


def zones_written(instance, *, created: bool | None = None, update_fields=None) -> set[int] | None:
    """The zones whose figures a write of this record may change; None when that cannot be told (a record of no
    zone, a related record already gone, or a save that may have moved the record to another zone: only a
    creation or a save naming its fields that leaves the zone fields alone keeps to the record's zone)."""
    fields = _zone_fields(type(instance))
    if not fields:
        return None
    placing = {name for f in fields for name in (f.name, f.attname)}
    if created is False and (update_fields is None or placing & set(update_fields)):
        return None
    zones = set()
    for field in fields:
        if field.name == "zone":
            zone_id = instance.zone_id
        elif getattr(instance, field.attname) is None:
            continue
        elif field.is_cached(instance):
            zone_id = getattr(instance, field.name).zone_id
        else:
            zone_id = field.related_model._base_manager.filter(pk=getattr(instance, field.attname)).values_list(
                "zone_id", flat=True).first()
        if zone_id is None:
            return None
        zones.add(zone_id)
    return zones or None


def on_write(sender, instance=None, **kwargs) -> None:
    """The signal handler: a saved or deleted record of a counted app changes its zones' figures' version."""
    if kwargs.get("raw"):  # loading fixtures
        return
    if not counts_for_figures(sender, kwargs.get("update_fields")):
        return
    if instance is None or kwargs.get("reverse"):  # no record, or an m2m link changed from the other side
        figures_changed()
    else:  # a save, a delete, or the links of the record that holds the m2m field
        update_fields = kwargs.get("update_fields")
        figures_changed(zones_written(instance, created=kwargs.get("created"), update_fields=update_fields))


_starting = threading.Lock()


def _tokens(zone_id: int | None) -> str:
    """The version of the figures: of every zone's (zone_id None), or of one zone's and of the records of none."""
    keys = [VERSION_KEY] if zone_id is None else [SHARED_KEY, _zone_key(zone_id)]
    found = cache.get_many(keys)
    for key in keys:
        if found.get(key) is None:  # a cleared or new cache: start a version (entries under no version are never read)
            # One at a time in the process: the figure threads of one request (core.concurrency) would otherwise
            # each start a version, the file cache's add not being atomic, and the entries of all but the last
            # stored one would never be read.
            with _starting:
                token = cache.get(key)
                if token is None:
                    token = uuid.uuid4().hex
                    if not cache.add(key, token, None):
                        token = cache.get(key) or token
            found[key] = token
    return ".".join(found[k] for k in keys)


def _token() -> str:
    return _tokens(None)


def viewer_class(user) -> str:
    """Whom a set of visible records is the same for: everyone who reads everything, a partner's carrier,
    an officer's own and team's confidential projects."""
    if getattr(user, "reads_everything", False):
        return "all"
    if getattr(user, "is_partner", False):
        return f"carrier:{user.carrier_id}"
    return f"user:{user.pk}:{getattr(user, 'team_id', None)}:{user.role}"


def _read(key: str):
    """The cached entry, or None when there is none or it cannot be read back: an entry pickled by an earlier
    version of the code (a record id's query names models and fields) is computed afresh after an upgrade."""
    try:
        return cache.get(key)
    except (pickle.UnpicklingError, AttributeError, ImportError, LookupError, TypeError, ValueError, EOFError):
        return None


def keys_digest(keys) -> str:
    """A short stand-in for a set of KPI keys in a cache key (memcached takes keys of 250 characters)."""
    return hashlib.sha256(",".join(sorted(keys)).encode()).hexdigest()[:16]


def cached(parts: tuple, build: Callable[[], T], seconds: int | None = None, zone: int | None = None) -> T:
    """build(), kept under the parts and the figures' current version (for `seconds`, at most the setting's):
    with `zone`, the version of that zone's figures, which writes in other zones leave alone.

    One process builds a missing entry while the others asking for the same one wait for it (up to
    BUILD_WAIT_SECONDS, then they build it themselves): after a write, ten leaders opening the cockpit at once
    cost one computation, not ten competing for the same cores."""
    seconds = min(seconds, settings.KPI_CACHE_SECONDS) if seconds is not None else settings.KPI_CACHE_SECONDS
    if not seconds:
        return build()
    key = "kpis:" + ":".join(str(p) for p in (_tokens(zone), *parts))
    found = _read(key)
    if found is not None:
        return found
    lock = key + ":building"
    if not cache.add(lock, 1, BUILD_WAIT_SECONDS):
        waited_until = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < waited_until:
            time.sleep(BUILD_POLL_SECONDS)
            found = _read(key)
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
