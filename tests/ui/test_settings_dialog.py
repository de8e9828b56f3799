"""Settings → Binder settings…: the binder's settings written in one go through the change
path (the strip, the list and the status line follow), a refused value shown under its
field with nothing written, the reminder lead kept as the user's preference and used at
once, and the binder's part shut on a read-only binder."""

from __future__ import annotations

from datetime import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLabel, QWidget

from app import preferences
from app.binder import InsertKind
from app.services import open_services
from app.ui.settings_dialog import SettingsDialog
from app.ui.tray import Reminders
from tests.conftest import TODAY
from tests.ui.conftest import add, listed, shortcut
from tests.ui.test_mnemonics import alt_key, language, letter  # noqa: F401  # language: a fixture

OK = QDialogButtonBox.StandardButton.Ok


@pytest.fixture(autouse=True)
def own_preferences(tmp_path, monkeypatch):
    """Each test its own preferences file: the lead it saves is nobody else's."""
    monkeypatch.setenv("RINGBINDER_PREFERENCES", str(tmp_path / "preferences.json"))


def open_settings(qtbot, window) -> SettingsDialog:
    """Ctrl+, from the list, as a user would."""
    window.activateWindow()  # back from the last dialog (no window manager offscreen)
    qtbot.waitUntil(window.isActiveWindow)
    shortcut(qtbot, window, Qt.Key.Key_Comma)
    dialog = window.dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)  # the keyboard is the dialog's
    return dialog


def type_number(qtbot, spin, value: int) -> None:
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, str(value))


def press_ok(qtbot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)


def test_a_new_capacity_shows_on_the_strip_and_the_status_line(qtbot, known):
    window = known
    assert window.load_label.text() == "4 filed for today · capacity 20 · 1 overdue"
    dialog = open_settings(qtbot, window)
    assert dialog.capacity.text() == "20 dossiers a day"
    type_number(qtbot, dialog.capacity, 3)
    press_ok(qtbot, dialog)
    assert window.dialog is None
    assert window.load_label.text() == "4 filed for today · 1 over capacity · 1 overdue"
    today = window.strip.index_of(TODAY.isoformat())
    assert window.strip.describe(today) == (
        "Tuesday, November 24, 2026\n4 of 3 dossiers — over capacity")

    dialog = open_settings(qtbot, window)  # 0: no limit, and said so
    type_number(qtbot, dialog.capacity, 0)
    qtbot.keyClick(dialog.capacity, Qt.Key.Key_Tab)  # on to the next field
    assert dialog.capacity.text() == "No limit"
    press_ok(qtbot, dialog)
    assert window.load_label.text() == "4 filed for today · 1 overdue"
    assert window.services.settings.get().daily_capacity == 0


def test_working_days_take_the_weekend_off_the_strip(qtbot, known):
    window = known
    saturday = "2026-11-28"
    add(window.services, "Sábado Pérez", TODAY.replace(day=28))
    window.show_insert(saturday)
    assert listed(window) == ["Sábado Pérez"]
    dialog = open_settings(qtbot, window)
    assert not dialog.horizon.isEnabled()  # counts in working-days mode only
    dialog.tab_mode.setCurrentIndex(dialog.tab_mode.findData("working_days"))
    assert dialog.horizon.isEnabled()
    dialog.country.setCurrentIndex(dialog.country.findData("PL"))
    assert dialog.country.currentText() == "Poland (PL)"
    press_ok(qtbot, window.dialog)

    days = [t for t in window.strip.tabs() if t.kind is InsertKind.DAY]
    assert all(t.day.weekday() < 5 for t in days)
    assert window.strip.index_of(saturday) < 0
    assert window.strip.index_of("2026-11-30") > 0  # Monday now holds the weekend's
    assert window.strip.current_key() == TODAY.isoformat()  # Saturday's tab is gone
    window.show_insert("2026-11-30")
    assert "Sábado Pérez" in listed(window)


