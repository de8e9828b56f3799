"""The card editor: every field saves itself, survives closing and a hard kill, and can be
undone; the duplicate warning; amendments; documents dropped on the card."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.services import open_services
from app.services.filing import ContactLog
from app.ui.card_fields import SAVE_DELAY_MS
from app.ui.dossier_dialogs import AmendDialog, NewDossierDialog
from tests.conftest import TODAY
from tests.ui.conftest import add, type_keys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def card(make_window, services):
    ana = add(services, "Ana Ruiz", TODAY, company="Frutas Ruiz S.L.",
              phones=["+34 612 345 678"])
    window = make_window(services)
    window.jump_to(ana)
    assert window.pane.dossier_id == ana
    return window, ana


def edit(qtbot, window, name: str, text: str) -> None:
    """Replace a field's text by typing, as a user would."""
    widget = window.pane.fields.fields[name].widget
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_keys(qtbot, widget, text)


def test_every_field_is_saved_by_itself_and_shown_after_reopening(qtbot, card, services,
                                                                  clock):
    window, ana = card
    edit(qtbot, window, "company", "Frutas Peña S.L.")
    edit(qtbot, window, "position", "Directora de compras")
    edit(qtbot, window, "website", "https://frutas.example")
    window.pane.fields.fields["status"].widget.setCurrentIndex(1)
    window.pane.fields.fields["status"].edited.emit()
    edit(qtbot, window, "notes", "Prefers calls after 10")
    qtbot.waitUntil(lambda: services.dossiers.get(ana).notes == "Prefers calls after 10",
                    timeout=SAVE_DELAY_MS * 4)
    window.close()
    services.close()
    with open_services(services.path, clock) as reopened:
        d = reopened.dossiers.get(ana)
        assert (d.company, d.position, d.website, d.status) == (
            "Frutas Peña S.L.", "Directora de compras", "https://frutas.example", "active")
        assert reopened.views.search("pena")[0].id == ana


@pytest.mark.parametrize(("field", "typed", "read"), [
    ("name", "Ana Ruiz Peña", lambda d: d.name),
    ("position", "Jefa de compras", lambda d: d.position),
    ("company", "Frutas Ruiz", lambda d: d.company),
    ("phones", "mobile: +34 612 345 679", lambda d: [(p.label, p.number) for p in d.phones]),
    ("emails", "work: ana@frutas.es", lambda d: [(e.label, e.address) for e in d.emails]),
    ("address", "Calle Mayor 1, Madrid", lambda d: d.address),
    ("website", "frutas.example", lambda d: d.website),
    ("source", "trade fair 2026", lambda d: d.source),
    ("segment", "retail", lambda d: d.segment),
    ("tags", "fruit, b2b", lambda d: d.tags),
    ("notes", "Call after 10", lambda d: d.notes),
])
def test_each_field_is_kept_after_reopening(qtbot, card, services, clock, field, typed, read):
    window, ana = card
    edit(qtbot, window, field, typed)
    window.close()
    services.close()
    expected = {"phones": [("mobile", "+34 612 34 56 79")],
                "emails": [("work", "ana@frutas.es")]}.get(field, typed)
    with open_services(services.path, clock) as reopened:
        assert read(reopened.dossiers.get(ana)) == expected


def test_closing_the_window_saves_what_was_just_typed(qtbot, card, services):
    window, ana = card
    edit(qtbot, window, "company", "Typed a moment ago")
    window.close()  # before the save timer fires
    assert services.dossiers.get(ana).company == "Typed a moment ago"


def test_changing_dossier_saves_the_one_being_edited(qtbot, card, services):
    window, ana = card
    other = add(services, "Zofia Nowak", TODAY)
    edit(qtbot, window, "company", "Saved on the way out")
    window.jump_to(other)
    assert services.dossiers.get(ana).company == "Saved on the way out"


def test_phones_are_checked_and_formatted(qtbot, card, services):
    window, ana = card
    edit(qtbot, window, "phones", "mobile: +48600123456")
    window.pane.fields.flush()
    assert [p.number for p in services.dossiers.get(ana).phones] == ["+48 600 123 456"]
    edit(qtbot, window, "phones", "not a phone")
    window.pane.fields.flush()
    error = window.pane.fields.fields["phones"].error
    assert error.isVisible() and "not a phone" in error.text()
    assert [p.number for p in services.dossiers.get(ana).phones] == ["+48 600 123 456"]
    edit(qtbot, window, "emails", "ana@@frutas")
    window.pane.fields.flush()
    assert window.pane.fields.fields["emails"].error.isVisible()
    assert services.dossiers.get(ana).emails == []


def test_an_empty_name_is_refused_at_the_field(qtbot, card, services):
    window, ana = card
    edit(qtbot, window, "name", " ")
    window.pane.fields.flush()
    assert "cannot be empty" in window.pane.fields.fields["name"].error.text()
    assert services.dossiers.get(ana).name == "Ana Ruiz"


def test_each_saved_edit_can_be_undone_and_redone(qtbot, card, services):
    window, ana = card
    edit(qtbot, window, "company", "First")
    window.pane.fields.flush()
    edit(qtbot, window, "company", "Second")
    window.pane.fields.flush()
    window.list.setFocus()
    assert window.actions_["undo"].text() == "&Undo Edit Company"
    window.actions_["undo"].trigger()
    assert services.dossiers.get(ana).company == "First"
    window.actions_["undo"].trigger()
    assert services.dossiers.get(ana).company == "Frutas Ruiz S.L."
    assert window.pane.fields.fields["company"].widget.text() == "Frutas Ruiz S.L."
    window.actions_["redo"].trigger()
    assert services.dossiers.get(ana).company == "First"


