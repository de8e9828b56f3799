"""Prepared VEVENTs of one calendar as EventRecords: single events as they are, recurring
ones expanded in a bounded window within a bounded budget of rule steps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any

import icalendar
import recurring_ical_events

from app.binder.limits import DATE_MAX, DATE_MIN
from app.i18n import _
from app.interchange.ics_text import _one_line, date_value
from app.interchange.records import EventRecord, Labelled, ReadResult
from app.safe_text import free_text, valid_text

MAX_OCCURRENCES = 10_000  # of one recurring event, in the window
MAX_EVENTS = 100_000  # in the whole result
_SOURCE = "X-RINGBINDER-SOURCE"  # the event's number in the file, carried through expansion
_RAW_RULE = "X-RINGBINDER-RRULE"  # an RRULE's text as written (icalendar rewrites it)
_NO_UID = "X-RINGBINDER-NOUID"  # an event given a UID here, so that expansion keeps it apart


def _label(event: icalendar.Component, number: int) -> str:
    """How a warning names an event: its number and summary."""
    summary = _one_line(event.get("SUMMARY", ""))[:60]
    return _("event {number} ({summary})").format(number=number, summary=summary) if summary \
        else _("event {number}").format(number=number)


def _values(event: icalendar.Component, name: str) -> list[Any]:
    value = event.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _in_bounds(value: date) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return DATE_MIN <= day <= DATE_MAX


def _aware(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _attendees(event: icalendar.Component) -> tuple[Labelled, ...]:
    found = []
    for value in _values(event, "ATTENDEE"):
        address = _one_line(value)
        if address.lower().startswith("mailto:"):
            address = address[7:]
        label = _one_line(getattr(value, "params", {}).get("CN", ""))
        if address:
            found.append(Labelled(address, label))
    return tuple(found)


def _recurrence(event: icalendar.Component) -> str:
    """The repeat rule as the file wrote it (a vCalendar 1.0 rule in its own syntax)."""
    if "X-VCAL-RRULE" in event:
        return _one_line(event["X-VCAL-RRULE"])
    rule = event.get("RRULE")
    if rule is not None and _RAW_RULE in event:
        return _one_line(event[_RAW_RULE])
    if rule is not None:
        try:
            return _one_line(rule.to_ical().decode("utf-8", errors="replace"))
        except Exception:  # a rule icalendar read but cannot write back
            return ""
    return _one_line(event.get("X-VCAL-RRULE", ""))


def _record(occurrence: icalendar.Component, source: icalendar.Component, number: int,
            uid: str, recurrence: str | None = None) -> EventRecord:
    """One occurrence as a record; recurrence is the series' rule (the master's), worked
    out once per series."""
    start = date_value(occurrence)
    end_prop = occurrence.get("DTEND")
    end = end_prop.dt if end_prop is not None and hasattr(end_prop, "dt") else None
    duration = occurrence.get("DURATION")
    if end is None and isinstance(getattr(duration, "dt", None), timedelta):
        end = start + duration.dt
    all_day = not isinstance(start, datetime)
    if all_day and isinstance(end, datetime):
        end = end.date()
    if not all_day and end is not None and not isinstance(end, datetime):
        end = None
    return EventRecord(
        source=number,
        uid=uid,
        summary=_one_line(occurrence.get("SUMMARY", "")),
        start=_aware(start),
        end=_aware(end) if end is not None else None,
        all_day=all_day,
        timezone=_one_line(source["DTSTART"].params.get("TZID", "")),
        recurrence=_recurrence(source) if recurrence is None else recurrence,
        status=_one_line(occurrence.get("STATUS", "")).upper(),
        attendees=_attendees(occurrence),
        description=free_text(valid_text(str((_values(occurrence, "DESCRIPTION") or [""])[0]))),
    )


def _sort_key(record: EventRecord) -> tuple[datetime, int]:
    start = record.start
    if not isinstance(start, datetime):
        start = datetime(start.year, start.month, start.day, tzinfo=UTC)
    return start, record.source


def _window(start: date | None, end: date | None) -> tuple[date, date]:
    """The span recurrences are expanded in: as asked, else a year back to two years ahead,
    never beyond the dates the binder can hold."""
    today = date.today()
    first = start or today - timedelta(days=365)
    last = end or (today + timedelta(days=2 * 365) if start is None
                   else first + timedelta(days=3 * 365))
    return max(first, DATE_MIN), min(last, DATE_MAX)


_FREQ_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400,
                 "WEEKLY": 604800, "MONTHLY": 2629746, "YEARLY": 31556952}
_STEP_COST = {"YEARLY": 12, "MONTHLY": 2, "WEEKLY": 2}  # dateutil walks a year's or a month's days


def _naive(value: date) -> datetime:
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value.replace(tzinfo=None)


def _work(event: icalendar.Component, last: date) -> float:
    """How many rule steps dateutil will take to expand the event up to last: it walks
    from DTSTART whatever the window, so a minutely rule from 1900 is millions of steps."""
    rule = event.get("RRULE")
    if rule is None:
        return 0
    freq = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
    seconds = _FREQ_SECONDS.get(freq, 1)
    interval = max(int((rule.get("INTERVAL") or [1])[0]), 1)
    stop = _naive(last) + timedelta(days=2)
    until = (rule.get("UNTIL") or [None])[0]
    if isinstance(until, date):
        stop = min(stop, _naive(until))
    span = max((stop - _naive(date_value(event))).total_seconds(), 0)
    steps = span / (seconds * interval) + 1
    by = [k for k in rule if k.upper().startswith("BY")]
    count = (rule.get("COUNT") or [None])[0]
    if count is not None and not by:
        steps = min(steps, int(count))
    per_step = _STEP_COST.get(freq, 1)
    for key, finer in (("BYHOUR", 3600), ("BYMINUTE", 60), ("BYSECOND", 1)):
        if finer < seconds:
            per_step *= max(len(rule.get(key) or []), 1)
    return steps * per_step


def _expand(calendar: icalendar.Component, events: list[tuple[int, str, icalendar.Component]],
            first: date, last: date, result: ReadResult, budget: list[float]) -> None:
    """The events of one VCALENDAR as records: single events as they are, recurring ones
    expanded between first and last (both included), one series at a time so that a broken
    series costs only itself."""
    by_uid: dict[str, list[tuple[int, str, icalendar.Component]]] = {}
    for item in events:
        by_uid.setdefault(item[1], []).append(item)
    sources = {number: (uid, event) for number, uid, event in events}
    for group in by_uid.values():
        if len(result.events) >= MAX_EVENTS:
            result.warnings.append(_("More than {n} events: the rest are left out.").format(
                n=MAX_EVENTS))
            return
        recurring = any(("RRULE" in e or "RDATE" in e or "RECURRENCE-ID" in e)
                        for _n, _u, e in group)
        if not recurring:
            for number, uid, event in group:
                result.events.append(_record(event, event, number, _shown_uid(event, uid)))
            continue
        label = _label(group[0][2], group[0][0])
        try:
            work = sum(_work(e, last) for _n, _u, e in group)
        except Exception:  # a rule too odd to estimate is not expanded
            work = float("inf")
        if work > budget[0]:
            result.warnings.append(_("{event}: repeats too often to be worked out; only its "
                                     "first date is read.").format(event=label))
            for number, uid, event in group:
                if "RECURRENCE-ID" not in event:
                    result.events.append(_record(event, event, number,
                                                 _shown_uid(event, uid)))
            continue
        budget[0] -= work
        mini = icalendar.Calendar()
        for _n, _u, event in group:
            mini.add_component(event)
        master = next((e for _n, _u, e in group if "RECURRENCE-ID" not in e), None)
        rule = _recurrence(master) if master is not None else ""
        try:
            query = recurring_ical_events.of(mini, keep_recurrence_attributes=True)
            found: list[Any] = []  # recurring_ical_events has no types
            for series in query.series:
                span = series.between(datetime(first.year, first.month, first.day),
                                      datetime(last.year, last.month, last.day)
                                      + timedelta(days=1))
                found.extend(islice(span, MAX_OCCURRENCES + 1 - len(found)))
            if len(found) > MAX_OCCURRENCES:
                found = found[:MAX_OCCURRENCES]
                result.warnings.append(_("{event}: more than {n} occurrences; the rest are "
                                         "left out.").format(event=label, n=MAX_OCCURRENCES))
            for occurrence in found:
                component = occurrence.as_component(True)
                number = int(str(component.get(_SOURCE, group[0][0])))
                uid, source = sources.get(number, (group[0][1], group[0][2]))
                record = _record(component, source, number, _shown_uid(source, uid), rule)
                if _in_bounds(record.start):
                    result.events.append(record)
        except Exception as exc:  # a series the library cannot expand: its first date only
            result.warnings.append(_("{event}: its repeats cannot be worked out ({why}); only "
                                     "its first date is read.").format(
                event=label, why=_one_line(exc)[:120] or type(exc).__name__))
            for number, uid, event in group:
                if "RECURRENCE-ID" not in event:
                    result.events.append(_record(event, event, number,
                                                 _shown_uid(event, uid)))


def _shown_uid(event: icalendar.Component, uid: str) -> str:
    """The UID as the file gave it: "" for an event that had none (one was made up so that
    the expansion keeps it apart)."""
    return "" if _NO_UID in event else uid
