"""File → Import…: the wizard reads a file in a worker, lets the user fix how it is read and
what each column holds, shows duplicates, imports in one go or not at all; a file dropped on
the window opens it; Undo import takes an import back."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from app.ui import crash
from app.ui.import_wizard import ImportWizard
from tests.ui.conftest import add, listed

CSV = ("First Name,Last Name,Company,Mobile Phone,E-mail Address\n"
       "Łukasz,Żółć,Żabka Polska,+48 600 123 456,lukasz@zabka.pl\n"
       "Иван,Иванов,ООО Ромашка,+7 495 123 45 67,ivan@romashka.ru\n"
       "María,Peña,Peña y Hijos,+34 600 111 222,maria@pena.es\n")
VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zofia Wiśniewska\r\nN:Wiśniewska;Zofia;;;\r\n"
         "TEL;TYPE=CELL:+48 601 222 333\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Олег Петров\r\nN:Петров;Олег;;;\r\nEND:VCARD\r\n")
WAIT = 10_000


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def ready(wizard: ImportWizard, page: int) -> bool:
    return wizard.currentId() == page and not wizard.busy()


def go(qtbot, wizard: ImportWizard, page: int) -> None:
    """Next >, as the user clicks it, and wait for the page (the file is read first)."""
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ready(wizard, page), timeout=WAIT)


def click_import(qtbot, wizard: ImportWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                     Qt.MouseButton.LeftButton)


def import_all(qtbot, window, wizard: ImportWizard) -> None:
    go(qtbot, wizard, ImportWizard.FORMAT)
    go(qtbot, wizard, ImportWizard.PREVIEW)
    go(qtbot, wizard, ImportWizard.REVIEW)
    click_import(qtbot, wizard)
    qtbot.waitUntil(lambda: window.imports.wizard is None, timeout=WAIT)


def test_a_csv_with_polish_and_russian_names_lands_in_undated(qtbot, make_window, services,
                                                              csv_file, monkeypatch):
    from app.ui.import_pages import FilePage

    monkeypatch.setattr(FilePage, "ask_path", lambda self: csv_file)  # the file dialog
    window = make_window(services)
    qtbot.keyClick(window.list, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wizard = window.imports.wizard
    assert wizard is not None and wizard.isVisible()
    # the file chosen, the wizard reads it and moves on by itself
    qtbot.waitUntil(lambda: ready(wizard, ImportWizard.FORMAT), timeout=WAIT)
    assert wizard.file_page.path() == csv_file
    page = wizard.format_page
    assert page.format.currentData() == "csv" and page.delimiter.currentData() == ","
    assert page.encoding.currentData() == "utf-8" and page.header.isChecked()
    go(qtbot, wizard, ImportWizard.PREVIEW)
    table = wizard.preview_page.mapping
    assert [c.currentData() for c in table.combos][:2] == ["given", "family"]
    assert table.model_.index(2, 1).data() == "Иванов"
    go(qtbot, wizard, ImportWizard.REVIEW)
    assert "3 new dossiers" in wizard.review_page.summary.text()
    click_import(qtbot, wizard)
    qtbot.waitUntil(lambda: window.imports.wizard is None, timeout=WAIT)

    assert window.strip.current_key() == "undated"
    assert set(listed(window)) == {"Łukasz Żółć", "María Peña", "Иван Иванов"}
    assert window.statusBar().currentMessage() == "Imported 3, updated 0, skipped 0."
    assert window.imports.wizard is None


def test_a_column_set_to_ignore_is_not_imported(qtbot, make_window, services, csv_file):
    window = make_window(services)
    wizard = window.imports.import_file(csv_file)
    go(qtbot, wizard, ImportWizard.FORMAT)
    go(qtbot, wizard, ImportWizard.PREVIEW)
    family = wizard.preview_page.mapping.combos[1]
    family.setCurrentIndex(family.findData(""))  # "(ignore)"
    qtbot.waitUntil(lambda: 1 not in wizard.preview.mapping and not wizard.busy(),
                    timeout=WAIT)
    assert wizard.preview_page.mapping.model_.index(1, 1).data(
        Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    go(qtbot, wizard, ImportWizard.REVIEW)
    click_import(qtbot, wizard)
    qtbot.waitUntil(lambda: window.imports.wizard is None, timeout=WAIT)
    assert set(listed(window)) == {"Łukasz", "María", "Иван"}


def test_a_dossier_already_in_the_binder_is_shown_and_skipped(qtbot, make_window, services,
                                                              csv_file):
    add(services, "Łukasz Żółć", None, phones=["+48 600 123 456"])
    window = make_window(services)
    wizard = window.imports.import_file(csv_file)
    go(qtbot, wizard, ImportWizard.FORMAT)
    go(qtbot, wizard, ImportWizard.PREVIEW)
    go(qtbot, wizard, ImportWizard.REVIEW)
    review = wizard.review_page
    model = review.duplicates_model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Łukasz Żółć"
    assert model.index(0, 3).data() == "Skip" and review.for_all() == "skip"
    assert review.tabs.tabText(0).replace("&", "") == "Duplicates (1)"
    click_import(qtbot, wizard)
    qtbot.waitUntil(lambda: window.imports.wizard is None, timeout=WAIT)
    assert set(listed(window)) == {"Łukasz Żółć", "María Peña", "Иван Иванов"}
    assert window.statusBar().currentMessage() == "Imported 2, updated 0, skipped 1."


def test_cancel_leaves_the_binder_unchanged(qtbot, make_window, services, csv_file):
    window = make_window(services)
    wizard = window.imports.import_file(csv_file)
    go(qtbot, wizard, ImportWizard.FORMAT)
    go(qtbot, wizard, ImportWizard.PREVIEW)
    go(qtbot, wizard, ImportWizard.REVIEW)
    # the binder's write lock held a moment by another writer, so that the Cancel surely
    # comes while the import waits to write (a three-row import is otherwise done at once)
    other = sqlite3.connect(services.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        click_import(qtbot, wizard)
        task = wizard.task
        assert task is not None
        task.cancel()  # the progress dialog's Cancel
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=WAIT)
    assert wizard.isVisible() and wizard.currentId() == ImportWizard.REVIEW
    assert "cancelled" in wizard.review_page.error.text()
    assert services.imports.history() == []
    assert sum(tab.count for tab in window.strip.tabs()) == 0


def drop_file(widget: QWidget, path: Path) -> bool:
    """Drag a file from a file manager onto `widget` and drop it, as Qt delivers it: to the
    first widget up from there that accepts drops. Whether the drop was taken."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    target = widget
    while not target.acceptDrops():
        target = target.parentWidget()
    pos = target.mapFromGlobal(widget.mapToGlobal(widget.rect().center()))
    action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(pos, action, mime, button, Qt.KeyboardModifier.NoModifier)
    enter.setAccepted(False)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(pos), action, mime, button, Qt.KeyboardModifier.NoModifier)
    drop.setAccepted(False)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def test_a_dropped_vcard_opens_the_wizard_on_it(qtbot, make_window, services, tmp_path):
    path = tmp_path / "phone.vcf"
    path.write_text(VCARD, encoding="utf-8")
    window = make_window(services)
    assert drop_file(window.list.viewport(), path)  # on the list of cards
    wizard = window.imports.wizard
    assert wizard is not None and wizard.file_page.path() == path
    go(qtbot, wizard, ImportWizard.FORMAT)
    assert wizard.format_page.format.currentData() == "vcard"
    go(qtbot, wizard, ImportWizard.PREVIEW)
    records = wizard.preview_page.records.model_
    assert [records.index(r, 0).data() for r in range(records.rowCount())] == [
        "Zofia Wiśniewska", "Олег Петров"]
    assert records.index(0, 2).data() == "+48 601 222 333"


