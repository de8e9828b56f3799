"""The ICS reader's fast paths give what the slow ones gave: parse_calendars the components
of icalendar.Calendar.from_ical, OrderKey the order of the tuple (start, source)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from app.interchange.ics_order import OrderKey
from app.interchange.ics_parse import parse_calendars
from app.interchange.records import EventRecord

DATA = Path(__file__).parent / "data"
SHARED = Path("/work/shared/fixtures/ics")

ZONE = ("BEGIN:VTIMEZONE\r\nTZID:Central European Standard Time\r\nBEGIN:STANDARD\r\n"
        "DTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n"
        "DTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n")
TRICKY = [  # headers the fast path reads, and ones it leaves to icalendar
    'ATTENDEE;CN="Müller: Anna; GmbH";ROLE=REQ-PARTICIPANT:mailto:a@example.invalid',
    'ATTENDEE;CN="x\\"y":mailto:b@example.invalid',
    "ATTENDEE;CN=\\:mailto:,",
    'DESCRIPTION;ALTREP="cid:part1":Text\\, with\\nbreaks',
    "DTSTART;TZID=\"Central European Standard Time\":20261025T023000",
    "DTEND;VALUE=DATE:20261026",
    "X-ODD;A=1,2;B=^n^':value",
    "CATEGORIES:a\\,b,c",
    "SUMMARY;LANGUAGE=de:Grüße; mit: Doppelpunkt",
    ";BROKEN:line",
    "NOCOLON",
    'X-OPEN;P="unclosed:value',
]


def _dump(component: icalendar.Component) -> list:
    out: list = [component.name, sorted(getattr(component, "errors", []))]
    for key in component:
        values = component[key] if isinstance(component[key], list) else [component[key]]
        out.append((key, [(type(v).__name__, repr(getattr(v, "dt", v)), str(v),
                           sorted((k, repr(p)) for k, p in getattr(v, "params", {}).items()))
                          for v in values]))
    out.append([_dump(sub) for sub in component.subcomponents])
    return out


def _both(text: str) -> tuple[object, object]:
    def run(parse) -> object:
        try:
            return [_dump(c) for c in parse(text)]
        except Exception as exc:  # both must fail alike
            return f"{type(exc).__name__}: {exc}"
    return run(lambda t: icalendar.Calendar.from_ical(t, multiple=True)), run(parse_calendars)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.ics")) + sorted(DATA.glob("*.vcs"))
                         + sorted(SHARED.glob("*.ics")), ids=lambda p: p.name)
def test_parse_calendars_reads_files_as_icalendar_does(path):
    slow, fast = _both(path.read_bytes().decode("utf-8", "replace"))
    assert fast == slow


def test_parse_calendars_reads_odd_lines_as_icalendar_does():
    for line in TRICKY:
        text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + ZONE + "BEGIN:VEVENT\r\nUID:1\r\n"
                "DTSTART:20260101T100000Z\r\n" + line + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        slow, fast = _both(text)
        assert fast == slow, line


def test_order_key_orders_as_the_tuple_does_across_zones_and_folds():
    zone = icalendar.Calendar.from_ical(
        "BEGIN:VCALENDAR\r\n" + ZONE + "BEGIN:VEVENT\r\nDTSTART;TZID=Central European "
        "Standard Time:20261025T023000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).walk("VEVENT")[0]["DTSTART"].dt.tzinfo
    zones = [UTC, ZoneInfo("UTC"), ZoneInfo("Europe/Warsaw"), ZoneInfo("America/New_York"),
             timezone(timedelta(hours=1)), zone]
    rng = random.Random(5)

    def start() -> date | datetime:
        if rng.random() < 0.1:
            return date(2026, rng.choice([3, 10]), rng.choice([25, 28, 29]))
        wall = datetime(2026, rng.choice([3, 10]), rng.choice([25, 28, 29]),
                        rng.choice([0, 1, 2, 3, 23]), rng.choice([0, 30]))
        return wall.replace(tzinfo=rng.choice(zones), fold=rng.choice([0, 1]))

    def by_tuple(record: EventRecord) -> tuple[datetime, int]:
        value = record.start
        if not isinstance(value, datetime):
            value = datetime(value.year, value.month, value.day, tzinfo=UTC)
        return value, record.source

    for _trial in range(200):
        records = [EventRecord(source=rng.randint(1, 9), uid="", summary="", start=start())
                   for _i in range(rng.randint(2, 30))]
        offsets: dict = {}
        expected = [id(r) for r in sorted(records, key=by_tuple)]
        assert [id(r) for r in sorted(records, key=lambda r: OrderKey(r, offsets))] == expected
