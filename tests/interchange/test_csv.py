"""CSV contacts as other programs write them: every shared fixture (../shared/fixtures/csv,
see SOURCES.md) and the files made here (data/README.md) read with the expected contacts."""

from __future__ import annotations

import contextlib
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import InvalidInput
from app.interchange import csv_contacts, csv_sniff, row_mapping, xlsx_contacts
from app.interchange.csv_contacts import read_csv, sniff_csv
from app.interchange.records import ContactRecord, Labelled, ReadResult
from app.interchange.row_mapping import parse_date
from app.interchange.xlsx_contacts import read_xlsx
from tests.interchange import read_or_refusal

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "csv"
DATA = Path(__file__).resolve().parent / "data"

needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(),
    reason=f"shared fixtures not found at {FIXTURES} (a copy of shared/ beside the clone)")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def phones(record: ContactRecord) -> list[str]:
    return [p.value for p in record.phones]


def emails(record: ContactRecord) -> list[str]:
    return [e.value for e in record.emails]


# ------------------------------------------------------------------ the shared fixtures

EXPECTED_FIXTURES = {
    "excel-sep-hint-semicolon.csv", "google-contacts-legacy.csv",
    "outlook-export-multiline.csv", "thunderbird-embedded-newlines.csv",
    "thunderbird-semicolon.csv", "thunderbird-utf16le-bom.csv",
    "utf8-bom-generic-contacts.csv", "windows1252-french.csv",
}


@needs_fixtures
def test_every_shared_csv_fixture_has_a_test():
    assert {p.name for p in FIXTURES.iterdir()} == EXPECTED_FIXTURES


@needs_fixtures
def test_google_legacy_layout():
    raw = fixture("google-contacts-legacy.csv")
    assert sniff_csv(raw).layout == "google"
    result = read_csv(raw)
    assert result.encoding == "utf-8" and result.warnings == []
    [c] = result.contacts
    assert c.display_name == "Prefix Firstname Middle Lastname Suffix"
    assert (c.prefix, c.given, c.additional, c.family, c.suffix) == (
        "Prefix", "Firstname", "Middle", "Lastname", "Suffix")
    assert c.emails == (Labelled("home@aaa.pl", "Home"), Labelled("work@email.pl", "Work"),
                        Labelled("unknown@email.com", ""), Labelled("other@email.com", "Other"))
    assert phones(c) == ["pager", "mainphone", "homephone", "homefax", "mobile", "workphone",
                         "workfax"]
    assert c.phones[0].label == "Pager" and c.phones[-1].label == "Work Fax"
    assert (c.company, c.position) == ("company", "jobtitle")
    assert c.birthday == date(1975, 12, 12)
    assert c.notes == 'note"note'  # doubled quotes
    assert c.tags == ("My Contacts", "Test")  # " ::: " joined, "* " marker dropped
    assert c.address == "home_street\nhome_pobox\nhome_city, home_state home_zip\nhome_country"
    assert c.website == "test.com"


@needs_fixtures
def test_outlook_english_92_columns_with_multiline_notes():
    raw = fixture("outlook-export-multiline.csv")
    sniff = sniff_csv(raw)
    assert (sniff.layout, sniff.field_count, sniff.header) == ("outlook", 92, True)
    result = read_csv(raw)
    [c] = result.contacts
    assert (c.given, c.family, c.company) == ("John", "Smith", "International Inc")
    assert c.name == "John Smith"
    assert c.phones == (Labelled("(123) 555-1111", "work fax"),
                        Labelled("(123) 555-2222", "work"), Labelled("(123) 555-3333", "mobile"))
    assert emails(c) == ["john@example.com"]  # not the "SMTP" type nor the display name
    assert c.notes == "PHP\nPerl\nPython"
    assert c.birthday is None and result.warnings == []  # 0/0/00 is Outlook's "no date"
    assert c.tags == ("Programming",)


