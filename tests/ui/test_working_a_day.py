"""A day worked through with the keyboard alone, dossier by dossier, like turning the sheets
of the binder; and forms filled on the card."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.form_fill import AddFormDialog, FilledFormWidget
from app.ui.log_contact import LogContactDialog
from tests.conftest import TODAY
from tests.ui.conftest import add, add_overdue, listed

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def key(qtbot, k: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    widget = QApplication.focusWidget()
    assert widget is not None, "the keyboard has nowhere to go"
    qtbot.keyClick(widget, k, modifiers)


def test_twenty_dossiers_are_worked_through_from_the_keyboard(qtbot, make_window, services):
    services.settings.update(daily_capacity=20)
    names = [f"Client {n:02d}" for n in range(20)]
    for name in names:
        add(services, name, TODAY)
    window = make_window(services)
    window.list.setFocus()
    assert listed(window) == names and window.list.current_id() is not None
    for n, name in enumerate(names):
        assert window.pane.header.text().count(name) == 1  # the sheet on top is this one
        key(qtbot, Qt.Key.Key_L, CTRL)
        dialog = window.dialog
        assert isinstance(dialog, LogContactDialog)
        qtbot.waitUntil(lambda d=dialog: QApplication.focusWidget() is d.summary)
        qtbot.keyClicks(QApplication.focusWidget(), f"Call {n}")
        key(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "Interested")
        key(qtbot, Qt.Key.Key_3 if n % 2 else Qt.Key.Key_2, ALT)  # in a week / next working day
        with qtbot.waitSignal(dialog.accepted):
            key(qtbot, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: window.dialog is None)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.list)
        assert len(listed(window)) == len(names) - n - 1
    assert listed(window) == []
    counts = {t.key: t.count for t in window.strip.tabs()}
    assert counts["2026-11-25"] == 10 and counts["2026-12-01"] == 10  # next working day; a week
    assert window.load_label.text() == "0 filed for today · capacity 20"
    assert window.list.empty.isVisible()  # the empty list says so, rather than nothing
    assert window.list.empty.message.text() == "Done for today, and nothing overdue."
    assert services.dossiers.get(services.views.search("Client 07")[0].id).events[0].summary \
        == "Call 7"


def test_a_form_is_added_and_filled_on_the_card(qtbot, make_window, services):
    services.forms.save_template("Visit report", [
        {"label": "Fleet size", "type": "number", "required": True}])
    ana = add(services, "Ana Ruiz", TODAY)
    window = make_window(services)
    window.jump_to(ana)
    window.pane.add_form_button.click()
    dialog = window.dialog
    assert isinstance(dialog, AddFormDialog)
    with qtbot.waitSignal(dialog.form_added):
        dialog.accept()  # the first (only) template is selected
    (widget,) = window.pane.form_widgets
    assert isinstance(widget, FilledFormWidget)
    assert window.pane.tabs.currentWidget() is window.pane.forms
    forms_tab = window.pane.tabs.tabText(window.pane.tabs.indexOf(window.pane.forms))
    assert forms_tab.replace("&", "") == "Forms (1)"
    assert services.dossiers.get(ana).forms[0].title == "Visit report"


def test_an_empty_insert_says_what_to_do_next(qtbot, make_window, services, clock):
    """Today done: the list says so, with the overdue count and a button there (Enter from
    the list presses it); another empty day says nothing is filed for it."""
    for n in range(3):
        add_overdue(services, clock, f"Late {n}", date(2026, 11, 20))
    add(services, "Ana Ruiz", date(2026, 11, 27))
    window = make_window(services)
    assert listed(window) == [] and window.strip.current_key() == "2026-11-24"
    empty = window.list.empty
    assert empty.isVisible() and empty.message.text() == "Done for today — 3 overdue"
    assert empty.button.isVisible() and empty.button.text() == "Go to Overdue"
    assert "No dossier selected" not in window.pane.header.text()  # the list says it all
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert window.strip.current_key() == "overdue"
    assert sorted(listed(window)) == ["Late 0", "Late 1", "Late 2"]
    assert not empty.isVisible() and window.list.hasFocus()

    window.show_insert("2026-11-26")
    assert empty.isVisible() and empty.message.text() == "Nothing filed for Thu 26 Nov"
    assert not empty.button.isVisible()
    window.show_insert("2026-11-27")
    assert not empty.isVisible() and listed(window) == ["Ana Ruiz"]
