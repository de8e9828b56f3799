"""A day worked through with the keyboard alone, dossier by dossier, like turning the sheets
of the binder; and forms filled on the card."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.form_fill import AddFormDialog, FilledFormWidget
from app.ui.log_contact import LogContactDialog
from tests.conftest import TODAY
from tests.ui.conftest import add, listed

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


class Keyboard:
    """The keys a salesperson presses, counted, besides the words typed (those are the
    conversation, not the work of getting through the day)."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.pressed = 0

    def key(self, k: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
            ) -> None:
        widget = QApplication.focusWidget()
        assert widget is not None, "the keyboard has nowhere to go"
        self.qtbot.keyClick(widget, k, modifiers)
        self.pressed += 1

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(QApplication.focusWidget(), text)


def test_twenty_dossiers_are_worked_through_from_the_keyboard(qtbot, make_window, services):
    services.settings.update(daily_capacity=20)
    names = [f"Client {n:02d}" for n in range(20)]
    # every fifth one a fixed appointment at 10:00, the others a call to make
    ids = {name: add(services, name, TODAY, purpose=f"follow up {n}",
                     **({"time": "10:00", "fixed": True} if n % 5 == 0 else {}))
           for n, name in enumerate(names)}
    week, working_day = date(2026, 12, 1), date(2026, 11, 25)
    window = make_window(services)
    window.list.setFocus()
    keyboard = Keyboard(qtbot)
    keys_per_dossier = []
    appointments = names[::5]
    order = listed(window)  # the appointments at 10:00 first, then the calls
    assert order == appointments + [x for x in names if x not in appointments]
    assert window.list.current_id() is not None
    for done, name in enumerate(order):
        n = names.index(name)
        assert window.pane.header.text().count(name) == 1  # the sheet on top is this one
        before = keyboard.pressed
        keyboard.key(Qt.Key.Key_L, CTRL)
        dialog = window.dialog
        assert isinstance(dialog, LogContactDialog)
        qtbot.waitUntil(lambda d=dialog: QApplication.focusWidget() is d.summary)
        keyboard.type(f"Call {n}")
        keyboard.key(Qt.Key.Key_Tab)
        keyboard.type("Interested")
        keyboard.key(Qt.Key.Key_3 if n % 2 else Qt.Key.Key_2, ALT)  # a week / next working day
        assert not dialog.full.isVisible()  # 10 a day, of 20
        with qtbot.waitSignal(dialog.accepted):
            keyboard.key(Qt.Key.Key_Return, CTRL)
        keys_per_dossier.append(keyboard.pressed - before)
        qtbot.waitUntil(lambda: window.dialog is None)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.list)
        assert len(listed(window)) == len(names) - done - 1
    assert listed(window) == []
    assert max(keys_per_dossier) <= 4  # Ctrl+L, Tab, Alt+digit, Ctrl+Enter
    counts = {t.key: t.count for t in window.strip.tabs()}
    assert counts["2026-11-25"] == 10 and counts["2026-12-01"] == 10
    assert window.load_label.text().startswith("0 of 20 today")

    for n, name in enumerate(names):  # every conversation and every refile, in the binder
        when = week if n % 2 else working_day
        detail = services.dossiers.get(ids[name])
        assert [(e.kind, e.channel, e.summary, e.outcome, e.next_contact)
                for e in detail.events] == [("contact", "call", f"Call {n}", "Interested", when)]
        fixed = n % 5 == 0  # the appointment keeps its time; the purpose stays
        assert (detail.next_contact, detail.time, detail.fixed, detail.purpose) == \
            (when, "10:00" if fixed else None, fixed, f"follow up {n}")
    for when in (working_day, week):
        filed = {row.name for row in services.views.list_insert(when.isoformat())}
        assert filed == {name for n, name in enumerate(names) if (when == week) == bool(n % 2)}


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
    assert "Forms (1)" in window.pane.tabs.tabText(window.pane.tabs.indexOf(window.pane.forms))
    assert services.dossiers.get(ana).forms[0].title == "Visit report"
