"""Records written by the writers and read back by the readers come back the same: chosen
records in Cyrillic, Polish and Spanish, every real fixture file (read, written, read again),
and any record hypothesis makes of valid text.

"The same record" is what the format can hold, as the readers clean it; `source` (the card's
or row's number) is never compared. Per format (the views below):
- vCard 4.0 and 3.0: every field. A card must have an FN, so a record without a display
  name comes back with the name it is filed under (ContactRecord.name). The reader cleans
  the address (lines trimmed, blank lines dropped) and notes (lines right-trimmed, the
  whole trimmed), so the expected record is cleaned the same way.
- CSV google: every field. A row without a name, phone or e-mail is not read (the reader
  skips it). Google's cell conventions limit tags and labels (tags may not hold "," ";" or
  ":::", a tag or label may not begin with "*", a value or label may not hold " ::: "):
  the generated text avoids them.
- CSV outlook: no display name (a record named by nothing else gets it as the given name),
  e-mails are the first three without labels, phones are compared as their numbers (their
  labels and places are Outlook's columns: tested in test_writers).
- ICS: uid, summary, start and end as instants (to the second: the format holds no
  fraction), all_day, status, attendees (their names on one line; icalendar reads a
  backslash in an address or a name as an escape, so a name's is written as "/" and none
  is generated), description.
  An event without a UID gets one; a timed event without an end in a series (a UID given
  twice) comes back ending at its start, which is what no end means (RFC 5545 3.6.1); the
  repeat rule is not written (each record is one occurrence); the TZID comes back as the
  zone's name, or "" for a time written in UTC.

Generated text is the text the readers keep as it is: no control characters, lone
surrogates, bidirectional overrides or line separators (app/safe_text.py cleans those), a
one-line field with single spaces between words and none at its ends (one_line collapses
them), free text of such lines.
"""

from __future__ import annotations