HARD_KILL = """
import sys
from datetime import date
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from app.clock import FixedClock
from app.services import open_services
from app.ui.main_window import MainWindow
app = QApplication([])
services = open_services(sys.argv[1], FixedClock(date(2026, 11, 24)))
window = MainWindow(services, FixedClock(date(2026, 11, 24)),
                    QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
window.jump_to(sys.argv[3])
field = window.pane.fields.fields["company"]
field.widget.setText("Typed one second before the crash")
field.edited.emit()
print("typed", flush=True)
app.exec()
"""


def test_an_edit_survives_a_hard_kill_a_second_after_typing(services, tmp_path):
    ana = add(services, "Ana Ruiz", TODAY, company="Before")
    services.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", HARD_KILL, str(services.path), str(tmp_path / "s.ini"), ana],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "typed"
        time.sleep(1.0)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
        child.stdout.close()
    with open_services(services.path) as reopened:
        assert reopened.dossiers.get(ana).company == "Typed one second before the crash"


def test_a_new_dossier_that_looks_like_an_existing_one_is_flagged(qtbot, card, services):
    window, ana = card
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.dialog
    assert isinstance(dialog, NewDossierDialog)
    dialog.name.setText("Beatriz Gómez")
    dialog.phone.setText("+34 612 345 678")  # Ana's phone
    dialog.confirm()
    assert dialog.isVisible() and "Ana Ruiz" in dialog.message.text()
    with qtbot.waitSignal(dialog.openExisting):
        dialog.open_existing.click()
    assert window.pane.dossier_id == ana
    assert services.views.search("beatriz") == []


def test_a_new_dossier_can_be_created_anyway_and_is_opened(qtbot, card, services):
    window, _ana = card
    window.new_dossier()
    dialog = window.dialog
    dialog.name.setText("Ana Ruiz")
    dialog.company.setText("Frutas Ruiz S.L.")
    dialog.confirm()
    assert dialog.isVisible()  # warned first
    dialog.confirm()  # OK again: create anyway
    (new,) = [r for r in services.views.search("ana ruiz") if r.id != _ana]
    assert window.pane.dossier_id == new.id
    assert window.pane.tabs.currentWidget() is window.pane.fields


def test_an_amendment_strikes_the_original_and_shows_the_correction(qtbot, card, services):
    window, ana = card
    services.filing.log_contact(ana, ContactLog("call", "Quote for 2 pallets", "Wants 10 %"))
    window.jump_to(ana)
    original = services.dossiers.get(ana).events[0]
    window.pane.tabs.setCurrentWidget(window.pane.history)  # its links are on the History tab
    window.pane.history.linkActivated.emit(f"amend:{original.id}")
    dialog = window.dialog
    assert isinstance(dialog, AmendDialog)
    dialog.summary.setText("Quote for 3 pallets")
    dialog.confirm()
    text = window.pane.history.text()
    assert "Quote for 3 pallets" in text and "<s>Quote for 2 pallets" in text
    assert "Quote for 3 pallets" in window.pane.last_talk.text()
    assert len(services.dossiers.get(ana).events) == 2


def test_files_dropped_on_the_card_are_kept_in_the_binder(qtbot, card, services, tmp_path):
    window, ana = card
    offer = tmp_path / "oferta.pdf"
    offer.write_bytes(b"%PDF-1.4 offer")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(offer))])
    pane = window.pane
    target = pane.viewport()  # where a drag over the card arrives
    pos = QPointF(target.rect().center())
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert [d.filename for d in services.attachments.list(ana)] == ["oferta.pdf"]
    assert pane.tabs.currentWidget() is pane.documents
    assert pane.documents.model.rowCount() == 1
    copy = pane.documents.save_selected(tmp_path / "copy.pdf")
    assert copy is not None and copy.read_bytes() == b"%PDF-1.4 offer"
    pane.documents.remove_or_restore()
    assert services.attachments.list(ana) == []
    pane.documents.trash_button.click()
    pane.documents.remove_or_restore()
    assert [d.filename for d in services.attachments.list(ana)] == ["oferta.pdf"]


def test_a_document_over_the_limit_is_refused_with_a_message(qtbot, card, services, tmp_path):
    window, ana = card
    services.attachments.limit = 10
    big = tmp_path / "scan.tiff"
    big.write_bytes(b"x" * 11)
    with qtbot.waitSignal(window.pane.documents.failed) as failed:
        assert window.pane.documents.add_files([big]) == 0
    assert "scan.tiff" in failed.args[0]
    assert services.attachments.list(ana) == []


def test_the_history_is_laid_out_when_its_tab_is_shown(qtbot, card, services):
    """A switch of card lays out only the tab in view; the History tab, opened, shows the
    current card's history, never the previous card's."""
    window, ana = card
    services.filing.log_contact(ana, ContactLog("call", "Quote for 2 pallets", "Wants 10 %"))
    other = add(services, "Bruno Sanz", TODAY)
    window.jump_to(ana)
    pane = window.pane
    assert pane.tabs.currentWidget() is pane.fields
    window.jump_to(other)
    pane.tabs.setCurrentWidget(pane.history)
    assert "Quote for 2 pallets" not in pane.history.text()
    window.jump_to(ana)  # the History tab in view: filled at once
    assert "Quote for 2 pallets" in pane.history.text()
