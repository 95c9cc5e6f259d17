"""Attributed writes: every save of a tracked record names its user (and, optionally, why)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction
from simple_history.utils import update_change_reason

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def attributed_save(instance: M, *, user, changes: dict | None = None, reason: str = "",
                    many: dict[str, list | None] | None = None) -> M:
    """Apply field changes, validate, save with a history record naming the user, then set many-to-many
    fields (each None-valued entry is left alone)."""
    for field, value in (changes or {}).items():
        setattr(instance, field, value)
    instance._history_user = user  # type: ignore[attr-defined]  # simple_history names the author from it
    instance.full_clean()
    instance.save()
    if reason:
        update_change_reason(instance, reason)
    for field, values in (many or {}).items():
        if values is not None:
            getattr(instance, field).set(values)
    return instance
