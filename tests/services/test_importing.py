"""Importing into a real binder: what a salesperson sees after bringing their clients in from a
phone's vCard, an Outlook CSV or a calendar, and that Undo import takes exactly that back."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import Cancelled, InvalidInput
from app.services.import_types import ImportChoices, ImportOptions
from tests.conftest import TODAY
from tests.helpers import binder_digest

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"
DATA = Path(__file__).resolve().parents[1] / "interchange" / "data"

CSV = (
    "First Name,Last Name,Company,Job Title,Mobile Phone,E-mail Address,Notes\r\n"
    "Paweł,Wiśniewski,Hurtownia Łódź,Kierownik,+48 600 123 456,pawel@hurtownia.example,\r\n"
    "Анна,Смирнова,ООО Ромашка,Директор,+7 912 345 67 89,anna@romashka.example,Звонить утром\r\n"
    "Núria,Peñalver,Ferretería Sol,Gerente,+34 612 345 678,nuria@sol.example,\r\n"
    "Paweł,Wiśniewski,Hurtownia Łódź,,+48 600 123 456,,second row of the same man\r\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def names(services, key: str = "undated") -> list[str]:
    return sorted(r.name for r in services.views.list_insert(key))


def count_dossiers(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]


def test_a_csv_comes_in_with_accents_and_cyrillic_tagged_and_undated(services, tmp_path):
    preview = services.imports.preview(write(tmp_path, "clients.csv", CSV))
    assert preview.format == "csv" and preview.encoding == "utf-8"
    assert preview.columns[:3] == ["First Name", "Last Name", "Company"]
    assert preview.rows[1][0] == "Анна"
    # the fourth row is the first one again: found within the file, skipped by default
    (dup,) = preview.duplicates
    assert (dup.record, dup.id, dup.other) == (5, "", 2)
    outcome = services.imports.run(preview)
    assert (outcome.created, outcome.updated, outcome.skipped) == (3, 0, 1)
    assert names(services) == ["Núria Peñalver", "Paweł Wiśniewski", "Анна Смирнова"]
    (row,) = services.views.search("Смирнова")
    detail = services.dossiers.get(row.id)
    assert detail.company == "ООО Ромашка" and detail.position == "Директор"
    assert [p.e164 for p in detail.phones] == ["+79123456789"]
    assert detail.notes == "Звонить утром"
    assert outcome.name in detail.tags and detail.next_contact is None
    # the search index and the list's phone are in step with the bulk write
    assert services.views.search("912 345")[0].name == "Анна Смирнова"
    assert row.phone == "+7 912 345-67-89"


def test_a_second_import_finds_every_client_already_there(services, tmp_path):
    path = write(tmp_path, "clients.csv", CSV)
    services.imports.run(services.imports.preview(path))
    again = services.imports.preview(path)
    assert {d.why.split()[1] for d in again.duplicates if d.id} <= {"phone", "e-mail", "name"}
    assert len([d for d in again.duplicates if d.id]) == 4
    outcome = services.imports.run(again)
    assert (outcome.created, outcome.import_id) == (0, "")  # nothing to undo
    assert len(services.views.list_insert("undated")) == 3


def test_update_fills_the_existing_dossier_field_by_field_and_undo_puts_it_back(
        services, tmp_path):
    services.settings.update(phone_region="PL")
    from app.services.dossiers import NewDossier

    old_id, _changes = services.dossiers.create(NewDossier(
        name="Paweł Wiśniewski", company="Hurtownia Łódź", phones=["600 123 456"],
        notes="met at the fair"))
    preview = services.imports.preview(write(tmp_path, "c.csv", CSV.replace(
        "+48 600 123 456,pawel", "+48 600 123 456,pawel").replace(
        ",second row of the same man", ",+48 601 000 001,,second row")),
        ImportOptions(on_duplicate="update"))
    outcome = services.imports.run(preview)
    assert outcome.updated == 1 and outcome.created == 2
    detail = services.dossiers.get(old_id)
    assert detail.position == "Kierownik"
    assert [e.address for e in detail.emails] == ["pawel@hurtownia.example"]
    assert detail.notes.startswith("met at the fair")  # the binder's own notes are kept
    assert services.imports.undo(outcome.import_id) == 3
    detail = services.dossiers.get(old_id)
    assert (detail.position, detail.emails, detail.notes) == ("", [], "met at the fair")
    assert names(services) == ["Paweł Wiśniewski"]
    with pytest.raises(InvalidInput, match="already undone"):
        services.imports.undo(outcome.import_id)


def test_choices_one_by_one_override_the_default(services, tmp_path):
    path = write(tmp_path, "clients.csv", CSV)
    preview = services.imports.preview(path)
    services.imports.run(services.imports.preview(path), ImportChoices(duplicates={5: "new"}))
    assert names(services).count("Paweł Wiśniewski") == 2
    assert preview.duplicates[0].record == 5


def test_undo_removes_exactly_the_imported_dossiers(services, tmp_path):
    from app.services.dossiers import NewDossier

    mine, _c = services.dossiers.create(NewDossier(name="Ewa Mine"))
    outcome = services.imports.run(services.imports.preview(write(tmp_path, "a.csv", CSV)))
    assert services.imports.history()[0].created == 3
    assert services.imports.undo(outcome.import_id) == 3
    assert names(services) == ["Ewa Mine"] and services.dossiers.get(mine).name == "Ewa Mine"
    assert services.views.search("Wiśniewski") == []  # the index rows went with them
    assert services.imports.history()[0].undone


def test_a_cancelled_import_leaves_the_binder_as_it_was(services, tmp_path):
    preview = services.imports.preview(write(tmp_path, "a.csv", CSV))
    before = binder_digest(services)
    with pytest.raises(Cancelled):
        services.imports.run(preview, cancelled=lambda: True)
    assert binder_digest(services) == before


def test_a_file_that_is_no_contacts_is_refused_in_one_line(services, tmp_path):
    before = binder_digest(services)
    for name, data in (("x.vcf", b"\x00\xff" * 100), ("x.ics", b"BEGIN:VCALENDAR\r\n"),
                       ("x.xlsx", b"PK\x03\x04garbage")):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(InvalidInput) as refused:
            services.imports.preview(tmp_path / name, ImportOptions(
                format={"x.vcf": "vcard"}.get(name, "auto")))
        assert "\n" not in str(refused.value)
    with pytest.raises(InvalidInput, match="folder"):
        services.imports.preview(tmp_path)
    assert binder_digest(services) == before


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="../shared/fixtures not present")
def test_a_phones_vcard_export_with_quoted_printable_spanish(services):
    path = FIXTURES / "vcard21" / "android-multi-qp-utf8-spanish.vcf"
    preview = services.imports.preview(path)
    assert preview.format == "vcard"
    outcome = services.imports.run(preview)
    assert outcome.created == len(preview.prepared) >= 4
    assert not any("=C3" in n for n in names(services))


@pytest.mark.skipif(not (DATA / "ru-windows1251-charset.vcf").exists(), reason="no data")
def test_russian_windows_1251_vcard(services):
    services.imports.run(services.imports.preview(DATA / "ru-windows1251-charset.vcf"))
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in n) for n in names(services))


def ics(*events: str) -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + "".join(events)
            + "END:VCALENDAR\r\n")


def vevent(uid: str, start: str, summary: str, attendee: str = "", status: str = "") -> str:
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART{start}\r\n"
            f"SUMMARY:{summary}\r\n" + (f"ATTENDEE;CN=X:mailto:{attendee}\r\n" if attendee
                                        else "") + (f"STATUS:{status}\r\n" if status else "")
            + "END:VEVENT\r\n")


def test_future_events_become_fixed_appointments_of_their_dossiers(services, tmp_path):
    services.imports.run(services.imports.preview(write(tmp_path, "c.csv", CSV)))
    local = datetime.combine(TODAY + timedelta(days=3), time(10, 30)).astimezone()
    utc = local.astimezone(UTC)  # written in UTC, shown where the user is
    calendar = ics(
        vevent("a", f":{utc:%Y%m%dT%H%M%SZ}", "Demo", attendee="anna@romashka.example"),
        vevent("b", f";VALUE=DATE:{TODAY + timedelta(days=5):%Y%m%d}",
               "Visit Núria Peñalver at the shop"),
        vevent("c", f";VALUE=DATE:{TODAY + timedelta(days=6):%Y%m%d}", "Dentist"),
        vevent("d", f";VALUE=DATE:{TODAY - timedelta(days=6):%Y%m%d}", "Lunch with Anna "
               "Smirnova"),
        vevent("e", f";VALUE=DATE:{TODAY + timedelta(days=7):%Y%m%d}", "Call Paweł Wiśniewski",
               status="CANCELLED"))
    preview = services.imports.preview(write(tmp_path, "cal.ics", calendar))
    assert len(preview.events) == 5  # every event read, past and cancelled too
    assert [(m.event.uid, m.dossier_name) for m in preview.matches] == [
        ("a", "Анна Смирнова"), ("b", "Núria Peñalver"), ("c", "")]
    outcome = services.imports.run(preview, ImportChoices(events={2: "create"}))
    assert (outcome.appointments, outcome.created) == (3, 0)
    (anna,) = services.views.search("Смирнова")
    assert (anna.next_contact, anna.time, anna.fixed) == (local.date(), "10:30", True)
    (nuria,) = services.views.search("Peñalver")
    assert nuria.next_contact == TODAY + timedelta(days=5) and nuria.time is None
    assert nuria.purpose == "Visit Núria Peñalver at the shop"
    assert [r.name for r in services.views.list_insert(
        (TODAY + timedelta(days=6)).isoformat())] == ["Dentist"]
    services.imports.undo(outcome.import_id)
    (nuria,) = services.views.search("Peñalver")
    assert (nuria.next_contact, nuria.fixed) == (None, False)
    # when the date was set goes back too: else the undone date counted as just agreed
    assert services.filing.schedules([nuria.id])[0].scheduled_at is None
    assert services.views.search("Dentist") == []


def test_the_exported_plan_comes_back_as_the_same_appointments(services, tmp_path):
    services.imports.run(services.imports.preview(write(tmp_path, "c.csv", CSV)))
    rows = services.views.list_insert("undated")
    services.filing.move([rows[0].id], TODAY + timedelta(days=2))
    services.filing.move([rows[1].id], TODAY + timedelta(days=9))
    from app.services.dossiers import NewDossier

    timed, _c = services.dossiers.create(NewDossier(
        name="Olga Timed", next_contact=TODAY + timedelta(days=1), time="09:15"))

    def plan() -> dict[str, tuple]:
        return {d.name: (d.next_contact, d.time) for d in (
            services.dossiers.get(i) for i in (rows[0].id, rows[1].id, timed))}

    planned = plan()
    assert services.exports.write("ics", tmp_path / "plan.ics") == 3
    services.filing.move([rows[0].id, rows[1].id, timed], None)
    outcome = services.imports.run(services.imports.preview(tmp_path / "plan.ics"))
    assert outcome.appointments == 3
    assert plan() == planned
    assert planned["Olga Timed"] == (TODAY + timedelta(days=1), "09:15")


def test_import_into_a_fresh_binder_through_the_bulk_writer_keeps_search_in_step(
        services, tmp_path):
    lines = ["Name,Phone,E-mail"] + [f"Client {n:05d},+48 600 {n:06d},c{n}@x.example"
                                     for n in range(1, 2001)]
    services.settings.update(phone_region="PL")
    preview = services.imports.preview(write(tmp_path, "many.csv", "\n".join(lines)))
    assert len(preview.rows) == 50  # the wizard's preview shows the first 50
    outcome = services.imports.run(preview, progress=lambda done, total: None)
    assert outcome.created == 2000
    assert services.views.search("Client 01999")[0].phone.startswith("+48 600")
    assert services.views.search("c1234@x.example")[0].name == "Client 01234"


@pytest.mark.parametrize("kind,layout", [("vcard", "google"), ("vcard3", "google"),
                                         ("csv", "google"), ("csv", "outlook")])
def test_binder_to_file_to_binder_gives_the_same_cards(services, tmp_path, binder_path,
                                                       clock, kind, layout):
    from app.services import open_services

    services.imports.run(services.imports.preview(write(tmp_path, "c.csv", CSV)))
    target = tmp_path / f"out.{'csv' if kind == 'csv' else 'vcf'}"
    assert services.exports.write(kind, target, layout=layout) == 3
    other = tmp_path / "other.rbinder"
    with open_services(other, clock, create=True) as fresh:
        fresh.imports.run(fresh.imports.preview(target))
        for row in services.views.list_insert("undated"):
            mine = services.dossiers.get(row.id)
            (twin,) = fresh.views.search(mine.name)
            theirs = fresh.dossiers.get(twin.id)
            assert (theirs.name, theirs.company, theirs.position, theirs.notes) == (
                mine.name, mine.company, mine.position, mine.notes)
            assert [p.e164 for p in theirs.phones] == [p.e164 for p in mine.phones]
            assert [e.address for e in theirs.emails] == [e.address for e in mine.emails]


def test_export_of_an_insert_and_of_chosen_dossiers(services, tmp_path):
    from app.interchange.vcard import read_vcard

    services.imports.run(services.imports.preview(write(tmp_path, "c.csv", CSV)))
    rows = services.views.list_insert("undated")
    services.filing.move([rows[0].id], TODAY)
    assert services.exports.write("vcard", tmp_path / "day.vcf", insert=TODAY.isoformat()) == 1
    assert [c.name for c in read_vcard((tmp_path / "day.vcf").read_bytes()).contacts] == [
        rows[0].name]
    assert services.exports.write("vcard", tmp_path / "two.vcf",
                                  ids=[rows[1].id, rows[2].id]) == 2
    with pytest.raises(InvalidInput):
        services.exports.write("pdf", tmp_path / "x")
    assert date.today()  # the clock of the machine plays no part above


FILE_STARTS = [b"", b"BEGIN:VCARD\r\n", b"BEGIN:VCALENDAR\r\n", b"PK\x03\x04", b"\xef\xbb\xbf",
               b"First Name,Last Name,Mobile Phone\r\n", b"\xff\xfe"]


@settings(max_examples=int(os.environ.get("RINGBINDER_FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from(FILE_STARTS), body=st.binary(max_size=600),
       suffix=st.sampled_from([".vcf", ".csv", ".xlsx", ".ics", ".txt", ""]))
def test_any_bytes_as_a_file_give_an_import_or_a_one_line_refusal(services, tmp_path, start,
                                                                  body, suffix):
    path = tmp_path / f"any{suffix}"
    path.write_bytes(start + body)
    try:
        preview = services.imports.preview(path)
    except InvalidInput as refusal:
        assert "\n" not in str(refusal)
        return
    outcome = services.imports.run(preview)
    assert outcome.created == len(preview.prepared) - sum(
        1 for d in preview.duplicates)  # duplicates are skipped by default
    if outcome.import_id:
        services.imports.undo(outcome.import_id)
    assert services.views.list_insert("undated") == []
