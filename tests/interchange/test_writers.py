"""What the writers produce, line by line and cell by cell: the vCard's escaping, folding,
TYPE values and parameters, the CSV layouts' columns, the ICS dates and times. That the
readers give the records back is test_round_trip's."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.errors import InvalidInput
from app.interchange.csv_contacts import sniff_csv
from app.interchange.csv_write import OUTLOOK_HEADER, write_csv
from app.interchange.ics_write import write_ics
from app.interchange.records import ContactRecord, EventRecord, Labelled
from app.interchange.vcard_write import fold, write_vcard

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"

FULL = ContactRecord(
    source=1, display_name="Łukasz Żółtowski, Jr.", given="Łukasz", family="Żółtowski; Kąkol",
    additional="Jan", prefix="dr", suffix="Jr., MBA", company="ООО \"Ромашка\"",
    department="Продажи", position="Jefe de ventas",
    phones=(Labelled("+48 600 100 200", "mobile"), Labelled("+48 22 1", "work fax"),
            Labelled("+48 22 2", "home"), Labelled("+48 22 3", "Oficina directa"),
            Labelled("+48 22 4", "")),
    emails=(Labelled("a@example.pl", "work"), Labelled("b@example.pl", "Privado")),
    address="ul. Długa 5; m. 3\n00-001 Warszawa\nPolska \"PL\"",
    website="https://example.pl/a,b;c", birthday=date(1980, 2, 29),
    notes="Línea 1\nback\\slash, comma; semicolon", tags=("VIP", "Pomorze, Gdańsk"))


def vcard(records: list[ContactRecord], version: str = "4.0") -> str:
    out = io.StringIO(newline="")
    assert write_vcard(records, out, version) == len(records)
    return out.getvalue()


def unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def prop(text: str, name: str) -> list[str]:
    """The unfolded lines of a property (with a group or not)."""
    return [line for line in unfolded(text) if re.match(rf"(\w+\.)?{name}[;:]", line)]


# --- vCard ---------------------------------------------------------------------------------

@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcard_text_is_escaped(version):
    text = vcard([FULL], version)
    assert prop(text, "N") == ["N:Żółtowski\\; Kąkol;Łukasz;Jan;dr;Jr.\\, MBA"]
    assert prop(text, "FN") == ["FN:Łukasz Żółtowski\\, Jr."]
    assert prop(text, "ORG") == ['ORG:ООО "Ромашка";Продажи']
    assert prop(text, "TITLE") == ["TITLE:Jefe de ventas"]
    assert prop(text, "NOTE") == ["NOTE:Línea 1\\nback\\\\slash\\, comma\\; semicolon"]
    assert prop(text, "CATEGORIES") == ["CATEGORIES:VIP,Pomorze\\, Gdańsk"]
    assert prop(text, "URL") == ["URL:https://example.pl/a,b;c"]  # a URI stays one


def test_vcard_structure_version_and_line_ends():
    for version in ("4.0", "3.0"):
        text = vcard([FULL, ContactRecord(source=2, company="Peña y Cía.")], version)
        assert text.count("BEGIN:VCARD\r\nVERSION:" + version + "\r\n") == 2
        assert text.endswith("END:VCARD\r\n")
        assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    assert prop(vcard([ContactRecord(source=1, company="Peña y Cía.")]), "N") == ["N:;;;;"]
    assert prop(vcard([ContactRecord(source=1, company="Peña y Cía.")]), "FN") == \
        ["FN:Peña y Cía."]


def test_vcard_birthday_formats():
    assert prop(vcard([FULL], "4.0"), "BDAY") == ["BDAY:19800229"]  # RFC 6350 4.3.1
    assert prop(vcard([FULL], "3.0"), "BDAY") == ["BDAY:1980-02-29"]  # RFC 2426, old phones


def test_vcard_4_types_and_custom_labels():
    text = vcard([FULL], "4.0")
    assert prop(text, "TEL") == ["TEL;TYPE=cell:+48 600 100 200", "TEL;TYPE=work,fax:+48 22 1",
                                 "TEL;TYPE=home:+48 22 2", "item1.TEL:+48 22 3", "TEL:+48 22 4"]
    assert prop(text, "EMAIL") == ["EMAIL;TYPE=work:a@example.pl", "item2.EMAIL:b@example.pl"]
    assert prop(text, "X-ABLabel") == ["item1.X-ABLabel:Oficina directa",
                                       "item2.X-ABLabel:Privado"]


def test_vcard_3_types_for_old_phones():
    text = vcard([FULL], "3.0")
    assert prop(text, "TEL")[:3] == ["TEL;TYPE=CELL:+48 600 100 200",
                                     "TEL;TYPE=WORK;TYPE=FAX:+48 22 1", "TEL;TYPE=HOME:+48 22 2"]
    assert prop(text, "EMAIL") == ["EMAIL;TYPE=INTERNET;TYPE=WORK:a@example.pl",
                                   "item2.EMAIL;TYPE=INTERNET;TYPE=X-Privado:b@example.pl"]
    # a custom label also as Android's TYPE=X-label, quoted when it must be
    assert prop(text, "TEL")[3] == "item1.TEL;TYPE=X-Oficina directa:+48 22 3"
    assert prop(text, "X-ABLabel") == ["item1.X-ABLabel:Oficina directa",
                                       "item2.X-ABLabel:Privado"]


@pytest.mark.parametrize(("label", "line"), [
    ("Work", "item1.TEL;TYPE=work:1"),  # the reader lower-cases TYPE: the label says it
    ("fax work", "item1.TEL;TYPE=fax,work:1"),  # the reader puts work first
    ("cell", "item1.TEL:1"),  # the reader turns cell into mobile
    ("car", "item1.TEL:1"),  # a 3.0 TYPE, not a 4.0 one
    ("work work", "item1.TEL;TYPE=work:1"),
])
def test_vcard_label_types_cannot_say_go_to_x_ablabel(label, line):
    text = vcard([ContactRecord(source=1, given="A", phones=(Labelled("1", label),))])
    assert prop(text, "TEL") == [line]
    assert prop(text, "X-ABLabel") == [f"item1.X-ABLabel:{label}"]


def test_vcard_value_that_looks_like_a_uri_keeps_its_scheme():
    text = vcard([ContactRecord(source=1, phones=(Labelled("tel:123"),),
                                emails=(Labelled("MAILTO:x@y"),))])
    assert prop(text, "TEL") == ["TEL:tel:tel:123"]
    assert prop(text, "EMAIL") == ["EMAIL:mailto:MAILTO:x@y"]


def test_vcard_address_is_the_street_and_a_4_label():
    v4, v3 = prop(vcard([FULL], "4.0"), "ADR"), prop(vcard([FULL], "3.0"), "ADR")
    street = "ul. Długa 5\\; m. 3\\n00-001 Warszawa\\nPolska \"PL\""
    assert v4 == [f"ADR;LABEL=\"ul. Długa 5; m. 3^n00-001 Warszawa^nPolska ^'PL^'\":;;{street};;;;"]
    assert v3 == [f"ADR:;;{street};;;;"]


def _params(line: str) -> str:
    """A content line's parameters: from the name to the colon that starts the value."""
    header, pos = "", 0
    while pos < len(line):
        char = line[pos]
        if char == '"':
            end = line.index('"', pos + 1)
            header += line[pos:end + 1]
            pos = end + 1
            continue
        if char == ":":
            return header
        header += char
        pos += 1
    raise AssertionError(f"no value in {line!r}")


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_vcard_parameters_hold_no_raw_newline_or_quote(version):
    nasty = 'Quote " caret ^ colon: semi; comma,\nnew line\r\nand "more"'
    record = ContactRecord(source=1, display_name=nasty, address=nasty, notes=nasty,
                           phones=(Labelled("1", nasty),), emails=(Labelled("e@x", nasty),),
                           tags=(nasty,), company=nasty, website=nasty)
    for line in unfolded(vcard([record], version)):
        if not line:
            continue
        params = _params(line)
        assert "\n" not in params and "\r" not in params
        # every quote delimits a value: they pair up before the value's colon
        assert params.count('"') % 2 == 0
        assert not re.search(r'[^=,]"[^;:,]', params), params
    assert prop(vcard([record], "4.0"), "ADR")[0].startswith(
        "ADR;LABEL=\"Quote ^' caret ^^ colon: semi; comma,^nnew line^nand ^'more^'\":;;")
    assert "item1.TEL;TYPE=\"X-Quote ' caret ^ colon: semi; comma, new line and 'more'\":1" \
        in unfolded(vcard([record], "3.0"))