def test_undo_import_removes_what_it_created(qtbot, make_window, services, csv_file,
                                             monkeypatch):
    window = make_window(services)
    import_all(qtbot, window, window.imports.import_file(csv_file))
    assert len(listed(window)) == 3
    asked: list[str] = []
    monkeypatch.setattr(type(window.imports), "confirm",
                        lambda self, text: asked.append(text) or True)
    dialog = window.imports.undo_import()
    assert dialog.table.rowCount() == 1 and dialog.undo_button.isEnabled()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert asked == ["Remove the 3 dossiers imported from contacts.csv?"]
    qtbot.waitUntil(lambda: window.imports.task is None, timeout=WAIT)
    assert listed(window) == []
    assert "(undone)" in dialog.table.item(0, 0).text()
    assert not dialog.undo_button.isEnabled()


def test_update_for_all_duplicates_updates_the_dossier(qtbot, make_window, services,
                                                       csv_file):
    add(services, "Łukasz Żółć", None, phones=["+48 600 123 456"])
    window = make_window(services)
    wizard = window.imports.import_file(csv_file)
    for page in (ImportWizard.FORMAT, ImportWizard.PREVIEW, ImportWizard.REVIEW):
        go(qtbot, wizard, page)
    review = wizard.review_page
    review.for_all_combo.setCurrentIndex(review.for_all_combo.findData("update"))
    assert review.duplicates_model.index(0, 3).data() == "Update the dossier"
    click_import(qtbot, wizard)
    qtbot.waitUntil(lambda: window.imports.wizard is None, timeout=WAIT)
    assert window.statusBar().currentMessage() == "Imported 2, updated 1, skipped 0."
    assert listed(window).count("Łukasz Żółć") == 1