@needs_fixtures
def test_thunderbird_semicolon():
    raw = fixture("thunderbird-semicolon.csv")
    assert sniff_csv(raw).delimiter == ";"
    result = read_csv(raw)
    assert [(c.display_name, c.given, c.family, emails(c)) for c in result.contacts] == [
        ("John Doe", "John", "Doe", ["john@doe.invalid"]),
        ("Jane Doe", "Jane", "Doe", ["jane@doe.invalid"]),
    ]


@needs_fixtures
def test_thunderbird_utf16le_with_bom():
    result = read_csv(fixture("thunderbird-utf16le-bom.csv"))
    assert result.encoding == "utf-16-le"
    [c] = result.contacts
    assert (c.name, c.given, c.family, emails(c)) == (
        "John Doe", "John", "Doe", ["johndoe@host.invalid"])


@needs_fixtures
def test_thunderbird_embedded_newlines_tab_and_bare_cr():
    raw = fixture("thunderbird-embedded-newlines.csv")
    assert sniff_csv(raw).layout == "thunderbird"
    result = read_csv(raw)
    assert [c.name for c in result.contacts] == ["contact number one", "contact number two"]
    assert [emails(c) for c in result.contacts] == [["contact1@invalid"], ["contact2@invalid"]]
    two = result.contacts[1]
    assert two.position == '"worker"'
    assert two.notes == "here's some unicode text…"
    assert two.source == 3  # the row's first line; its quoted fields run over two lines


@needs_fixtures
def test_generic_utf8_bom_layout_with_day_first_dates():
    result = read_csv(fixture("utf8-bom-generic-contacts.csv"))
    assert result.encoding == "utf-8"
    [c] = result.contacts
    assert c.display_name == "Display Name"  # not "\ufeffDisplay Name" lost to the BOM
    assert (c.given, c.family, c.company, c.department, c.position) == (
        "First Name", "Last Name", "Company", "Department", "Job Title")
    assert emails(c) == ["home@example.com", "work@example.com", "other@example.com"]
    assert [e.label for e in c.emails] == ["home", "work", "other"]
    assert phones(c)[:5] == ["100", "200", "300", "400", "500"]
    assert c.birthday == date(1991, 1, 20)
    assert c.address.splitlines() == ["Home Street", "Home Zip Home City", "Home State",
                                      "Home Country"]
    assert c.notes == "Notes" and c.tags == ("test",)
    assert c.website == "https://blog"


@needs_fixtures
def test_excel_sep_hint_line():
    raw = fixture("excel-sep-hint-semicolon.csv")
    sniff = sniff_csv(raw)
    assert (sniff.delimiter, sniff.skip, sniff.header, sniff.field_count) == (";", 1, False, 2)
    result = read_csv(raw, {0: "display_name", 1: "notes"})
    assert [(c.source, c.name, c.notes) for c in result.contacts] == [
        (2, "A", "1"), (3, "2", "3")]


@needs_fixtures
def test_windows1252_without_bom():
    raw = fixture("windows1252-french.csv")
    sniff = sniff_csv(raw)
    assert (sniff.encoding, sniff.header, sniff.field_count) == ("cp1252", False, 3)
    result = read_csv(raw, {0: "given", 1: "family", 2: "company"})
    assert [(c.given, c.family, c.company) for c in result.contacts] == [
        ("première", "second", "troisième"), ("Quatrième", "cinquième", "sixième")]


# ------------------------------------------------------------------ files made here