import dataclasses
import io
import os
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.interchange.csv_contacts import read_csv
from app.interchange.csv_write import write_csv
from app.interchange.ics import read_ics
from app.interchange.ics_write import write_ics
from app.interchange.records import ContactRecord, EventRecord, Labelled
from app.interchange.row_mapping import parse_date
from app.interchange.vcard import read_vcard
from app.interchange.vcard_write import write_vcard

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = max(int(os.environ.get("RINGBINDER_FUZZ_EXAMPLES", "200")) // 4, 25)

needs_fixtures = pytest.mark.skipif(
    not (FIXTURES / "vcard21").is_dir(),
    reason=f"third-party fixtures not found at {FIXTURES} (shared/ must sit beside the clone)")


# --- writing and reading back --------------------------------------------------------------

def via_vcard(records: list[ContactRecord], version: str) -> list[ContactRecord]:
    out = io.StringIO(newline="")
    assert write_vcard(records, out, version) == len(records)
    return read_vcard(out.getvalue().encode("utf-8")).contacts


def via_csv(records: list[ContactRecord], layout: str) -> list[ContactRecord]:
    out = io.StringIO(newline="")
    assert write_csv(records, out, layout) == len(records)
    result = read_csv(out.getvalue().encode("utf-8-sig"))  # as the caller opens the file
    assert not [w for w in result.warnings if "skipped" not in w]
    return result.contacts


def via_ics(events: list[EventRecord], **window: date) -> list[EventRecord]:
    out = io.StringIO(newline="")
    assert write_ics(events, out, calendar_name="Łódź") == len(events)
    result = read_ics(out.getvalue().encode("utf-8"), **window)
    assert result.warnings == []
    return result.events


# --- what each format holds ----------------------------------------------------------------

def _lines(text: str, keep_blank: bool) -> str:
    lines = [line.rstrip() if keep_blank else line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if keep_blank or line).strip()


def vcard_view(record: ContactRecord) -> ContactRecord:
    return dataclasses.replace(record, source=0, display_name=record.name,
                               address=_lines(record.address, False),
                               notes=_lines(record.notes, True))


def named(record: ContactRecord) -> bool:
    return bool(record.name or record.phones or record.emails)


def google_view(record: ContactRecord) -> ContactRecord:
    return dataclasses.replace(record, source=0)


def outlook_view(record: ContactRecord) -> ContactRecord:
    given = record.given
    if not any((record.given, record.family, record.additional, record.prefix,
                record.suffix)) and record.display_name.strip() != record.company.strip():
        given = record.display_name
    return dataclasses.replace(
        record, source=0, display_name="", given=given,
        phones=tuple(sorted(p.value for p in record.phones)),  # type: ignore[arg-type]
        emails=tuple(Labelled(e.value) for e in record.emails[:3]))


def outlook_read(record: ContactRecord) -> ContactRecord:
    return dataclasses.replace(record, source=0,
                               phones=tuple(sorted(p.value for p in record.phones)))  # type: ignore[arg-type]


def same_contacts(written: list[ContactRecord], read: list[ContactRecord], fmt: str) -> None:
    if fmt.startswith("vcard"):
        assert [vcard_view(r) for r in read] == [vcard_view(r) for r in written]
    elif fmt == "google":
        assert [google_view(r) for r in read] == [google_view(r) for r in written if named(r)]
    else:
        expected = [outlook_view(r) for r in written if named(outlook_view(r))]
        assert [outlook_read(r) for r in read] == expected


def round_trip(records: list[ContactRecord], fmt: str) -> list[ContactRecord]:
    if fmt.startswith("vcard"):
        return via_vcard(records, fmt.removeprefix("vcard"))
    return via_csv(records, fmt)


FORMATS = ("vcard4.0", "vcard3.0", "google", "outlook")


# --- chosen records ------------------------------------------------------------------------

PEOPLE = [
    ContactRecord(
        source=1, display_name="Łukasz Żółtowski-Kąkol", given="Łukasz", family="Żółtowski-Kąkol",
        prefix="dr inż.", company="Przedsiębiorstwo \"Wiśnia\"; sp. z o.o.",
        department="Dział Sprzedaży, Region Północ", position="Kierownik ds. kluczowych klientów",
        phones=(Labelled("+48 600 100 200", "mobile"), Labelled("+48 22 555 01 02", "work"),
                Labelled("+48 22 555 01 03", "work fax"),
                Labelled("+48 58 000 00 00", "Biuro w Gdańsku")),
        emails=(Labelled("lukasz@wisnia.example.pl", "work"),
                Labelled("l.k@poczta.example", "prywatny")),
        address="ul. Świętokrzyska 12, lok. 3\n00-916 Warszawa\nPolska",
        website="https://wisnia.example.pl/o-nas?a=1,2;b=\\x",
        birthday=date(1978, 2, 28),
        notes="Dzwonić po 10:00; nie w poniedziałki.\n\nŻona: Małgorzata, \"Gosia\"\\n.",
        tags=("Klienci", "Pomorze")),
    ContactRecord(
        source=2, display_name="Ольга Сергеевна Кузнецова", given="Ольга",
        family="Кузнецова", additional="Сергеевна", company="ООО «Ромашка»",
        department="Отдел закупок", position="Главный специалист",
        phones=(Labelled("+7 495 123-45-67", "work"), Labelled("+7 916 000-00-00", "mobile"),
                Labelled("+7 495 765-43-21", "home")),
        emails=(Labelled("olga@romashka.example.ru", ""),),
        address="ул. Тверская, д. 7, кв. 15\n125009 Москва\nРоссия", birthday=date(1985, 11, 3),
        notes="Предпочитает звонки до обеда.", tags=("Москва",)),
    ContactRecord(
        source=3, display_name="", given="María José", family="Núñez de Arce", suffix="hija",
        company="Bodegas Ejemplo S.L.", position="Directora comercial",
        phones=(Labelled("+34 600 11 22 33", "mobile"), Labelled("+34 91 555 01 02", "Oficina")),
        emails=(Labelled("mj.nunez@bodegas.example.es", "work"),),
        address="Calle Mayor 1, 3º izq.\n28013 Madrid\nEspaña", birthday=date(1990, 7, 4),
        notes="Prefiere WhatsApp; habla inglés y francés.", tags=("Clientes", "Vino")),
    ContactRecord(source=4, company="Ferretería Peña y Cía."),  # a company, no person
    ContactRecord(source=5, display_name="Nur ein Name"),
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_chosen_records_come_back(fmt):
    same_contacts(PEOPLE, round_trip(PEOPLE, fmt), fmt)


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcard_keeps_every_field_of_a_full_record(version):
    """The fields a vCard holds all come back as they were, labels included."""
    back = via_vcard(PEOPLE[:3], version)
    for written, read in zip(PEOPLE[:3], back, strict=True):
        assert dataclasses.replace(read, source=0, display_name=written.display_name) == \
            dataclasses.replace(written, source=0)


def test_google_keeps_every_field_of_a_full_record():
    assert [dataclasses.replace(r, source=0) for r in via_csv(PEOPLE, "google")] == \
        [dataclasses.replace(r, source=0) for r in PEOPLE]


def test_outlook_keeps_the_labels_it_has_columns_for():
    read = via_csv(PEOPLE[1:2], "outlook")[0]
    assert set(read.phones) == set(PEOPLE[1].phones)


def test_many_records_keep_their_order():
    records = [dataclasses.replace(PEOPLE[i % 3], source=i, given=f"{PEOPLE[i % 3].given} {i}")
               for i in range(300)]
    for fmt in FORMATS:
        same_contacts(records, round_trip(records, fmt), fmt)


# --- real files: read, written, read again -------------------------------------------------

def _contact_files() -> list[Path]:
    found = [p for folder in ("vcard21", "vcard30", "vcard40", "vcard-broken", "csv")
             for p in sorted((FIXTURES / folder).glob("*")) if (FIXTURES / folder).is_dir()]
    return found + sorted(DATA.glob("*.vcf")) + sorted(DATA.glob("*.csv"))


def _read_contacts(path: Path) -> list[ContactRecord]:
    data = path.read_bytes()
    return (read_csv(data) if path.suffix == ".csv" else read_vcard(data)).contacts


@needs_fixtures
@pytest.mark.parametrize("path", _contact_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("fmt", FORMATS)
def test_contact_files_survive_a_round_trip(path, fmt):
    first = _read_contacts(path)
    assert first
    same_contacts(first, round_trip(first, fmt), fmt)


def _calendar_files() -> list[Path]:
    found = sorted((FIXTURES / "ics").glob("*.ics")) if (FIXTURES / "ics").is_dir() else []
    return found + sorted(DATA.glob("*.ics")) + sorted(DATA.glob("*.vcs"))


def event_view(event: EventRecord, uid: bool = True) -> tuple:
    start, end = event.start, event.end
    if end is None and isinstance(start, datetime):
        end = start  # no end is an end at the start
    if isinstance(start, datetime):
        start, end = start.astimezone(UTC), end.astimezone(UTC)  # type: ignore[union-attr]
    attendees = tuple(Labelled(a.value, " ".join(a.label.split())) for a in event.attendees)
    return (event.uid if uid else "", event.summary, start, end, event.all_day, event.status,
            attendees, event.description)


@pytest.mark.parametrize("path", _calendar_files(), ids=lambda p: p.name)
def test_calendar_files_survive_a_round_trip(path):
    window = {"start": date(2000, 1, 1), "end": date(2030, 12, 31)}
    first = read_ics(path.read_bytes(), **window).events
    back = via_ics(first, **window)
    assert sorted((event_view(e, uid=False) for e in first), key=repr) == \
        sorted((event_view(e, uid=False) for e in back), key=repr)
    assert {e.uid for e in first if e.uid} <= {e.uid for e in back}
    assert all(e.uid for e in back)  # an event without one got one


# --- chosen events -------------------------------------------------------------------------

WARSAW = ZoneInfo("Europe/Warsaw")
EVENTS = [
    EventRecord(1, "meeting-1@example.pl", "Spotkanie: oferta, \"Wiśnia\"; etap 2",
                datetime(2026, 12, 3, 10, 0, tzinfo=WARSAW),
                datetime(2026, 12, 3, 11, 30, tzinfo=WARSAW), timezone="Europe/Warsaw",
                status="CONFIRMED",
                attendees=(Labelled("olga@romashka.example.ru", "Ольга \"Оля\" К."),),
                description="Przynieść cennik.\n\nПовестка: 1) цены; 2) сроки\\n"),
    EventRecord(2, "fiesta@example.es", "Nochebuena — cena", date(2026, 12, 24),
                date(2026, 12, 25), all_day=True),
    EventRecord(3, "utc@example", "Llamada", datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
    EventRecord(4, "offset@example", "Звонок", datetime(2026, 6, 1, 9, tzinfo=timezone(
        timedelta(hours=3))), datetime(2026, 6, 1, 9, 45, tzinfo=timezone(timedelta(hours=3)))),
    EventRecord(5, "dst@example", "Przestawienie zegara",  # the hour the clocks skip
                datetime(2026, 3, 29, 1, 30, tzinfo=WARSAW),
                datetime(2026, 3, 29, 4, 0, tzinfo=WARSAW), timezone="Europe/Warsaw"),
    EventRecord(6, "far@example", "Lejano", datetime(2045, 7, 1, 12, tzinfo=WARSAW)),
    EventRecord(7, "series@example", "Cotygodniowa", datetime(2026, 12, 7, 9, tzinfo=WARSAW),
                datetime(2026, 12, 7, 10, tzinfo=WARSAW), recurrence="FREQ=WEEKLY"),
    EventRecord(8, "series@example", "Cotygodniowa", datetime(2026, 12, 14, 9, tzinfo=WARSAW),
                datetime(2026, 12, 14, 10, tzinfo=WARSAW), recurrence="FREQ=WEEKLY"),
    EventRecord(9, "", "Sin UID", date(2026, 12, 31), all_day=True),
]


def test_events_come_back():
    window = {"start": date(2026, 1, 1), "end": date(2046, 1, 1)}
    back = sorted(via_ics(EVENTS, **window), key=lambda e: e.source)
    assert [event_view(e) for e in back[:-1]] == [event_view(e) for e in EVENTS[:-1]]
    assert event_view(back[-1], uid=False) == event_view(EVENTS[-1], uid=False)
    assert back[-1].uid.endswith("@ringbinder")


def test_an_event_in_a_named_zone_keeps_its_zone():
    back = via_ics(EVENTS[:1])[0]
    assert back.timezone == "Europe/Warsaw"
    assert back.start == EVENTS[0].start and back.start.utcoffset() == timedelta(hours=1)


# --- any record of valid text --------------------------------------------------------------

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# no controls, surrogates, separators (spaces are put in by `line` alone) or bidi controls
_CHARS = st.characters(exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"),
                       exclude_characters=_BIDI)
_WORD = st.text(_CHARS, min_size=1, max_size=8)


def line(max_words: int = 4, avoid: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    """One-line text as the readers keep it: words between single spaces."""
    text = st.lists(_WORD, min_size=1, max_size=max_words).map(" ".join)
    return text.filter(lambda t: not any(a in t for a in avoid)) if avoid else text


def optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), strategy)


def block(blank_lines: bool) -> st.SearchStrategy[str]:
    """Free text of such lines (notes may have blank lines inside; an address has none)."""
    one = optional(line()) if blank_lines else line()
    return st.lists(one, min_size=1, max_size=4).map(lambda ls: "\n".join(ls).strip())


# Google's cells: " ::: " joins values, tags split at "," ";" ":::", a leading "*" marks
# the primary value
_GOOGLE = (":::",)
_LABELS = st.one_of(st.sampled_from(["", "work", "home", "mobile", "work fax", "home fax",
                                     "fax", "pager", "other", "main", "Work", "cell"]),
                    line(3, _GOOGLE).filter(lambda t: not t.startswith("*")))


def labelled() -> st.SearchStrategy[tuple[Labelled, ...]]:
    item = st.builds(Labelled, line(3, _GOOGLE), _LABELS)
    return st.lists(item, max_size=4, unique=True).map(tuple)


records = st.builds(
    ContactRecord, source=st.just(1),
    display_name=optional(line()), given=optional(line(2)), family=optional(line(2)),
    additional=optional(line(2)), prefix=optional(line(2)), suffix=optional(line(2)),
    company=optional(line()), department=optional(line()), position=optional(line()),
    phones=labelled(), emails=labelled(), address=optional(block(False)),
    website=optional(line(1)), birthday=st.one_of(st.none(), st.dates()),
    notes=optional(block(True)),
    tags=st.lists(line(2, (",", ";", ":::")).filter(lambda t: not t.startswith("*")),
                  max_size=3, unique=True).map(tuple))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records, min_size=1, max_size=3), st.sampled_from(FORMATS))
def test_any_record_comes_back(written, fmt):
    same_contacts(written, round_trip(written, fmt), fmt)


def test_a_birthday_with_a_four_digit_year_keeps_it():
    """A reader bug the round trip found: Outlook's 1/1/0099 was read as 1999 (the two-digit
    year pivot applied to a year written with four digits)."""
    assert parse_date("1/1/0099", "mdy") == (date(99, 1, 1), True)
    assert parse_date("1/1/99", "mdy") == (date(1999, 1, 1), True)
    record = ContactRecord(source=1, given="Anno", birthday=date(99, 1, 1))
    assert via_csv([record], "outlook")[0].birthday == date(99, 1, 1)


_ZONES = st.sampled_from([UTC, ZoneInfo("Europe/Warsaw"), ZoneInfo("Europe/Madrid"),
                          ZoneInfo("Europe/Moscow"), ZoneInfo("America/Sao_Paulo"),
                          ZoneInfo("Australia/Lord_Howe"),
                          timezone(timedelta(hours=-3, minutes=-30))])
# iCalendar holds times to the second
_INSTANTS = st.builds(
    lambda moment, zone: moment.replace(microsecond=0, tzinfo=UTC).astimezone(zone),
    st.datetimes(datetime(1901, 1, 1), datetime(2998, 1, 1)), _ZONES)
_DAYS = st.dates(date(1901, 1, 1), date(2998, 1, 1))


@st.composite
def events(draw: st.DrawFn, number: int) -> EventRecord:
    all_day = draw(st.booleans())
    start = draw(_DAYS if all_day else _INSTANTS)
    span = st.integers(0, 30).map(lambda days: timedelta(days=days)) if all_day else \
        st.integers(0, 30 * 86400).map(lambda seconds: timedelta(seconds=seconds))
    end = draw(st.one_of(st.none(), span.map(lambda length: start + length)))
    return EventRecord(
        source=number, uid=f"{number}-{draw(line(1))}", summary=draw(optional(line())),
        start=start, end=end, all_day=all_day,
        status=draw(st.sampled_from(["", "CONFIRMED", "TENTATIVE", "CANCELLED"])),
        attendees=tuple(draw(st.lists(st.builds(Labelled, line(1, ("\\",)),
                                                optional(line(3, ("\\",)))),
                                      max_size=2, unique_by=lambda a: a.value))),
        description=draw(optional(block(True))))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(1, 3), min_size=1, max_size=3).flatmap(
    lambda sizes: st.tuples(*(events(n) for n in range(1, len(sizes) + 1)))))
def test_any_event_comes_back(written):
    back = sorted(via_ics(list(written)), key=lambda e: e.uid)
    assert [event_view(e) for e in back] == [event_view(e) for e in sorted(written,
                                                                            key=lambda e: e.uid)]
