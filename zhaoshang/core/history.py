"""The change history of any record kept by django-simple-history, as people read it.

One implementation for pages, API and every app: newest first, each entry with who, when, what was done
(created, changed, deleted and its Chinese word), why, and each changed field from what to what. Values
are shown for people: a choice's label, a related record's name, many-to-many as names joined with 、,
money through `format_amount` in the record's own currency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from django.db import models
from ninja import Schema
from simple_history.models import DeletedObject

from zhaoshang.core.figures import format_amount
from zhaoshang.core.schemas import UserRef

__all__ = ["ACTION_LABELS", "Change", "Entry", "HistoryChangeOut", "HistoryEntryOut", "history_entries"]

Action = Literal["created", "changed", "deleted"]
_ACTIONS: dict[str, Action] = {"+": "created", "~": "changed", "-": "deleted"}
ACTION_LABELS: dict[str, str] = {"created": "创建", "changed": "修改", "deleted": "删除"}


@dataclass(frozen=True, slots=True)
class Change:
    """One field of one version: its name, its label and the values before and after, as shown to people."""

    field: str
    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class Entry:
    """One saved version of a record and what it changed against the version before it."""

    id: int
    when: dt.datetime
    who: object | None  # the user the write was attributed to; None for the system
    action: Action
    reason: str | None
    changes: list[Change] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


def history_entries(instance: models.Model, *, limit: int | None = None) -> list[Entry]:
    """The record's versions, newest first (at most `limit`), each diffed against the one before it."""
    # simple_history adds `history` to the model class when it is registered; no stub can know that.
    versions = cast(Any, instance).history.select_related("history_user").order_by("-history_date", "-history_id")
    # One version more than shown, so the oldest shown still has its predecessor to diff against.
    records = list(versions if limit is None else versions[: limit + 1])
    if not records:  # a record written without history (a data migration, a bulk insert)
        return []
    model = type(instance)
    entries = [_entry(model, record, older) for record, older in zip(records, [*records[1:], None], strict=True)]
    return entries if limit is None else entries[:limit]


def _entry(model: type[models.Model], record, older) -> Entry:
    changes = [] if older is None else [
        _change(model, change, older, record)
        for change in record.diff_against(older, foreign_keys_are_objs=True).changes]
    return Entry(id=record.history_id, when=record.history_date, who=record.history_user,
                 action=_ACTIONS[record.history_type], reason=record.history_change_reason or None,
                 changes=changes)


def _change(model: type[models.Model], change, older, record) -> Change:
    model_field = model._meta.get_field(change.field)
    assert isinstance(model_field, models.Field)  # history tracks the model's own fields, never a reverse relation
    currency = _currency_field(model) if isinstance(model_field, models.DecimalField) else None
    return Change(field=change.field, label=str(model_field.verbose_name),
                  old=_shown(model_field, change.old, currency and getattr(older, currency)),
                  new=_shown(model_field, change.new, currency and getattr(record, currency)))


def _shown(model_field: models.Field, value, currency: str | None = None) -> str | None:
    """A value as people read it; None when there is nothing to show."""
    if model_field.many_to_many:
        assert isinstance(model_field, models.ManyToManyField)
        key = model_field.m2m_reverse_field_name()
        return "、".join(_related(row[key]) for row in value if row.get(key) is not None) or None
    if value is None or isinstance(value, DeletedObject) and value.pk is None:
        return None
    if model_field.is_relation:
        return _related(value)
    if currency:
        return format_amount(value, currency)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "是" if value else "否"
    return str(value) or None


def _related(value) -> str:
    if isinstance(value, DeletedObject):
        return f"{value.model._meta.verbose_name} {value.pk}（已删除）"
    return str(value)


def _currency_field(model: type[models.Model]) -> str | None:
    """The field naming the currency of the model's amounts (`currency`, `capital_currency`), when there is
    exactly one: then every decimal field of the model is money in that currency."""
    names = [f.name for f in model._meta.concrete_fields
             if f.name == "currency" or f.name.endswith("_currency")]
    return names[0] if len(names) == 1 else None


class HistoryChangeOut(Schema):
    field: str
    label: str
    old: str | None
    new: str | None


class HistoryEntryOut(Schema):
    """A version in the API: the values are shown as people read them, like on the pages."""

    id: int
    when: dt.datetime
    who: UserRef | None
    action: Action
    reason: str | None
    changes: list[HistoryChangeOut]
