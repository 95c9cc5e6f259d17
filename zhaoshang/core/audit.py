"""Attributed writes: every save of a tracked record names its user (and, optionally, why)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction
from simple_history.utils import update_change_reason

from zhaoshang.core.versions import VERSION_FIELD, is_versioned, version_claim

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def attributed_save(instance: M, *, user, changes: dict | None = None, reason: str = "",
                    many: dict[str, list | None] | None = None, version: int | None = None) -> M:
    """Apply field changes, validate, save with a history record naming the user, then set many-to-many
    fields (each None-valued entry is left alone).

    A versioned record that is already stored is saved only if it is still at `version` (by default the
    version it was loaded at): else `EditConflict`, and nothing is written. Only the fields that changed are
    written, so a save never rewrites what it did not touch."""
    changes = {k: v for k, v in (changes or {}).items() if k != VERSION_FIELD}
    for field, value in changes.items():
        setattr(instance, field, value)
    instance._history_user = user  # type: ignore[attr-defined]  # simple_history names the author from it
    instance.full_clean()
    if instance.pk is not None and is_versioned(instance):
        version_claim(instance, getattr(instance, VERSION_FIELD) if version is None else version)
        # Compared with the row as stored (a model form has already set its values on the instance).
        stored = type(instance)._default_manager.filter(pk=instance.pk).values(
            *(f.attname for f in instance._meta.concrete_fields)).get()
        changed = [f.name for f in instance._meta.concrete_fields
                   if f.name != VERSION_FIELD and getattr(instance, f.attname) != stored[f.attname]]
        instance.save(update_fields=[*changed, VERSION_FIELD])
    else:
        instance.save()
    if reason:
        update_change_reason(instance, reason)
    for field, values in (many or {}).items():
        if values is not None:
            getattr(instance, field).set(values)
    return instance