def test_a_bad_currency_is_refused_under_its_field_and_nothing_changes(qtbot, known):
    window = known
    before = window.services.settings.get()
    status = window.load_label.text()
    dialog = open_settings(qtbot, window)
    type_number(qtbot, dialog.capacity, 3)  # a good change, held back with the bad one
    dialog.currency.setFocus()
    dialog.currency.selectAll()
    qtbot.keyClicks(dialog.currency, "EU")
    dialog.region.setFocus()
    qtbot.keyClicks(dialog.region, "XX")
    press_ok(qtbot, dialog)

    assert window.dialog is dialog and dialog.isVisible()
    assert dialog.errors["currency"].isVisible()
    assert dialog.errors["currency"].text() == "'EU' is not a currency code (EUR, PLN, …)."
    assert dialog.errors["phone_region"].text().startswith("'XX' is not a phone region")
    assert not dialog.errors["daily_capacity"].isVisible()
    assert dialog.region.hasFocus()  # the first refused field, to be put right
    assert window.services.settings.get() == before
    assert window.load_label.text() == status

    dialog.region.clear()  # put right: both written, the refusals gone
    dialog.currency.setText("PLN")
    press_ok(qtbot, dialog)
    assert window.dialog is None
    assert window.services.settings.get().currency == "PLN"
    assert window.load_label.text() == "4 filed for today · 1 over capacity · 1 overdue"


def test_the_reminder_lead_is_the_users_and_the_reminders_use_it_at_once(
        qtbot, make_window, services, clock):
    clock.set_time(time(9, 0))
    add(services, "Ana López", TODAY, company="Acme", time="14:30", purpose="Visit")
    window = make_window(services)
    window.reminders = Reminders(window.parts, window.jump_to, tray=False)
    dialog = open_settings(qtbot, window)
    assert dialog.lead.text() == "15 minutes before"
    type_number(qtbot, dialog.lead, 45)
    press_ok(qtbot, dialog)

    assert preferences.reminder_lead() == 45  # kept for every binder
    assert window.services.settings.get().daily_capacity == 20  # the binder untouched
    clock.set_time(time(13, 45))
    window.reminders.timer.timeout.emit()
    assert window.reminders.last_message.replace("\u202f", " ") == (
        "2:30 PM Visit — Ana López, Acme")
    assert open_settings(qtbot, window).lead.text() == "45 minutes before"


def test_binder_settings_open_from_the_settings_menu_by_keyboard(qtbot, known):
    window = known
    action = window.actions_["binder_settings"]
    settings_menu = next(a for a in window.menuBar().actions()
                         if a.menu() is not None and a.menu().objectName() == "settings-menu")
    window.list.setFocus()
    alt_key(window.list, settings_menu.text())
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is settings_menu.menu())
    alt_key(settings_menu.menu(), action.text())  # the item's own letter
    qtbot.waitUntil(lambda: isinstance(window.dialog, SettingsDialog))
    assert QApplication.activePopupWidget() is None
    dialog = window.dialog
    dialog.reject()
    assert action.shortcut().toString() == "Ctrl+,"


def test_a_read_only_binder_shows_its_settings_without_changing_them(
        qtbot, make_window, services, binder_path, clock):
    readonly = open_services(binder_path, clock, readonly=True)
    try:
        window = make_window(readonly)
        dialog = open_settings(qtbot, window)
        assert not dialog.binder.isEnabled()
        assert any(label.text().startswith("The binder is open read-only")
                   for label in dialog.findChildren(QLabel) if label.isVisible())
        type_number(qtbot, dialog.lead, 5)  # the user's own preference still can
        press_ok(qtbot, dialog)
        assert window.dialog is None
        assert preferences.reminder_lead() == 5
        window.close()
    finally:
        readonly.close()


@pytest.mark.usefixtures("language")  # in English and each translation
def test_no_alt_letter_is_claimed_twice_in_the_dialog(qtbot, services):
    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    claims = [letter(w.text()) for w in dialog.findChildren(QWidget)
              if w.isVisible() and (isinstance(w, QAbstractButton) or (
                  isinstance(w, QLabel) and w.buddy() is not None))]
    claims = [c for c in claims if c]
    assert len(claims) >= 9
    assert len(claims) == len(set(claims)), claims
