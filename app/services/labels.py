"""What each insert is called, in the user's language."""

from __future__ import annotations

from app.binder import Insert, InsertKind
from app.i18n import _, month_label, month_name, weekday_name


def insert_label(insert: Insert, first_day: bool = False) -> str:
    """'Mon 23', with the month where a month starts ('Tue 1 Dec'); 'December 2026'; 'Overdue'."""
    if insert.kind is InsertKind.DAY and insert.day is not None:
        day = insert.day
        label = f"{weekday_name(day)} {day.day}"
        if first_day or day.day == 1:
            label += f" {month_name(day.month, 'abbreviated')}"
        return label
    if insert.kind is InsertKind.MONTH and insert.month is not None:
        return month_label(*insert.month)
    return {
        InsertKind.OVERDUE: _("Overdue"),
        InsertKind.LATER: _("Later"),
        InsertKind.UNDATED: _("Undated"),
        InsertKind.ARCHIVE: _("Archive"),
    }[insert.kind]