def test_vcard_text_the_reader_would_misread_stays_out_of_parameters():
    risky = "Box;BASE64:1"
    record = ContactRecord(source=1, phones=(Labelled("1", risky),), address=risky)
    assert prop(vcard([record], "3.0"), "TEL") == ["item1.TEL:1"]
    assert prop(vcard([record], "4.0"), "ADR") == ["ADR:;;Box\\;BASE64:1;;;;"]


def test_fold_at_75_octets_never_inside_a_character():
    for text in ("a" * 200, "ą" * 100, "€a" * 70, "𝄞" * 50, "Ж" * 37 + "x", "x" * 75,
                 "y" * 76):
        folded = fold("NOTE:" + text)
        raw = folded.encode("utf-8")
        for line in raw.split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")  # no character cut in two
        assert folded.replace("\r\n ", "") == "NOTE:" + text


def test_vcard_lines_are_folded_in_a_whole_file():
    long = ContactRecord(source=1, given="Ж" * 300, notes="ñ" * 500 + "\n" + "x" * 300,
                         address="ул. " + "Тверская " * 30)
    for version in ("4.0", "3.0"):
        text = vcard([long], version)
        for line in text.encode("utf-8").split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")


def test_vcard_unknown_version_is_refused():
    with pytest.raises(InvalidInput):
        write_vcard([FULL], io.StringIO(), "2.1")


