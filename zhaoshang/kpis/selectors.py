"""Which zone and year a KPI request is about, and the records behind a KPI value that a viewer may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from django.db.models import QuerySet

from zhaoshang.accounts.models import User
from zhaoshang.core.concurrency import concurrently
from zhaoshang.core.disclosure import kpi_disclosed, value_must_suppress
from zhaoshang.core.errors import UserError
from zhaoshang.kpis.computations import RecordIds, record_query
from zhaoshang.kpis.definitions import MAX_YEAR, MIN_YEAR
from zhaoshang.kpis.pipeline import pipeline_hidden
from zhaoshang.kpis.records import record_spec
from zhaoshang.projects.models import Project, StageChange
from zhaoshang.projects.selectors import project_hidden_from
from zhaoshang.zones.models import Zone
from zhaoshang.zones.selectors import zone_to_read


class YearInvalid(UserError):
    """The year asked for is not a calendar year the zone reports on."""


def _year(year: str | int) -> int:
    """The year as a number, if it is one a zone reports on (MIN_YEAR to MAX_YEAR)."""
    text = str(year).strip()
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise YearInvalid(f"年度须在 {MIN_YEAR} 与 {MAX_YEAR} 之间，而不是“{text}”")
    return int(text)


def kpi_scope(zone: str | None, year: str | int | None) -> tuple[Zone, int]:
    """The zone (by code or name; when none is given, zones.selectors.zone_to_read) and the year (by default the latest
    year with a signing). Raises ZoneNotFound or YearInvalid, both UserErrors with a message for people."""
    number = _year(year) if year not in (None, "") else None
    found = zone_to_read(zone or None)
    return found, number if number is not None else default_year(found)


def records_visible_to(user: User, model_label: str, ids) -> QuerySet:
    """The records with these ids (a list, or a figure's RecordIds) that the user may see, by the visibility
    rule of the records' own app."""
    spec = record_spec(model_label)
    return spec.visible_to(user, record_query(model_label, ids))


def _visible(user: User, model_label: str, ids, counted: bool = True,
             hidden: int | None = None) -> tuple[RecordIds | list[int], int | None]:
    """The visible part of a figure's records and how many were left out, counted in the database (one
    query, none when the model's rule lets the user see every record or `hidden` gives the number; none
    either when not `counted`, and then the number left out is None)."""
    if not isinstance(ids, RecordIds) and not ids:
        return [], 0
    query = record_query(model_label, ids)
    spec = record_spec(model_label)
    visible = spec.visible_to(user, query)
    if visible is query:  # the rule returned the records untouched: the user sees them all
        return ids, 0
    if not counted:
        return RecordIds(visible), None
    hiding = spec.hidden_from(user) if spec.hidden_from is not None else None
    if hiding is not None:  # the few hidden records counted: the visible ones are the rest
        if hidden is None:
            hidden = (ids.count_where(hiding, f"hidden from user {user.pk}") if isinstance(ids, RecordIds)
                      else query.filter(hiding).count())
        return RecordIds(visible, len(ids) - hidden), hidden
    shown = RecordIds(visible)
    return shown, len(ids) - len(shown)


def kpis_for_viewer(user: User, values: list, *, zone: Zone, period) -> list:
    """kpi_for_viewer of each of the zone's values for the period, the pipeline figures' hidden projects counted
    in one query (kpis.pipeline.pipeline_hidden) rather than one per figure."""
    hiding = project_hidden_from(user)

    def seen(indices: list[int]) -> list:
        counted: dict[str, tuple[int, int]] = {}
        if hiding is not None and not user.reads_everything and any(values[i].group == "pipeline" for i in indices):
            counted = pipeline_hidden(zone=zone, period=period, hidden=Project.objects.filter(zone=zone).filter(hiding))
        return [kpi_for_viewer(user, values[i], counted=counted.get(values[i].key, (None, None)), noted=noted)
                for i in indices]

    # Each figure's hidden records are counted by a query of its own: the catalogue's in two halves and the
    # pipeline's at once (core.concurrency), the results put back in the values' order. The halves are runs
    # of the catalogue, so that figures sharing their records (the signing ones, first) share their counts.
    noted: dict = {}
    catalogue = [i for i, v in enumerate(values) if v.group != "pipeline"]
    half = (len(catalogue) + 1) // 2
    parts = [catalogue[:half], catalogue[half:], [i for i, v in enumerate(values) if v.group == "pipeline"]]
    shown: list = [None] * len(values)
    for indices, part in zip(parts, concurrently(*(lambda p=p: seen(p) for p in parts)), strict=True):
        for i, value in zip(indices, part, strict=True):
            shown[i] = value
    return shown


def _visible_noted(user: User, value, noted: dict) -> set[int]:
    """The records with a note (a conversion) that the user may see; figures with the same noted records (the
    signing count and total) ask once, `noted` keeping the answers."""
    key = (value.record_model, frozenset(value.record_notes))
    if key not in noted:
        noted[key] = set(records_visible_to(user, value.record_model, list(value.record_notes)).values_list(
            "pk", flat=True))
    return noted[key]


def kpi_for_viewer(user: User, value, *, count_hidden: bool = True,
                   counted: tuple[int | None, int | None] = (None, None), with_notes: bool = True,
                   noted: dict | None = None):
    """The value as this user may see it: the figure stays the zone's, but the records and the notes
    about records are only those the user may see, and hidden_count says how many were left out (`counted`:
    how many of its records and of its denominator's are hidden, when they were counted already).

    A page that shows no record counts for a value (the cockpit's pipeline table) passes count_hidden=False:
    the records are still limited to the visible ones, but not counted, and hidden_count stays 0. One that
    reads only the figure (another period's, for 同比) passes with_notes=False: no note about a record is
    kept where some are hidden, and none is looked up. `noted` is shared by the values of one page
    (`_visible_noted`)."""
    record_ids, hidden = _visible(user, value.record_model, value.record_ids, count_hidden, counted[0])
    base_ids, base_hidden = _visible(user, value.record_model, value.base_ids, count_hidden, counted[1])
    hidden, base_hidden = hidden or 0, base_hidden or 0
    if not count_hidden:  # nothing counted: keep only the notes of records the user may certainly see
        return replace(value, record_ids=record_ids, base_ids=base_ids, hidden_count=0, base_hidden_count=0,
                       record_notes={} if record_ids is not value.record_ids else value.record_notes,
                       record_figures={} if record_ids is not value.record_ids else value.record_figures)
    if not value.record_notes or (record_ids is value.record_ids and not hidden):
        kept = set(value.record_notes)  # no notes, or the viewer sees every record: every note stays
    elif not with_notes:
        kept = set()
    else:
        kept = _visible_noted(user, value, noted if noted is not None else {})
    figures = value.record_figures
    if hidden or base_hidden:  # the drill-down reads the figures of the records it lists only
        figures = _VisibleFigures(figures, record_ids, base_ids)
    shown = replace(value, record_ids=record_ids, hidden_count=hidden, base_ids=base_ids, base_hidden_count=base_hidden,
                    record_notes={i: n for i, n in value.record_notes.items() if i in kept},
                    record_figures=figures)
    # Small cells (issue 9, core.disclosure): too few hidden records and the figure shows only the visible part.
    if value_must_suppress(hidden, base_hidden):
        return kpi_disclosed(shown, visible={*record_ids, *base_ids})
    return shown


class _VisibleFigures(Mapping):
    """A value's per-record figures limited to the records the viewer may see, read when the drill-down asks."""

    def __init__(self, figures: Mapping, *visible):
        self._figures, self._visible = figures, visible
        self._data: dict | None = None

    def _loaded(self) -> dict:
        if self._data is None:
            keep = {i for ids in self._visible for i in ids}
            self._data = {i: f for i, f in self._figures.items() if i in keep}
        return self._data

    def __getitem__(self, key):
        return self._loaded()[key]

    def __iter__(self):
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())

    def __bool__(self) -> bool:
        return bool(self._figures)


def default_year(zone) -> int:
    """The latest year with a signing in the zone, so a cockpit opens on the year that has figures."""
    last = (StageChange.objects.filter(project__zone=zone, stage="signed").order_by("-on")
            .values_list("on", flat=True).first())
    return last.year if last else dt.date.today().year
