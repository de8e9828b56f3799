"""Postponing a dossier: by a day, to the next working day, by a week; and the quick
next-contact dates offered when a contact is logged (tomorrow … in a month)."""

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


class QuickStep(StrEnum):
    """The next-contact choices offered after a conversation, each a date counted from today."""

    TOMORROW = "tomorrow"
    NEXT_WORKING_DAY = "next_working_day"
    ONE_WEEK = "one_week"
    TWO_WEEKS = "two_weeks"
    ONE_MONTH = "one_month"


def month_later(day: date) -> date:
    """The same day of the next month, clamped to that month's end (Jan 31 -> Feb 28)."""
    year, month = divmod(day.year * 12 + day.month, 12)  # the next month, 0-based
    first_after = date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last = (first_after - timedelta(days=1)).day
    return date(year, month + 1, min(day.day, last))


def quick_dates(today: date, cal: WorkCalendar) -> dict[QuickStep, date]:
    """The date of each quick choice, in the order they are offered; every one is after today.

    "Next working day" skips weekends and the calendar's public holidays; the others count
    calendar days (or months) and may land on a weekend, as the user agreed with the client.
    """
    tomorrow = today + timedelta(days=1)
    return {
        QuickStep.TOMORROW: tomorrow,
        QuickStep.NEXT_WORKING_DAY: cal.next_working_day(tomorrow),
        QuickStep.ONE_WEEK: today + timedelta(days=7),
        QuickStep.TWO_WEEKS: today + timedelta(days=14),
        QuickStep.ONE_MONTH: month_later(today),
    }
