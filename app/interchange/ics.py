"""ICS (iCalendar 2.0) and vCalendar 1.0 reader: every event of every VCALENDAR in a file,
recurrences expanded in a bounded window, as plain EventRecords.

A calendar file comes from outside and may be hostile or broken: its size is bounded, its
bytes are decoded whatever they are (with a warning), every parser error becomes one
InvalidInput line, and what can be read of a damaged file is read, with warnings saying what
was left out and why.
"""

from __future__ import annotations

import codecs
import quopri
import re
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from typing import Any

import icalendar
import recurring_ical_events
import x_wr_timezone
from charset_normalizer import from_bytes
from icalendar.prop.broken import vBroken

from app.binder.limits import DATE_MAX, DATE_MIN
from app.errors import InvalidInput
from app.i18n import _, n_
from app.interchange.records import EventRecord, Labelled, ReadResult

DEFAULT_MAX_BYTES = 16 * 1024 * 1024  # a year of a busy diary is well under 1 MB
MAX_OCCURRENCES = 10_000  # of one recurring event, in the window
MAX_EVENTS = 100_000  # in the whole result
WORK_BUDGET = 500_000  # rule steps (about 7 µs each) the expansions of one file may take
_SOURCE = "X-RINGBINDER-SOURCE"  # the event's number in the file, carried through expansion
_RAW_RULE = "X-RINGBINDER-RRULE"  # an RRULE's text as written (icalendar rewrites it)
_SKIP = "X-RINGBINDER-SKIP"  # an event that cannot be read (the warning says why)
_NO_UID = "X-RINGBINDER-NOUID"  # an event given a UID here, so that expansion keeps it apart

# free text loses controls (NUL, ESC, C1) and bidirectional overrides; lone surrogates cannot
# be stored at all
_NOT_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _one_line(value: Any) -> str:
    """A summary, uid or name from the file as one printable line (the first, when the
    file gives several)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    text = _SURROGATE.sub("\ufffd", str(value))
    return " ".join(_NOT_IN_A_LINE.sub(" ", text).split())


# --- bytes to text ------------------------------------------------------------------------

# the 8-bit and East Asian encodings calendars are really found in: without this short list,
# charset-normalizer takes a few Cyrillic words for mac_latin2
_LEGACY = ["cp1252", "cp1250", "cp1251", "koi8_r", "koi8_u", "iso8859_2", "iso8859_15",
           "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "shift_jis", "euc_jp", "gb18030",
           "big5", "euc_kr", "mac_roman"]


def _decode(data: bytes, result: ReadResult) -> str:
    """The file's text: UTF-8 (the standard's), UTF-16 when it says so, else the legacy
    encoding charset-normalizer finds; bytes that fit none become U+FFFD, with a warning."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            result.encoding = name
            return data[len(bom):].decode(name, errors="replace")
    head = data[:64]
    if head[1::2].count(0) > len(head) // 4 and head[0::2].count(0) == 0:
        result.encoding = "utf-16-le"
        return data.decode("utf-16-le", errors="replace")
    if head[0::2].count(0) > len(head) // 4 and head[1::2].count(0) == 0:
        result.encoding = "utf-16-be"
        return data.decode("utf-16-be", errors="replace")
    try:
        result.encoding = "utf-8"
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    if any(ord(c) > 0x7F and c != "\ufffd" for c in text):
        # mostly UTF-8 with a few broken bytes: a legacy guess would garble the rest
        result.warnings.append(_("The file is not valid UTF-8: unreadable characters are "
                                 "shown as \N{REPLACEMENT CHARACTER}."))
        return text
    best = from_bytes(data[:1024 * 1024], cp_isolation=_LEGACY).best()
    name = best.encoding if best is not None else "cp1252"
    try:
        text = data.decode(name, errors="replace")
    except LookupError:
        name, text = "cp1252", data.decode("cp1252", errors="replace")
    result.encoding = name
    result.warnings.append(_("The file is not UTF-8: read as {encoding}.").format(
        encoding=name))
    return text


# --- vCalendar 1.0 ------------------------------------------------------------------------

