"""The records behind a KPI value, limited to what the viewer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.apps import apps
from django.db.models import Q, QuerySet

from zhaoshang.accounts.models import User
from zhaoshang.projects.models import Project, StageChange
from zhaoshang.projects.selectors import project_visible_to


def records_visible_to(user: User, model_label: str, ids: list[int]) -> QuerySet:
    """Projects follow the project rule; partners see only their carrier's people, teams and carrier."""
    model = apps.get_model(model_label)
    qs = model.objects.filter(pk__in=ids)
    if model is Project:
        return project_visible_to(user, qs)
    if not user.is_partner:
        return qs
    carrier = user.carrier_id
    if carrier is None:
        return qs.none()
    rules = {
        "talent.Person": Q(carrier_id=carrier),
        "talent.TalentTeam": Q(residencies__carrier_id=carrier),
        "zones.Carrier": Q(pk=carrier),
    }
    rule = rules.get(model_label)
    return qs.filter(rule).distinct() if rule is not None else qs.none()


def kpi_for_viewer(user: User, value):
    """The value as this user may see it: the figure stays the zone's, but the records and the notes
    about records are only those the user may see, and hidden_count says how many were left out."""
    visible = set(records_visible_to(user, value.record_model, value.record_ids).values_list("pk", flat=True))
    return replace(value, record_ids=[i for i in value.record_ids if i in visible],
                   record_notes={i: n for i, n in value.record_notes.items() if i in visible},
                   hidden_count=sum(1 for i in value.record_ids if i not in visible))


def default_year(zone) -> int:
    """The latest year with a signing in the zone, so a cockpit opens on the year that has figures."""
    last = (StageChange.objects.filter(project__zone=zone, stage="signed").order_by("-on")
            .values_list("on", flat=True).first())
    return last.year if last else dt.date.today().year