# --- CSV -----------------------------------------------------------------------------------

def csv_text(records: list[ContactRecord], layout: str) -> str:
    out = io.StringIO(newline="")
    assert write_csv(records, out, layout) == len(records)
    return out.getvalue()


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_google_header_and_numbered_columns():
    table = rows(csv_text([FULL, ContactRecord(source=2, given="Ana")], "google"))
    header = table[0]
    assert header[:3] == ["First Name", "Middle Name", "Last Name"]
    assert [h for h in header if h.startswith("Phone ")] == [
        f"Phone {n} - {part}" for n in range(1, 6) for part in ("Label", "Value")]
    assert [h for h in header if h.startswith("E-mail ")] == [
        "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value"]
    assert all(len(row) == len(header) for row in table)
    cell = dict(zip(header, table[1], strict=True))
    assert cell["File As"] == FULL.display_name and cell["Labels"] == "VIP ::: Pomorze, Gdańsk"
    assert (cell["Phone 2 - Label"], cell["Phone 2 - Value"]) == ("work fax", "+48 22 1")
    assert cell["Address 1 - Formatted"] == cell["Address 1 - Street"] == FULL.address
    assert cell["Birthday"] == "1980-02-29" and cell["Organization Department"] == "Продажи"
    sniff = sniff_csv(csv_text([FULL], "google").encode("utf-8-sig"))
    assert (sniff.layout, sniff.delimiter) == ("google-2020", ",")


def test_google_without_any_phone_or_email_still_has_the_first_columns():
    header = rows(csv_text([ContactRecord(source=1, given="A")], "google"))[0]
    assert "E-mail 1 - Value" in header and "Phone 1 - Value" in header