_V1_STATUS = {"NEEDS ACTION": "TENTATIVE", "SENT": "TENTATIVE", "TENTATIVE": "TENTATIVE",
              "ACCEPTED": "CONFIRMED", "CONFIRMED": "CONFIRMED", "DECLINED": "CANCELLED",
              "DELEGATED": "CONFIRMED"}
_V1_DROP = ("DALARM", "AALARM", "PALARM", "MALARM")


def _unfold_v1(text: str) -> list[str]:
    """Logical lines of a vCalendar 1.0 file: folded lines joined, and quoted-printable
    values joined across their soft line breaks (a line ending in "=")."""
    lines: list[str] = []
    for raw in re.split(r"\r\n|\r|\n", text):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif lines and lines[-1].endswith("=") and "QUOTED-PRINTABLE" in \
                lines[-1].split(":", 1)[0].upper():
            lines[-1] = lines[-1][:-1] + "=\n" + raw  # kept as a soft break for quopri
        else:
            lines.append(raw)
    return lines


def _v1_to_v2(text: str) -> str:
    """A vCalendar 1.0 file rewritten as iCalendar 2.0 where they differ: quoted-printable
    and CHARSET values decoded, alarms dropped, 1.0 STATUS values mapped, attendees given a
    mailto:, and the calendar's TZ offset given to floating times."""
    out: list[str] = []
    for line in _unfold_v1(text):
        if ":" not in line:
            out.append(line)
            continue
        head, value = line.split(":", 1)
        parts = head.split(";")
        name = parts[0].upper()
        params = [p for p in parts[1:] if p]
        upper = [p.upper() for p in params]
        if name in _V1_DROP:
            continue
        if "QUOTED-PRINTABLE" in upper or "ENCODING=QUOTED-PRINTABLE" in upper:
            charset = "utf-8"
            for p in upper:
                if p.startswith("CHARSET="):
                    charset = p[8:]
            raw = quopri.decodestring(value.encode("utf-8", errors="replace"))
            try:
                value = raw.decode(charset, errors="replace")
            except LookupError:
                value = raw.decode("utf-8", errors="replace")
            if name not in ("ATTENDEE", "ORGANIZER"):  # text: escaped as 2.0 text is
                value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                value = value.replace("\r\n", "\\n").replace("\n", "\\n")
            else:
                value = " ".join(value.split())
        params = [p for p, u in zip(params, upper, strict=True)
                  if u not in ("QUOTED-PRINTABLE", "ENCODING=QUOTED-PRINTABLE")
                  and not u.startswith(("CHARSET=", "ENCODING="))]
        if name == "STATUS":
            value = _V1_STATUS.get(value.strip().upper(), value.strip().upper())
        if name == "ATTENDEE" and not value.lower().startswith("mailto:"):
            match = re.search(r"<([^>]*)>", value)
            if match:
                cn = value[:match.start()].strip().strip('"').replace('"', "'")
                if cn:
                    params.append(f'CN="{cn}"')
                value = match.group(1)
            value = "mailto:" + value.strip()
        if name == "RRULE" and "FREQ=" not in value.upper():
            out.append("X-VCAL-RRULE:" + value)  # the 1.0 rule as written ("W1 MO #4")
            translated = _v1_rule(value)
            if translated is None:
                continue
            value = translated
        out.append(";".join([name, *params]) + ":" + value)
    return "\r\n".join(out).replace("VERSION:1.0", "VERSION:2.0", 1)


_V1_FREQ = {"D": "DAILY", "W": "WEEKLY", "MP": "MONTHLY", "MD": "MONTHLY", "YM": "YEARLY",
            "YD": "YEARLY"}
_V1_BY = {"W": "BYDAY", "MD": "BYMONTHDAY", "YM": "BYMONTH", "YD": "BYYEARDAY"}
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


