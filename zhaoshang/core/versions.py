"""Edits that never silently overwrite another's: each versioned record carries an integer `version`, every
save names the version it started from, and the database bumps it only if it is still that one
(compare-and-set: UPDATE … SET version = n + 1 WHERE id = … AND version = n). A stale save raises
`EditConflict`, which says, in Chinese, who changed what since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import timezone

VERSION_FIELD = "version"


def is_versioned(instance: models.Model) -> bool:
    return any(f.name == VERSION_FIELD for f in instance._meta.concrete_fields)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field another person changed: its label and the value before and after, as a person reads them."""

    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label}：由“{self.before}”改为“{self.after}”"


class EditConflict(Exception):
    """A save that started from an older version than the stored one; nothing was written."""

    def __init__(self, current: models.Model, started_from: int | None):
        self.current, self.started_from = current, started_from
        self.changes = changes_since(current, started_from)
        self.by, self.at = _last_author(current)
        super().__init__(self.message)

    @property
    def version(self) -> int:
        return getattr(self.current, VERSION_FIELD)

    @property
    def message(self) -> str:
        who = f"{self.by} 于 {self.at:%Y-%m-%d %H:%M}" if self.by and self.at else "其他人"
        what = "；".join(map(str, self.changes)) or "（改动的字段无法列出）"
        return (f"保存未成功：在你编辑期间，{who}修改了“{self.current}”（你开始时为第 {self.started_from} 版，"
                f"现为第 {self.version} 版）。改动：{what}。你的修改没有写入；请核对后再保存。")


def version_claim(instance: models.Model, expected: int | None) -> None:
    """Take the next version of the stored row if it is still `expected`, else raise EditConflict.

    The UPDATE locks the row until the transaction ends, so of two concurrent saves from the same version
    exactly one matches; the other finds the new version and is refused."""
    manager = type(instance)._default_manager
    loaded = getattr(instance, VERSION_FIELD)
    if expected is None or expected != loaded or manager.filter(
            pk=instance.pk, **{VERSION_FIELD: expected}).update(**{VERSION_FIELD: expected + 1}) != 1:
        raise EditConflict(manager.get(pk=instance.pk), expected)
    setattr(instance, VERSION_FIELD, expected + 1)


def parse_etag(value: str | None) -> int | None:
    """The version an If-Match header names ("3", W/"3" or "v3"); None when it names none we understand."""
    if not value:
        return None
    text = value.strip().removeprefix("W/").strip('"').removeprefix("v")
    return int(text) if text.isdigit() and len(text) < 12 else None


def etag(instance: models.Model) -> str:
    return f'"{getattr(instance, VERSION_FIELD)}"'


def changes_since(current: models.Model, version: int | None) -> list[FieldChange]:
    """The fields that differ between the history record saved at `version` and the record now."""
    history = getattr(current, "history", None)
    if version is None or history is None:
        return []
    record = history.filter(**{VERSION_FIELD: version}).order_by("-history_date").first()
    if record is None:
        return []
    old = record.instance
    changes = []
    for field in current._meta.concrete_fields:
        if field.name in (VERSION_FIELD, "id") or getattr(old, field.attname) == getattr(current, field.attname):
            continue
        changes.append(FieldChange(str(field.verbose_name), field_display(old, field), field_display(current, field)))
    return changes


def field_display(instance: models.Model, field) -> str:
    """A field's value as the page would show it."""
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return "空"
    if field.is_relation:
        related = getattr(instance, field.name, None)
        return str(related) if related is not None else "空"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _last_author(current: models.Model):
    history = getattr(current, "history", None)
    record = history.order_by("-history_date").first() if history is not None else None
    if record is None:
        return None, None
    user = record.history_user
    name = getattr(user, "display_name", None) or (str(user) if user else None)
    return name, timezone.localtime(record.history_date)


# The API side: ETag on reads, If-Match (or a body `version`) on writes, 412 when stale, 428 when missing.

VERSION_REQUIRED = ("修改须说明基于哪一版：请带上 If-Match 请求头（取自读取时的 ETag）或请求体中的 version 字段；"
                    "这样他人在此期间的修改不会被悄悄覆盖")


class VersionRequired(Exception):
    """A write to a versioned record that does not say which version it started from."""


def requested_version(request, body_version: int | None, current: models.Model) -> int:
    """The version a write starts from: If-Match (`*` means whatever is stored now), else the body's."""
    header = (request.headers.get("If-Match") or "").strip() or None  # an empty header names nothing
    if header == "*":
        return getattr(current, VERSION_FIELD)
    if header is not None:
        parsed = parse_etag(header)
        # An If-Match naming no version of ours can match nothing: 412, as for a stale one.
        return parsed if parsed is not None else -1
    if body_version is not None:
        return body_version
    raise VersionRequired(VERSION_REQUIRED)


def install_version_handlers(api) -> None:
    """412 with what changed for a stale write; 428 for a write that names no version."""

    @api.exception_handler(EditConflict)
    def stale(request, exc: EditConflict):
        body = {"detail": exc.message, "errors": [{"field": "version", "message": exc.message}],
                "version": exc.version,
                "changes": [{"field": c.label, "before": c.before, "after": c.after} for c in exc.changes]}
        response = api.create_response(request, body, status=412)
        response["ETag"] = etag(exc.current)
        return response

    @api.exception_handler(VersionRequired)
    def missing(request, exc: VersionRequired):
        return api.create_response(request, {"detail": str(exc), "errors": [{"field": "version",
                                                                             "message": str(exc)}]}, status=428)


# The admin side: its change form carries the version it showed, like the pages' forms.

class VersionedAdminMixin:
    """For a ModelAdmin of a versioned record: the change form holds the version it was opened at, a save
    from an older one is a form error naming what changed, and the save itself is a compare-and-set."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        from django import forms

        base = kwargs.get("form") or self.form

        class Versioned(base):  # declared here, so the admin's field list may name it
            version_seen = forms.IntegerField(required=False, min_value=0, max_value=2**31,
                                              widget=forms.HiddenInput)

            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if self.instance.pk:
                    self.initial["version_seen"] = getattr(self.instance, VERSION_FIELD)

            def clean(self):
                data = super().clean()
                seen = data.get("version_seen")
                if self.instance.pk and seen is not None:
                    current = type(self.instance)._default_manager.get(pk=self.instance.pk)
                    if getattr(current, VERSION_FIELD) != seen:
                        raise forms.ValidationError(EditConflict(current, seen).message)
                return data

        kwargs["form"] = Versioned
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            seen = form.cleaned_data.get("version_seen")
            version_claim(obj, getattr(obj, VERSION_FIELD) if seen is None else seen)
        super().save_model(request, obj, form, change)
