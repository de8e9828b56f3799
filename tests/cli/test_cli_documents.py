"""`ringbinder attach ID FILE...`, `documents ID [--json]` and `print … --with-documents`:
documents kept from a script under the window's rules (25 MB, safe names, all or none) and
printed after their cards, a damaged one said on stderr with the pack written all the same."""

from __future__ import annotations

import pytest

from tests.cli.test_cli import add, assert_refused, run_cli
from tests.helpers import binder_digest
from tests.pdf.pdfcheck import all_text, page_text, read
from tests.pdf.test_print_documents import flat, photo, proposal


@pytest.fixture
def filed(binder_path, tmp_path):
    dossier = add(binder_path, "María Peña", "--next", "2026-11-24")
    files = tmp_path / "files"
    files.mkdir()
    (files / "proposal.pdf").write_bytes(proposal(2))
    (files / "site.jpg").write_bytes(photo())
    return binder_path, dossier, files


def test_attach_prints_each_id_and_documents_lists_them(filed):
    binder, dossier, files = filed
    run = run_cli(binder, "attach", dossier[:8], str(files / "proposal.pdf"),
                  str(files / "site.jpg"))
    assert run.code == 0, run.err
    ids = run.out.split()
    assert len(ids) == 2 and all(len(i) == 36 for i in ids)

    listed = run_cli(binder, "documents", dossier, "--json").json()
    assert [set(d) for d in listed] == [{"id", "name", "mime", "size", "added"}] * 2
    assert [(d["id"], d["name"], d["mime"]) for d in listed] == [
        (ids[0], "proposal.pdf", "application/pdf"), (ids[1], "site.jpg", "image/jpeg")]
    assert listed[0]["size"] == (files / "proposal.pdf").stat().st_size
    assert listed[0]["added"].startswith("2026-") and listed[0]["added"].endswith("Z")

    table = run_cli(binder, "documents", dossier)
    assert table.code == 0, table.err
    lines = table.out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(ids[0]) and "proposal.pdf" in lines[0] and "PDF" in lines[0]
    assert "site.jpg" in lines[1] and "JPEG image" in lines[1] and "kB" in lines[1]


def test_a_dossier_without_documents_says_none(filed):
    binder, dossier, _files = filed
    assert run_cli(binder, "documents", dossier).out == "(none)\n"
    assert run_cli(binder, "documents", dossier, "--json").json() == []


def test_a_file_past_25_mb_is_refused_and_nothing_is_kept(filed):
    binder, dossier, files = filed
    big = files / "catalogue.pdf"
    with big.open("wb") as stream:  # sparse: 26 MB that take no room on the disk
        stream.truncate(26 * 2**20)
    before = binder_digest(binder)
    run = run_cli(binder, "attach", dossier, str(files / "proposal.pdf"), str(big))
    assert_refused(run, "catalogue.pdf", "26.0 MB", "25 MB")
    assert binder_digest(binder) == before  # not even the first file
    assert run_cli(binder, "documents", dossier, "--json").json() == []


def test_a_missing_file_is_a_clear_error_and_nothing_is_kept(filed):
    binder, dossier, files = filed
    before = binder_digest(binder)
    run = run_cli(binder, "attach", dossier, str(files / "proposal.pdf"),
                  str(files / "nowhere.pdf"))
    assert_refused(run, "nowhere.pdf", "No such file")
    assert binder_digest(binder) == before


def test_a_folder_or_an_unknown_dossier_is_refused(filed):
    binder, dossier, files = filed
    assert_refused(run_cli(binder, "attach", dossier, str(files)), "is not a file")
    assert_refused(run_cli(binder, "attach", "0badc0de-0000-4000-8000-000000000000",
                           str(files / "site.jpg")), "dossier")


def test_a_hostile_file_name_is_kept_under_a_safe_name(filed, tmp_path):
    binder, dossier, files = filed
    hostile = files / "..\\..\\x.pdf"  # a legal name here, a way out on Windows
    hostile.write_bytes(proposal(1))
    reserved = files / "CON.pdf"  # a device on Windows
    reserved.write_bytes(proposal(1))
    run = run_cli(binder, "attach", dossier, str(hostile), str(reserved))
    assert run.code == 0, run.err
    names = [d["name"] for d in run_cli(binder, "documents", dossier, "--json").json()]
    assert names == ["x.pdf", "_CON.pdf"]


def test_print_with_documents_appends_them_and_warns_of_a_damaged_one(filed, tmp_path):
    binder, dossier, files = filed
    (files / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    assert run_cli(binder, "attach", dossier, str(files / "proposal.pdf"),
                   str(files / "site.jpg"), str(files / "broken.pdf")).code == 0
    target = tmp_path / "pack.pdf"
    run = run_cli(binder, "print", "card", dossier, "--with-documents", "-o", str(target))
    assert run.code == 0
    assert run.out == f"Wrote {target} (4 pages).\n"
    assert run.err == ("ringbinder: María Peña: broken.pdf is not printed: it could not be "
                       "read as a PDF.\n")
    reader = read(target)
    assert len(reader.pages) == 4
    assert "broken.pdf not printed" in flat(page_text(reader, 0))
    assert "María Peña · proposal.pdf" in flat(all_text(reader))

    day = run_cli(binder, "print", "day", "today", "--with-documents", "-o",
                  str(tmp_path / "day.pdf"))
    assert day.code == 0 and "broken.pdf" in day.err
    assert day.out == f"Wrote {tmp_path / 'day.pdf'} (5 pages).\n"  # the agenda first

    plain = run_cli(binder, "print", "day", "today", "-o", str(tmp_path / "plain.pdf"))
    assert plain.out == f"Wrote {tmp_path / 'plain.pdf'} (2 pages).\n" and plain.err == ""
