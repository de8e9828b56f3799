"""Open on a document whose name came from someone else's handover file: the copy is written
in this run's private temporary folder and nowhere else, and a failure is a message, never a
traceback."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from app.services import attachments, open_services
from app.services.filing import ContactLog, NextStep
from tests.conftest import TODAY
from tests.handover.test_hostile_names import hostile_file
from tests.ui.conftest import add

NAMES = ["../../../.config/autostart/evil.desktop", "..\\..\\evil.bat"]




@pytest.fixture
def opened_urls(monkeypatch):
    """What Open hands to the system's default application (nothing is launched)."""
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


@pytest.fixture
def hostile_card(make_window, services, tmp_path, _empty_binder_file, clock):
    """Ana's card after taking over a colleague's file naming her documents as paths, and one
    document stored under a name with a NUL byte, as no check had refused it."""
    owner_path = tmp_path / "owner.rbinder"
    shutil.copyfile(_empty_binder_file, owner_path)
    with open_services(owner_path, clock) as owner:
        ana = add(owner, "Ana Ruiz", TODAY)
        services.handover.merge(hostile_file(owner, ana, tmp_path / "h.rbh",
                                             {str(uuid.uuid4()): n for n in NAMES}))
    raw_id, _ = services.attachments.add(ana, "placeholder.pdf", b"%PDF raw")
    with sqlite3.connect(services.path) as raw:
        raw.execute("UPDATE attachments SET filename = ? WHERE uuid = ?",
                    ("../../a\x00b.pdf", raw_id))
    window = make_window(services)
    window.jump_to(ana)
    window.pane.tabs.setCurrentWidget(window.pane.documents)
    return window


def _open_each(qtbot, documents) -> int:
    for row in range(documents.model.rowCount()):
        documents.list.setCurrentIndex(documents.model.index(row, 0))
        qtbot.mouseClick(documents.open_button, Qt.MouseButton.LeftButton)
    return documents.model.rowCount()


def test_open_on_a_hostile_named_document_writes_only_inside_the_private_folder(
        qtbot, hostile_card, shared_tmp, opened_urls, tmp_path):
    documents = hostile_card.pane.documents
    shown = [documents.model.item(r).text() for r in range(documents.model.rowCount())]
    assert sorted(s.split("  (")[0] for s in shown) == ["../../a\x00b.pdf", "evil.bat",
                                                         "evil.desktop"]
    with qtbot.assertNotEmitted(documents.failed):
        assert _open_each(qtbot, documents) == 3
    files = [url.toLocalFile() for url in opened_urls]
    assert sorted(f.rsplit("/", 1)[1] for f in files) == ["ab.pdf", "evil.bat", "evil.desktop"]
    (private,) = shared_tmp.iterdir()
    written = sorted(str(f) for f in tmp_path.rglob("*") if f.is_file()
                     and f.suffix in (".desktop", ".bat", ".pdf"))
    assert written == sorted(files)
    assert all(f.startswith(str(private.resolve()) + "/") for f in files)


def test_a_copy_that_cannot_be_written_is_a_message_and_nothing_is_opened(
        qtbot, hostile_card, tmp_path, monkeypatch, opened_urls):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no" / "such" / "folder"))
    monkeypatch.setattr(attachments, "_private", None)
    documents = hostile_card.pane.documents
    with qtbot.waitSignal(documents.failed) as failed:
        qtbot.mouseClick(documents.open_button, Qt.MouseButton.LeftButton)
    assert "Cannot make a temporary folder" in failed.args[0]
    assert "Cannot make a temporary folder" in hostile_card.statusBar().currentMessage()
    assert opened_urls == []


def test_the_documents_are_at_the_top_of_their_tab(qtbot, make_window, services, tmp_path):
    """Shown without scrolling in a 1366x768 window however long the history (the tab is
    as tall as the card's tallest, and the list sat at its middle, below the fold)."""
    ana = add(services, "Ana López", TODAY)
    for n in range(60):
        services.filing.log_contact(ana, ContactLog("call", f"Call {n}", "Call again"),
                                    NextStep(TODAY))
    proposal = tmp_path / "proposal.pdf"
    proposal.write_bytes(b"%PDF-1.4 proposal")
    services.attachments.add_file(ana, proposal)
    window = make_window(services)
    window.resize(1366, 768)
    window.pane.tabs.setCurrentWidget(window.pane.history)  # laid out: the tallest tab
    window.pane.tabs.setCurrentWidget(window.pane.documents)
    qtbot.waitUntil(lambda: window.pane.documents.isVisible())
    view = window.pane.viewport()
    shown = view.rect()
    docs = window.pane.documents
    for widget in (docs.title, docs.list, docs.add_button, docs.open_button):
        where = widget.mapTo(view, widget.rect().bottomRight())
        assert shown.contains(where), widget
    assert docs.model.rowCount() == 1 and "proposal.pdf" in docs.model.item(0).text()
    assert window.pane.verticalScrollBar().value() == 0
