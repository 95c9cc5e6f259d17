"""What an audit row's object is, and whether the reader may follow it.

A row's target is a record (`projects.Project:12`, `accounts.User:5 zhangwei`), a request (`POST /projects/12/
stage/`, whose route names the record it touched) or, for sign-ins, an account name. The record's name and
link are shown only when the reader's visibility rules (admin_site.scoped, which asks each app's selectors)
let them see it; otherwise the row says only the type and the id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote_plus

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from zhaoshang.admin_site import scoped
from zhaoshang.audit.models import AuditEvent
from zhaoshang.core.text_input import without_invisible

Action = AuditEvent.Action
MAX_DB_ID = 2**63 - 1
_RECORD = re.compile(r"^(?P<label>[a-z_]+\.[A-Za-z]+):(?P<pk>\d{1,19})(?: |$)")
_REQUEST = re.compile(r"^(?P<method>[A-Z]+) (?P<path>/\S*)$")
_ADMIN_OBJECT = re.compile(r"^(?P<app>[a-z_]+)_(?P<model>[a-z]+)_(?:change|delete|history)$")
ACCOUNT_ACTIONS = {Action.SIGN_IN, Action.SIGN_IN_FAILED, Action.SIGN_OUT}
# Route keywords and routes whose `pk` names a record: the record a request touched.
_BY_KEYWORD = {"project_id": "projects.Project", "organization_id": "organizations.Organization",
               "carrier_id": "zones.Carrier", "indicator_id": "indicators.Indicator"}
_BY_ROUTE = {"projects": "projects.Project", "organizations:detail": "organizations.Organization",
             "approvals:case": "approvals.Case", "environment:station": "environment.Station",
             "intel:review": "intel.Document", "intel:bulk": "intel.Document", "audit:user": "accounts.User"}
# Records whose page is not their get_absolute_url.
_PAGES = {"organizations.organization": "organizations:detail"}


@dataclass
class AuditObject:
    """The object column of one row: the record (type and id), the request, or the account."""

    kind: str = ""  # the record's type in Chinese, or 账号
    ident: str = ""  # its id, or the account name
    name: str = ""  # the record's name, only when the reader may see it
    url: str = ""  # only when the reader may see it
    request: str = ""  # METHOD /path, when the row is a request
    label: str = ""  # the model label, for the lookup
    pk: int | None = None


def _record_of(path: str) -> tuple[str, str] | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    for keyword, model_label in _BY_KEYWORD.items():
        if str(match.kwargs.get(keyword, "")).isdigit():
            return model_label, str(match.kwargs[keyword])
    pk = str(match.kwargs.get("pk", match.kwargs.get("object_id", "")))
    if not pk.isdigit():
        return None
    label: str | None = _BY_ROUTE.get(match.view_name) or _BY_ROUTE.get(match.namespace)
    if label is None and match.namespace == "admin" and (found := _ADMIN_OBJECT.match(match.url_name or "")):
        label = f"{found['app']}.{found['model']}"
    return (label, pk) if label else None


def parse_target(action: str, target: str) -> AuditObject:
    """The object a row names, before anything is looked up."""
    if request := _REQUEST.match(target):
        found = _record_of(request["path"])
        obj = AuditObject(request=target)
        if found:
            obj.label, obj.ident = found
    elif record := _RECORD.match(target):
        obj = AuditObject(label=record["label"], ident=record["pk"])
    elif action in ACCOUNT_ACTIONS and target:
        return AuditObject(kind="账号", ident=target)
    else:
        return AuditObject(request=target)
    try:
        model = apps.get_model(obj.label)
    except (LookupError, ValueError):
        return AuditObject(request=target)
    obj.label, obj.kind = model._meta.label_lower, str(model._meta.verbose_name)
    obj.pk = int(obj.ident) if int(obj.ident) <= MAX_DB_ID else None
    return obj


def _url(request, record: models.Model) -> str:
    label = record._meta.label_lower
    if label in _PAGES:
        return reverse(_PAGES[label], args=[record.pk])
    if hasattr(record, "get_absolute_url"):
        return record.get_absolute_url()
    model_admin = admin.site._registry.get(type(record))
    if model_admin is None or not admin.site.has_permission(request) or not model_admin.has_view_permission(
            request, record):
        return ""
    try:
        return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return ""


def audit_objects(request, events) -> list[AuditObject]:
    """Each row's object, its name and link filled in where the reader may see the record: one query per
    type of record on the page."""
    objects = [parse_target(event.action, event.target) for event in events]
    wanted: dict[str, set[int]] = {}
    for obj in objects:
        if obj.pk is not None:
            wanted.setdefault(obj.label, set()).add(obj.pk)
    visible: dict[tuple[str, int], models.Model] = {}
    for label, pks in wanted.items():
        model = apps.get_model(label)
        for record in scoped(request.user, model._default_manager.filter(pk__in=pks)):
            visible[(label, record.pk)] = record
    for obj in objects:
        record = visible.get((obj.label, obj.pk)) if obj.pk is not None else None
        if record is not None:
            obj.name, obj.url = str(record), _url(request, record)
    return objects


def readable_detail(event: AuditEvent) -> str:
    """The detail as a person reads it: a request's query string decoded (source_city=上海市, not %E4%B8%8A…),
    without the invisible characters a hostile query may carry. The exports keep the detail as stored."""
    if not _REQUEST.match(event.target):
        return event.detail
    return without_invisible(unquote_plus(event.detail))
