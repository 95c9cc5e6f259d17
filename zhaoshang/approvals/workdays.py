"""Working-day arithmetic under a holiday calendar: 法定节假日 off, 调休 weekend days worked.

Plain Python, no Django. A time limit of N working days starts counting on the first working day after
the case is received (受理当日不计), so a case received on a Friday with a one-day limit is due on Monday.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Which dates are working days: Monday to Friday, less holidays, plus the weekend days worked."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()  # weekend days worked in exchange (调休)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date of the `days`-th working day after `start` (before it for a negative count; `start`
        itself for 0)."""
        day, step = start, DAY if days >= 0 else -DAY
        for _ in range(abs(days)):
            day += step
            while not self.is_working_day(day):
                day += step
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when decided the day received)."""
        return sum(1 for offset in range(1, (end - start).days + 1)
                   if self.is_working_day(start + offset * DAY))


def calendar_from_rows(rows) -> WorkCalendar:
    """A calendar from (date, kind) rows, kind "holiday" or "workday"."""
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    for date, kind, *_ in rows:
        target = {"holiday": holidays, "workday": workdays}[kind]
        target.add(dt.date.fromisoformat(date))
    return WorkCalendar(frozenset(holidays), frozenset(workdays))


@functools.cache
def national_calendar() -> WorkCalendar:
    """The State Council's calendar, from data/holidays_cn.csv."""
    text = resources.files("zhaoshang.approvals").joinpath("data/holidays_cn.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return calendar_from_rows(list(csv.reader(lines))[1:])


def zone_calendar(zone_code: str = "") -> WorkCalendar:
    """The calendar a zone's time limits run on. Every zone follows the national one today; a zone with
    its own (a local holiday) would ship data/holidays_<code>.csv and be looked up here."""
    return national_calendar()
