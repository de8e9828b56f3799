"""The vCard reader on real files from other projects (../shared/fixtures/vcard*) and on files
made here (tests/interchange/data): what each must yield, and that no bytes make it raise
anything but a one-line InvalidInput."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InvalidInput
from app.interchange import vcard, vcard_lines
from app.interchange.records import ContactRecord, Labelled, ReadResult
from app.interchange.vcard import _read, read_vcard
from app.interchange.vcard_props import parse
from tests.interchange import read_or_refusal

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"
DATA = Path(__file__).resolve().parent / "data"
FOLDERS = ("vcard21", "vcard30", "vcard40", "vcard-broken")

needs_fixtures = pytest.mark.skipif(
    not (FIXTURES / "vcard21").is_dir(),
    reason=f"third-party fixtures not found at {FIXTURES} (shared/ must sit beside the clone)")


def _fixture(name: str) -> ReadResult:
    return read_vcard((FIXTURES / name).read_bytes())


def _one(name: str) -> ContactRecord:
    result = _fixture(name) if "/" in name else read_vcard((DATA / name).read_bytes())
    assert len(result.contacts) == 1
    return result.contacts[0]


def _values(items: tuple[Labelled, ...]) -> list[str]:
    return [i.value for i in items]


def _card(*lines: str) -> ReadResult:
    return read_vcard(("\r\n".join(("BEGIN:VCARD", *lines, "END:VCARD")) + "\r\n").encode())


# --- every third-party fixture ------------------------------------------------------------

@needs_fixtures
def test_every_fixture_has_a_test():
    tested = {name.split("/")[0] + "/" + name.split("/")[1]
              for name in EXPECTED_NAMES} | {"vcard21/android-multi-qp-utf8-spanish.vcf"}
    found = {f"{folder}/{p.name}" for folder in FOLDERS for p in (FIXTURES / folder).iterdir()}
    assert found == tested


EXPECTED_NAMES = {
    "vcard21/outlook-johndoe-photo.vcf": "Mr. John Richter James Doe Sr.",
    "vcard21/outlook2003-qp-key.vcf": "John Doe III",
    "vcard21/thebat-polish-qp-latin2-nocharset.vcf": "Piotr Iksiński",
    "vcard21/charset-windows1252-8bit.vcf": "John Doë",
    "vcard21/qp-cyrillic-split-escape.vcf": "ПОРКС - PRIMA",
    "vcard30/google-grouped-items.vcf": "VCard Test",
    "vcard30/evolution-folded-escapes.vcf": "Mr. John Richter, James Doe Sr.",
    "vcard30/ios613-crcrlf-grouped-photo.vcf": "Bob Smith",
    "vcard30/apple-addressbook-mixed-eol.vcf": "Apple Computer AG",
    "vcard30/owncloud-fold-splits-utf8.vcf": "βγδεαβγδ1" * 11,
    "vcard30/apple-utf16be-nobom.vcf": "Ǽgean ĽdaMonté",
    "vcard30/nextcloud-escaped-semicolons.vcf": "First Last NextCloud",
    "vcard40/rfc6350-all-properties.vcf": "J. Doe",
    "vcard40/photo-data-uri.vcf": "with photo v4",
    "vcard40/sort-as-quoted-params.vcf": "安藤 ロイド",
    "vcard-broken/truncated-no-end.vcf": "second contact with minimal Vcard",
    "vcard-broken/comment-lines-lowercase-begin.vcf": "Conference Call",
    "vcard-broken/invalid-escapes.vcf": "",
    "vcard-broken/ximian-no-version-bare-params.vcf": "Ximian, Inc.",
}


@needs_fixtures
@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_fixture_name(name):
    assert _one(name).name == EXPECTED_NAMES[name]


@needs_fixtures
def test_outlook_johndoe_photo_skipped_and_fields_read():
    c = _one("vcard21/outlook-johndoe-photo.vcf")
    assert (c.family, c.given, c.additional, c.prefix, c.suffix) == (
        "Doe", "John", "Richter James", "Mr.", "Sr.")
    assert (c.company, c.department, c.position) == ("IBM", "Accounting", "Money Counter")
    assert c.phones == (Labelled("(905) 555-1234", "work"), Labelled("(905) 666-1234", "home"))
    assert _values(c.emails) == ["john.doe@ibm.cm"]
    assert c.birthday == date(1980, 3, 22)
    assert c.website == "http://www.ibm.com"
    assert c.address.splitlines() == ["Cresent moon drive", "12345 Albaney", "New York",
                                      "United States of America"]
    assert c.notes.startswith("THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD")


@needs_fixtures
def test_outlook2003_qp_note_broken_between_cr_and_lf():
    c = _one("vcard21/outlook2003-qp-key.vcf")
    assert c.notes == "This is the note field!!\nSecond line\n\nThird line is empty"
    assert (c.company, c.department, c.position) == ("Company, The", "TheDepartment",
                                                     "The Job Title")
    assert c.phones[-1] == Labelled("BusinessFaxPhone", "work fax")
    assert _values(c.emails) == ["jdoe@hotmail.com"]  # read after the key and 2 blank lines
    assert c.birthday == date(1980, 3, 21)


@needs_fixtures
def test_android_six_cards_qp_and_a_broken_photo():
    # SOURCES.md says 5 cards; the file holds 6 BEGIN/END pairs (two with only an EMAIL)
    result = _fixture("vcard21/android-multi-qp-utf8-spanish.vcf")
    cards = result.contacts
    assert [c.source for c in cards] == [1, 2, 3, 4, 5, 6]
    assert [_values(c.emails) for c in cards[:2]] == [["john.doe@company.com"],
                                                      ["jane.doe@company.com"]]
    assert cards[0].name == "" and cards[0].tags == ("My Contacts",)
    assert cards[2].display_name == "Ñ Ñ Ñ Ñ Ñ"
    assert cards[3].display_name == " ".join(["Ñ"] * 11)  # continuation begins with =20
    assert _values(cards[3].phones) == ["123456", "234567", "3456789", "45678901"]
    assert cards[3].notes.count("\n\n") == 1  # the two NOTEs
    assert (cards[4].family, cards[4].given) == ("Ñ Ñ", "Ñ Ñ Ñ")
    assert cards[4].company == "Ñ" * 12  # the first ORG
    assert _values(cards[4].emails) == ["bob@company.com", "Ñ" * 14]
    assert cards[4].website == "www.company.com"  # after it, the truncated photo
    assert cards[5].company == "Ñ" * 44 and _values(cards[5].emails) == ["henry@company.com"]
    assert result.warnings == []


@needs_fixtures
def test_thebat_polish_without_charset_is_guessed():
    result = _fixture("vcard21/thebat-polish-qp-latin2-nocharset.vcf")
    c = result.contacts[0]
    assert (c.family, c.given) == ("Iksiński", "Piotr")
    assert _values(c.emails) == ["piotr.iksinski@somedomain.com"]
    assert result.encoding in ("cp1250", "iso8859-2")


@needs_fixtures
def test_windows1252_8bit_charset():
    c = _one("vcard21/charset-windows1252-8bit.vcf")
    assert (c.family, c.given, c.company) == ("Doë", "John", "roundcube.net")
    assert c.emails == (Labelled("inbox@roundcube.net", "work"),
                        Labelled("roundcube@gmail.com", "home"))
    assert c.phones == (Labelled("+123456789", "work"), Labelled("+987654321", "mobile"))
    assert c.address == "The street\n5555 Hometown\nCayman Islands"


@needs_fixtures
def test_cyrillic_qp_break_inside_an_escape():
    c = _one("vcard21/qp-cyrillic-split-escape.vcf")
    assert (c.family, c.given) == ("- PRIMA", "ПОРКС")
    assert c.emails == ()  # three empty EMAILs
    assert c.phones == (Labelled("+222222222222", "mobile"),)


@needs_fixtures
def test_google_groups_and_ablabels():
    c = _one("vcard30/google-grouped-items.vcf")
    assert (c.company, c.position, c.birthday) == ("TheCompany", "TheJobTitle",
                                                   date(1912, 6, 23))
    assert Labelled("customcategory@example.com", "CustomEmailCategory") in c.emails
    assert Labelled("5555551121", "CustomePhoneCategory") in c.phones
    assert Labelled("5555551117", "home fax") in c.phones
    assert len(c.phones) == 11 and len(c.emails) == 5
    assert c.website == "http://www.example1.com"  # \: unescaped


@needs_fixtures
def test_evolution_folds_remove_exactly_one_space():
    c = _one("vcard30/evolution-folded-escapes.vcf")
    assert c.phones == (Labelled("905-666-1234", "mobile"), Labelled("905-555-1234", "work"))
    assert _values(c.emails) == ["john.doe@ibm.com"]
    assert c.website == "http://www.ibm.com"
    assert c.address.endswith("United States of America")
    assert (c.company, c.department) == ("IBM", "Accounting, Dungeon")
    assert c.birthday == date(1980, 3, 22) and c.tags == ("VIP",)
    assert "WARRANTIES, INCLUDING, BUT" in c.notes and "\\" not in c.notes


@needs_fixtures
def test_ios_crcrlf_grouped_photo():
    c = _one("vcard30/ios613-crcrlf-grouped-photo.vcf")
    assert (c.family, c.given, c.company) == ("Smith", "Bob", "Smith Auto Repair")
    assert c.phones == (Labelled("(650) 555-1212", "mobile"),)
    assert _values(c.emails) == ["bob@smithauto.com"]
    assert c.website == "www.smithauto.com"


@needs_fixtures
def test_apple_mixed_line_endings_business_card():
    c = _one("vcard30/apple-addressbook-mixed-eol.vcf")
    assert c.company == "Apple Computer AG" and c.family == ""
    assert c.address == "Birgistrasse 4a\n8304 Wallisellen-Zürich\nSwitzerland"
    assert c.website == "http://www.apple.ch"


@needs_fixtures
def test_owncloud_fold_splitting_a_utf8_character():
    c = _one("vcard30/owncloud-fold-splits-utf8.vcf")
    assert c.notes == ("Длинный комментарий на русском языке, чтобы в результате "
                       "получилась строка более 70 символов.")
    assert c.family == "123ㄓㄕㄖbcde" + "αβγδ" * 6 + "αβㄤㄓㄕㄖ"


@needs_fixtures
def test_apple_utf16_without_bom():
    result = _fixture("vcard30/apple-utf16be-nobom.vcf")
    c = result.contacts[0]
    assert result.encoding == "utf-16-be"
    assert (c.given, c.family) == ("Ǽgean", "ĽdaMonté")
    assert c.address == "169 Mária Canal\n245-876 LaPaz\nConceptión\nPerú"


@needs_fixtures
def test_nextcloud_escaped_semicolons_and_quoted_types():
    c = _one("vcard30/nextcloud-escaped-semicolons.vcf")
    assert c.phones == (Labelled("11111111", "home"), Labelled("205333", "mobile"),
                        Labelled("205246;;,;", "work fax"), Labelled("222222", "work"))
    assert c.emails == (Labelled("home@gmx.de", "home"), Labelled("work@gmx.de", "work"))
    assert c.birthday == date(2019, 2, 10) and c.company == "Firma"
    assert c.tags == ("Test-Kontakte",)
    assert c.address.splitlines()[0] == "Street"


@needs_fixtures
def test_rfc6350_all_properties():
    c = _one("vcard40/rfc6350-all-properties.vcf")
    assert (c.family, c.given, c.additional) == ("Stevenson", "John", "Philip Paul")
    assert (c.company, c.department) == ("ABC, Inc.", "North American Division, Marketing")
    assert c.position == "Research Scientist"
    assert c.phones == (Labelled("+33-01-23-45-67", "home"),)  # tel: stripped
    assert c.emails == (Labelled("jqpublic@xyz.example.com", "work"),)
    assert c.birthday is None  # --0203 has no year
    assert c.notes == "This fax number is operational 0800 to 1715 EST, Mon-Fri"


@needs_fixtures
def test_photo_data_uri_is_not_a_website():
    c = _one("vcard40/photo-data-uri.vcf")
    assert c.website == "" and c.notes.startswith("The RFC6350 for vCard 4.0")


@needs_fixtures
def test_sort_as_quoted_params():
    c = _one("vcard40/sort-as-quoted-params.vcf")
    assert (c.family, c.given, c.company, c.department) == ("安藤", "ロイド", "グーグル",
                                                            "検索部門")


@needs_fixtures
def test_truncated_file_keeps_the_card_and_warns():
    result = _fixture("vcard-broken/truncated-no-end.vcf")
    assert [c.display_name for c in result.contacts] == ["second contact with minimal Vcard"]
    assert any("END:VCARD" in w for w in result.warnings)


@needs_fixtures
def test_comment_lines_dropped_but_qp_continuation_kept():
    c = _one("vcard-broken/comment-lines-lowercase-begin.vcf")
    assert c.notes == "This is an (sharp ->#<- sharp) example. This message must NOT be ignored."


@needs_fixtures
def test_invalid_escapes_kept_literally():
    notes = _one("vcard-broken/invalid-escapes.vcf").notes.split("\n\n")
    assert notes[0] == "text with two\nlines"
    assert notes[1] == "text with\\slash"
    assert notes[2] == "some escaped char with;two"
    assert notes[3] == "extra new lines"
    assert notes[4].endswith("invalid vcard\\")
    assert notes[5] == "let's try also some invalid escape sequence\\M\n\\"


@needs_fixtures
def test_ximian_without_version():
    c = _one("vcard-broken/ximian-no-version-bare-params.vcf")
    assert c.display_name == "" and c.company == "Ximian, Inc."
    assert c.address == "401 Park Drive  3 West\nBoston, MA 02215\nUSA"  # from LABEL
    assert c.phones == (Labelled("(617) 236-0442", "work"), Labelled("(617) 236-8630", "work fax"))
    assert _values(c.emails) == ["hello@ximian.com"] and c.website == "www.ximian.com/"


# --- files made here ----------------------------------------------------------------------

def test_russian_windows1251_with_charset():
    result = read_vcard((DATA / "ru-windows1251-charset.vcf").read_bytes())
    c = result.contacts[0]
    assert result.encoding == "cp1251"
    assert (c.display_name, c.family, c.given, c.additional) == (
        "Пётр Иванов", "Иванов", "Пётр", "Сергеевич")
    assert (c.company, c.department, c.position) == ("ООО «Ромашка»", "Отдел продаж",
                                                     "Менеджер")
    assert c.address == "ул. Ленина, 1\n101000 Москва\nРоссия"
    assert c.notes == "Звонить после обеда" and c.birthday == date(1975, 5, 9)


def test_russian_koi8r_with_charset():
    cards = read_vcard((DATA / "ru-koi8r-charset.vcf").read_bytes()).contacts
    assert [c.name for c in cards] == ["Алексей Кузнецов", "Ольга Смирнова"]
    assert cards[0].company == 'Завод "Прогресс"'


def test_russian_koi8r_without_charset_is_guessed():
    result = read_vcard((DATA / "ru-koi8r-nocharset.vcf").read_bytes())
    assert result.contacts[0].name == "Наталья Викторовна Соколова"
    assert result.encoding == "koi8-r" and result.warnings


def test_spanish_android_qp():
    c = _one("es-android-qp.vcf")
    assert (c.display_name, c.company) == ("José Muñoz", "Construcciones García S.L.")
    assert c.notes.endswith("Señora Peña en recepción.")
    assert "mañana, nunca después" in c.notes
    assert c.birthday == date(1983, 11, 2)


# --- quirks, one by one -------------------------------------------------------------------

def test_no_fn_takes_the_name_from_n_then_org():
    assert _card("N:Kowalski;Jan;;;").contacts[0].name == "Jan Kowalski"
    assert _card("N:;;;;", "ORG:Acme;Sales").contacts[0].name == "Acme"


def test_lower_case_names_tab_fold_and_cr_only():
    data = b"begin:vcard\rversion:3.0\rfn:Anna\r\t Nowak\rtel;type=cell:1\r2\r\nend:vcard\r"
    c = read_vcard(data).contacts[0]
    assert c.display_name == "Anna Nowak" and c.phones == (Labelled("1", "mobile"),)


def test_fold_inside_a_parameter_and_utf8_bom():
    data = "\ufeffBEGIN:VCARD\nEMAIL;TY\n PE=HOME:a@b.c\nEND:VCARD\n".encode()
    assert read_vcard(data).contacts[0].emails == (Labelled("a@b.c", "home"),)


def test_altid_takes_one_and_carets_decode():
    result = _card("FN;ALTID=1;LANGUAGE=en:Anna", "FN;ALTID=1;LANGUAGE=pl:Anka",
                   "ADR;LABEL=\"Line^nTwo ^'q^' ^^\":;;Street;City;;;")
    c = result.contacts[0]
    assert c.display_name == "Anna" and c.address == "Street\nCity"
    prop = parse(b"ADR;LABEL=\"Line^nTwo ^'q^' ^^\";TYPE=\"a,b\":x")
    assert prop is not None and prop.raw == b"x"
    assert prop.params == {"LABEL": ["Line\nTwo \"q\" ^"], "TYPE": ["a", "b"]}


def test_agent_card_does_not_end_the_outer_card():
    result = _card("FN:Boss", "AGENT:", "BEGIN:VCARD", "FN:Assistant", "TEL:1", "END:VCARD",
                   "TEL:2")
    assert len(result.contacts) == 1
    assert result.contacts[0].display_name == "Boss"
    assert _values(result.contacts[0].phones) == ["2"]


def test_begin_without_end_starts_a_new_card():
    result = read_vcard(b"BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n")
    assert [c.name for c in result.contacts] == ["A", "B"]
    assert len(result.warnings) == 1


def test_birthdays():
    days = {"19800322": date(1980, 3, 22), "1980-03-22": date(1980, 3, 22),
            "1980-03-22T10:00:00Z": date(1980, 3, 22), "--0203": None, "--02-03": None}
    for text, expected in days.items():
        result = _card(f"BDAY:{text}")
        assert result.contacts[0].birthday == expected and not result.warnings, text
    result = _card("BDAY:1980-02-30")
    assert result.contacts[0].birthday is None and result.warnings


def test_controls_removed_from_one_line_fields():
    c = _card("FN:Evil\x1b[31m\x00Name", "NOTE:a\x00b\\nc").contacts[0]
    assert c.display_name == "Evil [31m Name" and c.notes == "ab\nc"


def test_apple_label_token_and_unknown_property():
    c = _card("item1.TEL:123", "item1.X-ABLabel:_$!<Mobile>!$_", "X-WHATEVER;Q=1:x",
              "item2.URL:http://x.example", "ITEM2.X-ABLABEL:_$!<HomePage>!$_").contacts[0]
    assert c.phones == (Labelled("123", "mobile"),) and c.website == "http://x.example"


def test_too_big_and_no_card_refused():
    with pytest.raises(InvalidInput):
        read_vcard(b"BEGIN:VCARD\nEND:VCARD\n" * 10, max_bytes=50)
    with pytest.raises(InvalidInput):
        read_vcard(b"hello")


def test_bounds_on_lines_and_items(monkeypatch):
    result = _card(*[f"TEL:{i}" for i in range(150)], "CATEGORIES:" + ",".join("x" * 150))
    assert len(result.contacts[0].phones) == vcard.MAX_ITEMS and result.warnings
    monkeypatch.setattr(vcard_lines, "MAX_LINES", 50)
    with pytest.raises(InvalidInput):
        read_vcard(b"BEGIN:VCARD\n" + b"TEL:1\n" * 100)


def test_long_headers_and_unterminated_quotes_do_not_hang():
    c = _card("FN" + ";" * 200_000 + ":A", 'TEL;X="' + "a;" * 100_000 + ":1",
              'EMAIL;X="a;b:e@x.example', "N:Nowak").contacts[0]
    assert c.display_name == "" and c.phones == ()  # headers over 16 KB: dropped
    assert _values(c.emails) == ["e@x.example"]  # an unterminated quote is ignored
    assert c.name == "Nowak"


# --- hostile bytes ------------------------------------------------------------------------

_PIECES = st.sampled_from([
    b"BEGIN:VCARD\r\n", b"END:VCARD\n", b"VERSION:2.1\r", b"FN:", b"N;CHARSET=", b"KOI8-R",
    b"ENCODING=QUOTED-PRINTABLE:", b"=C3=", b"=\r\n", b"\n ", b"\t", b"item1.", b"TEL;TYPE=",
    b'"a,b"', b";", b":", b"\\", b"^", b"\x00", b"\xff\xfe", b"\xd0", b"BDAY:", b"--0203",
    b"PHOTO;ENCODING=b:", b"AGENT:", b"ALTID=1", b"CHARSET=rot13", b"\xed\xa0\x80"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400),
                 st.lists(st.one_of(_PIECES, st.binary(max_size=8)), max_size=40).map(b"".join)))
def test_any_bytes_give_a_result_or_invalid_input(data):
    result = read_or_refusal(read_vcard, data)
    if result is None:
        return
    for c in result.contacts:
        for text in (c.name, c.company, c.position, c.website, *c.tags,
                     *(p.value for p in c.phones + c.emails),
                     *(p.label for p in c.phones + c.emails)):
            assert text.isprintable(), text
        for text in (c.notes, c.address):
            assert "\x00" not in text and not any("\ud800" <= ch <= "\udfff" for ch in text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.binary(max_size=8)), max_size=40).map(b"".join))
def test_the_parser_itself_never_raises_but_on_no_card(data):
    """The safety net in read_vcard must not be what keeps hostile bytes out."""
    try:
        _read(b"BEGIN:VCARD\n" + data)
    except InvalidInput as exc:
        assert "No vCard" in str(exc)


def test_a_quoted_parameter_holding_a_colon_and_an_encoding_name_is_only_a_parameter():
    result = _card("FN:Ana", 'NOTE;X-P="x;BASE64:y":hello there',
                   'TEL;TYPE="cell;QUOTED-PRINTABLE:z":+34 600 000 000')
    (card,) = result.contacts
    assert card.notes == "hello there"
    assert _values(card.phones) == ["+34 600 000 000"]
