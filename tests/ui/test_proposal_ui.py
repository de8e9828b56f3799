"""The proposal dialogs driven as a salesperson and a sales manager would: a proposal written
on a dossier (lines typed, totals live, saved: a document and an offer), a line refused with
its reason, templates made, refused, exported and imported, a hostile file turned away."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.i18n import set_locale
from app.services.dossiers import NewDossier
from app.ui import crash
from app.ui.proposal_dialog import NewProposalDialog
from app.ui.proposal_lines_table import DISCOUNT, PRICE, PRODUCT, QUANTITY, TAX, TOTAL
from app.ui.proposal_templates import ProposalTemplateEditor
from tests.helpers import binder_digest
from tests.ui.test_mnemonics import twice, widget_claims

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support")


@pytest.fixture
def dossier(services):
    services.settings.update(owner_name="Anna Nowak", currency="EUR")
    dossier_id, _ = services.dossiers.create(NewDossier(name="Łucja Żmijewska",
                                                        company="Vidrios Núñez S.L."))
    return dossier_id


@pytest.fixture
def template(services):
    template_id, _ = services.proposals.save_template(
        "Standard offer", "Offer for {company}",
        "Dear {client},\n\nour offer comes to {total}, valid until {valid_until}.", 10, "21")
    return template_id


@pytest.fixture
def dialog(qtbot, services, dossier, template):
    made = NewProposalDialog(services, dossier)
    qtbot.addWidget(made)
    made.show()
    return made


def test_a_proposal_is_written_saved_and_found_in_the_dossier(qtbot, dialog, services,
                                                             dossier):
    assert dialog.template.currentText() == "Standard offer"
    assert dialog.subject.text() == "Offer for Vidrios Núñez S.L."
    assert dialog.body.toPlainText().startswith("Dear Łucja Żmijewska,")
    table = dialog.lines
    assert table.item(0, TAX).text() == "21"  # the template's rate for new lines
    assert table.item(0, TOTAL).text() == ""  # a new line is not wrong before it is typed
    table.set_cell(0, PRODUCT, "Vidrio templado 6 mm")
    table.set_cell(0, QUANTITY, "4")
    table.set_cell(0, PRICE, "120,50")
    table.set_cell(0, DISCOUNT, "10")
    assert table.item(0, TOTAL).text() == "€524.90"  # 433.80 + 21 % (91.10)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == 2 and table.currentRow() == 1
    table.set_cell(1, PRODUCT, "Montaje")
    table.set_cell(1, PRICE, "80")
    table.set_cell(1, TAX, "0")
    assert "total €604.90" in dialog.totals.text()

    with qtbot.waitSignal(dialog.proposal_saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    detail = services.dossiers.get(dossier)
    (document,) = detail.attachments
    assert document.id == saved.args[0] and document.filename.endswith(".pdf")
    (offer,) = detail.events
    assert (offer.amount, offer.currency, offer.channel) == ("604.90", "EUR", "email")
    text = PdfReader(io.BytesIO(services.attachments.read(document.id).data)).pages[0] \
        .extract_text()
    assert "Vidrio templado 6 mm" in text and "€604.90" in text
    assert "our offer comes to €604.90, valid until December 4, 2026" in text
    assert not dialog.isVisible()


def test_a_wrong_line_is_refused_with_its_reason_and_nothing_is_saved(qtbot, dialog, services,
                                                                      dossier):
    table = dialog.lines
    table.set_cell(0, PRODUCT, "Vidrio")
    table.set_cell(0, QUANTITY, "cuatro")
    table.set_cell(0, PRICE, "10")
    assert "check" in table.item(0, TOTAL).text()
    assert "not a number" in table.item(0, TOTAL).toolTip()
    before = binder_digest(services.path)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text().startswith("Line 1:") and "cuatro" in dialog.message.text()
    assert binder_digest(services.path) == before


def _box(parent):
    """The question the dialog asks, open on screen."""
    (box,) = [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
    return box


def _button(box, text):
    (button,) = [b for b in box.buttons() if b.text().replace("&", "") == text]
    return button


def test_choosing_a_template_again_replaces_only_text_not_edited_unless_told(
        qtbot, dialog, services):
    blank, standard = 0, 1
    dialog.template.activated.emit(standard)  # the same one again, nothing edited: refilled
    assert not [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    dialog.body.setPlainText("Estimada Łucja: as we said on the phone…")
    day = services.clock.today() + timedelta(days=3)
    dialog.valid_until.setDate(day)

    dialog.template.activated.emit(standard)  # picked again: asked, and kept
    box = _box(dialog)
    assert "Standard offer" in box.text()
    _button(box, "Keep my text").click()
    assert dialog.body.toPlainText() == "Estimada Łucja: as we said on the phone…"
    assert dialog.valid_until.day() == day

    dialog.template.setCurrentIndex(blank)
    dialog.template.activated.emit(blank)  # another one: asked, kept, and the choice undone
    _button(_box(dialog), "Keep my text").click()
    assert dialog.template.currentIndex() == standard
    assert dialog.body.toPlainText() == "Estimada Łucja: as we said on the phone…"

    dialog.template.setCurrentIndex(blank)
    dialog.template.activated.emit(blank)  # replaced when told
    _button(_box(dialog), "Replace").click()
    assert dialog.body.toPlainText() == "" and dialog.valid_until.day() != day
    assert dialog.subject.text() == "Offer for Vidrios Núñez S.L."


def test_closing_with_a_line_typed_asks_first_and_the_crash_dialog_says_it_is_unsaved(
        qtbot, dialog, services, dossier, template):
    untouched = NewProposalDialog(services, dossier)
    qtbot.addWidget(untouched)
    untouched.show()
    assert untouched.unsaved_work() is None
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)  # nothing typed: closes without a word
    assert not untouched.isVisible()

    dialog.lines.set_cell(0, PRODUCT, "Vidrio templado 6 mm")
    assert dialog.unsaved_work() == "the proposal being written for Łucja Żmijewska"
    assert "the proposal being written for Łucja Żmijewska" in crash.unsaved_work()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = _box(dialog)
    assert "not saved" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible() and dialog.lines.item(0, PRODUCT).text() == "Vidrio templado 6 mm"
    dialog.reject()
    _box(dialog).button(QMessageBox.StandardButton.Discard).click()
    assert not dialog.isVisible()
    assert dialog.unsaved_work() is None


def test_the_pdf_is_printed_in_a_worker_and_a_refusal_keeps_the_dialog_and_its_text(
        qtbot, dialog, services, dossier):
    dialog.body.setPlainText("Estimada Łucja: our offer.")
    dialog.lines.set_cell(0, PRODUCT, "Vidrio templado 6 mm")
    dialog.lines.set_cell(0, PRICE, "0,125")
    dialog.lines.set_cell(0, QUANTITY, "10000")
    services.attachments.limit = 100  # the PDF is larger: refused when it is kept
    before = binder_digest(services.path)
    dialog.save()
    assert dialog.task is not None  # printing off the GUI thread, Save meanwhile disabled
    assert not dialog.save_button.isEnabled() and not dialog.copy_button.isEnabled()
    dialog.save()  # Ctrl+S again while it prints: not a second proposal
    with qtbot.waitSignal(dialog.task.done):
        pass
    assert dialog.task is None and dialog.save_button.isEnabled()
    assert "documents of up to" in dialog.message.text()
    assert dialog.isVisible() and dialog.body.toPlainText() == "Estimada Łucja: our offer."
    assert dialog.lines.item(0, PRICE).text() == "0,125"
    assert binder_digest(services.path) == before

    services.attachments.limit = 10 * 2**20
    with qtbot.waitSignal(dialog.proposal_saved):
        dialog.save()
    (offer,) = services.dossiers.get(dossier).events
    assert offer.amount == "1512.50"  # 10,000 × 0.125 + 21 %: not 0.12 a piece
    assert not dialog.isVisible() and dialog.unsaved_work() is None


def test_a_copy_is_printed_in_the_worker_to_the_file_chosen_and_nothing_is_logged(
        qtbot, dialog, services, dossier, tmp_path, monkeypatch):
    dialog.lines.set_cell(0, PRODUCT, "Vidrio templado 6 mm")
    dialog.lines.set_cell(0, QUANTITY, "1.005")  # as the US writes it: "1,005" is 1005 here
    dialog.lines.set_cell(0, PRICE, "0,125")
    target = tmp_path / "oferta.pdf"
    monkeypatch.setattr(dialog, "_ask_copy_path", lambda _name: target)
    before = binder_digest(services.path)
    dialog.save_copy()
    assert not dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.task.done):
        pass
    assert dialog.copied == target and dialog.save_button.isEnabled()
    text = PdfReader(target).pages[0].extract_text()
    assert "Vidrio templado 6 mm" in text and "€0.125" in text and "1.005" in text
    assert binder_digest(services.path) == before and dialog.isVisible()


def test_the_editor_of_templates_tells_the_crash_dialog_what_is_not_saved(qtbot, editor):
    assert editor.unsaved_work() is None
    editor.new_template()
    editor.name.setText("Borrador")
    assert "Borrador" in editor.unsaved_work()
    assert editor.unsaved_work() in crash.unsaved_work()


def test_placeholders_not_known_are_pointed_out(qtbot, dialog):
    dialog.body.setPlainText("Hello {client.__class__} and {clinet}")
    assert "{client.__class__}" in dialog.hint.text() and "{clinet}" in dialog.hint.text()
    dialog.body.setPlainText("Hello {client}")
    assert "{total}" in dialog.hint.text()  # the live ones are explained instead


# -- templates -------------------------------------------------------------------------------

@pytest.fixture
def editor(qtbot, services):
    made = ProposalTemplateEditor(services)
    qtbot.addWidget(made)
    made.show()
    return made


def test_a_template_is_made_and_saved(qtbot, editor, services):
    assert "no proposal templates yet" in editor.message.text()
    qtbot.keyClick(editor, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert editor.name.hasFocus()
    qtbot.keyClicks(editor.name, "Oferta standardowa")
    qtbot.keyClicks(editor.subject, "Oferta dla {company}")
    editor.validity.setValue(21)
    qtbot.keyClicks(editor.tax_rate, "23")
    assert editor.list.currentItem().text() == "Oferta standardowa *"
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (saved,) = services.proposals.templates()
    assert (saved.name, saved.subject, saved.validity_days, saved.tax_rate) == (
        "Oferta standardowa", "Oferta dla {company}", 21, "23")
    assert "{client}" in saved.body  # the example letter a new template starts with
    assert editor.list.currentItem().text() == "Oferta standardowa"


def test_a_template_with_an_unknown_placeholder_is_refused_as_typed(qtbot, editor, services):
    editor.new_template()
    editor.name.setText("Bad")
    editor.body.setPlainText("Dear {0.__class__}")
    assert not editor.save()
    assert "Unknown placeholder {0.__class__}" in editor.message.text()
    assert editor.body.toPlainText() == "Dear {0.__class__}"
    assert services.proposals.templates() == []


def test_templates_go_to_a_file_and_a_hostile_file_is_turned_away(
        qtbot, services, template, tmp_path, monkeypatch):
    editor = ProposalTemplateEditor(services)
    qtbot.addWidget(editor)
    file = tmp_path / "proposal-templates.json"
    monkeypatch.setattr(editor, "_ask_export_path", lambda: file)
    editor.export_file()
    assert json.loads(file.read_text("utf-8"))["templates"][0]["name"] == "Standard offer"
    assert "Exported 1 template" in editor.message.text()

    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps({"format": "ringbinder-proposal-templates", "version": 1,
                                   "templates": [{"name": "X", "body": "{0.__init__}"}]}))
    monkeypatch.setattr(editor, "_ask_import_path", lambda: hostile)
    before = binder_digest(services.path)
    editor.import_file()
    assert editor.message.text().startswith("hostile.json was not imported: Unknown placeholder")
    assert editor.message.property("error") is True
    assert binder_digest(services.path) == before

    services.proposals.delete_template(template)
    monkeypatch.setattr(editor, "_ask_import_path", lambda: file)
    editor.import_file()
    assert [t.name for t in services.proposals.templates()] == ["Standard offer"]
    assert editor.list.currentItem().text() == "Standard offer"


def test_closing_with_edits_not_saved_asks_first(qtbot, editor):
    editor.new_template()
    editor.name.setText("Draft")
    editor.reject()
    (box,) = [b for b in editor.findChildren(QMessageBox) if b.isVisible()]
    assert "Draft" in box.text()
    box.button(QMessageBox.StandardButton.Discard).click()
    assert not editor.isVisible()


@pytest.mark.parametrize("locale_name", ["en_US", "es_ES", "pl_PL", "ru_RU"])
def test_no_alt_letter_is_claimed_twice_in_the_proposal_dialogs(qtbot, services, dossier,
                                                               template, locale_name):
    set_locale(locale_name)
    try:
        for made in (NewProposalDialog(services, dossier), ProposalTemplateEditor(services)):
            qtbot.addWidget(made)
            made.show()
            claims = widget_claims(made)
            assert len(claims) >= 10 and not twice(claims), claims
    finally:
        set_locale("en_US")
