"""The ICS / vCalendar 1.0 reader on real files from other projects (../shared/fixtures/ics)
and on files made here (tests/interchange/data): what each must yield, and that no bytes
make it raise anything but a one-line InvalidInput."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InvalidInput
from app.interchange import ics_occurrences, vcal10
from app.interchange.ics import read_ics
from app.interchange.records import EventRecord, Labelled, ReadResult

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "ics"
DATA = Path(__file__).resolve().parent / "data"
WIDE = {"start": date(2000, 1, 1), "end": date(2030, 12, 31)}

needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(),
    reason=f"third-party fixtures not found at {FIXTURES} (shared/ must sit beside the clone)")


def _read(path: Path, **window: date) -> ReadResult:
    return read_ics(path.read_bytes(), **(window or WIDE))


def _offset(record: EventRecord) -> timedelta | None:
    assert isinstance(record.start, datetime)
    return record.start.utcoffset()


def _shape(result: ReadResult) -> list[tuple[str, str, bool]]:
    return [(e.summary, e.start.isoformat(), e.all_day) for e in result.events]


# --- every third-party fixture ------------------------------------------------------------

@needs_fixtures
def test_every_fixture_has_a_test():
    assert {p.name for p in FIXTURES.iterdir()} == {
        "google-allday-birthdays.ics", "outlook-tzid-with-commas.ics",
        "outlook-nonascii-tzid.ics"}


@needs_fixtures
def test_google_allday_birthdays():
    result = _read(FIXTURES / "google-allday-birthdays.ics")
    assert result.warnings == []
    birthday = "PErson #2's birthday"
    # the master (COUNT=1 plus two RDATEs written "20131210Z", repaired as dates) and the
    # three overrides of the other UID
    assert _shape(result) == [
        (birthday, "2012-12-10", True), (birthday, "2012-12-10", True),
        (birthday, "2013-12-10", True), (birthday, "2013-12-10", True),
        (birthday, "2014-12-10", True), (birthday, "2014-12-10", True)]
    master = [e for e in result.events if e.uid.startswith("2014_")]
    assert [e.recurrence for e in master] == ["FREQ=DAILY;INTERVAL=1;COUNT=1"] * 3  # as written
    for event in result.events:
        assert event.end == event.start + timedelta(days=1)
        assert event.status == "CONFIRMED"
        assert event.timezone == ""
        # the CN parameter split across a fold is read whole
        assert event.attendees == (Labelled(
            "4dhmurjkc5hn8sq0ctp6utbg5pr2sor1dhimsp31e8n6errfctm6abj3dtmg@virtual",
            "Contacts"),)


@needs_fixtures
def test_google_birthdays_outside_the_window_are_not_expanded():
    assert read_ics((FIXTURES / "google-allday-birthdays.ics").read_bytes(),
                    start=date(2020, 1, 1), end=date(2021, 1, 1)).events == []


@needs_fixtures
def test_outlook_tzid_with_commas():
    result = _read(FIXTURES / "outlook-tzid-with-commas.ics")
    assert result.warnings == []
    [event] = result.events
    assert (event.uid, event.summary, event.all_day, event.end) == \
        ("CommaTest", "", False, None)
    assert event.timezone == "Canberra, Melbourne, Sydney"
    assert event.start.isoformat() == "2008-05-30T15:00:00+10:00"  # standard time in May


@needs_fixtures
def test_outlook_nonascii_tzid():
    result = _read(FIXTURES / "outlook-nonascii-tzid.ics")
    assert result.warnings == []
    [event] = result.events
    assert event.uid == ""  # none in the file
    assert event.timezone == "(UTC-03:00) Brasília"
    assert event.start.isoformat() == "2017-05-11T13:30:00-03:00"
    assert event.end is not None and event.end.isoformat() == "2017-05-11T14:00:00-03:00"


# --- files made here ----------------------------------------------------------------------

def test_weekly_meeting_with_override_and_cancelled_instances():
    result = _read(DATA / "weekly-override-cancelled.ics")
    assert result.warnings == []
    call, moved = "Weekly call with Ana Ruiz", "Weekly call with Ana Ruiz (moved)"
    # six Mondays; 16 March is an EXDATE (left out), 9 March moved to Tuesday 10 March,
    # 23 March cancelled by its override (kept, marked CANCELLED); summer time from 29 March
    assert [(e.summary, e.start.isoformat(), e.status) for e in result.events] == [
        (call, "2026-03-02T09:00:00+01:00", "CONFIRMED"),
        (moved, "2026-03-10T15:00:00+01:00", "CONFIRMED"),
        (call, "2026-03-23T09:00:00+01:00", "CANCELLED"),
        (call, "2026-03-30T09:00:00+02:00", "CONFIRMED"),
        (call, "2026-04-06T09:00:00+02:00", "CONFIRMED")]
    for event in result.events:
        assert event.uid == "weekly-1@ringbinder.invalid"
        assert event.timezone == "Europe/Madrid"
        assert event.recurrence == "FREQ=WEEKLY;BYDAY=MO;COUNT=6"  # as written
        assert not event.all_day
    assert result.events[0].attendees == (Labelled("ana.ruiz@example.com", "Ana Ruiz"),
                                          Labelled("boss@example.com", ""))
    assert result.events[0].end.isoformat() == "2026-03-02T09:30:00+01:00"


def test_recurrences_only_in_the_window():
    result = _read(DATA / "weekly-override-cancelled.ics",
                   start=date(2026, 3, 25), end=date(2026, 4, 1))
    assert [e.start.isoformat() for e in result.events] == ["2026-03-30T09:00:00+02:00"]


def test_two_calendars_in_one_file():
    result = _read(DATA / "two-calendars.ics")
    assert result.warnings == []
    assert _shape(result) == [("Visit Müller GmbH", "2026-04-15T08:00:00+00:00", False),
                              ("Trade fair", "2026-05-01", True)]
    assert [e.source for e in result.events] == [1, 2]
    assert result.events[1].end == date(2026, 5, 2)


def test_vcalendar_10():
    result = _read(DATA / "vcalendar10.vcs")
    standup = "Standup"
    assert _shape(result) == [("Café with Jörg", "2026-04-20T10:00:00+01:00", False),
                              (standup, "2026-04-21T08:00:00+00:00", False),
                              (standup, "2026-04-23T08:00:00+00:00", False),
                              ("Odd rule", "2026-04-27T12:00:00+00:00", False),
                              (standup, "2026-04-28T08:00:00+00:00", False),
                              (standup, "2026-04-30T08:00:00+00:00", False),
                              ("Holiday", "2026-05-01", True)]
    cafe, first_standup, *_rest, holiday = result.events
    assert holiday.end == date(2026, 5, 3)  # 00:00 on the 1st to 23:59 on the 2nd: two days
    assert cafe.status == "TENTATIVE"  # 1.0's NEEDS ACTION
    assert cafe.attendees == (Labelled("jorg@example.com", "Jörg Berg"),)
    assert cafe.end.isoformat() == "2026-04-20T11:00:00+01:00"
    assert first_standup.recurrence == "W1 TU TH #4"  # as written, expanded as its 2.0 rule
    assert result.events[3].recurrence == "Q1 MO #3"
    assert result.warnings == ["event 3 (Odd rule): its repeat rule is not understood; only "
                               "the first occurrence is read."]


@pytest.mark.parametrize(("rule", "expected"), [
    ("W1 TU TH #4", "FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,TH;COUNT=4"),
    ("D2 #0", "FREQ=DAILY;INTERVAL=2"),
    ("MP1 1+ FR 20261231T000000Z", "FREQ=MONTHLY;INTERVAL=1;BYDAY=1FR;UNTIL=20261231T000000Z"),
    ("MD1 1 LD #6", "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=1,-1;COUNT=6"),
    ("YM1 6 #3", "FREQ=YEARLY;INTERVAL=1;BYMONTH=6;COUNT=3"),
    ("W1 MO", "FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=2"),  # 1.0's default is two
    ("Q1 MO #3", None), ("W1 XX", None), ("", None)])
def test_vcalendar_10_rules(rule, expected):
    assert vcal10._v1_rule(rule) == expected


def test_invalid_utf8_in_a_summary_is_recovered_with_a_warning():
    result = _read(DATA / "invalid-utf8-summary.ics")
    assert [e.summary for e in result.events] == ["Call Jos\ufffd (à Paris)"]
    assert len(result.warnings) == 1 and "UTF-8" in result.warnings[0]


def test_windows_zone_name_without_vtimezone():
    result = _read(DATA / "windows-zone-no-vtimezone.ics")
    review, lost = result.events
    assert (review.summary, review.timezone) == ("Quarterly review", "W. Europe Standard Time")
    assert review.start.isoformat() == "2026-06-01T14:00:00+02:00"  # Europe/Berlin, summer
    # an unknown zone: read as UTC, and the warning names the event
    assert (lost.summary, lost.start.isoformat()) == ("Lost city", "2026-06-02T14:00:00+00:00")
    assert result.warnings == ["event 2 (Lost city): time zone Atlantis/Poseidonia is "
                               "unknown; its times are read as UTC."]


# --- hostile input ------------------------------------------------------------------------

def _calendar(*lines: str) -> bytes:
    body = "\r\n".join(("BEGIN:VCALENDAR", "VERSION:2.0", *lines, "END:VCALENDAR", ""))
    return body.encode("utf-8")


def test_too_large_is_refused():
    with pytest.raises(InvalidInput, match="too large"):
        read_ics(b"BEGIN:VCALENDAR\r\n" + b" " * 2000, max_bytes=1000)


@pytest.mark.parametrize("data", [b"", b"hello", b"\x00\xff" * 50, b"BEGIN:VCARD\r\nEND:VCARD"])
def test_not_a_calendar_is_one_line_invalid_input(data):
    with pytest.raises(InvalidInput) as caught:
        read_ics(data)
    assert "\n" not in str(caught.value)


def test_occurrences_are_bounded_with_a_warning(monkeypatch):
    monkeypatch.setattr(ics_occurrences, "MAX_OCCURRENCES", 50)
    data = _calendar("BEGIN:VEVENT", "UID:x", "DTSTART:20260101T000000Z",
                     "RRULE:FREQ=HOURLY", "SUMMARY:Spam", "END:VEVENT")
    result = read_ics(data, start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert len(result.events) == 50
    assert result.warnings == ["event 1 (Spam): more than 50 occurrences; the rest are "
                               "left out."]


def test_a_rule_too_costly_to_expand_gives_its_first_date_only():
    # dateutil walks from DTSTART: minutely since 1900 would be 66 million steps
    data = _calendar("BEGIN:VEVENT", "UID:x", "DTSTART:19000101T000000Z",
                     "RRULE:FREQ=MINUTELY", "SUMMARY:Spam", "END:VEVENT")
    result = read_ics(data, start=date(2026, 1, 1), end=date(2026, 12, 31))  # at once:
    # tests/bench/interchange_read.py measures it
    assert [e.start.isoformat() for e in result.events] == ["1900-01-01T00:00:00+00:00"]
    assert result.warnings == ["event 1 (Spam): repeats too often to be worked out; only its "
                               "first date is read."]


def test_a_time_zone_rule_that_would_take_forever_is_left_out():
    zone = ["BEGIN:VTIMEZONE", "TZID:Bomb", "BEGIN:STANDARD", "DTSTART:16010101T000000",
            "RRULE:FREQ=SECONDLY", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "END:STANDARD",
            "BEGIN:DAYLIGHT", "DTSTART:16010101T000000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY",
            " =-1SU", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "END:DAYLIGHT",
            "END:VTIMEZONE"]
    data = _calendar(*zone, "BEGIN:VEVENT", "UID:x", "DTSTART;TZID=Bomb:20260101T100000",
                     "SUMMARY:a", "END:VEVENT", "BEGIN:VEVENT", "UID:y",
                     "DTSTART:20260101T090000Z", "SUMMARY:b", "END:VEVENT")
    result = read_ics(data)  # at once: tests/bench/interchange_read.py measures it
    assert [e.summary for e in result.events] == ["a", "b"]
    assert result.events[0].start.isoformat().startswith("2026-01-01T10:00:00")
    assert result.warnings == ["1 time zone rule not understood and left out; times in its "
                               "zone may be off."]


def test_default_window_is_bounded():
    data = _calendar("BEGIN:VEVENT", "UID:x", "DTSTART;VALUE=DATE:19000101",
                     "RRULE:FREQ=YEARLY", "SUMMARY:Forever", "END:VEVENT")
    years = [e.start.year for e in read_ics(data).events]
    this_year = date.today().year
    assert this_year - 1 <= min(years) and max(years) <= this_year + 2


def test_dates_out_of_range_are_skipped_with_a_warning():
    data = _calendar("BEGIN:VEVENT", "UID:x", "DTSTART:18000101T000000Z", "SUMMARY:Old",
                     "END:VEVENT", "BEGIN:VEVENT", "UID:y", "DTSTART:20260101T000000Z",
                     "SUMMARY:Fine", "END:VEVENT")
    result = read_ics(data)
    assert [e.summary for e in result.events] == ["Fine"]
    assert result.warnings == ["event 1 (Old): its date 1800-01-01 is out of range, skipped."]


def test_controls_and_nul_leave_the_summary():
    data = _calendar("BEGIN:VEVENT", "UID:x", "DTSTART:20260101T000000Z",
                     "SUMMARY:Bad\x00\x1b[31m name\u202e", "END:VEVENT")
    [event] = read_ics(data).events
    assert event.summary == "Bad [31m name"


def test_event_without_start_is_skipped_with_a_warning():
    data = _calendar("BEGIN:VEVENT", "UID:x", "SUMMARY:No date", "END:VEVENT")
    result = read_ics(data)
    assert result.events == []
    assert result.warnings == ["event 1 (No date): no start date, skipped."]


_TOKENS = st.sampled_from([
    "BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "VERSION:1.0",
    "VERSION:2.0", "DTSTART:20260101T000000Z", "DTSTART;VALUE=DATE:2026", "DTSTART:9",
    "DTSTART;TZID=X:20260101T000000", "RRULE:FREQ=DAILY", "RRULE:FREQ=", "EXDATE:x",
    "RDATE:20260102Z", "RECURRENCE-ID:20260102T000000Z", "UID:a", "STATUS:CANCELLED",
    "SUMMARY;ENCODING=QUOTED-PRINTABLE:=C3=", "ATTENDEE;CN=\"a:mailto:b", "BEGIN:VTIMEZONE",
    "TZID:X", "BEGIN:STANDARD", "TZOFFSETTO:+99", "END:STANDARD", "END:VTIMEZONE",
    "DTEND:20250101", "DURATION:PXYZ", "TZ:+25:00", " folded", "=", "", "RRULE:W1 MO #0",
    "RRULE:MP1 5- SU 20260301T000000Z", "RRULE:MD0 LD", "X-WR-TIMEZONE:Nowhere",
    "RRULE:FREQ=DAILY;UNTIL=20260105", "RECURRENCE-ID;VALUE=DATE:20260102"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400),
                 st.lists(_TOKENS, max_size=25).map(lambda t: "\r\n".join(t).encode())))
def test_any_bytes_give_a_result_or_invalid_input(data):
    try:
        result = read_ics(data, start=date(2026, 1, 1), end=date(2026, 2, 1))
    except InvalidInput as refused:
        assert "\n" not in str(refused)
        return
    assert isinstance(result, ReadResult)
    for event in result.events:
        assert "\x00" not in event.summary
        assert not any("\ud800" <= c <= "\udfff" for c in event.summary)


@pytest.mark.parametrize(("summary", "encoding"), [
    ("Réunion chez Hélène à Besançon, Noël", "cp1252"), ("Встреча с Ольгой", "cp1251"),
    ("Встреча с Ольгой", "koi8_r")])
def test_legacy_encoding_is_detected_with_a_warning(summary, encoding):
    data = _calendar("BEGIN:VEVENT", "UID:x", "DTSTART:20260101T090000Z",
                     f"SUMMARY:{summary}", "END:VEVENT")
    result = read_ics(data.decode("utf-8").encode(encoding))
    assert [e.summary for e in result.events] == [summary]
    assert result.encoding == encoding
    assert result.warnings == [f"The file is not UTF-8: read as {result.encoding}."]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom(encoding):
    data = _calendar("BEGIN:VEVENT", "UID:x", "DTSTART:20260101T090000Z",
                     "SUMMARY:Встреча с Ольгой", "END:VEVENT").decode("utf-8")
    result = read_ics(data.encode(encoding))
    assert [e.summary for e in result.events] == ["Встреча с Ольгой"]
    assert result.warnings == []


def test_several_attendees_and_an_event_without_uid():
    data = _calendar("BEGIN:VEVENT", "DTSTART:20260101T090000Z", "SUMMARY:Lunch",
                     'ATTENDEE;CN="Ruiz, Ana":mailto:ana@example.com',
                     "ATTENDEE:mailto:bob@example.com", "END:VEVENT")
    [event] = read_ics(data).events
    assert event.uid == ""
    assert event.attendees == (Labelled("ana@example.com", "Ruiz, Ana"),
                               Labelled("bob@example.com", ""))


def test_google_calendar_time_zone_and_floating_times():
    event = ["BEGIN:VEVENT", "UID:x", "DTSTART:20260701T090000", "DURATION:PT90M",
             "SUMMARY:Floating", "END:VEVENT"]
    berlin = read_ics(_calendar("X-WR-TIMEZONE:Europe/Berlin", *event))
    assert berlin.warnings == []
    [record] = berlin.events
    assert record.start.isoformat() == "2026-07-01T09:00:00+02:00"
    assert record.end.isoformat() == "2026-07-01T10:30:00+02:00"
    floating = read_ics(_calendar(*event))
    assert floating.events[0].start.isoformat() == "2026-07-01T09:00:00+00:00"
    assert floating.warnings == ["1 event gives a time without a time zone; it is read as "
                                 "UTC."]
    unknown = read_ics(_calendar("X-WR-TIMEZONE:Mars/Olympus", *event))
    assert unknown.events[0].start.isoformat() == "2026-07-01T09:00:00+00:00"
    assert unknown.warnings[0] == ("The calendar's time zone Mars/Olympus is unknown; its "
                                   "times without a time zone are read as UTC.")


def test_vcalendar_10_quoted_printable_text_and_attendee():
    data = (b"BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\nDTSTART:20260420T100000Z\r\n"
            b"SUMMARY;ENCODING=QUOTED-PRINTABLE:a=2C b=3B c\r\n"
            b'ATTENDEE;ENCODING=QUOTED-PRINTABLE:M=C3=BCller "Hansi", Hans <hans@example.com>'
            b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    [event] = read_ics(data).events
    assert event.summary == "a, b; c"
    assert event.attendees == (Labelled("hans@example.com", "Müller 'Hansi', Hans"),)
