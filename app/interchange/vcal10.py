"""vCalendar 1.0 (the phones' and Palm's calendar format) read as iCalendar 2.0: the file
rewritten where the two differ, its repeat rules translated, its TZ offset and its all-day
events made what 2.0 would write."""

from __future__ import annotations

import quopri
import re
from datetime import datetime, timedelta

import icalendar

from app.interchange.ics_text import date_value

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


def _whole_day(event: icalendar.Component) -> bool:
    """A vCalendar 1.0 all-day event (1.0 has no dates without times: phones write 00:00 to
    23:59, or an X-FUNAMBOL-ALLDAY flag) turned into dates, as 2.0 writes it."""
    start, end = date_value(event), getattr(event.get("DTEND"), "dt", None)
    if not isinstance(start, datetime) or start.time() != datetime.min.time():
        return False
    flagged = str(event.get("X-FUNAMBOL-ALLDAY", "")).strip() in ("1", "TRUE", "true")
    last_minute = isinstance(end, datetime) and end.tzinfo == start.tzinfo and \
        end.date() >= start.date() and end.time().strftime("%H%M") == "2359"
    if not (flagged or last_minute):
        return False
    days = (end.date() - start.date()).days + 1 if last_minute and end is not None else 1
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
