"""Benchmarks of the contact and calendar readers: 10,000 contacts or events read from files
as phones, Outlook and Google write them, for a 10-second import into a 100,000-dossier
binder (the readers get well under half of it).

The files are generated here into a temporary folder (seeded, so every run reads the same
bytes): a vCard file mixing Android 2.1 cards (quoted-printable with CHARSET, soft breaks,
a base64 PHOTO on some) with 3.0 and 4.0 cards (several TEL, EMAIL, ADR, an Apple label, an
escaped NOTE, a photo on some); an Outlook and a Google CSV export; an ICS file of single
events (UTC, a Windows TZID with its VTIMEZONE, all-day). Each figure is printed beside its
target and beside a floor measured in the same run: the file split into lines (vCard, ICS)
or into rows by the csv module (CSV), the least any reading costs. What was read is checked
(counts, a few fields): a wrong result is printed as WRONG and fails the run.

    python -m tests.bench.interchange_read [--count 10000] [--repeat 3]

Targets are checked at 10,000 and above.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import csv
import io
import os
import quopri
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.errors import InvalidInput
from app.interchange.csv_contacts import read_csv
from app.interchange.ics import read_ics
from app.interchange.vcard import read_vcard
from tests.bench.timing import report_row, timed, verdict

# ms, at 10,000 items: contacts get well under half of a 10-second import; a calendar of
# 10,000 events (years of a busy diary) gets 6 s, most of it icalendar building its values
TARGETS = {"vcard": 1500.0, "csv": 1000.0, "ics": 6000.0,
           # hostile files a reader must get through (or refuse) at once, whatever their size
           "hostile csv": 3000.0, "hostile ics": 2000.0}

GIVEN = ["José", "Ana", "Łukasz", "Zofia", "Jürgen", "Chloé", "Иван", "Małgorzata", "Piotr",
         "Søren", "María", "Grzegorz", "Anna", "John", "Émilie", "Ольга"]
FAMILY = ["Muñoz", "Núñez", "Wiśniewski", "Kowalska", "Müller", "Lefèvre", "Петров",
          "Żółkiewska", "Nowak", "Ørsted", "García", "Brzęczyszczykiewicz", "Smith", "Dubois"]
COMPANIES = ["Construcciones García S.L.", "Przedsiębiorstwo Handlowe „Łań”", "Müller & Söhne",
             "Acme, Inc.", "ООО «Ромашка»", "Boulangerie Lefèvre"]
CITIES = [("Kraków", "30-001"), ("Madrid", "28013"), ("München", "80331"), ("Paris", "75001")]


def _qp(text: str) -> str:
    """Quoted-printable as Android writes it: UTF-8 escapes, soft breaks at 74 columns."""
    return quopri.encodestring(text.encode("utf-8")).decode("ascii").replace("\n", "\r\n")


def _photo(rng: random.Random, size: int = 4500) -> str:
    return base64.b64encode(rng.randbytes(size)).decode("ascii")


def _fold(line: str, width: int = 75) -> str:
    return "\r\n ".join(line[i:i + width] for i in range(0, len(line), width))


def _person(rng: random.Random, n: int) -> tuple[str, str, str, str]:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    return given, family, rng.choice(COMPANIES), f"contact.{n}@example.invalid"


def _card21(rng: random.Random, n: int) -> str:
    given, family, company, email = _person(rng, n)
    qp = ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
    note = (f"Cliente desde {2000 + n % 25}. Prefiere llamadas por la mañana, nunca después "
            f"de las 18:00. Señora Peña en recepción. Pedido nº {n}.")
    lines = ["BEGIN:VCARD", "VERSION:2.1", f"N{qp}{_qp(f'{family};{given};;;')}",
             f"FN{qp}{_qp(f'{given} {family}')}",
             f"X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;P{n};1;;;;;;;;;;;;;",
             f"TEL;CELL:+34 600 {n % 1000:03d} {n % 997:03d}", f"TEL;HOME:+34 91 123 {n % 100:02d}",
             f"EMAIL;HOME:{email}", f"ORG{qp}{_qp(company)}", f"NOTE{qp}{_qp(note)}",
             f"BDAY:19{50 + n % 50}-{1 + n % 12:02d}-{1 + n % 28:02d}"]
    if n % 5 == 0:
        data = _photo(rng)  # indented by two spaces, ended by a blank line
        lines.append("PHOTO;ENCODING=BASE64;JPEG:" + "\r\n  ".join(
            data[i:i + 76] for i in range(0, len(data), 76)) + "\r\n")
    return "\r\n".join([*lines, "END:VCARD"]) + "\r\n"


def _card3(rng: random.Random, n: int, version: str) -> str:
    given, family, company, email = _person(rng, n)
    city, code = rng.choice(CITIES)
    tel = "TEL;VALUE=uri;TYPE=\"work,voice\":tel:" if version == "4.0" else "TEL;TYPE=WORK:"
    lines = ["BEGIN:VCARD", f"VERSION:{version}", f"FN:{given} {family}",
             f"N:{family};{given};;;", f"ORG:{company.replace(',', chr(92) + ',')};Ventas",
             "TITLE:Directora comercial", f"{tel}+48 12 {n % 1000:03d} 00 00",
             f"TEL;TYPE=CELL:+48 600 {n % 1000:03d} {n % 991:03d}",
             "TEL;TYPE=HOME;TYPE=FAX:+48 12 000 11 22", f"EMAIL;TYPE=INTERNET;TYPE=WORK:{email}",
             f"item1.EMAIL;TYPE=INTERNET:private.{email}", "item1.X-ABLabel:_$!<Other>!$_",
             f"ADR;TYPE=WORK:;;ul. Floriańska {n % 90 + 1};{city};;{code};Polska",
             f"ADR;TYPE=HOME:;;Calle Mayor {n % 50 + 1}\\, 2º;{city};;{code};España",
             _fold("NOTE:" + "Spotkanie w sprawie oferty\\nZadzwonić po 15:00\\, "
                   f"pytać o p. {family}; kontrakt nr {n}. " * 2),
             "CATEGORIES:Klienci,VIP", f"URL:https://example.invalid/{n}",
             f"BDAY:{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}"]
    if n % 7 == 0:
        head = "PHOTO:data:image/jpeg;base64," if version == "4.0" else \
            "PHOTO;ENCODING=b;TYPE=JPEG:"
        lines.append(_fold(head + _photo(rng)))
    return "\r\n".join([*lines, "END:VCARD"]) + "\r\n"


def vcard_file(count: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    cards = [_card21(rng, n) if n % 2 else _card3(rng, n, "3.0" if n % 4 else "4.0")
             for n in range(1, count + 1)]
    return "".join(cards).encode("utf-8")


OUTLOOK = ["Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company",
           "Department", "Job Title", "Business Street", "Business City", "Business State",
           "Business Postal Code", "Business Country/Region", "Home Street", "Home City",
           "Home Postal Code", "Business Fax", "Business Phone", "Home Phone", "Mobile Phone",
           "Birthday", "Categories", "E-mail Address", "E-mail Type", "E-mail Display Name",
           "E-mail 2 Address", "Notes", "Web Page"]
GOOGLE = ["First Name", "Middle Name", "Last Name", "Name Prefix", "Organization Name",
          "Organization Title", "Birthday", "Notes", "Labels", "E-mail 1 - Label",
          "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value", "Phone 1 - Label",
          "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value", "Address 1 - Label",
          "Address 1 - Street", "Address 1 - City", "Address 1 - Postal Code",
          "Address 1 - Country", "Website 1 - Value"]


def csv_file(count: int, layout: str, seed: int = 2) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL if layout == "outlook" else csv.QUOTE_MINIMAL,
                        lineterminator="\r\n")
    writer.writerow(OUTLOOK if layout == "outlook" else GOOGLE)
    for n in range(1, count + 1):
        given, family, company, email = _person(rng, n)
        city, code = rng.choice(CITIES)
        note = f"Met at the fair {2000 + n % 25}.\nCall after 3 pm, ask for {given}." \
            if n % 3 == 0 else ""
        birthday = f"{1 + n % 12}/{1 + n % 28}/{1950 + n % 50}" if n % 4 else "0/0/00"
        if layout == "outlook":
            row = ["", given, "", family, "", company, "Sales", "Buyer",
                   f"ul. Floriańska {n % 90}", city, "", code, "Polska", "", "", "",
                   "", f"+48 12 {n % 1000:03d} 00 00", "", f"+48 600 {n % 1000:03d} 111",
                   birthday, "Clients;VIP" if n % 5 == 0 else "", email, "SMTP",
                   f"{given} {family} ({email})", "", note, ""]
        else:
            row = [given, "", family, "", company, "Buyer", f"{1950 + n % 50}-03-0{1 + n % 9}",
                   note, "* myContacts ::: Clients", "* Work", email, "Home",
                   f"home.{email}", "Mobile", f"+34 600 {n % 1000:03d} 33 ::: +34 600 44 55",
                   "Work", f"+34 91 555 {n % 100:02d}", "Work", f"Calle Mayor {n % 50}", city,
                   code, "España", f"https://example.invalid/{n}"]
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig" if layout == "outlook" else "utf-8")


ZONE = ("BEGIN:VTIMEZONE\r\nTZID:Central European Standard Time\r\nBEGIN:STANDARD\r\n"
        "DTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n"
        "DTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n")


def ics_file(count: int, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    parts = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0"
             " MIMEDIR//EN\r\nMETHOD:PUBLISH\r\n", ZONE]
    for n in range(1, count + 1):
        given, family, company, email = _person(rng, n)
        day = f"2026{1 + n % 12:02d}{1 + n % 28:02d}"
        hour = 8 + n % 10
        if n % 3 == 0:
            when = f"DTSTART;VALUE=DATE:{day}\r\nDTEND;VALUE=DATE:{day[:6]}{2 + n % 28:02d}"
        elif n % 3 == 1:
            when = f"DTSTART:{day}T{hour:02d}0000Z\r\nDTEND:{day}T{hour:02d}3000Z"
        else:
            zone = "TZID=\"Central European Standard Time\""
            when = f"DTSTART;{zone}:{day}T{hour:02d}0000\r\nDTEND;{zone}:{day}T{hour + 1:02d}0000"
        parts.append(
            f"BEGIN:VEVENT\r\nUID:{n:08d}-bench@example.invalid\r\nDTSTAMP:20261101T120000Z\r\n"
            f"{when}\r\n" + _fold(f"SUMMARY:Visit {given} {family}\\, {company}") + "\r\n"
            + _fold(f"DESCRIPTION:Offer {n}\\nBring the catalogue; ask about the fleet") + "\r\n"
            + f"LOCATION:{rng.choice(CITIES)[0]}\r\nSTATUS:CONFIRMED\r\n"
            + f"ATTENDEE;CN=\"{given} {family}\";ROLE=REQ-PARTICIPANT:mailto:{email}\r\n"
            + "END:VEVENT\r\n")
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode("utf-8")


def _lines_floor(data: bytes) -> float:
    start = time.perf_counter()
    data.decode("utf-8").replace("\r\n ", "").splitlines()
    return (time.perf_counter() - start) * 1000


def _csv_floor(data: bytes) -> float:
    start = time.perf_counter()
    list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return (time.perf_counter() - start) * 1000


def bench(count: int, repeat: int, folder: Path
          ) -> tuple[list[tuple[str, float, float, float, str]], list[str], list[str]]:
    """The rows (name, first, median, floor, target key), notes, and failed checks."""
    rows: list[tuple[str, float, float, float, str]] = []
    notes: list[str] = []
    problems: list[str] = []
    files = {"vcard": vcard_file(count), "outlook": csv_file(count, "outlook"),
             "google": csv_file(count, "google"), "ics": ics_file(count)}
    for name, data in files.items():
        (folder / name).write_bytes(data)  # as an import would find them
        notes.append(f"{name}: {len(data) / 2**20:.1f} MB")
    readers: list[tuple[str, str, Callable[[bytes], object], Callable[[bytes], float]]] = [
        ("vcard", f"read_vcard ({count:,} cards, 2.1/3.0/4.0)", read_vcard, _lines_floor),
        ("outlook", f"read_csv (Outlook, {count:,} rows)", read_csv, _csv_floor),
        ("google", f"read_csv (Google, {count:,} rows)", read_csv, _csv_floor),
        ("ics", f"read_ics ({count:,} single events)", read_ics, _lines_floor)]
    for key, label, reader, floor in readers:
        data = (folder / key).read_bytes()
        result: list[object] = []
        first, median = timed(lambda: result.append(reader(data)), repeat)  # noqa: B023
        rows.append((label, first, median, floor(data), "csv" if key in ("outlook", "google")
                     else key))
        problems += _check(key, result[-1], count)
    rows += hostile(repeat)
    return rows, notes, problems


def _calendar(*lines: str) -> bytes:
    return "\r\n".join(("BEGIN:VCALENDAR", "VERSION:2.0", *lines, "END:VCALENDAR", "")
                       ).encode("utf-8")


def _read_all_csv() -> None:
    """Inputs that made the sniffer backtrack: quotes opened and never closed, 50,000 empty
    lines (each read or refused)."""
    for raw in (b'"' + b"a," * 40_000, b'a"' * 40_000, b"\n" * 50_000):
        with contextlib.suppress(InvalidInput):
            read_csv(raw)


# an event repeating every minute since 1900 (dateutil walks from DTSTART: 66 million
# steps), and a time zone whose rule changes every second since 1601
COSTLY_RULE = _calendar("BEGIN:VEVENT", "UID:x", "DTSTART:19000101T000000Z",
                        "RRULE:FREQ=MINUTELY", "SUMMARY:Spam", "END:VEVENT")
ZONE_BOMB = _calendar(
    "BEGIN:VTIMEZONE", "TZID:Bomb", "BEGIN:STANDARD", "DTSTART:16010101T000000",
    "RRULE:FREQ=SECONDLY", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "END:STANDARD",
    "BEGIN:DAYLIGHT", "DTSTART:16010101T000000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY",
    " =-1SU", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "END:DAYLIGHT", "END:VTIMEZONE",
    "BEGIN:VEVENT", "UID:x", "DTSTART;TZID=Bomb:20260101T100000", "SUMMARY:a", "END:VEVENT")


def hostile(repeat: int) -> list[tuple[str, float, float, float, str]]:
    """Files written to hurt the readers (the tests check what is read of them; here, that
    it is read at once). No floor: nothing cheaper does the same."""
    nan = float("nan")
    cases: list[tuple[str, str, Callable[[], object]]] = [
        ("hostile csv", "read_csv (3 hostile files)", _read_all_csv),
        ("hostile ics", "read_ics (a rule every minute from 1900)",
         lambda: read_ics(COSTLY_RULE, start=date(2026, 1, 1), end=date(2026, 12, 31))),
        ("hostile ics", "read_ics (a zone changing every second)", lambda: read_ics(ZONE_BOMB))]
    rows = []
    for key, label, run in cases:
        first, median = timed(run, repeat)
        rows.append((label, first, median, nan, key))
    return rows


def _check(key: str, result: object, count: int) -> list[str]:
    """What went wrong in a reader's result: counts, and a few fields of the first item."""
    items = getattr(result, "events" if key == "ics" else "contacts")
    if len(items) != count:
        return [f"{key}: {len(items):,} read, {count:,} written"]
    first = items[0]
    if key == "vcard" and not (first.display_name and first.phones and first.emails
                               and first.notes and first.company):
        return [f"vcard: the first card lost fields: {first}"]
    if key in ("outlook", "google") and not (first.given and first.phones and first.emails):
        return [f"{key}: the first row lost fields: {first}"]
    if key == "ics" and not (first.summary and first.attendees):
        return [f"ics: the first event lost fields: {first}"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.interchange_read")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    check = args.count >= 10_000
    print(f"Ringbinder import readers ({args.count:,} items a file; first run and median of "
          f"{args.repeat} more; targets apply at 10,000)")
    with tempfile.TemporaryDirectory() as folder:
        rows, notes, problems = bench(args.count, args.repeat, Path(folder))
    print(f"  {'reader':<44} {'first':>10} {'median':>10} {'target':>9} {'floor':>10}")
    failed = []
    for name, first, median, floor, key in rows:
        line, over = report_row(name, first, median, TARGETS.get(key), floor, width=44,
                                check=check)
        print(line)
        if over:
            failed.append(name)
    for note in notes:
        print(f"  {note}")
    print(f"  load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(other work on the machine slows every figure)")
    for problem in problems:
        print(f"  WRONG: {problem}")
    return verdict(failed, bool(problems))


if __name__ == "__main__":
    sys.exit(main())
