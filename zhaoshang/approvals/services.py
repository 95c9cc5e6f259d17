"""Writes that span approvals records: the service catalogue from its data file, a project's checklist."""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources

from django.db import transaction

from zhaoshang.approvals.models import ApprovalTask, ServiceItem, TaskKind
from zhaoshang.approvals.workdays import zone_calendar

# How many working days after signing each 全代办 item is due, in the order the service centre runs them.
CHECKLIST_DUE = {TaskKind.FILING: 5, TaskKind.LAND: 40, TaskKind.PLANNING: 60, TaskKind.EIA: 70,
                 TaskKind.ENERGY: 70, TaskKind.FIRE: 85, TaskKind.CONSTRUCTION: 100}


def catalogue_rows() -> list[dict]:
    """The shipped service catalogue, data/service_items.csv."""
    text = resources.files("zhaoshang.approvals").joinpath("data/service_items.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#")))


@transaction.atomic
def service_items_load(*, zone) -> int:
    """Create or update the zone's catalogue from the data file; returns how many items it has."""
    for row in catalogue_rows():
        ServiceItem.objects.update_or_create(zone=zone, name=row["name"], defaults={
            "code": row["code"], "department": row["department"],
            "statutory_days": int(row["statutory_days"]) if row["statutory_days"] else None,
            "promised_days": int(row["promised_days"]), "applicant": row["applicant"],
            "task_kind": row["task_kind"]})
    return ServiceItem.objects.filter(zone=zone).count()


@transaction.atomic
def checklist_create(*, project, signed_on: dt.date, owner=None) -> list[ApprovalTask]:
    """The 全代办 checklist a signed project needs before works start, each item due so many working days
    after signing; items it already has are kept as they are."""
    calendar = zone_calendar()
    return [ApprovalTask.objects.get_or_create(project=project, kind=kind, defaults={
        "owner": owner, "due_on": calendar.add_working_days(signed_on, days)})[0]
        for kind, days in CHECKLIST_DUE.items()]
