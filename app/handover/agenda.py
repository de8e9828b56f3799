"""A handover's dossiers as the binder would file them: under the insert their next contact
falls in on the handover's first day, in working order. The report prints them so, and the
handover window lists them so."""

from __future__ import annotations

from datetime import date

from app.binder import Insert, InsertKind, StripSettings, build_strip
from app.handover.payload import Dossier, Event, Handover
from app.i18n import _, month_label, month_name, weekday_name


def report_day(handover: Handover) -> date:
    """The report's "today": the handover's first day, else the day the file was made."""
    header = handover.header
    if header.period is not None:
        return header.period.start
    return header.created_at.astimezone().date()


def heading_label(insert: Insert) -> str:
    """'Tue 24 Nov', 'December 2026', 'Overdue': the insert as a heading on paper (a day
    always with its month, since the sheet is read away from the binder)."""
    if insert.kind is InsertKind.DAY and insert.day is not None:
        day = insert.day
        return f"{weekday_name(day)} {day.day} {month_name(day.month, 'abbreviated')}"
    if insert.kind is InsertKind.MONTH and insert.month is not None:
        return month_label(*insert.month)
    return {InsertKind.OVERDUE: _("Overdue"), InsertKind.LATER: _("Later"),
            InsertKind.UNDATED: _("Undated"), InsertKind.ARCHIVE: _("Archive")}.get(
                insert.kind, insert.key)


def group_by_insert(handover: Handover, settings: StripSettings | None = None,
                    day: date | None = None) -> list[tuple[Insert, list[Dossier]]]:
    """The dossiers under the insert their next contact falls in on `day` (the report's day
    unless given), inserts in strip order, each insert's dossiers in working order (date,
    time, priority, name)."""
    strip = build_strip(day or report_day(handover), settings)
    order = {insert.key: i for i, insert in enumerate(strip)}
    groups: dict[str, tuple[Insert, list[Dossier]]] = {}
    for d in handover.workload.dossiers:
        insert = strip.insert_for(d.next_contact, d.archived)
        groups.setdefault(insert.key, (insert, []))[1].append(d)
    for _insert, dossiers in groups.values():
        dossiers.sort(key=lambda d: (d.next_contact or date.max, d.next_time or "99:99",
                                     d.priority, d.sort_name.casefold(), d.uuid))
    return [groups[key] for key in sorted(groups, key=order.__getitem__)]


def last_conversation(dossier: Dossier) -> Event | None:
    """The latest logged contact (a correction stands in for what it corrects)."""
    amended = {e.amends_uuid for e in dossier.events if e.amends_uuid}
    contacts = [e for e in dossier.events
                if e.kind in ("contact", "amend") and e.uuid not in amended]
    return max(contacts, key=lambda e: (e.at, e.uuid), default=None)
