"""Which zone and year a KPI request is about, and the records behind a KPI value that a viewer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.db.models import QuerySet

from zhaoshang.accounts.models import User
from zhaoshang.core.disclosure import kpi_disclosed
from zhaoshang.core.errors import UserError
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR
from zhaoshang.kpis.records import record_spec
from zhaoshang.projects.models import StageChange
from zhaoshang.zones.models import Zone
from zhaoshang.zones.selectors import zone_resolve


class YearInvalid(UserError):
    """The year asked for is not a calendar year the zone reports on."""


def _year(year: str | int) -> int:
    """The year as a number, if it is one a zone reports on (MIN_YEAR to MAX_YEAR)."""
    text = str(year).strip()
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise YearInvalid(f"年度须在 {MIN_YEAR} 与 {MAX_YEAR} 之间，而不是“{text}”")
    return int(text)


def kpi_scope(zone: str | None, year: str | int | None) -> tuple[Zone, int]:
    """The zone (by code or name; the only one when none is given) and the year (by default the latest
    year with a signing). Raises ZoneNotFound or YearInvalid, both UserErrors with a message for people."""
    number = _year(year) if year not in (None, "") else None
    found = zone_resolve(zone or None)
    return found, number if number is not None else default_year(found)


def records_visible_to(user: User, model_label: str, ids: list[int]) -> QuerySet:
    """The records with these ids that the user may see, by the visibility rule of the records' own app."""
    return record_spec(model_label).visible(user, ids)


def kpi_for_viewer(user: User, value):
    """The value as this user may see it: the figure stays the zone's, but the records and the notes
    about records are only those the user may see, and hidden_count says how many were left out."""
    ids = {*value.record_ids, *value.base_ids}
    visible = set(records_visible_to(user, value.record_model, list(ids)).values_list("pk", flat=True))
    # Small cells (issue 9, core.disclosure): too few hidden records and the figure shows only the visible part.
    return kpi_disclosed(replace(value, record_ids=[i for i in value.record_ids if i in visible],
                   record_notes={i: n for i, n in value.record_notes.items() if i in visible},
                   hidden_count=sum(1 for i in value.record_ids if i not in visible),
                   base_ids=[i for i in value.base_ids if i in visible],
                   base_hidden_count=sum(1 for i in value.base_ids if i not in visible),
                   record_figures={i: f for i, f in value.record_figures.items() if i in visible}),
                         visible=visible)


def default_year(zone) -> int:
    """The latest year with a signing in the zone, so a cockpit opens on the year that has figures."""
    last = (StageChange.objects.filter(project__zone=zone, stage="signed").order_by("-on")
            .values_list("on", flat=True).first())
    return last.year if last else dt.date.today().year