def test_another_encoding_reads_the_file_again(qtbot, make_window, services, tmp_path):
    path = tmp_path / "stary.csv"
    path.write_bytes("Imię;Nazwisko\nŁukasz;Żółć\nGrzegorz;Brzęczyszczykiewicz\n"
                     .encode("cp1250"))
    window = make_window(services)
    wizard = window.imports.import_file(path)
    go(qtbot, wizard, ImportWizard.FORMAT)
    page = wizard.format_page
    assert page.encoding.currentData() == "cp1250" and page.delimiter.currentData() == ";"
    assert wizard.preview.contacts[0].name == "Łukasz Żółć"
    page.encoding.setCurrentIndex(page.encoding.findData("cp1252"))  # the wrong one
    qtbot.waitUntil(lambda: wizard.preview.encoding == "cp1252" and not wizard.busy(),
                    timeout=WAIT)
    assert wizard.preview.contacts[0].name != "Łukasz Żółć"  # garbled, as the user sees
    assert page.sample.model_.index(0, 0).data() == wizard.preview.contacts[0].name


ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//EN\r\n"
       "BEGIN:VEVENT\r\nUID:1@test\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20261126\r\n"
       "SUMMARY:Oferta dla Żabki\r\nATTENDEE;CN=Łukasz Żółć:mailto:lukasz@zabka.pl\r\n"
       "END:VEVENT\r\n"
       "BEGIN:VEVENT\r\nUID:2@test\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20261127\r\n"
       "SUMMARY:Lunch z nowym klientem\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_a_calendar_plans_the_dossier_it_is_with(qtbot, make_window, services, tmp_path):
    dossier = add(services, "Łukasz Żółć", None, emails=["lukasz@zabka.pl"])
    path = tmp_path / "kalendarz.ics"
    path.write_text(ICS, encoding="utf-8")
    window = make_window(services)
    wizard = window.imports.import_file(path)
    for page in (ImportWizard.FORMAT, ImportWizard.PREVIEW, ImportWizard.REVIEW):
        go(qtbot, wizard, page)
    events = wizard.review_page.events_model
    assert [events.index(r, 2).data() for r in range(2)] == ["Łukasz Żółć", "no dossier found"]
    assert [events.index(r, 4).data() for r in range(2)] == ["Plan with Łukasz Żółć", "Skip"]
    click_import(qtbot, wizard)
    qtbot.waitUntil(lambda: window.imports.wizard is None, timeout=WAIT)
    assert services.dossiers.get(dossier).next_contact.isoformat() == "2026-11-26"
    assert "1 appointment added." in window.statusBar().currentMessage()