@pytest.mark.skipif(not (FIXTURES / "csv").is_dir(), reason="shared fixtures not found")
def test_outlook_header_is_outlooks_own():
    real = (FIXTURES / "csv" / "outlook-export-multiline.csv").read_text("utf-8-sig")
    assert tuple(rows(real)[0]) == OUTLOOK_HEADER


def test_outlook_has_92_columns_and_phones_in_their_columns():
    table = rows(csv_text([FULL, ContactRecord(source=2, display_name="Solo")], "outlook"))
    assert len(OUTLOOK_HEADER) == 92 and all(len(row) == 92 for row in table)
    assert OUTLOOK_HEADER[:9] == ("Title", "First Name", "Middle Name", "Last Name", "Suffix",
                                  "Company", "Department", "Job Title", "Business Street")
    cell = dict(zip(table[0], table[1], strict=True))
    assert (cell["Mobile Phone"], cell["Business Fax"], cell["Home Phone"]) == (
        "+48 600 100 200", "+48 22 1", "+48 22 2")
    assert (cell["Other Phone"], cell["Primary Phone"]) == ("+48 22 3", "+48 22 4")
    assert (cell["E-mail Address"], cell["E-mail Type"], cell["E-mail 2 Address"]) == (
        "a@example.pl", "SMTP", "b@example.pl")
    assert cell["E-mail Display Name"] == f"{FULL.display_name} (a@example.pl)"
    assert cell["Title"] == "dr" and cell["Business Street"] == FULL.address
    assert cell["Birthday"] == "2/29/1980" and cell["Categories"] == "VIP;Pomorze, Gdańsk"
    assert dict(zip(table[0], table[2], strict=True))["First Name"] == "Solo"
    assert sniff_csv(csv_text([FULL], "outlook").encode("utf-8-sig")).layout == "outlook"


def test_outlook_phones_beyond_its_columns_are_left_out():
    phones = tuple(Labelled(str(n), "mobile") for n in range(20))
    cells = rows(csv_text([ContactRecord(source=1, given="A", phones=phones)], "outlook"))[1]
    assert sorted((c for c in cells if c.isdigit()), key=int) == [str(n) for n in range(13)]


def test_csv_quotes_what_needs_it_and_ends_lines_in_crlf():
    text = csv_text([FULL], "outlook")
    assert text.count("\r\n") == 2  # the header's and the row's: the notes' break stays \n
    assert '"ООО ""Ромашка"""' in text and '"Línea 1\nback\\slash, comma; semicolon"' in text
    assert ',Łukasz,' in text  # nothing to quote


def test_csv_written_as_the_caller_opens_the_file(tmp_path):
    path = tmp_path / "contacts.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        write_csv([FULL], out, "google")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfFirst Name,") and "Żółtowski".encode() in data


def test_csv_unknown_layout_is_refused():
    with pytest.raises(InvalidInput):
        write_csv([FULL], io.StringIO(), "thunderbird")


# --- ICS -----------------------------------------------------------------------------------

def ics(events: list[EventRecord], **kwargs: str) -> list[str]:
    out = io.StringIO(newline="")
    assert write_ics(events, out, **kwargs) == len(events)
    text = out.getvalue()
    assert "\n" not in text.replace("\r\n", "")
    return unfolded(text)


WARSAW = ZoneInfo("Europe/Warsaw")


def test_ics_all_day_is_a_date():
    lines = ics([EventRecord(1, "a", "Nochebuena", date(2026, 12, 24), date(2026, 12, 25),
                             all_day=True)])
    assert "DTSTART;VALUE=DATE:20261224" in lines and "DTEND;VALUE=DATE:20261225" in lines
    assert not any(line.startswith("BEGIN:VTIMEZONE") for line in lines)


