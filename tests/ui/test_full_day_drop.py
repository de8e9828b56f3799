"""Dossiers dragged onto the tab of a day without room for them: the window says so and
offers the nearest day with room, file here anyway, or nothing (Esc); a day with room takes
them without a word."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import TODAY
from tests.ui.conftest import TOMORROW, add, counts, drop_on_tab, listed, select_names

THURSDAY = date(2026, 11, 26)


@pytest.fixture
def full_tomorrow(make_window, services):
    """Capacity 3, tomorrow holding 2, and Ana and Ben on today's insert, both selected."""
    services.settings.update(daily_capacity=3)
    for n in range(2):
        add(services, f"Tomorrow {n}", TOMORROW)
    ids = {name: add(services, name, TODAY) for name in ("Ana Ruiz", "Ben Ortiz")}
    window = make_window(services)
    select_names(window, ["Ana Ruiz", "Ben Ortiz"])
    return window, ids


def question(qtbot, window) -> QMessageBox:
    box = window.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    qtbot.waitUntil(box.isActiveWindow)  # the keyboard goes to the question
    assert box.windowModality() == Qt.WindowModality.WindowModal
    return box


def next_contacts(services, ids) -> set[date | None]:
    return {services.dossiers.get(i).next_contact for i in ids.values()}


def test_enter_files_them_on_the_nearest_day_with_room(qtbot, services, full_tomorrow):
    window, ids = full_tomorrow
    drop_on_tab(window, TOMORROW.isoformat())
    box = question(qtbot, window)
    assert box.text() == "2 dossiers would go on Wed 25 Nov, which has 2 of 3 a day already."
    assert box.defaultButton().text() == "File on Thu 26 Nov &instead"
    assert next_contacts(services, ids) == {TODAY}  # nothing moved while asking
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.dialog is None)
    assert next_contacts(services, ids) == {THURSDAY}
    assert counts(window)["2026-11-25"] == 2 and counts(window)["2026-11-26"] == 2
    assert listed(window) == []


def test_here_anyway_files_them_on_the_full_day(qtbot, services, full_tomorrow):
    window, ids = full_tomorrow
    drop_on_tab(window, TOMORROW.isoformat())
    question(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.dialog is None)
    assert next_contacts(services, ids) == {TOMORROW}
    assert counts(window)["2026-11-25"] == 4


def test_escape_files_nothing(qtbot, services, full_tomorrow):
    window, ids = full_tomorrow
    drop_on_tab(window, TOMORROW.isoformat())
    question(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.dialog is None)
    assert next_contacts(services, ids) == {TODAY}
    assert sorted(listed(window)) == ["Ana Ruiz", "Ben Ortiz"]


def test_a_day_with_room_takes_them_without_a_question(qtbot, services, full_tomorrow):
    window, ids = full_tomorrow
    drop_on_tab(window, THURSDAY.isoformat())
    assert window.dialog is None
    assert next_contacts(services, ids) == {THURSDAY}
