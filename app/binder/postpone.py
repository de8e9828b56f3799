"""Postponing a dossier: by a day, to the next working day, by a week."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from app.binder.calendar import WorkCalendar


class Postpone(StrEnum):
    DAY = "day"
    WORKING_DAY = "working_day"
    WEEK = "week"


def postponed(current: date | None, today: date, step: Postpone, cal: WorkCalendar) -> date:
    """The new date.  Counting starts from the dossier's date, or from today when that is
    past or missing, so an overdue dossier postponed by a day lands tomorrow."""
    start = max(current or today, today)
    if step is Postpone.DAY:
        return start + timedelta(days=1)
    if step is Postpone.WEEK:
        return start + timedelta(days=7)
    return cal.next_working_day(start + timedelta(days=1))