def test_polish_outlook_cp1250_localized_headers():
    raw = data("outlook-pl-cp1250.csv")
    sniff = sniff_csv(raw)
    assert (sniff.encoding, sniff.layout) == ("cp1250", "outlook-pl")
    result = read_csv(raw)
    one, two = result.contacts
    assert (one.given, one.family) == ("Łukasz", "Wiśniewski")
    assert one.company == "Zakład Ślusarski Żółć Sp. z o.o."
    assert (one.department, one.position) == ("Sprzedaż", "Kierownik")
    assert one.phones == (Labelled("+48 42 555 01 23", "work"), Labelled("600 100 200", "mobile"))
    assert emails(one) == ["lukasz.wisniewski@example.invalid"]
    assert one.birthday == date(1980, 3, 15)
    assert one.address == "ul. Źródlana 5\n90-001 Łódź\nPolska"
    assert one.notes == "Dzwonić po 10:00\nwtorki i czwartki"
    assert (two.name, two.company) == ("Małgorzata Dąbrowska", "Przedsiębiorstwo Handlowe „Gęś”")
    assert phones(two) == ["501 234 567"] and two.birthday is None
    assert result.warnings == []


def test_google_current_layout():
    raw = data("google-contacts-2020.csv")
    assert sniff_csv(raw).layout == "google-2020"
    result = read_csv(raw)
    ana, jurgen = result.contacts
    assert (ana.prefix, ana.given, ana.additional, ana.family) == ("Dra.", "Ana", "María", "Núñez")
    assert (ana.company, ana.position, ana.department) == (
        "Bodegas Ejemplo S.L.", "Directora comercial", "Ventas")
    assert ana.emails == (Labelled("ana.nunez@example.invalid", "Work"),
                          Labelled("ana@example.invalid", "Home"))
    assert ana.phones == (Labelled("+34 600 11 22 33", "Mobile"),
                          Labelled("+34 600 44 55 66", "Mobile"),
                          Labelled("+34 91 555 01 02", "Work"))
    assert ana.address == "Calle Mayor 1\n28013 Madrid\nEspaña"
    assert ana.birthday == date(1979, 7, 4) and ana.tags == ("myContacts", "Clientes")
    assert ana.notes == "Prefiere WhatsApp, no llamar\nlos lunes"
    assert (jurgen.name, emails(jurgen), jurgen.birthday) == (
        "Jürgen Groß", ["juergen@example.invalid"], None)
    assert jurgen.source == 6
    assert result.warnings == ["row 6: birthday --05-17 has no year; left empty"]


def test_linkedin_connections_with_preamble():
    raw = data("linkedin-connections.csv")
    sniff = sniff_csv(raw)
    assert (sniff.layout, sniff.skip, sniff.header) == ("linkedin", 3, True)
    result = read_csv(raw)
    assert [(c.name, c.company, c.position, emails(c)) for c in result.contacts] == [
        ("Priya Raman", "Acme Widgets, Inc.", "Head of Procurement", []),
        ("Olivier Lefèvre", "Société Exemple", "Acheteur", ["olivier@example.invalid"]),
    ]
    assert result.contacts[0].website == "https://www.linkedin.com/in/example-priya"
    assert result.contacts[0].source == 5


def test_russian_windows1251_by_header_synonyms():
    raw = data("ru-windows1251.csv")
    sniff = sniff_csv(raw)
    assert (sniff.encoding, sniff.delimiter, sniff.layout) == ("cp1251", ";", "")
    result = read_csv(raw)
    ivan, olga = result.contacts
    assert (ivan.family, ivan.given, ivan.additional) == ("Петров", "Иван", "Сергеевич")
    assert (ivan.company, ivan.position) == ("ООО «Ромашка»", "Директор")
    assert ivan.phones == (Labelled("+7 912 345-67-89", "mobile"),)
    assert emails(ivan) == ["ivan.petrov@example.invalid"]
    assert ivan.birthday == date(1975, 11, 3) and ivan.notes == "Звонить после обеда"
    assert (olga.name, phones(olga)) == ("Ольга Смирнова", ["8 (812) 555-12-34"])
    assert olga.birthday is None
    assert result.warnings == ["row 3: birthday 31.02.1980 is not a date; left empty"]


