"""Documents kept inside the binder, and corrections of the history."""

from __future__ import annotations

import os
import stat

import pytest

from app.errors import InvalidInput, NotFound
from app.services import attachments, open_services
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog
from tests.helpers import raw_sql


@pytest.fixture
def ana(services):
    dossier_id, _ = services.dossiers.create(NewDossier(
        name="Ana Ruiz", company="Frutas Ruiz S.L.", phones=["+34 612 345 678"],
        emails=["ana@frutasruiz.es"]))
    return dossier_id


def test_a_document_round_trips_byte_for_byte_through_the_binder_file(services, ana, tmp_path,
                                                                       clock, binder_address):
    data = os.urandom(300_000) + "Presupuesto nº 117 — Łódź".encode()
    source = tmp_path / "presupuesto-117.pdf"
    source.write_bytes(data)
    doc_id, _ = services.attachments.add_file(ana, source)
    services.close()  # everything is in the one binder
    with open_services(binder_address, clock) as reopened:
        (view,) = reopened.attachments.list(ana)
        assert (view.filename, view.size, view.mime) == ("presupuesto-117.pdf", len(data),
                                                         "application/pdf")
        copy = reopened.attachments.save_copy(doc_id, tmp_path / "copy.pdf")
        assert copy.read_bytes() == data
        assert reopened.dossiers.get(ana).attachments[0].filename == "presupuesto-117.pdf"


def test_the_size_limit_is_enforced_with_a_clear_message(services, ana, tmp_path):
    services.attachments.limit = 1000
    big = tmp_path / "scan.tiff"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(InvalidInput, match=r"scan\.tiff.*up to"):
        services.attachments.add_file(ana, big)
    with pytest.raises(InvalidInput, match="up to"):
        services.attachments.add(ana, "scan.tiff", b"x" * 1001)
    assert services.attachments.list(ana) == []
    services.attachments.add(ana, "small.txt", b"x" * 1000)  # at the limit is fine
    assert len(services.attachments.list(ana)) == 1


def test_a_removed_document_goes_to_a_trash_it_can_come_back_from(services, ana):
    doc_id, _ = services.attachments.add(ana, "offer.odt", b"offer")
    services.attachments.trash(doc_id)
    assert services.attachments.list(ana) == []
    assert [d.id for d in services.attachments.list(ana, trashed=True)] == [doc_id]
    services.attachments.restore(doc_id)
    assert [d.filename for d in services.attachments.list(ana)] == ["offer.odt"]
    assert services.attachments.read(doc_id).data == b"offer"


def test_unreadable_sources_and_unknown_documents_are_refused(services, ana, tmp_path):
    with pytest.raises(InvalidInput, match="Cannot read"):
        services.attachments.add_file(ana, tmp_path / "missing.pdf")
    with pytest.raises(NotFound):
        services.attachments.read("00000000-0000-4000-8000-000000000000")
    doc_id, _ = services.attachments.add(ana, "a.txt", b"a")
    with pytest.raises(InvalidInput, match="Cannot write"):
        services.attachments.save_copy(doc_id, tmp_path / "no" / "such" / "folder" / "a.txt")
    assert not (tmp_path / "no").exists()


def test_an_amendment_adds_a_correcting_event_and_keeps_the_original(services, ana):
    services.filing.log_contact(ana, ContactLog("call", "Quote for 2 pallets", "Wants 10 % off",
                                                amount="1200"))
    original = services.dossiers.get(ana).events[0]
    amend_id, _ = services.filing.amend(original.id, ContactLog(
        "call", "Quote for 3 pallets", "Wants 5 % off", amount="1800"))
    events = services.dossiers.get(ana).events
    assert [e.id for e in events] == [amend_id, original.id]
    assert events[0].kind == "amend" and events[0].amends == original.id
    assert (events[1].summary, events[1].amount) == ("Quote for 2 pallets", "1200.00")
    assert services.views.search("3 pallets")[0].id == ana
    with pytest.raises(NotFound):
        services.filing.amend("00000000-0000-4000-8000-000000000000",
                              ContactLog("call", "x", "y"))


