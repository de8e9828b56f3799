"""Writing events as an iCalendar 2.0 file (RFC 5545) that calendars import and read_ics
reads back to the same events.

Through the `icalendar` library, which a calendar file needs more than a card does: text
escaping, folding, parameter quoting (RFC 6868 for a `"` or a line break in an attendee's
name) and VTIMEZONEs built from the zone database. Calendars are small (a diary, not an
address book), so a library object per event costs nothing that matters.

Decisions:
- one VEVENT per record, with no repeat rule: a record is one occurrence, and the records
  of one series (the same UID) are written as its instances, each with a RECURRENCE-ID,
  since a calendar keeps one event per UID otherwise. An event without a UID gets one.
- an all-day event is written with dates (VALUE=DATE); a timed one in its own zone (TZID
  and a VTIMEZONE) when the time zone is a named zone and the date is one the VTIMEZONE
  icalendar builds covers (1970 to 2037), else in UTC; a time without a zone is taken as
  UTC, as read_ics reads it. Either way the start and end are the same instants.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TextIO
from zoneinfo import ZoneInfo

import icalendar

from app.interchange.records import EventRecord

PRODID = "-//Ringbinder//Ringbinder//EN"
_ZONE_YEARS = range(1970, 2038)  # the years a VTIMEZONE made by icalendar is right for


def write_ics(events: Iterable[EventRecord], out: TextIO, *, calendar_name: str = "") -> int:
    """The events as one VCALENDAR written to `out` (open it with newline="" to keep the
    CRLF line ends); returns the number of events written."""
    events = list(events)  # a UID given twice is known before the first is written
    repeated = {uid for uid, n in Counter(e.uid for e in events if e.uid).items() if n > 1}
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if calendar_name:
        calendar.add("x-wr-calname", calendar_name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for record in events:
        calendar.add_component(_event(record, stamp, record.uid in repeated))
    calendar.add_missing_timezones()
    out.write(calendar.to_ical().decode("utf-8"))
    return len(events)


def _when(value: date | datetime, all_day: bool) -> date | datetime:
    """A start or end as written: a date for an all-day event; a time in its named zone
    where the VTIMEZONE will be right, else in UTC (a time without a zone taken as UTC)."""
    if not isinstance(value, datetime):
        return value
    if all_day:
        return value.date()
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo) and zone.key != "UTC" and value.year in _ZONE_YEARS:
        return value
    return value.astimezone(UTC)


def _event(record: EventRecord, stamp: datetime, instance: bool) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", record.uid or f"{uuid.uuid4()}@ringbinder")
    event.add("dtstamp", stamp)
    all_day = record.all_day or not isinstance(record.start, datetime)
    start = _when(record.start, all_day)
    event.add("dtstart", start)
    if record.end is not None:
        event.add("dtend", _when(record.end, all_day))
    if instance:
        event.add("recurrence-id", start)
    if record.summary:
        event.add("summary", record.summary)
    if record.description:
        event.add("description", record.description)
    if record.status:
        event.add("status", record.status)
    for attendee in record.attendees:
        # icalendar reads a backslash in a parameter as an escape (CN=x\: swallows the
        # address): a name's backslash is written as a slash
        params = {"CN": attendee.label.replace("\\", "/")} if attendee.label else {}
        event.add("attendee", f"mailto:{attendee.value}", parameters=params)
    return event