def test_koi8r_russian():
    raw = "Имя;Фамилия;Телефон;Компания\nИван;Петров;+7 495 123-45-67;ООО Ромашка\n".encode(
        "koi8-r")
    result = read_csv(raw)
    assert result.encoding == "koi8-r"
    [c] = result.contacts
    assert (c.name, phones(c), c.company) == ("Иван Петров", ["+7 495 123-45-67"], "ООО Ромашка")


def test_spanish_and_german_headers():
    es = ("Nombre,Apellidos,Empresa,Móvil,Correo electrónico\n"
          "José,García,ACME,612345678,j@e.invalid\n")
    [c] = read_csv(es.encode("utf-8")).contacts
    assert (c.name, c.company, c.phones, emails(c)) == (
        "José García", "ACME", (Labelled("612345678", "mobile"),), ["j@e.invalid"])
    de = '"Vorname","Nachname","Firma","Mobiltelefon","E-Mail-Adresse","Geburtstag"\r\n' \
         '"Jürgen","Groß","Müller GmbH","0171 2345678","jg@example.invalid","4.5.1970"\r\n'
    raw = de.encode("cp1252")
    assert sniff_csv(raw).layout == "outlook-de"
    [c] = read_csv(raw).contacts
    assert (c.name, c.company, phones(c), c.birthday) == (
        "Jürgen Groß", "Müller GmbH", ["0171 2345678"], date(1970, 5, 4))


def test_palm_export_without_header_row():
    raw = (b'"Doe","John","","Acme","555-1234","","","","john@example.invalid"\r\n'
           b'"Roe","Jane","","Globex","555-9876","","","","jane@example.invalid"\r\n')
    sniff = sniff_csv(raw)
    assert sniff.header is False and sniff.headers == [""] * 9
    assert sniff.mapping == {0: "display_name", 4: "phone", 8: "email"}
    result = read_csv(raw, {0: "family", 1: "given", 3: "company", 4: "phone:work",
                            8: "email"})
    assert [(c.name, c.company, c.phones, emails(c)) for c in result.contacts] == [
        ("John Doe", "Acme", (Labelled("555-1234", "work"),), ["john@example.invalid"]),
        ("Jane Roe", "Globex", (Labelled("555-9876", "work"),), ["jane@example.invalid"]),
    ]


def test_forced_header_and_delimiter_and_encoding():
    raw = "name|phone\nÉmile|0612\n".encode("latin-1")
    result = read_csv(raw, encoding="latin-1", delimiter="|", header=True)
    assert result.encoding == "iso8859-1"
    [c] = result.contacts
    assert (c.name, phones(c)) == ("Émile", ["0612"])


def test_bom_less_utf16():
    text = "First Name,Last Name,E-mail Address\r\nZoë,Brontë,z@example.invalid\r\n"
    for codec in ("utf-16-le", "utf-16-be"):
        result = read_csv(text.encode(codec))
        assert result.encoding == codec
        assert [c.name for c in result.contacts] == ["Zoë Brontë"]


def test_rows_without_anything_are_skipped_with_a_warning():
    raw = b"Name,Email,Notes\nAnn,ann@example.invalid,\n,,just a note\n\n"
    result = read_csv(raw)
    assert [c.name for c in result.contacts] == ["Ann"]
    assert result.warnings == ["row 3: no name, phone or e-mail; skipped"]


def test_controls_and_bidi_overrides_leave_names_and_nul_is_dropped():
    raw = b"Name,Notes\n\"Ann\x1b[31m\xe2\x80\xae Lee\",\"a\x00b\r\nc\"\n"
    [c] = read_csv(raw).contacts
    assert c.display_name == "Ann [31m Lee" and c.notes == "ab\nc"


# ------------------------------------------------------------------ dates and limits