def test_a_new_dossier_that_looks_like_an_existing_one_is_found(services, ana):
    dup = services.dossiers.duplicates
    assert dup("Someone Else", phones=["+34612345678"]) == [ana]
    assert dup("Someone Else", emails=["ANA@frutasruiz.es"]) == [ana]
    assert dup("ana ruiz", company="FRUTAS RUIZ S.L.") == [ana]
    assert dup("Ana Ruiz", company="Another Company") == []
    assert dup("Ana Ruiz", company="Frutas Ruiz S.L.", exclude=ana) == []
    assert dup("Pablo", phones=["not a phone"]) == []




def _files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_opening_a_document_writes_it_only_inside_this_runs_private_folder(
        services, ana, shared_tmp):
    hostile, _ = services.attachments.add(ana, "../../../.config/autostart/evil.desktop",
                                          b"[Desktop Entry]")
    offer, _ = services.attachments.add(ana, "C:\\Users\\ana\\offer.pdf", b"%PDF")
    assert [d.filename for d in services.attachments.list(ana)] == ["evil.desktop", "offer.pdf"]
    opened = services.attachments.open_copy(hostile)
    again = services.attachments.open_copy(offer)
    (private,) = shared_tmp.iterdir()  # one folder for the whole run
    assert private.name.startswith("ringbinder-")
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert _files(shared_tmp) == sorted([opened, again])
    assert opened.name == "evil.desktop" and opened.read_bytes() == b"[Desktop Entry]"
    assert private.resolve() in opened.parents and private.resolve() in again.parents


def test_a_name_stored_as_a_path_still_opens_inside_the_private_folder(
        services, ana, shared_tmp):
    """A binder written elsewhere may hold any name: opening never trusts it."""
    for name in ("../../escape.sh", "a\x00b.pdf", "..", "x" * 255):
        if services.team and "\x00" in name:  # PostgreSQL's text holds no NUL at all
            continue
        doc_id, _ = services.attachments.add(ana, "placeholder.txt", name.encode())
        raw_sql(services, "UPDATE attachments SET filename = ? WHERE uuid = ?", (name, doc_id))
        opened = services.attachments.open_copy(doc_id)
        assert opened.read_bytes() == name.encode()
        assert "/" not in opened.name and "\x00" not in opened.name
        assert len(opened.name.encode()) <= 200
    private = attachments.private_folder()
    assert all(private in f.parents for f in _files(shared_tmp))
    assert not (shared_tmp.parent / "escape.sh").exists()


def test_a_copy_is_never_written_outside_the_folder_given(services, ana, tmp_path):
    doc_id, _ = services.attachments.add(ana, "a.txt", b"a")
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ("../evil.txt", "sub/evil.txt", "a\x00b.txt", "..", ""):
        with pytest.raises(InvalidInput, match="would not be inside"):
            attachments.write_inside(folder, name, b"evil")
    with pytest.raises(InvalidInput, match="would not be inside"):
        services.attachments.save_copy(doc_id, folder / "..")
    assert _files(tmp_path / "out") == [] and not (tmp_path / "evil.txt").exists()
    assert services.attachments.save_copy(doc_id, folder / "a.txt").read_bytes() == b"a"


def test_a_document_needs_a_name_and_a_long_one_is_cut_keeping_its_extension(services, ana):
    with pytest.raises(InvalidInput, match="needs a file name"):
        services.attachments.add(ana, "  ", b"x")
    assert services.attachments.list(ana) == []
    services.attachments.add(ana, "p" * 251 + ".pdf", b"%PDF")
    (view,) = services.attachments.list(ana)
    assert view.filename == "p" * 196 + ".pdf" and view.mime == "application/pdf"
