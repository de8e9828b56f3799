"""Rebalancing and spreading the overdue from the window: the plan shown first, with what
stays and why; a date just agreed moves only when the box is ticked; the spread is one step
that undo takes back whole."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.ui.dialogs import RebalanceDialog
from app.ui.plan_dialogs import SpreadDialog
from tests.conftest import TODAY
from tests.ui.conftest import CTRL_SHIFT, add, add_overdue, counts, listed, shortcut

OK = QDialogButtonBox.StandardButton.Ok
TODAY_KEY = TODAY.isoformat()


def ok_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(OK)


def texts(widget) -> list[str]:
    return [widget.item(n).text() for n in range(widget.count())]


def tree_texts(dialog: SpreadDialog) -> dict[str, list[str]]:
    tree = dialog.tree
    return {tree.topLevelItem(n).text(0): [tree.topLevelItem(n).child(c).text(0)
                                           for c in range(tree.topLevelItem(n).childCount())]
            for n in range(tree.topLevelItemCount())}


def test_spreading_in_the_window_and_undoing_puts_every_dossier_back(
        qtbot, services, clock, make_window):
    services.settings.update(daily_capacity=3)
    late = {add_overdue(services, clock, f"Cliente {n}", TODAY - timedelta(days=n + 1),
                        **({"time": "09:45"} if n == 0 else {})): n
            for n in range(8)}
    add(services, "Already Today", TODAY)
    before = {s.id: s for s in services.filing.schedules(list(late))}
    window = make_window(services)
    assert counts(window)["overdue"] == 8

    shortcut(qtbot, window, Qt.Key.Key_D, CTRL_SHIFT)
    dialog = window.dialog
    assert isinstance(dialog, SpreadDialog)
    assert dialog.days.value() == 10  # evened out over ten working days: one a day
    [first, *_rest] = tree_texts(dialog)
    assert first == "Wednesday, November 25, 2026: +1 dossier (1 of 3 that day)"
    dialog.days.setValue(3)  # the pile cleared sooner: the three days filled
    shown = tree_texts(dialog)
    [first, *_rest] = shown
    assert first == "Tuesday, November 24, 2026: +2 dossiers (3 of 3 that day)"
    assert shown[first] == [  # the longest overdue first
        "Cliente 7 (was due Monday, November 16, 2026)",
        "Cliente 6 (was due Tuesday, November 17, 2026)"]
    assert sum(len(names) for names in shown.values()) == 8
    assert counts(window)["overdue"] == 8  # nothing moves before the user agrees

    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert counts(window).get("overdue", 0) == 0
    tabs = {t.key: t for t in window.strip.tabs()}
    assert not any(t.over_capacity for t in tabs.values())
    assert tabs[TODAY_KEY].count == 3 and tabs["2026-11-25"].count == 3
    assert tabs["2026-11-26"].count == 3
    assert window.undo_stack.undoText() == "Spread the overdue"
    # the time agreed for the missed day goes with it: kept, it double-booked the new day
    assert all(s.time is None for s in services.filing.schedules(list(late)))

    shortcut(qtbot, window, Qt.Key.Key_Z)  # the whole spread is undone at once
    assert counts(window)["overdue"] == 8 and counts(window)[TODAY_KEY] == 1
    assert {s.id: s for s in services.filing.schedules(list(late))} == before


def test_fewer_days_leave_more_overdue_and_the_dialog_says_why(
        qtbot, services, clock, make_window):
    services.settings.update(daily_capacity=2)
    for n in range(5):
        add_overdue(services, clock, f"Cliente {n}", TODAY - timedelta(days=2))
    window = make_window(services)
    window.spread_overdue()
    dialog = window.dialog
    dialog.days.setValue(1)
    assert len(dialog.plan.moves) == 2
    moved = [name.split(" (")[0] for names in tree_texts(dialog).values() for name in names]
    assert sorted(texts(dialog.stays)) == [f"Cliente {n}: no room in the next 1 working day"
                                           for n in range(5) if f"Cliente {n}" not in moved]
    assert dialog.stays_label.text() == "3 dossiers stay overdue:"
    dialog.days.setValue(3)
    assert len(dialog.plan.moves) == 5 and dialog.stays.isHidden()
    dialog.reject()


def test_a_date_just_agreed_stays_unless_the_box_is_ticked(qtbot, services, clock, make_window):
    services.settings.update(daily_capacity=1)
    clock.set_today(TODAY - timedelta(days=5))
    add(services, "Long Agreed", TODAY, priority="high", time="09:00", fixed=True)
    clock.set_today(TODAY)
    add(services, "Agreed Today", TODAY)
    window = make_window(services)

    shortcut(qtbot, window, Qt.Key.Key_R, CTRL_SHIFT)
    dialog = window.dialog
    assert isinstance(dialog, RebalanceDialog)
    assert dialog.moves.isHidden() and not ok_button(dialog).isEnabled()
    assert texts(dialog.stays) == ["Agreed Today: date set within the last 2 days"]
    assert dialog.intro.text().startswith("Nothing can move")
    assert dialog.move_recent.isVisible()
    assert dialog.move_recent.text() == "Move dates agreed within the last 2 days too"

    dialog.move_recent.click()
    assert texts(dialog.moves) == ["Agreed Today  →  Wednesday, November 25, 2026"]
    assert dialog.stays.isHidden()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert listed(window) == ["Long Agreed"]
    assert counts(window)["2026-11-25"] == 1


def test_only_later_days_keeps_the_excess_off_the_days_before(qtbot, services, make_window):
    services.settings.update(daily_capacity=1, recent_days=0)
    thu, fri = date(2026, 11, 26), date(2026, 11, 27)
    add(services, "Ana Jueves", thu)
    add(services, "Bea Jueves", thu)
    add(services, "Cid Viernes", fri)
    window = make_window(services)
    window.show_insert(thu.isoformat())
    window.rebalance()
    dialog = window.dialog
    assert dialog.later_only.isVisible() and not dialog.later_only.isChecked()
    [(_moved, to)] = dialog.plan.moves
    assert to == date(2026, 11, 25)  # the day before had room
    dialog.later_only.click()
    [(_moved, to)] = dialog.plan.moves
    assert to == date(2026, 11, 30)  # Friday is full, the weekend no working day
    assert texts(dialog.moves)[0].endswith("Monday, November 30, 2026")
    dialog.reject()


def test_a_fixed_appointment_over_the_capacity_says_why_it_stays(qtbot, services, make_window):
    services.settings.update(daily_capacity=1, recent_days=0)
    add(services, "Meeting One", TODAY, time="09:00", fixed=True)
    add(services, "Meeting Two", TODAY, time="11:00", fixed=True)
    window = make_window(services)
    window.rebalance()
    dialog = window.dialog
    assert texts(dialog.stays) in (["Meeting One: a fixed appointment"],
                                   ["Meeting Two: a fixed appointment"])
    assert dialog.stays_label.text() == "1 dossier stays over the capacity:"
    assert not dialog.move_recent.isVisible()  # nothing would change with it
    dialog.reject()
    assert date.fromisoformat(TODAY_KEY) == TODAY