@pytest.mark.parametrize(("text", "order", "expected"), [
    ("1975-12-12", "", date(1975, 12, 12)),
    ("19751212", "", date(1975, 12, 12)),
    ("20/01/1991", "mdy", date(1991, 1, 20)),  # day > 12: day first whatever the layout
    ("01/02/1991", "mdy", date(1991, 1, 2)),
    ("01/02/1991", "dmy", date(1991, 2, 1)),
    ("01/02/1991", "", date(1991, 2, 1)),
    ("4.5.70", "mdy", date(1970, 5, 4)),  # dots are always day first
    ("27846", "", date(1976, 3, 27)),  # an Excel serial
    ("12 Mar 2024", "", date(2024, 3, 12)),
    ("0/0/00", "mdy", None),
    ("", "", None),
])
def test_parse_date(text, order, expected):
    assert parse_date(text, order) == (expected, True)


@pytest.mark.parametrize("text", ["31.02.1980", "--05-17", "soon", "1975", "99/99/99"])
def test_unparseable_dates(text):
    assert parse_date(text) == (None, False)


def test_size_is_bounded(monkeypatch):
    monkeypatch.setattr(csv_contacts, "MAX_BYTES", 100)
    with pytest.raises(InvalidInput):
        read_csv(b"a,b\n" * 30)
    with pytest.raises(InvalidInput):
        sniff_csv(b"a,b\n" * 30)


@pytest.mark.parametrize(("kwargs", "mapping"), [
    ({"encoding": "no-such-codec"}, None),
    ({"delimiter": '"'}, None),
    ({"delimiter": ";;"}, None),
    ({}, {0: "shoe_size"}),
    ({}, {-1: "given"}),
])
def test_bad_options_are_refused_in_one_line(kwargs, mapping):
    with pytest.raises(InvalidInput) as caught:
        read_csv(b"a,b\n1,2\n", mapping, **kwargs)
    assert "\n" not in str(caught.value)


def test_a_huge_field_is_refused_not_a_traceback():
    with pytest.raises(InvalidInput):
        read_csv(b'Name,Notes\nAnn,"' + b"x" * 200_000 + b'"\n')


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_result_or_a_refusal(raw):
    result = read_or_refusal(read_csv, raw)
    if result is None:
        return
    for c in result.contacts:
        for text in (c.name, c.notes, c.address, *phones(c), *emails(c)):
            assert "\x00" not in text
            text.encode("utf-8")  # no lone surrogate


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=5), max_size=8),
       st.sampled_from([",", ";", "\t"]))
def test_any_csv_text_reads(rows, delimiter):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([["Name", "Email"], *rows])
    for codec in ("utf-8", "utf-16", "cp1251"):
        try:
            raw = out.getvalue().encode(codec)
        except UnicodeEncodeError:
            continue
        assert isinstance(read_csv(raw), ReadResult)


def test_too_many_columns_or_rows_are_refused(monkeypatch):
    with pytest.raises(InvalidInput, match="columns"):
        read_csv(b"a,b\n" + b"," * (csv_sniff.MAX_COLUMNS + 5) + b"\n")
    monkeypatch.setattr(csv_contacts, "MAX_ROWS", 3)
    with pytest.raises(InvalidInput, match="contacts"):
        read_csv(b"Name\n" + b"x\n" * 10)
    assert len(read_csv(b"Name\n" + b"x\n" * 3).contacts) == 3


def test_hostile_sniffer_input_is_read_or_refused():
    """How fast is measured in tests/bench/interchange_read.py (no timing in the tests)."""
    for raw in (b'"' + b"a," * 40_000, b'a"' * 40_000, b"\n" * 50_000):
        with contextlib.suppress(InvalidInput):
            assert len(read_csv(raw).contacts) <= 1


# ------------------------------------------------------------------ spreadsheets


