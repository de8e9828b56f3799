"""ICS (iCalendar 2.0) and vCalendar 1.0 reader: every event of every VCALENDAR in a file,
recurrences expanded in a bounded window, as plain EventRecords.

A calendar file comes from outside and may be hostile or broken: its size is bounded, its
bytes are decoded whatever they are (with a warning), every parser error becomes one
InvalidInput line, and what can be read of a damaged file is read, with warnings saying what
was left out and why.

This module reads the file and makes each event fit for expansion; the parts it leans on:
ics_text (bytes to text), vcal10 (vCalendar 1.0 read as 2.0), ics_zones (VTIMEZONE rules
pruned, X-WR-TIMEZONE applied) and ics_occurrences (events expanded into EventRecords).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import icalendar
from icalendar.prop.broken import vBroken

from app.errors import InvalidInput
from app.i18n import _, n_
from app.interchange.ics_occurrences import (
    _NO_UID,
    _SOURCE,
    MAX_EVENTS,
    MAX_OCCURRENCES,
    _expand,
    _in_bounds,
    _label,
    _values,
    _window,
)
from app.interchange.ics_order import OrderKey
from app.interchange.ics_parse import parse_calendars
from app.interchange.ics_text import _decode, _one_line, date_value
from app.interchange.ics_zones import _standard, _tame_zones
from app.interchange.records import ReadResult
from app.interchange.vcal10 import _shift_floating, _v1_offset, _v1_to_v2, _whole_day

__all__ = ["DEFAULT_MAX_BYTES", "MAX_EVENTS", "MAX_OCCURRENCES", "WORK_BUDGET", "read_ics"]

DEFAULT_MAX_BYTES = 16 * 1024 * 1024  # a year of a busy diary is well under 1 MB
WORK_BUDGET = 500_000  # rule steps (about 7 µs each) the expansions of one file may take
_SKIP = "X-RINGBINDER-SKIP"  # an event that cannot be read (the warning says why)


# --- parsing ------------------------------------------------------------------------------

def _parse(text: str) -> list[icalendar.Component]:
    """Every VCALENDAR in the text; any parser failure is one InvalidInput line."""
    try:
        found = parse_calendars(text)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError… on garbage
        raise InvalidInput(_("This is not a calendar file that can be read ({why}).").format(
            why=_one_line(exc)[:200] or type(exc).__name__)) from None
    calendars = [c for c in found if getattr(c, "name", "") == "VCALENDAR"]
    if not calendars:
        raise InvalidInput(_("This file holds no calendar (no BEGIN:VCALENDAR)."))
    return calendars


def _floating(event: icalendar.Component) -> bool:
    """Whether the event starts at a wall time of no zone (no Z, no TZID)."""
    start = date_value(event)
    return isinstance(start, datetime) and start.tzinfo is None and \
        "TZID" not in event["DTSTART"].params


def _repair_date(raw: str) -> date | datetime | None:
    """A date or date-time value the parser refused, read if it is one of the usual slips
    ("20131210Z": a date with a Z)."""
    raw = raw.strip()
    match = re.fullmatch(r"(\d{8})Z?", raw)
    if match:
        try:
            return datetime.strptime(match.group(1), "%Y%m%d").date()
        except ValueError:
            return None
    match = re.fullmatch(r"(\d{8}T\d{6})(Z?)", raw)
    if match:
        try:
            value = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S")
        except ValueError:
            return None
        return value.replace(tzinfo=UTC) if match.group(2) else value
    return None


def _prepare(event: icalendar.Component, number: int, result: ReadResult,
             offset: timedelta | None, v1: bool = False) -> bool:
    """Make one VEVENT fit for expansion: broken dates repaired or dropped, unknown time
    zones noticed. False when the event cannot be read at all (it is then skipped)."""
    label = _label(event, number)
    if "X-VCAL-RRULE" in event and "RRULE" not in event:  # a 1.0 rule not translated
        result.warnings.append(_("{event}: its repeat rule is not understood; only the first "
                                 "occurrence is read.").format(event=label))
    for name in ("RDATE", "EXDATE"):
        kept = []
        for value in _values(event, name):
            if isinstance(value, vBroken):
                repaired = [_repair_date(part) for part in str(value).split(",")]
                if all(r is not None for r in repaired):
                    kept.append(icalendar.prop.vDDDLists(repaired))
                else:
                    result.warnings.append(_("{event}: {prop} not understood, left out.")
                                           .format(event=label, prop=name))
            else:
                kept.append(value)
        if name in event:
            del event[name]
        if kept:
            event[name] = kept if len(kept) > 1 else kept[0]
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        value = event.get(name)
        if isinstance(value, vBroken):
            day = _repair_date(str(value))
            if day is None:
                if name == "DTEND":
                    del event[name]
                    continue
                result.warnings.append(_("{event}: its start cannot be read, skipped.")
                                       .format(event=label))
                return False
            params = value.params
            del event[name]
            event.add(name, day)
            for key, param in params.items():
                if key.upper() != "VALUE":
                    event[name].params[key] = param
    for name in ("DURATION", "RRULE"):
        if isinstance(event.get(name), vBroken):
            if name == "RRULE":
                event["X-VCAL-RRULE"] = str(event[name])
                result.warnings.append(_("{event}: its repeat rule is not understood; only "
                                         "the first occurrence is read.").format(event=label))
            del event[name]
    rules = event.get("RRULE")
    if isinstance(rules, list):  # several RRULEs: the first one rules
        del event["RRULE"]
        event["RRULE"] = rules[0]
    start = event.get("DTSTART")
    if start is None or not hasattr(start, "dt"):
        result.warnings.append(_("{event}: no start date, skipped.").format(event=label))
        return False
    if not isinstance(start.dt, date):
        result.warnings.append(_("{event}: its start is not a date, skipped.")
                               .format(event=label))
        return False
    if not _in_bounds(start.dt):
        result.warnings.append(_("{event}: its date {day} is out of range, skipped.").format(
            event=label, day=start.dt.isoformat()[:10]))
        return False
    if v1 and _whole_day(event):
        return True
    if isinstance(start.dt, datetime) and start.dt.tzinfo is None:
        tzid = start.params.get("TZID")
        if offset is not None and not tzid:
            _shift_floating(event, offset)
        elif tzid:
            result.warnings.append(_("{event}: time zone {tzid} is unknown; its times are "
                                     "read as UTC.").format(event=label,
                                                            tzid=_one_line(tzid)[:60]))
    return True


def read_ics(data: bytes, *, start: date | None = None, end: date | None = None,
             max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Every event of an ICS or vCalendar 1.0 file, sorted by start. Recurring events are
    expanded between start and end (default: a year back to two years ahead) so that the
    binder only ever sees a bounded list; single events are kept whatever their date.

    Raises InvalidInput (one line) for a file too large or not a calendar; never anything
    else, whatever the bytes."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidInput(_("A calendar file must be read as bytes."))
    if len(data) > max_bytes:
        raise InvalidInput(_("The calendar file is too large ({size} MB; at most {limit} MB)."
                             ).format(size=len(data) // 1_000_000 or 1,
                                      limit=max(max_bytes // 1_000_000, 1)))
    result = ReadResult()
    try:
        return _read(bytes(data), start, end, result)
    except InvalidInput:
        raise
    except RecursionError:
        raise InvalidInput(_("This calendar file is nested too deeply to be read.")) from None
    except Exception as exc:  # the last guard: a library error on bytes nobody foresaw
        raise InvalidInput(_("This calendar file cannot be read ({why}).").format(
            why=_one_line(exc)[:200] or type(exc).__name__)) from None


def _read(data: bytes, start: date | None, end: date | None, result: ReadResult) -> ReadResult:
    text = _decode(data, result).replace("\x00", "")
    offset, v1 = None, False
    if re.search(r"^VERSION:\s*1\.0\s*$", text, re.MULTILINE | re.IGNORECASE):
        v1 = True
        offset = _v1_offset(text)
        text = _v1_to_v2(text)
    text = _tame_zones(text, result)
    first, last = _window(start, end)
    budget = [float(WORK_BUDGET)]
    number = 0
    for index, calendar in enumerate(_parse(text), 1):
        for event in calendar.walk("VEVENT"):
            number += 1
            event[_SOURCE] = str(number)
            if not _prepare(event, number, result, offset, v1):
                event[_SKIP] = "1"
            elif "UID" not in event:
                event["UID"] = f"ringbinder-{index}-{number}"
                event[_NO_UID] = "1"
        calendar = _standard(calendar, result)
        events = [(int(str(e[_SOURCE])), _one_line(e["UID"]), e)
                  for e in calendar.walk("VEVENT") if _SKIP not in e]
        floating = sum(1 for _n, _u, e in events if _floating(e))
        if floating:
            result.warnings.append(n_(
                "{count} event gives a time without a time zone; it is read as UTC.",
                "{count} events give times without a time zone; they are read as UTC.",
                floating))
        _expand(calendar, events, first, last, result, budget)
    offsets: dict = {}
    result.events.sort(key=lambda record: OrderKey(record, offsets))
    return result
