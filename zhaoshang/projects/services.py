"""Writes that touch a project and its neighbours. Every write names the user it is attributed to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import PROJECT_EDIT_DENIED, can_edit_project
from zhaoshang.core.audit import attributed_save
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Activity, Project, ProjectFile, StageChange


def _require_edit(user: User, project: Project) -> None:
    if not can_edit_project(user, project):
        raise PermissionDenied(PROJECT_EDIT_DENIED)


def project_create(*, user: User, zone, name: str, investors: Sequence[Organization] = (),
                   amount: Decimal | None = None, currency: str = "CNY", industry=None, source_region=None,
                   carrier=None, owner: User | None = None, confidential: bool = False, description: str = "",
                   reason: str = "") -> Project:
    project = Project(zone=zone, name=name, amount=amount, currency=currency, industry=industry,
                      source_region=source_region, carrier=carrier, owner=owner or user,
                      confidential=confidential, description=description)
    return attributed_save(project, user=user, reason=reason, many={"investors": list(investors) or None})


def project_update(*, user: User, project: Project, reason: str = "", version: int | None = None,
                   **changes) -> Project:
    """Change the given fields (and the investors, unless None), if the project is still at `version`
    (default: the version it was loaded at); else `core.versions.EditConflict` and nothing is written."""
    _require_edit(user, project)
    investors = changes.pop("investors", None)
    return attributed_save(project, user=user, changes=changes, reason=reason, many={"investors": investors},
                           version=version)


def project_advance(*, user: User, project: Project, stage: str, on: dt.date, note: str = "") -> StageChange:
    _require_edit(user, project)
    return project.advance_to(stage, on=on, by=user, note=note)


def activity_add(*, user: User, project: Project, kind: str, on: dt.date, people: str = "",
                 notes: str = "") -> Activity:
    _require_edit(user, project)
    activity = Activity(project=project, kind=kind, on=on, people=people, notes=notes, recorded_by=user)
    activity.full_clean()
    activity.save()
    return activity


def file_attach(*, user: User, project: Project, upload, name: str = "") -> ProjectFile:
    _require_edit(user, project)
    return ProjectFile.objects.create(project=project, file=upload, name=name or upload.name, uploaded_by=user)
