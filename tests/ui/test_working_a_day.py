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

    def keys(self, text: str) -> None:
        """Keys that are work, not words: a date typed, each character a key."""
        self.qtbot.keyClicks(QApplication.focusWidget(), text)
        self.pressed += len(text)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(QApplication.focusWidget(), text)


WORKING_DAY, FRIDAY, WEEK, TWO_WEEKS = (date(2026, 11, 25), date(2026, 11, 27),
                                        date(2026, 12, 1), date(2026, 12, 8))
# the last four are refiled by a date typed in the date field (Alt+6): text, day
TYPED = {20: ("15", date(2026, 12, 15)), 21: ("fri", FRIDAY), 22: ("+3", FRIDAY),
         23: ("+2w", TWO_WEEKS)}


def test_a_day_of_dossiers_is_worked_through_from_the_keyboard(qtbot, make_window, services):
    services.settings.update(daily_capacity=20)
    names = [f"Client {n:02d}" for n in range(24)]
    # every fifth one a fixed appointment at 10:00, the others a call to make
    ids = {name: add(services, name, TODAY, purpose=f"follow up {n}",
                     **({"time": "10:00", "fixed": True} if n % 5 == 0 else {}))
           for n, name in enumerate(names)}
    expected = {n: TYPED[n][1] if n in TYPED else WEEK if n % 2 else WORKING_DAY
                for n in range(len(names))}
    window = make_window(services)
    window.list.setFocus()
    keyboard = Keyboard(qtbot)
    quick_keys, typed_keys = [], []
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
        if n in TYPED:
            keyboard.key(Qt.Key.Key_6, ALT)  # a date…: its text selected, typing replaces it
            keyboard.keys(TYPED[n][0])
        else:
            keyboard.key(Qt.Key.Key_3 if n % 2 else Qt.Key.Key_2, ALT)  # a week / next day
        assert dialog.next_date() == expected[n]
        assert not dialog.full.isVisible()  # no day over 20
        with qtbot.waitSignal(dialog.accepted):
            keyboard.key(Qt.Key.Key_Return, CTRL)
        (typed_keys if n in TYPED else quick_keys).append(keyboard.pressed - before)
        qtbot.waitUntil(lambda: window.dialog is None)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.list)
        assert len(listed(window)) == len(names) - done - 1
    assert listed(window) == []
    assert max(quick_keys) <= 4  # Ctrl+L, Tab, Alt+digit, Ctrl+Enter
    assert max(typed_keys) <= 8  # Ctrl+L, Tab, Alt+6, "+2w", Ctrl+Enter
    counts = {t.key: t.count for t in window.strip.tabs()}
    assert (counts["2026-11-25"], counts["2026-11-27"], counts["2026-12-01"],
            counts["2026-12-08"], counts["2026-12-15"]) == (10, 2, 10, 1, 1)
    assert window.load_label.text() == "0 filed for today · capacity 20"
    assert window.list.empty.isVisible()  # the empty list says so, rather than nothing
    assert window.list.empty.message.text() == "Done for today, and nothing overdue."

    for n, name in enumerate(names):  # every conversation and every refile, in the binder
        when = expected[n]
        detail = services.dossiers.get(ids[name])
        assert [(e.kind, e.channel, e.summary, e.outcome, e.next_contact)
                for e in detail.events] == [("contact", "call", f"Call {n}", "Interested", when)]
        fixed = n % 5 == 0  # the appointment keeps its time; the purpose stays
        assert (detail.next_contact, detail.time, detail.fixed, detail.purpose) == \
            (when, "10:00" if fixed else None, fixed, f"follow up {n}")
    for when in set(expected.values()):
        filed = {row.name for row in services.views.list_insert(when.isoformat())}
        assert filed == {name for n, name in enumerate(names) if expected[n] == when}


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
