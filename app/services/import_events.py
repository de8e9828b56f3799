"""A calendar's future events as fixed appointments: the dossier an event belongs to is the
one an attendee's e-mail names, else the one whose full name (and only one) stands in the
summary. An event at a time becomes that day and time in the user's own time zone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.i18n import _
from app.interchange.records import EventRecord
from app.services.import_types import EventMatch
from app.store import import_reads
from app.store.fold import words

MAX_NAME_WORDS = 5  # a full name of more words is not looked for in a summary


def local_day_time(event: EventRecord) -> tuple[date, str | None]:
    """The day (and HH:MM) of an event's start where the user is."""
    start = event.start
    if isinstance(start, datetime):
        local = start.astimezone() if start.tzinfo is not None else start
        return local.date(), local.strftime("%H:%M")
    return start, None


def future(events: Iterable[EventRecord], today: date) -> list[EventRecord]:
    """The events still to come (from today on), not cancelled, earliest first."""
    when = {id(e): local_day_time(e) for e in events if e.status.upper() != "CANCELLED"}
    kept = [e for e in events if id(e) in when and when[id(e)][0] >= today]
    return sorted(kept, key=lambda e: (when[id(e)][0], when[id(e)][1] or ""))


def match_events(session: Session, events: list[EventRecord]) -> list[EventMatch]:
    """Each event with the dossier it belongs to ("" when none, or more than one, fits)."""
    if not events:
        return []
    by_email: dict[str, tuple[str, str]] = {}
    for address, uuid, name in import_reads.open_emails(session):
        by_email.setdefault(address.lower(), (uuid, name))
    by_name: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for uuid, name in import_reads.open_names(session):
        key = tuple(words(name))
        if 2 <= len(key) <= MAX_NAME_WORDS:  # a one-word name matches too much text
            by_name.setdefault(key, []).append((uuid, name))
    matches = []
    for event in events:
        found = next((by_email[a.value.lower()] for a in event.attendees
                      if a.value.lower() in by_email), None)
        if found is not None:
            matches.append(EventMatch(event, found[0], found[1], _("e-mail {address}").format(
                address=next(a.value for a in event.attendees
                             if a.value.lower() in by_email))))
            continue
        terms = words(event.summary)
        named: dict[str, str] = {}
        for size in range(2, MAX_NAME_WORDS + 1):
            for start in range(len(terms) - size + 1):
                for uuid, name in by_name.get(tuple(terms[start:start + size]), ()):
                    named[uuid] = name
        if len(named) == 1:
            ((uuid, name),) = named.items()
            matches.append(EventMatch(event, uuid, name, _("name in the summary")))
        else:
            matches.append(EventMatch(event, "", "", ""))
    return matches
