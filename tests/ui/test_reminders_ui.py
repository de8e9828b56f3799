"""Reminders in the window: the morning summary and an appointment a quarter of an hour ahead
in the status bar (no system tray offscreen), the dossier brought up from the notification, a
double booking named when a refile makes it and marked on both cards."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from app import preferences
from app.services.dossiers import NewDossier
from app.ui.card_delegate import clash_of
from app.ui.tray import Reminders
from tests.conftest import TODAY
from tests.ui.conftest import OFFSCREEN_LIMITS, TOMORROW, add, listed


def status(window) -> str:
    return window.statusBar().currentMessage().replace("\u202f", " ")


@pytest.fixture
def ana(services, clock) -> str:
    clock.set_time(time(9, 0))
    add(services, "Ben Ruiz", TODAY, time="16:00", purpose="Call")
    return add(services, "Ana López", TODAY, company="Acme", time="14:30", purpose="Visit",
               fixed=True)


def test_the_summary_then_an_appointment_once_in_the_status_bar(make_window, services,
                                                                  clock, ana):
    window = make_window(services)
    reminders = Reminders(window.parts, window.jump_to, lead_minutes=15, tray=False)
    assert status(window) == "2 dossiers today, 1 fixed"

    clock.set_time(time(14, 14))
    reminders.timer.timeout.emit()
    assert status(window) == "2 dossiers today, 1 fixed"  # nothing new yet
    clock.advance(timedelta(minutes=1))
    reminders.timer.timeout.emit()
    assert status(window) == "2:30 PM Visit — Ana López, Acme (fixed)"
    window.statusBar().clearMessage()
    clock.advance(timedelta(seconds=30))
    reminders.timer.timeout.emit()
    assert status(window) == ""  # once only

    window.show_insert(TOMORROW.isoformat())  # the user is elsewhere: the message clicked
    reminders.open_last()
    assert window.strip.current_key() == TODAY.isoformat()
    assert window.pane.dossier_id == ana and window.list.current_id() == ana


def test_after_midnight_the_new_days_summary_shows_once(make_window, services, clock, ana):
    add(services, "Carla Gómez", TOMORROW, time="10:00")
    clock.set_time(time(23, 59, 40))
    window = make_window(services)
    reminders = Reminders(window.parts, window.jump_to, tray=False)
    clock.advance(timedelta(seconds=30))
    reminders.timer.timeout.emit()
    assert status(window) == "1 dossier today, 2 still overdue"
    window.statusBar().clearMessage()
    clock.advance(timedelta(seconds=30))
    reminders.timer.timeout.emit()
    assert status(window) == ""


def test_a_refile_that_double_books_is_named_and_both_cards_are_marked(
        make_window, services, clock, ana, qtbot):
    ben_tomorrow = add(services, "Dora Díaz", TOMORROW, time="14:40", purpose="Visit")
    window = make_window(services)
    Reminders(window.parts, window.jump_to, tray=False)
    window.refile({ben_tomorrow: TODAY}, "Refile to a date")
    assert status(window) == ("Double booking on Nov 24, 2026: Ana López at 2:30 PM and "
                              "Dora Díaz at 2:40 PM.")

    window.show_insert(TODAY.isoformat())
    names = listed(window)
    model = window.list.model_
    marked = {names[n]: getattr(clash_of(model.index(n)), "name", None)
              for n in range(len(names))}
    assert marked == {"Ana López": "Dora Díaz", "Dora Díaz": "Ana López", "Ben Ruiz": None}

    view = window.list
    centre = view.visualRect(model.index(names.index("Ana López"))).center()
    QApplication.sendEvent(view.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, centre, view.viewport().mapToGlobal(centre)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Double booking: Dora Díaz at 2:40" in QToolTip.text().replace("\u202f", " ")
    QToolTip.hideText()


# a tray icon made where the platform has no tray: Qt says it cannot follow the tray's screen
@pytest.mark.qt_log_ignore(OFFSCREEN_LIMITS, "systemTrayWindowChanged")
def test_the_trays_menu_and_notification_bring_up_their_dossier(make_window, services, clock,
                                                                 ana):
    window = make_window(services)
    reminders = Reminders(window.parts, window.jump_to, tray=True)
    assert reminders.tray is not None
    assert reminders.tray.toolTip() == "Ringbinder — 2 dossiers today, 1 fixed"
    assert reminders.badge == "2"  # today's count on the icon itself
    actions = [a for a in reminders.menu.actions() if a.text()]
    assert [a.text().replace("\u202f", " ") for a in actions] == [
        "2:30 PM Visit — Ana López, Acme (fixed)", "4:00 PM Call — Ben Ruiz", "Show Ringbinder"]

    window.show_insert(TOMORROW.isoformat())
    actions[0].trigger()
    assert window.pane.dossier_id == ana and window.list.current_id() == ana

    window.bridge.write(lambda: services.dossiers.create(  # a new one: the tooltip follows
        NewDossier("Carla Gómez", next_contact=TODAY, time="14:40")))
    assert reminders.tray.toolTip() == "Ringbinder — 3 dossiers today, 1 fixed"
    assert reminders.badge == "3"
    clock.set_time(time(14, 25))
    window.show_insert(TOMORROW.isoformat())
    reminders.timer.timeout.emit()
    assert reminders.last_message.replace("\u202f", " ") == (
        "2:30 PM Visit — Ana López, Acme (fixed)\n2:40 PM — Carla Gómez")
    reminders.tray.messageClicked.emit()
    assert window.pane.dossier_id == ana


def test_the_lead_is_the_users_preference(make_window, services, clock, ana, tmp_path,
                                          monkeypatch):
    monkeypatch.setenv("RINGBINDER_PREFERENCES", str(tmp_path / "preferences.json"))
    preferences.save(reminder_lead=5)
    window = make_window(services)
    reminders = Reminders(window.parts, window.jump_to, tray=False)
    clock.set_time(time(14, 15))
    reminders.timer.timeout.emit()
    assert reminders.last_message == "2 dossiers today, 1 fixed"  # not yet
    clock.set_time(time(14, 25))
    reminders.timer.timeout.emit()
    assert status(window) == "2:30 PM Visit — Ana López, Acme (fixed)"