def test_xlsx_first_sheet_dates_and_numeric_phones():
    result = read_xlsx(data("contacts-numeric-phones.xlsx"))
    lucia, pawel, elodie = result.contacts
    assert (lucia.name, lucia.company) == ("Lucía Fernández", "Ejemplo S.A.")
    assert lucia.phones == (Labelled("612345678", "mobile"), Labelled("+34 91 555 01 02", "work"))
    assert emails(lucia) == ["lucia@example.invalid"]
    assert lucia.birthday == date(1985, 6, 30)  # a date cell
    assert lucia.notes == "Visita\nen junio"
    assert (pawel.name, phones(pawel)) == ("Paweł Nowak", ["48600100200"])
    assert pawel.birthday == date(1976, 3, 27)  # a date serial in a number cell
    assert (elodie.source, elodie.name, phones(elodie), elodie.birthday) == (
        5, "Élodie Martin", ["06 12 34 56 78"], None)
    assert result.warnings == [
        "row 2: phone 612345678 was stored as a number; check its leading 0 or +",
        "row 3: phone 48600100200 was stored as a number; check its leading 0 or +",
        "row 5: birthday 1979-02-31 is not a date; left empty",
    ]


def test_xlsx_chosen_sheet():
    [zoe] = read_xlsx(data("contacts-numeric-phones.xlsx"), "Leads").contacts
    assert (zoe.name, phones(zoe), emails(zoe)) == (
        "Zoë Brontë", ["33612345678"], ["zoe@example.invalid"])
    with pytest.raises(InvalidInput, match="Clients, Leads"):
        read_xlsx(data("contacts-numeric-phones.xlsx"), "Nope")


def test_xlsx_refusals():
    with pytest.raises(InvalidInput):
        read_xlsx(b"not a zip at all")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(InvalidInput):
        read_xlsx(buffer.getvalue())
    good = data("contacts-numeric-phones.xlsx")
    with pytest.raises(InvalidInput):
        read_xlsx(good[: len(good) // 2])


def test_xlsx_zip_bomb_refused_by_its_declared_size(monkeypatch):
    monkeypatch.setattr(xlsx_contacts, "MAX_UNPACKED", 1000)
    with pytest.raises(InvalidInput, match="too large"):
        read_xlsx(data("contacts-numeric-phones.xlsx"))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5800), st.integers(0, 255)), min_size=1, max_size=8))
def test_xlsx_damaged_anywhere_gives_a_result_or_a_refusal(changes):
    raw = bytearray(data("contacts-numeric-phones.xlsx"))
    for at, value in changes:
        raw[at % len(raw)] = value
    try:
        result = read_xlsx(bytes(raw))
    except InvalidInput as refusal:
        assert "\n" not in str(refusal)
        return
    assert isinstance(result, ReadResult)


@pytest.mark.parametrize(("text", "codec"), [
    ("Nom;Prénom;Société;Ville\r\nLefèvre;Hélène;Crème Brûlée SARL;Besançon\r\n", "cp1252"),
    ("Nom,Prénom\r\nLefèvre,Hélène\r\n", "cp1252"),  # short: reads as Czech too
    ("Nombre,Apellidos,Empresa\r\nJosé,Muñoz Pérez,Compañía Española\r\n", "cp1252"),
    ("Vorname;Nachname;Firma\r\nJürgen;Müller;Bäckerei Größe\r\n", "cp1252"),
    ("Jméno;Příjmení;Firma\r\nJiří;Dvořák;Železářství Kůň\r\n", "cp1250"),
    ("Imię;Nazwisko;Firma\r\nŁukasz;Wiśniewski;Żółć\r\n", "cp1250"),
    ("Имя;Фамилия\r\nИван;Петров\r\n", "cp1251"),
    ("Имя;Фамилия\r\nИван;Петров\r\n", "koi8-r"),
    ("фамилия;имя\r\nпетров;иван\r\n", "koi8-r"),
    ("ФИО;Компания\r\nПЕТРОВ ИВАН;ООО РОМАШКА\r\n", "koi8-r"),
])
def test_legacy_code_pages_of_short_files(text, codec):
    decoded, _name = csv_contacts.decode(text.encode(codec))
    assert decoded == text


