"""Refiling from the window: drag and drop onto a tab, postpone shortcuts, a picked date,
archive with a reason, rebalance, and undo/redo of each."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMenu, QMessageBox, QToolBar

from app.ui.dialogs import DatePickDialog, ReasonDialog, RebalanceDialog
from tests.conftest import TODAY
from tests.ui.conftest import (
    CTRL_SHIFT,
    TOMORROW,
    add,
    click_tab,
    counts,
    drop_on_tab,
    listed,
    select_names,
    selected_names,
    shortcut,
)

OK = QDialogButtonBox.StandardButton.Ok
TODAY_KEY = TODAY.isoformat()


def filed(services, dossier_id: str) -> tuple[date | None, str | None]:
    detail = services.dossiers.get(dossier_id)
    return detail.next_contact, detail.time


def ok_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(OK)


# -- drag and drop -------------------------------------------------------------------------

def test_dropping_one_dossier_on_a_tab_refiles_it(qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Carlos Ruiz"])
    assert drop_on_tab(window, "2026-11-27") == (True, True)
    assert counts(window)[TODAY_KEY] == 3 and counts(window)["2026-11-27"] == 2
    assert "Carlos Ruiz" not in listed(window)
    assert window.strip.current_key() == TODAY_KEY  # the user stays on the insert worked on
    assert filed(services, known_ids["Carlos Ruiz"]) == (date(2026, 11, 27), None)
    click_tab(qtbot, window, "2026-11-27")
    assert listed(window) == ["Carlos Ruiz", "Tomasz Wiśniewski"]


def test_dropping_several_dossiers_refiles_them_all_and_undo_puts_them_back(
        qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Zofia Nowak", "Adam Smith"])
    assert drop_on_tab(window, "2026-12") == (True, True)  # a month: its first day
    assert counts(window)[TODAY_KEY] == 2 and counts(window)["2026-12"] == 4
    assert listed(window) == ["Beata Kowalska", "Carlos Ruiz"]
    assert filed(services, known_ids["Zofia Nowak"]) == (date(2026, 12, 24), "09:00")
    assert filed(services, known_ids["Adam Smith"]) == (date(2026, 12, 24), None)
    assert window.actions_["undo"].text() == "&Undo Refile 2 dossiers"

    shortcut(qtbot, window, Qt.Key.Key_Z)  # one undo for the whole drop
    assert counts(window)[TODAY_KEY] == 4 and counts(window)["2026-12"] == 2
    assert listed(window) == ["Zofia Nowak", "Beata Kowalska", "Adam Smith", "Carlos Ruiz"]
    assert filed(services, known_ids["Zofia Nowak"]) == (TODAY, "09:00")

    shortcut(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)  # and one redo
    assert counts(window)[TODAY_KEY] == 2 and counts(window)["2026-12"] == 4
    assert filed(services, known_ids["Adam Smith"]) == (date(2026, 12, 24), None)


def test_a_drop_on_overdue_is_refused(known, services, known_ids):
    window = known
    select_names(window, ["Carlos Ruiz"])
    before = counts(window)
    assert drop_on_tab(window, "overdue") == (False, False)
    assert counts(window) == before and "Carlos Ruiz" in listed(window)
    assert filed(services, known_ids["Carlos Ruiz"]) == (TODAY, None)
    assert not window.undo_stack.canUndo()


def test_a_drop_on_undated_clears_the_date(qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Zofia Nowak"])
    assert drop_on_tab(window, "undated") == (True, True)
    assert counts(window)["undated"] == 1 and counts(window)[TODAY_KEY] == 3
    assert filed(services, known_ids["Zofia Nowak"]) == (None, None)  # no date, no time
    click_tab(qtbot, window, "undated")
    assert listed(window) == ["Zofia Nowak"]
    assert "No next contact agreed (Undated)" in window.pane.next_step.text()


def test_a_drop_on_archive_asks_for_a_reason(qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Beata Kowalska", "Carlos Ruiz"])
    assert drop_on_tab(window, "archive") == (True, True)
    dialog = window.dialog
    assert isinstance(dialog, ReasonDialog) and dialog.isVisible()
    assert "Why is this finished? (2 dossiers)" in [
        label.text() for label in dialog.findChildren(QLabel)]
    # no reason, no archiving: the button stays off and Enter does nothing
    assert not ok_button(dialog).isEnabled()
    qtbot.keyClick(dialog.reason.lineEdit(), Qt.Key.Key_Return)
    assert counts(window)["archive"] == 0 and window.dialog is dialog
    qtbot.keyClicks(dialog.reason.lineEdit(), "   ")
    assert not ok_button(dialog).isEnabled()
    dialog.reason.lineEdit().clear()
    qtbot.keyClicks(dialog.reason.lineEdit(), "won the tender")
    assert ok_button(dialog).isEnabled()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert window.dialog is None
    assert counts(window)["archive"] == 2 and counts(window)[TODAY_KEY] == 2
    detail = services.dossiers.get(known_ids["Carlos Ruiz"])
    assert detail.archived and detail.archive_reason == "won the tender"
    click_tab(qtbot, window, "archive")
    assert sorted(listed(window)) == ["Beata Kowalska", "Carlos Ruiz"]
    assert "Archived: won the tender" in window.pane.next_step.text()


def test_archive_names_what_it_archives(qtbot, known, services, known_ids):
    """The menu item, the dialog and its button say whose dossier goes to the archive: the
    selection may not be the card last looked at."""
    window = known
    select_names(window, ["Adam Smith"])
    dossier_menu = next(o for o in window.actions_["archive"].associatedObjects()
                        if isinstance(o, QMenu) and o.parent() is window.menuBar())
    dossier_menu.aboutToShow.emit()
    assert window.actions_["archive"].text() == "&Archive Adam Smith…"
    shortcut(qtbot, window, Qt.Key.Key_A, CTRL_SHIFT)
    dialog = window.dialog
    assert dialog.windowTitle() == "Archive Adam Smith"
    assert ok_button(dialog).text() == "Archive Adam Smith"
    assert dialog.question.text() == "Adam Smith: why is this finished?"
    dialog.reject()

    select_names(window, ["Zofia Nowak", "Beata Kowalska", "Carlos Ruiz"])
    dossier_menu.aboutToShow.emit()
    assert window.actions_["archive"].text() == "&Archive 3 dossiers…"
    assert window.findChild(QToolBar).widgetForAction(window.actions_["archive"]).text() == (
        "Archive")  # the toolbar keeps its word
    shortcut(qtbot, window, Qt.Key.Key_A, CTRL_SHIFT)
    dialog = window.dialog
    assert dialog.windowTitle() == ok_button(dialog).text() == "Archive 3 dossiers"
    assert dialog.names.text() == "Zofia Nowak, Beata Kowalska, Carlos Ruiz"
    dialog.reason.setCurrentText("lost")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert window.actions_["undo"].text() == "&Undo Archive 3 dossiers"
    assert counts(window)["archive"] == 3


def test_the_lists_context_menu_names_the_dossier_to_archive(qtbot, known):
    window = known
    select_names(window, ["Beata Kowalska"])
    seen: list[str] = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        seen.extend(a.text() for a in menu.actions())
        menu.close()

    QTimer.singleShot(0, read_and_close)
    view = window.list.viewport()
    rect = window.list.visualRect(window.list.model_.index(listed(window).index(
        "Beata Kowalska")))
    QApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Reason.Mouse,
                                                   rect.center(), view.mapToGlobal(
                                                       rect.center())))
    assert "&Archive Beata Kowalska…" in seen


def test_cancelling_the_reason_leaves_the_dossiers_filed(qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Carlos Ruiz"])
    drop_on_tab(window, "archive")
    dialog = window.dialog
    qtbot.keyClicks(dialog.reason.lineEdit(), "lost")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    assert window.dialog is None
    assert counts(window)["archive"] == 0 and "Carlos Ruiz" in listed(window)
    assert not services.dossiers.get(known_ids["Carlos Ruiz"]).archived


# -- shortcuts ----------------------------------------------------------------------------

def test_ctrl_1_postpones_by_a_day_and_selects_the_next_dossier(qtbot, known, services,
                                                               known_ids):
    window = known
    select_names(window, ["Beata Kowalska"])
    shortcut(qtbot, window, Qt.Key.Key_1)
    assert filed(services, known_ids["Beata Kowalska"]) == (TOMORROW, "14:30")
    assert listed(window) == ["Zofia Nowak", "Adam Smith", "Carlos Ruiz"]
    assert selected_names(window) == ["Adam Smith"]  # the next dossier of the insert
    assert "Adam Smith" in window.pane.header.text()
    assert counts(window)[TODAY_KEY] == 3 and counts(window)["2026-11-25"] == 3
    assert window.load_label.text() == "3 filed for today · capacity 20 · 1 overdue"
    # working through the day: the last one leaves, the one before it is selected
    select_names(window, ["Carlos Ruiz"])
    shortcut(qtbot, window, Qt.Key.Key_1)
    assert selected_names(window) == ["Adam Smith"]

    shortcut(qtbot, window, Qt.Key.Key_Z)
    shortcut(qtbot, window, Qt.Key.Key_Z)
    assert filed(services, known_ids["Beata Kowalska"]) == (TODAY, "14:30")
    assert listed(window) == ["Zofia Nowak", "Beata Kowalska", "Adam Smith", "Carlos Ruiz"]
    shortcut(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert filed(services, known_ids["Beata Kowalska"]) == (TOMORROW, "14:30")
    assert filed(services, known_ids["Carlos Ruiz"]) == (TODAY, None)


def test_postponing_from_a_friday(qtbot, known, services, known_ids):
    window = known
    tomasz = known_ids["Tomasz Wiśniewski"]  # due on Friday 27 November
    click_tab(qtbot, window, "2026-11-27")
    select_names(window, ["Tomasz Wiśniewski"])
    shortcut(qtbot, window, Qt.Key.Key_2)  # the next working day: Monday
    assert filed(services, tomasz)[0] == date(2026, 11, 30)
    assert counts(window)["2026-11-27"] == 0 and counts(window)["2026-11-30"] == 1
    assert listed(window) == []
    shortcut(qtbot, window, Qt.Key.Key_Z)
    assert listed(window) == ["Tomasz Wiśniewski"] and selected_names(window) == [
        "Tomasz Wiśniewski"]
    shortcut(qtbot, window, Qt.Key.Key_1)  # a day: Saturday
    assert filed(services, tomasz)[0] == date(2026, 11, 28)
    shortcut(qtbot, window, Qt.Key.Key_Z)
    shortcut(qtbot, window, Qt.Key.Key_7)  # a week
    assert filed(services, tomasz)[0] == date(2026, 12, 4)
    assert counts(window)["2026-12-04"] == 1
    assert window.actions_["undo"].text() == "&Undo Postpone by a week"


def test_an_overdue_dossier_postponed_by_a_day_lands_tomorrow(qtbot, known, services,
                                                             known_ids):
    window = known
    click_tab(qtbot, window, "overdue")
    assert listed(window) == ["Iñaki Etxeberria"]
    select_names(window, ["Iñaki Etxeberria"])
    shortcut(qtbot, window, Qt.Key.Key_1)
    assert filed(services, known_ids["Iñaki Etxeberria"])[0] == TOMORROW
    assert counts(window)["overdue"] == 0 and counts(window)["2026-11-25"] == 3
    assert window.load_label.text() == "4 filed for today · capacity 20"
    shortcut(qtbot, window, Qt.Key.Key_Z)  # undo puts it back in the past
    assert filed(services, known_ids["Iñaki Etxeberria"])[0] == date(2026, 11, 20)
    assert counts(window)["overdue"] == 1 and listed(window) == ["Iñaki Etxeberria"]


def test_ctrl_g_refiles_to_a_picked_date(qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Zofia Nowak"])
    shortcut(qtbot, window, Qt.Key.Key_G)
    dialog = window.dialog
    assert isinstance(dialog, DatePickDialog) and dialog.isVisible()
    assert dialog.calendar.selectedDate() == QDate(2026, 11, 24)  # the dossier's own date
    assert dialog.calendar.minimumDate() == QDate(2026, 11, 24)  # the past cannot be picked
    dialog.calendar.setSelectedDate(QDate(2026, 12, 2))
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert window.dialog is None
    assert filed(services, known_ids["Zofia Nowak"]) == (date(2026, 12, 2), "09:00")
    assert counts(window)["2026-12-02"] == 1 and counts(window)[TODAY_KEY] == 3
    assert selected_names(window) == ["Beata Kowalska"]
    shortcut(qtbot, window, Qt.Key.Key_Z)
    assert filed(services, known_ids["Zofia Nowak"]) == (TODAY, "09:00")


def test_ctrl_g_names_the_dossier_and_takes_a_typed_day(qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Zofia Nowak"])
    shortcut(qtbot, window, Qt.Key.Key_G)
    dialog = window.dialog
    assert dialog.windowTitle() == "Refile Zofia Nowak"
    qtbot.waitUntil(lambda: dialog.field.edit.selectedText() == "11/24/2026")  # focused
    qtbot.keyClicks(dialog.field.edit, "fri")
    assert dialog.field.note_text() == "Fri 27 Nov · insert 27 · 1 of 20"
    assert dialog.calendar.selectedDate() == QDate(2026, 11, 27)
    qtbot.keyClick(dialog.field.edit, Qt.Key.Key_Return)
    assert window.dialog is None
    assert filed(services, known_ids["Zofia Nowak"]) == (date(2026, 11, 27), "09:00")


def test_ctrl_g_on_several_dossiers_says_how_many(qtbot, known):
    window = known
    select_names(window, ["Zofia Nowak", "Adam Smith"])
    shortcut(qtbot, window, Qt.Key.Key_G)
    assert window.dialog.windowTitle() == "Refile 2 dossiers"


def test_ctrl_g_refuses_a_day_that_does_not_exist(qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Zofia Nowak"])
    shortcut(qtbot, window, Qt.Key.Key_G)
    dialog = window.dialog
    qtbot.keyClicks(dialog.field.edit, "2/30")
    assert dialog.field.note_text() == "'2/30': February has no day 30."
    assert not ok_button(dialog).isEnabled()
    qtbot.keyClick(dialog.field.edit, Qt.Key.Key_Return)
    assert window.dialog is dialog and dialog.isVisible()
    assert filed(services, known_ids["Zofia Nowak"]) == (TODAY, "09:00")


def test_refiling_to_a_full_day_offers_the_nearest_day_with_room(qtbot, known, services,
                                                                known_ids):
    services.settings.update(daily_capacity=1)
    window = known
    select_names(window, ["Zofia Nowak"])
    shortcut(qtbot, window, Qt.Key.Key_G)
    dialog = window.dialog
    qtbot.keyClicks(dialog.field.edit, "fri")  # Tomasz is on Friday already
    assert dialog.overflow.isVisible()
    assert dialog.overflow.text() == "Fri 27 Nov would be over its capacity: 2 of 1."
    # Thursday: Saturday, as near, is not a working day
    assert dialog.nearest_button.text() == "&Take Thu 26 Nov, the nearest day with room"
    dialog.nearest_button.click()
    assert dialog.field.day() == date(2026, 11, 26) and not dialog.overflow.isVisible()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert filed(services, known_ids["Zofia Nowak"]) == (date(2026, 11, 26), "09:00")


def test_refiling_opens_on_the_dossiers_own_full_day_without_counting_it_twice(
        qtbot, known, services, known_ids):
    """The dialog opens on the dossier's day: on a day at capacity it said "2 of 1" and
    offered another day, though leaving the dossier there changes nothing."""
    services.settings.update(daily_capacity=1)
    window = known
    click_tab(qtbot, window, "2026-11-27")
    select_names(window, ["Tomasz Wiśniewski"])  # alone on Friday: the day is at capacity
    shortcut(qtbot, window, Qt.Key.Key_G)
    dialog = window.dialog
    assert dialog.field.day() == date(2026, 11, 27)
    assert not dialog.overflow.isVisible() and not dialog.nearest_button.isVisible()
    dialog.reject()


def test_ctrl_g_cancelled_changes_nothing(qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Zofia Nowak"])
    shortcut(qtbot, window, Qt.Key.Key_G)
    window.dialog.calendar.setSelectedDate(QDate(2026, 12, 2))
    window.dialog.reject()
    assert window.dialog is None and not window.undo_stack.canUndo()
    assert filed(services, known_ids["Zofia Nowak"]) == (TODAY, "09:00")


def test_archive_with_a_reason_and_undo(qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Adam Smith"])
    shortcut(qtbot, window, Qt.Key.Key_A, CTRL_SHIFT)
    dialog = window.dialog
    assert isinstance(dialog, ReasonDialog)
    assert not ok_button(dialog).isEnabled()
    dialog.reason.setCurrentText("not interested")  # one of the offered reasons
    assert ok_button(dialog).isEnabled()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    adam = services.dossiers.get(known_ids["Adam Smith"])
    assert adam.archived and adam.archive_reason == "not interested"
    assert counts(window)["archive"] == 1 and counts(window)[TODAY_KEY] == 3
    assert selected_names(window) == ["Carlos Ruiz"]
    assert window.actions_["undo"].text() == "&Undo Archive Adam Smith"

    shortcut(qtbot, window, Qt.Key.Key_Z)
    adam = services.dossiers.get(known_ids["Adam Smith"])
    assert not adam.archived and adam.next_contact == TODAY and adam.priority == 1
    assert counts(window)["archive"] == 0 and "Adam Smith" in listed(window)
    assert [e.kind for e in adam.events[:2]] == ["restore", "archive"]  # history keeps both

    shortcut(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert services.dossiers.get(known_ids["Adam Smith"]).archived
    assert counts(window)["archive"] == 1


def test_rebalance_moves_the_excess_and_fixed_appointments_stay(qtbot, services, make_window):
    services.settings.update(daily_capacity=3, recent_days=0)  # no date counts as just agreed
    add(services, "Raúl Domínguez", TODAY, time="10:00", priority="low", fixed=True)
    add(services, "Paulina Grabowska", TODAY, priority="low")
    add(services, "Sergio Molina", TODAY)
    add(services, "Дмитрий Орлов", TODAY, time="11:00")
    add(services, "Katarzyna Lis", TODAY, priority="high")
    add(services, "Elena Vidal", TODAY)
    add(services, "Nuria Campos", TOMORROW)
    add(services, "Jan Kowalczyk", TOMORROW)  # tomorrow has room for one more
    window = make_window(services)
    assert counts(window)[TODAY_KEY] == 6 and window.strip.tabs()[1].over_capacity

    shortcut(qtbot, window, Qt.Key.Key_R, CTRL_SHIFT)
    dialog = window.dialog
    assert isinstance(dialog, RebalanceDialog)
    shown = [dialog.moves.item(n).text() for n in range(dialog.moves.count())]
    assert shown == [  # the lowest priority first; never the fixed appointment
        "Paulina Grabowska  →  Wednesday, November 25, 2026",
        "Sergio Molina  →  Thursday, November 26, 2026",
        "Elena Vidal  →  Thursday, November 26, 2026",
    ]
    assert counts(window)[TODAY_KEY] == 6  # nothing moves before the user agrees
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert listed(window) == ["Raúl Domínguez", "Дмитрий Орлов", "Katarzyna Lis"]
    tabs = {t.key: t for t in window.strip.tabs()}
    assert tabs[TODAY_KEY].count == 3 and not tabs[TODAY_KEY].over_capacity
    assert tabs["2026-11-25"].count == 3 and tabs["2026-11-26"].count == 2
    assert window.load_label.text() == "3 filed for today · capacity 3"

    shortcut(qtbot, window, Qt.Key.Key_Z)  # the whole plan is undone at once
    assert counts(window)[TODAY_KEY] == 6 and counts(window)["2026-11-26"] == 0


def test_rebalance_of_a_day_within_capacity_moves_nothing(qtbot, known):
    window = known
    shortcut(qtbot, window, Qt.Key.Key_R, CTRL_SHIFT)
    dialog = window.dialog
    assert isinstance(dialog, RebalanceDialog) and dialog.moves.count() == 0
    assert not ok_button(dialog).isEnabled()
    dialog.reject()
    click_tab(qtbot, window, "2026-12")
    shortcut(qtbot, window, Qt.Key.Key_R, CTRL_SHIFT)
    assert window.dialog is None
    assert window.statusBar().currentMessage() == "Only a day can be rebalanced."


def test_typing_a_reason_and_enter_archives(qtbot, known, services, known_ids):
    window = known
    select_names(window, ["Carlos Ruiz"])
    shortcut(qtbot, window, Qt.Key.Key_A, CTRL_SHIFT)
    dialog = window.dialog
    qtbot.keyClicks(dialog.reason.lineEdit(), "lost to a competitor")
    qtbot.keyClick(dialog.reason.lineEdit(), Qt.Key.Key_Return)
    assert window.dialog is None
    assert services.dossiers.get(known_ids["Carlos Ruiz"]).archive_reason == (
        "lost to a competitor")


def test_redo_of_a_move_to_a_day_now_past_is_refused(qtbot, known, services, known_ids, clock):
    window = known
    select_names(window, ["Carlos Ruiz"])
    shortcut(qtbot, window, Qt.Key.Key_1)  # to tomorrow
    shortcut(qtbot, window, Qt.Key.Key_Z)
    clock.set_today(date(2026, 11, 27))  # two days later, tomorrow is the past
    window.check_day()
    shortcut(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert filed(services, known_ids["Carlos Ruiz"]) == (TODAY, None)  # still where it was
    assert "Carlos Ruiz" in [r.name for r in services.views.list_insert("overdue")]
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.isVisible())
    assert box.text() == "The new date 2026-11-25 is before today (2026-11-27)."
    assert window.statusBar().currentMessage() == box.text()
    assert not window.undo_stack.canRedo()
    box.accept()


def test_rebalance_names_the_dossiers_of_a_day_longer_than_the_lists_first_page(
        qtbot, services, make_window, monkeypatch):
    """A bug fixed: the moves were named from the list's rows, so a dossier past the pages
    the list had read (a day of more than 200 at 100k dossiers) was shown by its id."""
    import app.ui.insert_model as insert_model

    monkeypatch.setattr(insert_model, "PAGE", 3)
    services.settings.update(daily_capacity=2, recent_days=0)
    names = [f"Cliente {n:02d}" for n in range(40)]
    for name in names:
        add(services, name, TODAY)
    window = make_window(services)
    assert window.list.model_.rowCount() < len(names)  # the list read only its first pages
    shortcut(qtbot, window, Qt.Key.Key_R, CTRL_SHIFT)
    dialog = window.dialog
    assert isinstance(dialog, RebalanceDialog) and dialog.moves.count() > 20
    shown = [dialog.moves.item(n).text().split("  →  ")[0] for n in range(dialog.moves.count())]
    assert set(shown) <= set(names), shown