def test_a_workbook_sheet_is_chosen(qtbot, make_window, services, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notatki"
    book.active.append(["Nic tu nie ma"])
    sheet = book.create_sheet("Klienci")
    sheet.append(["Imię", "Nazwisko", "Firma"])
    sheet.append(["Łukasz", "Żółć", "Żabka Polska"])
    sheet.append(["Иван", "Иванов", "ООО Ромашка"])
    path = tmp_path / "klienci.xlsx"
    book.save(path)
    window = make_window(services)
    wizard = window.imports.import_file(path)
    go(qtbot, wizard, ImportWizard.FORMAT)
    page = wizard.format_page
    assert page.format.currentData() == "xlsx"
    assert [page.sheet.itemText(i) for i in range(page.sheet.count())] == ["Notatki", "Klienci"]
    assert page.sheet.isVisible() and not page.delimiter.isVisible()
    assert "the import of klienci.xlsx, not done yet" in crash.unsaved_work()
    page.sheet.setCurrentText("Klienci")
    qtbot.waitUntil(lambda: wizard.preview.options.sheet == "Klienci" and not wizard.busy(),
                    timeout=WAIT)
    assert [c.name for c in wizard.preview.contacts] == ["Łukasz Żółć", "Иван Иванов"]
    assert page.sheet.currentText() == "Klienci"


def test_one_duplicate_chosen_as_new(qtbot, make_window, services, csv_file):
    add(services, "Łukasz Żółć", None, phones=["+48 600 123 456"])
    window = make_window(services)
    wizard = window.imports.import_file(csv_file)
    for page in (ImportWizard.FORMAT, ImportWizard.PREVIEW, ImportWizard.REVIEW):
        go(qtbot, wizard, page)
    view = wizard.review_page.duplicates
    chooser = view.indexWidget(view.model().index(0, 3))  # the combo over the row's choice
    chooser.setCurrentIndex(chooser.findData("new"))
    click_import(qtbot, wizard)
    qtbot.waitUntil(lambda: window.imports.wizard is None, timeout=WAIT)
    assert listed(window).count("Łukasz Żółć") == 2


def test_a_file_that_cannot_be_read_says_why_and_stays(qtbot, make_window, services,
                                                       tmp_path):
    path = tmp_path / "broken.vcf"
    path.write_bytes(b"\x00\x01 not a vcard at all")
    window = make_window(services)
    wizard = window.imports.import_file(path)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.file_page.error.isVisible(), timeout=WAIT)
    assert wizard.currentId() == ImportWizard.FILE and wizard.file_page.error.text()
    assert services.imports.history() == []


def test_an_import_filed_under_a_typed_day_and_a_wrong_one_refused(qtbot, make_window,
                                                                   services, csv_file):
    window = make_window(services)
    wizard = window.imports.import_file(csv_file)
    go(qtbot, wizard, ImportWizard.FORMAT)
    go(qtbot, wizard, ImportWizard.PREVIEW)
    go(qtbot, wizard, ImportWizard.REVIEW)
    page = wizard.review_page
    page.dated.setChecked(True)
    page.when.setText("2/30")
    assert page.when.note_text() == "'2/30': February has no day 30."
    click_import(qtbot, wizard)
    assert wizard.currentId() == ImportWizard.REVIEW
    assert page.error.text() == "'2/30': February has no day 30."
    assert services.views.search("María Peña") == []
    page.when.setText("fri")
    click_import(qtbot, wizard)
    qtbot.waitUntil(lambda: window.imports.wizard is None, timeout=WAIT)
    assert {row.next_contact for row in services.views.search("Peña")} == {date(2026, 11, 27)}