def test_ics_timed_in_a_named_zone_has_its_vtimezone():
    lines = ics([EventRecord(1, "a", "Spotkanie", datetime(2026, 12, 3, 10, tzinfo=WARSAW),
                             datetime(2026, 12, 3, 11, tzinfo=WARSAW))])
    assert "DTSTART;TZID=Europe/Warsaw:20261203T100000" in lines
    assert "DTEND;TZID=Europe/Warsaw:20261203T110000" in lines
    assert "TZID:Europe/Warsaw" in lines


@pytest.mark.parametrize("start", [
    datetime(2026, 6, 1, 12, tzinfo=timezone(timedelta(hours=3))),  # a bare offset
    datetime(2026, 6, 1, 9),  # no zone: read as UTC, so written as UTC
    datetime(2050, 6, 1, 11, tzinfo=WARSAW),  # beyond what the VTIMEZONE covers
])
def test_ics_other_times_are_written_in_utc(start):
    lines = ics([EventRecord(1, "a", "x", start)])
    expected = start if start.tzinfo else start.replace(tzinfo=UTC)
    assert f"DTSTART:{expected.astimezone(UTC):%Y%m%dT%H%M%S}Z" in lines
    assert not any("TZID" in line for line in lines)


def test_ics_text_description_attendee_and_calendar_name():
    event = EventRecord(1, "u@x", 'Встреча, "ok"; a\\b', datetime(2026, 1, 1, tzinfo=UTC),
                        status="CONFIRMED", description="Línea 1\nŁódź; x",
                        attendees=(Labelled("a@b.pl", 'Jan "K"\nKowalski'),))
    lines = ics([event], calendar_name="Klienci — Łódź")
    assert 'SUMMARY:Встреча\\, "ok"\\; a\\\\b' in lines
    assert "DESCRIPTION:Línea 1\\nŁódź\\; x" in lines
    assert "ATTENDEE;CN=\"Jan ^'K^'^nKowalski\":mailto:a@b.pl" in lines
    assert "X-WR-CALNAME:Klienci — Łódź" in lines and "STATUS:CONFIRMED" in lines
    assert "UID:u@x" in lines and any(line.startswith("DTSTAMP:") for line in lines)


def test_ics_a_uid_given_twice_is_a_series_of_instances():
    series = [EventRecord(n, "s", "x", datetime(2026, 1, n, 9, tzinfo=UTC)) for n in (1, 8)]
    lines = ics([*series, EventRecord(3, "", "no uid", date(2026, 1, 3))])
    assert [line for line in lines if line.startswith("RECURRENCE-ID")] == [
        "RECURRENCE-ID:20260101T090000Z", "RECURRENCE-ID:20260108T090000Z"]
    uids = [line for line in lines if line.startswith("UID:")]
    assert uids[:2] == ["UID:s", "UID:s"] and uids[2].endswith("@ringbinder")


def test_vcard_fields_are_escaped_a_chunk_at_a_time_even_with_a_nul():
    """Fields are escaped column by column, joined by NUL; a value holding one is escaped
    on its own, and the cards stay apart."""
    records = [ContactRecord(source=n, given=f"a{n}", family="x\0y;z" if n == 3 else f"b{n}")
               for n in range(1, 1203)]  # more than two chunks
    text = vcard(records)
    assert text.count("BEGIN:VCARD") == 1202
    assert prop(text, "N")[2] == "N:x\0y\\;z;a3;;;" and prop(text, "N")[1201] == "N:b1202;a1202;;;"


def test_ics_a_backslash_in_an_attendees_name_is_a_slash():
    """icalendar reads CN=CORP\\ as an escaped colon and loses the address after it."""
    event = EventRecord(1, "u", "x", datetime(2026, 1, 1, tzinfo=UTC),
                        attendees=(Labelled("j@corp.example", "CORP\\"),))
    assert "ATTENDEE;CN=CORP/:mailto:j@corp.example" in ics([event])