def test_layout_tables_name_only_known_fields():
    from app.interchange import layouts

    for layout in layouts.layouts():
        assert layout.date_order in ("dmy", "mdy", "ymd"), layout.name
        for header, target in layout.columns.items():
            assert layouts.check_field(target), (layout.name, header, target)
            assert header == layouts.normalise(header), (layout.name, header)
        assert layouts.recognise(list(layout.signature)) == layout, layout.name
    for header in ("Phone 3 - Value", "E-mail 2 - Label", "Address 1 - Postal Code"):
        assert layouts.check_field(layouts.field_for(header))
    for target in layouts._synonyms().values():
        assert layouts.check_field(target), target


@pytest.mark.parametrize(("header", "row", "layout"), [
    ('"Tratamiento","Nombre","Segundo nombre","Apellidos","Organización","Móvil",'
     '"Dirección de correo electrónico","Cumpleaños"',
     '"","Íñigo","","Zubizarreta","Pérez y Cía.","+34 600 000 001","i@example.invalid","3/4/1970"',
     "outlook-es"),
    ('"Обращение","Имя","Отчество","Фамилия","Организация","Телефон переносной",'
     '"Адрес эл. почты","День рождения"',
     '"","Íñigo","","Zubizarreta","Pérez y Cía.","+34 600 000 001","i@example.invalid","3/4/1970"',
     "outlook-ru"),
])
def test_localized_outlook_headers(header, row, layout):
    raw = (header + "\r\n" + row + "\r\n").encode("utf-8-sig")
    assert sniff_csv(raw).layout == layout
    [c] = read_csv(raw).contacts
    assert (c.name, c.company, emails(c)) == (
        "Íñigo Zubizarreta", "Pérez y Cía.", ["i@example.invalid"])
    assert c.phones == (Labelled("+34 600 000 001", "mobile"),)
    assert c.birthday == date(1970, 4, 3)  # day first in both


def test_german_sharp_s_header():
    raw = "Vorname;Nachname;Straße geschäftlich;Ort geschäftlich;E-Mail-Adresse\n" \
          "Uwe;Weiß;Hauptstraße 1;Köln;uwe@example.invalid\n"
    [c] = read_csv(raw.encode("utf-8")).contacts
    assert c.address == "Hauptstraße 1\nKöln"


@pytest.mark.parametrize(("rows", "locale", "expected"), [
    ("Ann,01/02/1990\nBob,12/25/1980\n", "de_DE", date(1990, 1, 2)),  # the file says m/d
    ("Ann,01/02/1990\nBob,25/12/1980\n", "en_US", date(1990, 2, 1)),  # the file says d/m
    ("Ann,01/02/1990\n", "en_US", date(1990, 1, 2)),  # only the locale says
    ("Ann,01/02/1990\n", "pl_PL", date(1990, 2, 1)),
])
def test_date_order_from_the_file_else_the_locale(monkeypatch, rows, locale, expected):
    monkeypatch.setattr(row_mapping, "current_locale", lambda: locale)
    raw = ("Name,Birthday\n" + rows).encode()
    assert read_csv(raw).contacts[0].birthday == expected
    assert read_csv(raw, {0: "display_name", 1: "birthday"}).contacts[0].birthday == expected


def test_one_column_of_emails_and_a_customer_list():
    result = read_csv(b"a@example.invalid\nb@example.invalid\n")
    assert [emails(c) for c in result.contacts] == [["a@example.invalid"], ["b@example.invalid"]]
    [c] = read_csv(b"Kundenname;Tel\nMaier;0171 123456\n").contacts
    assert (c.name, phones(c)) == ("Maier", ["0171 123456"])
    assert read_csv(b"Name,Email\n").contacts == [] and read_csv(b"").contacts == []
