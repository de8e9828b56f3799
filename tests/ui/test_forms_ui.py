"""Forms in the window: the template editor of a sales manager (keyboard, validation, JSON
export/import) and a form filled on a dossier (typed editors, autosave, refusals, marks)."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.errors import InvalidInput
from app.services import open_services
from app.services.dossiers import NewDossier
from app.ui.form_fill import SAVE_DELAY_MS, AddFormDialog, FilledFormWidget
from app.ui.form_templates import FormTemplateEditor

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier

VISIT_REPORT = [
    {"label": "Fleet size", "type": "number", "required": True},
    {"label": "Decision maker", "type": "text"},
    {"label": "Next budget round", "type": "date"},
    {"label": "Interest", "type": "choice", "choices": ["low", "medium", "high"],
     "required": True},
    {"label": "Wants a demo", "type": "yesno"},
    {"label": "Notes", "type": "longtext"},
]


def shown(qtbot, widget):
    """Show a dialog as the app does (open(), not exec()) and make it the active window, so
    that its shortcuts and mnemonics act."""
    qtbot.addWidget(widget)
    widget.open()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def key(qtbot, k: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard focus is."""
    qtbot.keyClick(QApplication.focusWidget(), k, modifiers)


def mnemonic(qtbot, button, letter: Qt.Key) -> None:
    """Alt+letter where the focus is: the button shows itself pressed, then acts."""
    with qtbot.waitSignal(button.clicked):
        key(qtbot, letter, ALT)


def typed(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


@pytest.fixture
def editor(qtbot, services):
    return shown(qtbot, FormTemplateEditor(services))


@pytest.fixture
def visit_report(services) -> str:
    return services.forms.save_template("Visit report", VISIT_REPORT, "After every visit")


# -- the template editor --------------------------------------------------------------------

def test_a_template_is_made_from_the_keyboard_and_saved(qtbot, editor, services):
    assert editor.message_text().startswith("There are no form templates yet")
    key(qtbot, Qt.Key.Key_N, CTRL)  # a new template, the cursor in its name
    assert editor.name.hasFocus()
    typed(qtbot, "Visit report")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "After every visit")
    key(qtbot, Qt.Key.Key_Tab)  # the label of the first field
    typed(qtbot, "Fleet size")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "N")  # the type combo: Number
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Space)  # required
    mnemonic(qtbot, editor.add_button, Qt.Key.Key_A)  # a new row, the cursor in its label
    typed(qtbot, "Interest")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "C")  # Choice: its choices come alive
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is editor.fields_row(1)["choices"]
    typed(qtbot, "low, medium,high")
    mnemonic(qtbot, editor.add_button, Qt.Key.Key_A)
    typed(qtbot, "Visited on")
    key(qtbot, Qt.Key.Key_Tab)
    typed(qtbot, "D")
    key(qtbot, Qt.Key.Key_Up, CTRL)  # moved above Interest, the cursor goes with it
    assert [f["label"] for f in editor.fields()] == ["Fleet size", "Visited on", "Interest"]
    assert QApplication.focusWidget() is editor.fields_row(1)["type"]
    assert editor.list.currentItem().text() == "Visit report *"  # not saved yet
    assert services.forms.templates() == []

    key(qtbot, Qt.Key.Key_S, CTRL)

    (saved,) = services.forms.templates()
    assert (saved.name, saved.description) == ("Visit report", "After every visit")
    assert [f.as_json() for f in saved.fields] == [
        {"name": "fleet_size", "label": "Fleet size", "type": "number", "required": True,
         "choices": []},
        {"name": "visited_on", "label": "Visited on", "type": "date", "required": False,
         "choices": []},
        {"name": "interest", "label": "Interest", "type": "choice", "required": True,
         "choices": ["low", "medium", "high"]},
    ]
    assert editor.message_text() == "Saved “Visit report”."
    assert editor.list.currentItem().text() == "Visit report"
    assert editor.unsaved() == []