def _v1_rule(text: str) -> str | None:
    """A vCalendar 1.0 rule ("W1 MO TH #4", "MP1 1+ FR 20261231T000000Z", "D2 #0") as an
    iCalendar RRULE, or None for one this does not understand."""
    tokens = [t.rstrip("$") for t in text.upper().split()]
    match = re.fullmatch(r"(D|W|MP|MD|YM|YD)(\d{1,4})", tokens[0]) if tokens else None
    if not match:
        return None
    kind, interval = match.group(1), int(match.group(2)) or 1
    parts = [f"FREQ={_V1_FREQ[kind]}", f"INTERVAL={interval}"]
    end = "#2"  # the 1.0 default: two occurrences
    if re.fullmatch(r"#\d+|\d{8}(T\d{6}Z?)?", tokens[-1]):
        end, tokens = tokens[-1], tokens[:-1]
    values, positions = [], []
    for token in tokens[1:]:
        if kind == "MP" and re.fullmatch(r"[1-5][+-]", token):
            positions.append(("-" if token[1] == "-" else "") + token[0])
        elif kind in ("W", "MP") and token in _WEEKDAYS:
            values.append(token)
        elif kind in ("MD", "YM", "YD") and re.fullmatch(r"\d{1,3}", token):
            values.append(str(int(token)))
        elif kind == "MD" and re.fullmatch(r"LD|[1-5]-", token):
            values.append("-1" if token == "LD" else "-" + token[0])
        else:
            return None
    if kind == "MP":
        if not values:
            return None
        parts.append("BYDAY=" + ",".join(p + d for p in positions or [""] for d in values))
    elif values:
        parts.append(f"{_V1_BY[kind]}=" + ",".join(values))
    if end.startswith("#"):
        if int(end[1:]):
            parts.append(f"COUNT={int(end[1:])}")
    else:
        parts.append(f"UNTIL={end}")
    return ";".join(parts)


_V1_TZ = re.compile(r"^TZ:\s*([+-])(\d{1,2}):?(\d{2})?\s*$", re.MULTILINE | re.IGNORECASE)


def _v1_offset(text: str) -> timedelta | None:
    """The calendar-wide UTC offset a vCalendar 1.0 file gives in its TZ property."""
    match = _V1_TZ.search(text)
    if not match:
        return None
    offset = timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
    if offset > timedelta(hours=14):  # no place on Earth; ignored
        return None
    return -offset if match.group(1) == "-" else offset


# --- parsing ------------------------------------------------------------------------------

def _parse(text: str) -> list[icalendar.Component]:
    """Every VCALENDAR in the text; any parser failure is one InvalidInput line."""
    try:
        found = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError… on garbage
        raise InvalidInput(_("This is not a calendar file that can be read ({why}).").format(
            why=_one_line(exc)[:200] or type(exc).__name__)) from None
    calendars = [c for c in found if getattr(c, "name", "") == "VCALENDAR"]
    if not calendars:
        raise InvalidInput(_("This file holds no calendar (no BEGIN:VCALENDAR)."))
    return calendars


def _label(event: icalendar.Component, number: int) -> str:
    """How a warning names an event: its number and summary."""
    summary = _one_line(event.get("SUMMARY", ""))[:60]
    return _("event {number} ({summary})").format(number=number, summary=summary) if summary \
        else _("event {number}").format(number=number)


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


def _values(event: icalendar.Component, name: str) -> list[Any]:
    value = event.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _in_bounds(value: date) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return DATE_MIN <= day <= DATE_MAX


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
            repaired = _repair_date(str(value))
            if repaired is None:
                if name == "DTEND":
                    del event[name]
                    continue
                result.warnings.append(_("{event}: its start cannot be read, skipped.")
                                       .format(event=label))
                return False
            params = value.params
            del event[name]
            event.add(name, repaired)
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
    if isinstance(event.get("RRULE"), list):  # several RRULEs: the first one rules
        rules = event["RRULE"]
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


def _whole_day(event: icalendar.Component) -> bool:
    """A vCalendar 1.0 all-day event (1.0 has no dates without times: phones write 00:00 to
    23:59, or an X-FUNAMBOL-ALLDAY flag) turned into dates, as 2.0 writes it."""
    start, end = event["DTSTART"].dt, getattr(event.get("DTEND"), "dt", None)
    if not isinstance(start, datetime) or start.time() != datetime.min.time():
        return False
    flagged = str(event.get("X-FUNAMBOL-ALLDAY", "")).strip() in ("1", "TRUE", "true")
    last_minute = isinstance(end, datetime) and end.tzinfo == start.tzinfo and \
        end.date() >= start.date() and end.time().strftime("%H%M") == "2359"
    if not (flagged or last_minute):
        return False
    days = (end.date() - start.date()).days + 1 if last_minute else 1
    del event["DTSTART"]
    event.add("DTSTART", start.date())
    if "DTEND" in event:
        del event["DTEND"]
    event.add("DTEND", start.date() + timedelta(days=max(days, 1)))
    return True


