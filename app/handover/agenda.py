"""A handover's dossiers as the binder would file them: under the insert their next contact
falls in on the handover's first day, in working order. The report prints them so, and the
handover window lists them so."""

from __future__ import annotations

from datetime import date

from app.binder import Insert, StripSettings, build_strip
from app.handover.payload import Dossier, Event, Handover


def report_day(handover: Handover) -> date:
    """The report's "today": the handover's first day, else the day the file was made."""
    header = handover.header
    if header.period is not None:
        return header.period.start
    return header.created_at.astimezone().date()


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