def test_a_choice_field_without_choices_is_refused_and_what_was_typed_stays(
        qtbot, editor, services):
    changed = []
    editor.templates_changed.connect(lambda: changed.append(True))
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    typed(qtbot, "Lead")
    row = editor.fields_row(0)
    qtbot.keyClicks(row["label"], "Interest")
    row["type"].setCurrentIndex(row["type"].findData("choice"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert "needs its choices" in editor.message_text()
    assert editor.message.property("error") is True
    assert services.forms.templates() == [] and changed == []
    assert editor.name.text() == "Lead" and row["label"].text() == "Interest"
    assert row["choices"].hasFocus()  # the cursor waits where the answer is missing

    typed(qtbot, "yes, maybe")
    key(qtbot, Qt.Key.Key_S, CTRL)
    (saved,) = services.forms.templates()
    assert saved.fields[0].choices == ("yes", "maybe") and changed == [True]


def test_choices_are_only_open_for_a_choice_field(qtbot, editor):
    editor.new_template()
    row = editor.fields_row(0)
    assert not row["choices"].isEnabled()
    row["type"].setCurrentIndex(row["type"].findData("choice"))
    assert row["choices"].isEnabled()
    assert [row["type"].itemText(i) for i in range(row["type"].count())] == [
        "Text", "Long text", "Number", "Date", "Choice", "Yes / no"]


def test_a_template_without_a_name_or_a_label_is_refused(qtbot, editor, services):
    editor.new_template()
    editor.fields_row(0)["label"].setText("Budget")
    editor.save()
    assert "name cannot be empty" in editor.message_text() and editor.name.hasFocus()
    editor.name.setText("Call")
    editor.fields_row(0)["label"].setText("  ")
    editor.fields_row(0)["required"].setChecked(True)
    editor.save()
    assert "cannot be empty" in editor.message_text()
    assert editor.fields_row(0)["label"].hasFocus()
    assert services.forms.templates() == []


def test_rows_added_and_left_empty_are_left_out(qtbot, editor, services):
    editor.new_template()
    editor.name.setText("Call")
    editor.fields_row(0)["label"].setText("Summary")
    editor.add_field()
    editor.add_field()
    assert len(editor.fields()) == 3
    assert editor.save()
    assert [f.label for f in services.forms.templates()[0].fields] == ["Summary"]
    assert len(editor.fields()) == 1
    editor.fields_row(0)["label"].setText("")
    assert not editor.save()
    assert "at least one field" in editor.message_text()


def test_edits_survive_switching_templates_and_closing_asks_first(
        qtbot, services, visit_report):
    other = services.forms.save_template("Call notes", [{"label": "Summary"}])
    editor = shown(qtbot, FormTemplateEditor(services))
    assert [editor.list.item(n).text() for n in range(editor.list.count())] == [
        "Call notes", "Visit report"]
    editor.list.setCurrentRow(1)
    editor.description.setText("After every visit, the same day")
    editor.list.setCurrentRow(0)
    assert editor.list.item(1).text() == "Visit report *"
    editor.list.setCurrentRow(1)
    assert editor.description.text() == "After every visit, the same day"

    editor.reject()  # Escape or the window's close button
    box = editor.findChild(QMessageBox)
    assert box.isVisible() and "Visit report" in box.text()
    assert editor.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert editor.isVisible()
    editor.reject()
    qtbot.waitUntil(lambda: editor.findChild(QMessageBox) is not None)
    editor.findChildren(QMessageBox)[-1].button(QMessageBox.StandardButton.Discard).click()
    assert not editor.isVisible()
    assert [t.description for t in services.forms.templates() if t.id == visit_report] == [
        "After every visit"]
    assert other


def test_removing_and_moving_fields(qtbot, services, visit_report):
    editor = shown(qtbot, FormTemplateEditor(services))
    editor.fields_row(2)["label"].setFocus()
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    assert [f["label"] for f in editor.fields()][2:4] == ["Interest", "Next budget round"]
    editor.fields_row(0)["label"].setFocus()
    assert not editor.up_button.isEnabled()
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.fields()[0]["label"] == "Decision maker"
    editor.save()
    saved = services.forms.templates()[0].fields
    assert [f.name for f in saved] == ["decision_maker", "interest", "next_budget_round",
                                          "wants_a_demo", "notes"]


def test_deleting_a_template_asks_and_leaves_filled_forms_alone(qtbot, services, visit_report):
    dossier_id, _ = services.dossiers.create(NewDossier(name="Piotr Zieliński"))
    services.forms.add_form(dossier_id, visit_report)
    editor = shown(qtbot, FormTemplateEditor(services))
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    box = editor.findChild(QMessageBox)
    assert "keep their fields" in box.text()
    next(b for b in box.buttons() if b.text() == "Delete").click()
    assert services.forms.templates() == []
    assert editor.list.count() == 0 and not editor.editor.isEnabled()
    assert len(services.dossiers.get(dossier_id).forms) == 1


def test_templates_go_out_to_a_file_and_come_back_in_another_binder(
        qtbot, services, visit_report, tmp_path, clock, _empty_binder_file, monkeypatch):
    file = tmp_path / "handout.json"
    editor = shown(qtbot, FormTemplateEditor(services))
    monkeypatch.setattr(editor, "_ask_export_path", lambda: file)
    qtbot.mouseClick(editor.export_button, Qt.MouseButton.LeftButton)
    assert editor.message_text() == "Exported 1 template to handout.json."
    assert json.loads(file.read_bytes())["templates"][0]["name"] == "Visit report"

    colleague_path = tmp_path / "colleague.rbinder"
    shutil.copyfile(_empty_binder_file, colleague_path)
    with open_services(colleague_path, clock) as colleague:
        theirs = shown(qtbot, FormTemplateEditor(colleague))
        changed = []
        theirs.templates_changed.connect(lambda: changed.append(True))
        monkeypatch.setattr(theirs, "_ask_import_path", lambda: file)
        mnemonic(qtbot, theirs.import_button, Qt.Key.Key_I)
        assert theirs.message_text() == "Imported 1 template from handout.json."
        assert changed == [True]
        (imported,) = colleague.forms.templates()
        assert imported.id == visit_report
        assert imported.fields == services.forms.templates()[0].fields
        assert theirs.list.currentItem().text() == "Visit report"
        assert theirs.name.text() == "Visit report" and len(theirs.fields()) == 6
        theirs.close()


@pytest.mark.parametrize(("content", "message"), [
    (b"not json at all", "not a file of form templates"),
    (b'{"format": "ringbinder-form-templates", "version": 1, "templates": [{"name": "Lead", '
     b'"fields": [{"label": "Interest", "type": "choice"}]}]}', "needs its choices"),
    (None, "Cannot read"),
])
def test_a_bad_file_gives_a_message_and_changes_nothing(
        qtbot, services, visit_report, tmp_path, monkeypatch, content, message):
    file = tmp_path / "bad.json"
    if content is not None:
        file.write_bytes(content)
    before = services.forms.templates()
    editor = shown(qtbot, FormTemplateEditor(services))
    monkeypatch.setattr(editor, "_ask_import_path", lambda: file)
    editor.import_file()
    assert message in editor.message_text() and editor.message.property("error") is True
    assert services.forms.templates() == before
    assert editor.list.count() == 1


def test_cancelled_file_choice_does_nothing(qtbot, editor, services, monkeypatch):
    monkeypatch.setattr(editor, "_ask_import_path", lambda: None)
    editor.import_file()
    assert services.forms.templates() == []


# -- a form on a dossier --------------------------------------------------------------------

@pytest.fixture
def dossier(services) -> str:
    return services.dossiers.create(NewDossier(name="Piotr Zieliński"))[0]


def add_form_through_dialog(qtbot, services, dossier_id: str):
    dialog = shown(qtbot, AddFormDialog(services, dossier_id))
    with qtbot.waitSignal(dialog.form_added) as added:
        key(qtbot, Qt.Key.Key_Return)  # the first template is selected: Enter adds it
    form_id, changes = added.args
    assert changes.dossiers == {dossier_id}
    (form,) = services.dossiers.get(dossier_id).forms
    assert form.id == form_id
    return form


@pytest.fixture
def form_widget(qtbot, services, visit_report, dossier):
    form = add_form_through_dialog(qtbot, services, dossier)
    widget = FilledFormWidget(services, form)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def stored(services, dossier_id: str) -> dict:
    return services.dossiers.get(dossier_id).forms[0].values


def test_the_add_form_dialog_offers_the_templates(qtbot, services, dossier):
    dialog = shown(qtbot, AddFormDialog(services, dossier))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "no form templates yet" in dialog.detail.text()
    services.forms.save_template("Visit report", VISIT_REPORT, "After every visit")
    services.forms.save_template("Call notes", [{"label": "Summary"}])
    dialog = shown(qtbot, AddFormDialog(services, dossier))
    dialog.list.setCurrentRow(1)
    assert dialog.detail.text() == "After every visit (6 fields)"
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(
        QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert [f.title for f in services.dossiers.get(dossier).forms] == ["Visit report"]
    assert not dialog.isVisible()


def test_a_form_is_filled_in_place_and_the_values_outlive_the_binder(
        qtbot, services, dossier, form_widget, clock):
    widget = form_widget
    assert widget.title.text() == "Visit report"
    saves = []
    widget.saved.connect(saves.append)
    editors = widget.editors
    editors["fleet_size"].setFocus()
    typed(qtbot, "1 250")
    key(qtbot, Qt.Key.Key_Tab)  # leaving the line saves it at once
    assert stored(services, dossier) == {"fleet_size": "1250"}
    assert saves[-1].dossiers == {dossier}
    assert QApplication.focusWidget() is editors["decision_maker"]
    editors["decision_maker"].setText("Zofia Wiśniewska")  # non-ASCII: not through QTest
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Space)  # the date's checkbox: the cursor waits for a day
    assert editors["next_budget_round"].edit.edit.hasFocus()
    assert editors["next_budget_round"].value() is None
    typed(qtbot, "3/1")
    editors["interest"].setFocus()
    typed(qtbot, "h")
    editors["wants_a_demo"].setFocus()
    typed(qtbot, "Y")
    editors["notes"].setFocus()
    typed(qtbot, "They replace 40 vans next spring.")
    assert widget.pending()
    assert "notes" not in stored(services, dossier)  # not yet: the typing has not paused
    qtbot.waitUntil(lambda: "notes" in stored(services, dossier), timeout=SAVE_DELAY_MS * 6)
    assert not widget.pending()
    assert widget.values() == stored(services, dossier)

    services.close()
    with open_services(services.path, clock) as reopened:
        (form,) = reopened.dossiers.get(dossier).forms
        assert form.values == {
            "fleet_size": "1250", "decision_maker": "Zofia Wiśniewska",
            "next_budget_round": "2027-03-01", "interest": "high", "wants_a_demo": True,
            "notes": "They replace 40 vans next spring.",
        }
        again = FilledFormWidget(reopened, form)
        qtbot.addWidget(again)
        assert again.raw("next_budget_round") == "2027-03-01"
        assert again.editors["interest"].currentText() == "high"
        assert again.editors["wants_a_demo"].currentText() == "Yes"
        assert again.missing_labels() == []


def test_a_bad_number_is_refused_at_its_field_and_not_saved(
        qtbot, services, dossier, form_widget):
    widget = form_widget
    widget.editors["fleet_size"].setFocus()
    typed(qtbot, "12")
    widget.flush()
    assert stored(services, dossier) == {"fleet_size": "12"}
    widget.editors["fleet_size"].clear()
    typed(qtbot, "many")
    widget.editors["decision_maker"].setText("Mrs Nowak")
    widget.flush()
    assert widget.error("fleet_size") == "'Fleet size' needs a number, not 'many'."
    assert widget.errors["fleet_size"].isVisible()
    assert widget.error("decision_maker") == ""
    assert stored(services, dossier) == {"fleet_size": "12", "decision_maker": "Mrs Nowak"}

    widget.editors["fleet_size"].setText("14")
    widget.flush()
    assert widget.error("fleet_size") == "" and not widget.errors["fleet_size"].isVisible()
    assert stored(services, dossier)["fleet_size"] == "14"


def test_required_fields_left_empty_are_marked_until_filled(
        qtbot, services, dossier, form_widget):
    widget = form_widget
    fleet, interest = widget.labels["fleet_size"], widget.labels["interest"]
    assert fleet.text() == "Fleet size *" and widget.labels["notes"].text() == "Notes"
    assert widget.missing_labels() == ["Fleet size", "Interest"]
    assert "b3261e" in fleet.styleSheet() and fleet.toolTip() == "Required: still empty"
    assert widget.summary.text() == "2 required fields still empty"

    widget.editors["fleet_size"].setText("3")
    widget.flush()
    assert widget.missing_labels() == ["Interest"]
    assert fleet.styleSheet() == "" and fleet.toolTip() == "Required"
    widget.editors["interest"].setCurrentIndex(2)  # "medium"
    widget.flush()
    assert widget.missing_labels() == [] and interest.styleSheet() == ""
    assert widget.summary.text() == "Complete"

    widget.editors["interest"].setCurrentIndex(0)  # emptied again
    widget.flush()
    assert widget.missing_labels() == ["Interest"]
    assert stored(services, dossier)["interest"] is None


def test_a_form_opened_later_shows_its_marks_from_the_start(qtbot, services, visit_report,
                                                            dossier):
    form_id, _ = services.forms.add_form(dossier, visit_report)
    services.forms.fill(form_id, {"interest": "low"})
    widget = FilledFormWidget(services, services.dossiers.get(dossier).forms[0])
    qtbot.addWidget(widget)
    assert widget.missing_labels() == ["Fleet size"]
    assert widget.summary.text() == "1 required field still empty"
    assert widget.raw("next_budget_round") is None
    assert not widget.editors["next_budget_round"].edit.isEnabled()


def test_hiding_the_form_saves_what_was_typed(qtbot, services, dossier, form_widget):
    form_widget.editors["notes"].setFocus()
    typed(qtbot, "Call back after the fair")
    form_widget.hide()
    assert stored(services, dossier) == {"notes": "Call back after the fair"}
    assert not form_widget.pending()


def test_yes_no_can_be_unanswered(qtbot, services, dossier, form_widget):
    combo = form_widget.editors["wants_a_demo"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "Yes", "No"]
    combo.setCurrentIndex(2)
    form_widget.flush()
    assert stored(services, dossier)["wants_a_demo"] is False
    combo.setCurrentIndex(0)
    form_widget.flush()
    assert stored(services, dossier)["wants_a_demo"] is None
    date_field = form_widget.editors["next_budget_round"]
    date_field.check.setChecked(True)
    form_widget.flush()
    assert stored(services, dossier).get("next_budget_round") is None  # no day chosen yet
    date_field.edit.setText("12/1")
    form_widget.flush()
    assert stored(services, dossier)["next_budget_round"] == "2026-12-01"
    date_field.check.setChecked(False)
    form_widget.flush()
    assert stored(services, dossier)["next_budget_round"] is None
    assert date_field.edit.text() == ""


def test_a_form_date_that_names_no_day_is_refused_and_nothing_is_saved(
        qtbot, services, dossier, form_widget):
    """Ticking the box saves no day; a day typed wrong is said at the field and saves nothing
    (no day kept from before), until a day is understood; the form opened again shows only
    what was saved."""
    widget = form_widget
    when = widget.editors["next_budget_round"]
    when.check.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert when.edit.edit.hasFocus() and when.edit.text() == ""
    assert when.edit.note_text() == ""  # not red before anything is typed
    typed(qtbot, "2/31")
    assert when.edit.note_text() == "'2/31': February has no day 31."
    qtbot.waitUntil(lambda: widget.error("next_budget_round") != "",
                    timeout=SAVE_DELAY_MS * 6)  # the pause's save reports it
    assert widget.error("next_budget_round") == "The date is not saved until it names a day."
    assert widget.errors["next_budget_round"].isVisible()
    assert stored(services, dossier).get("next_budget_round") is None  # not today, nothing

    widget.hide()  # the card shows another dossier: nothing saved on the way either
    assert stored(services, dossier).get("next_budget_round") is None
    again = FilledFormWidget(services, services.dossiers.get(dossier).forms[0])
    qtbot.addWidget(again)
    assert again.raw("next_budget_round") is None
    assert not again.editors["next_budget_round"].check.isChecked()

    widget.show()
    when.edit.setFocus()
    when.edit.edit.selectAll()
    typed(qtbot, "3/1")
    qtbot.waitUntil(lambda: stored(services, dossier).get("next_budget_round") == "2027-03-01",
                    timeout=SAVE_DELAY_MS * 6)
    assert widget.error("next_budget_round") == ""
    assert not widget.errors["next_budget_round"].isVisible()
    for wrong in ("3/32", "x", ""):  # typed over the saved day, or the line emptied
        when.edit.edit.selectAll()
        if wrong:
            typed(qtbot, wrong)
        else:
            key(qtbot, Qt.Key.Key_Delete)
        widget.flush()
        assert widget.error("next_budget_round") == \
            "The date is not saved until it names a day.", wrong
        with pytest.raises(InvalidInput):
            widget.raw("next_budget_round")  # not the day before
        assert stored(services, dossier)["next_budget_round"] == "2027-03-01"
    again = FilledFormWidget(services, services.dossiers.get(dossier).forms[0])
    qtbot.addWidget(again)
    assert again.raw("next_budget_round") == "2027-03-01"  # what was saved, not a guess
    when.check.setFocus()
    key(qtbot, Qt.Key.Key_Space)  # unticked: the line empties, and the date with it
    widget.flush()
    assert widget.error("next_budget_round") == "" and when.edit.text() == ""
    assert stored(services, dossier)["next_budget_round"] is None