def _shift_floating(event: icalendar.Component, offset: timedelta) -> None:
    """Give floating date-times the UTC offset a vCalendar 1.0 file declares."""
    from datetime import timezone
    zone = timezone(offset)
    for name in ("DTSTART", "DTEND"):
        value = event.get(name)
        if value is not None and isinstance(value.dt, datetime) and value.dt.tzinfo is None:
            del event[name]
            event.add(name, value.dt.replace(tzinfo=zone))


# --- records ------------------------------------------------------------------------------

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
    start = occurrence["DTSTART"].dt
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
    span = max((stop - _naive(event["DTSTART"].dt)).total_seconds(), 0)
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


_ZONE_RULE_KEYS = {"FREQ", "INTERVAL", "BYMONTH", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT",
                   "WKST"}


def _tame_zones(text: str, result: ReadResult) -> str:
    """VTIMEZONE rules as time zones really have them (yearly, one month, one day): a rule
    like FREQ=SECONDLY from 1601 would make every time lookup walk centuries second by
    second. Other rules are dropped (the zone keeps its first offset) with a warning."""
    lines = re.split(r"\r\n|\r|\n", re.sub(r"\r?\n[ \t]|\r[ \t]", "", text))
    inside, dropped = False, 0
    kept = []
    for line in lines:
        upper = line.upper()
        if upper.startswith("BEGIN:VTIMEZONE"):
            inside = True
        elif upper.startswith("END:VTIMEZONE"):
            inside = False
        elif inside and upper.startswith("RRULE"):
            parts = dict(p.split("=", 1) for p in upper.split(":", 1)[-1].split(";")
                         if "=" in p)
            if (parts.get("FREQ") != "YEARLY" or not set(parts) <= _ZONE_RULE_KEYS
                    or any("," in parts.get(k, "") for k in ("BYMONTH", "BYDAY",
                                                             "BYMONTHDAY"))):
                dropped += 1
                continue
        elif not inside and upper.split(":", 1)[0].split(";", 1)[0] == "RRULE":
            kept.append(line)
            line = _RAW_RULE + ":" + line.split(":", 1)[-1]  # the rule as written
        kept.append(line)
    if dropped:
        result.warnings.append(n_(
            "{count} time zone rule not understood and left out; times in its zone may be off.",
            "{count} time zone rules not understood and left out; times in their zones may be "
            "off.", dropped))
    return "\r\n".join(kept) + "\r\n"


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
            found = []
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


def _standard(calendar: icalendar.Component, result: ReadResult) -> icalendar.Component:
    """The calendar with Google's X-WR-TIMEZONE applied to its floating and UTC times, as
    Google Calendar shows them; an unknown zone leaves the times as they are."""
    if "X-WR-TIMEZONE" not in calendar:
        return calendar
    try:
        return x_wr_timezone.to_standard(calendar)
    except Exception:  # an unknown zone name, or a value the converter cannot handle
        result.warnings.append(_("The calendar's time zone {tzid} is unknown; its times "
                                 "without a time zone are read as UTC.").format(
            tzid=_one_line(calendar["X-WR-TIMEZONE"])[:60]))
        del calendar["X-WR-TIMEZONE"]
        return calendar


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
        floating = sum(1 for _n, _u, e in events if isinstance(e["DTSTART"].dt, datetime)
                       and e["DTSTART"].dt.tzinfo is None and "TZID" not in e["DTSTART"].params)
        if floating:
            result.warnings.append(n_(
                "{count} event gives a time without a time zone; it is read as UTC.",
                "{count} events give times without a time zone; they are read as UTC.",
                floating))
        _expand(calendar, events, first, last, result, budget)
    result.events.sort(key=_sort_key)
    return result
