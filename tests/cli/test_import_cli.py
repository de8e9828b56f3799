"""`ringbinder import`, `imports` and `export` as a script sees them: the --json contract of
the README, --dry-run writing nothing, a file that cannot be read refused in one line with the
binder unchanged (or not even created), and the way back out."""

from __future__ import annotations

from pathlib import Path

from app.interchange.csv_contacts import read_csv
from app.interchange.vcard import read_vcard
from tests.cli.test_cli import TODAY, assert_refused, run_cli
from tests.helpers import binder_digest

CONTACT_KEYS = {"name", "given", "family", "company", "position", "phones", "emails",
                "address", "website", "birthday", "notes"}
EVENT_KEYS = {"uid", "summary", "start", "end", "all_day", "status", "recurrence"}
REPORT_KEYS = {"format", "encoding", "contacts", "events", "duplicates", "skipped",
               "warnings", "created", "updated"}
VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kowalska;Zofia;;;\r\nFN:Zofia Kowalska\r\n"
    "ORG:Łódzkie Meble\r\nTEL;TYPE=CELL:+48 600 111 222\r\nEMAIL:zofia@meble.example\r\n"
    "BDAY:1980-02-29\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Иван Петров\r\nTEL:+7 912 000 11 22\r\nEND:VCARD\r\n"
)


def vcf(tmp_path: Path) -> Path:
    path = tmp_path / "phone.vcf"
    path.write_text(VCARD, encoding="utf-8")
    return path


def test_import_json_is_the_documented_contract(tmp_path):
    binder = tmp_path / "b.rbinder"
    report = run_cli(binder, "import", str(vcf(tmp_path)), "--json").json()
    assert set(report) == REPORT_KEYS
    assert (report["format"], report["encoding"], report["created"]) == ("vcard", "utf-8", 2)
    zofia, ivan = report["contacts"]
    assert set(zofia) == CONTACT_KEYS
    assert (zofia["given"], zofia["family"], zofia["birthday"]) == ("Zofia", "Kowalska",
                                                                    "1980-02-29")
    assert zofia["company"] == "Łódzkie Meble" and ivan["name"] == "Иван Петров"
    (row,) = run_cli(binder, "search", "Kowalska", "--json").json()
    shown = run_cli(binder, "show", row["id"], "--json").json()
    assert (shown["birthday"], shown["department"]) == ("1980-02-29", "")
    again = run_cli(binder, "import", str(vcf(tmp_path)), "--json").json()
    assert again["created"] == 0 and len(again["duplicates"]) == 2
    assert {d["record"] for d in again["skipped"]} == {1, 2}
    assert set(again["duplicates"][0]) == {"record", "id", "why"}


def test_dry_run_reads_and_checks_but_writes_nothing(tmp_path):
    binder = tmp_path / "b.rbinder"
    run_cli(binder, "add", "--name", "Zofia Kowalska", "--phone", "+48 600 111 222")
    before = binder_digest(binder)
    report = run_cli(binder, "import", str(vcf(tmp_path)), "--dry-run", "--json").json()
    assert (report["created"], report["updated"]) == (0, 0)
    assert report["duplicates"][0]["record"] == 1
    assert binder_digest(binder) == before


def test_a_file_that_cannot_be_read_is_refused_and_no_binder_is_made(tmp_path):
    binder = tmp_path / "new.rbinder"
    bad = tmp_path / "bad.vcf"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    assert_refused(run_cli(binder, "import", str(bad), "--format", "vcard"))
    assert_refused(run_cli(binder, "import", str(tmp_path / "missing.csv")), "no file")
    assert not binder.exists()
    run_cli(binder, "add", "--name", "Someone")
    before = binder_digest(binder)
    assert_refused(run_cli(binder, "import", str(bad), "--format", "ics"))
    assert_refused(run_cli(binder, "import", str(vcf(tmp_path)), "--on-duplicate", "merge"))
    assert binder_digest(binder) == before


def test_map_corrects_a_column_and_no_header_reads_the_first_row(tmp_path):
    binder = tmp_path / "b.rbinder"
    table = tmp_path / "t.csv"
    table.write_text("Ana Pérez;Cliente;+34 612 345 678\nJosé Ruiz;Socio;+34 622 345 678\n",
                     encoding="utf-8")
    report = run_cli(binder, "import", str(table), "--no-header", "--map", "1=display_name",
                     "--map", "2=position", "--map", "3=phone", "--json").json()
    assert [(c["name"], c["position"], c["phones"]) for c in report["contacts"]] == [
        ("Ana Pérez", "Cliente", ["+34 612 345 678"]), ("José Ruiz", "Socio",
                                                      ["+34 622 345 678"])]
    assert_refused(run_cli(binder, "import", str(table), "--map", "9=phone"), "column")
    assert_refused(run_cli(binder, "import", str(table), "--map", "1=shoe size"))


def test_events_are_listed_with_offsets_and_dates(tmp_path):
    binder = tmp_path / "b.rbinder"
    cal = tmp_path / "c.ics"
    cal.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
        "BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261201T090000Z\r\n"
        "DTEND:20261201T100000Z\r\nSUMMARY:Past or future\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:2\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20261203\r\n"
        "SUMMARY:All day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    report = run_cli(binder, "import", str(cal), "--json").json()
    timed, all_day = report["events"]
    assert set(timed) == EVENT_KEYS
    assert timed["start"] == "2026-12-01T09:00:00+00:00" and not timed["all_day"]
    assert (all_day["start"], all_day["all_day"]) == ("2026-12-03", True)
    assert {s["reason"] for s in report["skipped"]} == {"no dossier matches the event"}


def test_imports_lists_and_undoes(tmp_path):
    binder = tmp_path / "b.rbinder"
    out = run_cli(binder, "import", str(vcf(tmp_path)))
    assert out.code == 0 and "Created 2" in out.out
    (listed,) = run_cli(binder, "imports", "--json").json()
    assert listed["created"] == 2 and not listed["undone"]
    assert run_cli(binder, "imports", "--undo", listed["id"]).code == 0
    assert run_cli(binder, "list", "undated", "--json").json() == []
    assert_refused(run_cli(binder, "imports", "--undo", listed["id"]), "already undone")


def test_export_vcard_csv_and_ics_read_back(tmp_path):
    binder = tmp_path / "b.rbinder"
    run_cli(binder, "import", str(vcf(tmp_path)), "--next", TODAY)
    assert run_cli(binder, "export", "vcard", "-o", str(tmp_path / "o.vcf")).code == 0
    back = read_vcard((tmp_path / "o.vcf").read_bytes()).contacts
    assert sorted(c.name for c in back) == ["Zofia Kowalska", "Иван Петров"]
    assert run_cli(binder, "export", "vcard", "--vcard-version", "3.0", "-o",
                   str(tmp_path / "o3.vcf")).code == 0
    assert b"VERSION:3.0" in (tmp_path / "o3.vcf").read_bytes()
    assert run_cli(binder, "export", "csv", "--layout", "outlook", "-o",
                   str(tmp_path / "o.csv")).code == 0
    rows = read_csv((tmp_path / "o.csv").read_bytes()).contacts
    assert sorted(c.company for c in rows) == ["", "Łódzkie Meble"]
    out = run_cli(binder, "export", "ics", "--insert", TODAY, "-o", str(tmp_path / "o.ics"))
    assert out.code == 0 and "(2)" in out.out
    assert_refused(run_cli(binder, "export", "ics", "--insert", "someday", "-o",
                           str(tmp_path / "x.ics")))
    assert not (tmp_path / "x.ics").exists()
