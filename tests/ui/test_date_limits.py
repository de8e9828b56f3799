"""The window's date fields at the ends of the calendar: none offers a day outside
1900-01-01 … 2999-12-31 (the binder refuses those), and a quick choice that would fall
past the last day is refused at the date field with nothing saved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from app.services.dossiers import NewDossier
from app.ui.dialogs import DatePickDialog
from app.ui.dossier_dialogs import NewDossierDialog
from app.ui.form_value_editors import OptionalDateField
from app.ui.handover_export import HandoverExportDialog
from app.ui.log_contact import LogContactDialog
from tests.ui.test_log_contact import assert_nothing_saved, fill_talk, press

LAST = QDate(2999, 12, 31)
FIRST = QDate(1900, 1, 1)
NEAR_THE_END = date(2999, 12, 20)


def test_no_date_field_goes_past_the_last_day(qtbot, services, clock):
    clock.set_today(NEAR_THE_END)
    new = NewDossierDialog(services)
    pick = DatePickDialog(NEAR_THE_END, None)
    export = HandoverExportDialog(services, NEAR_THE_END, [])
    form_date = OptionalDateField(NEAR_THE_END)
    ana = services.dossiers.create(NewDossier("Ana Ruiz", next_contact=NEAR_THE_END))[0]
    log = LogContactDialog(services, ana)
    for widget in (new, pick, export, form_date, log):
        qtbot.addWidget(widget)
    form_date.check.setChecked(True)
    edits = [new.next, export.start, export.end, form_date.edit, log.date_edit]
    for edit in edits:
        edit.setDate(QDate(9999, 12, 31))  # typed, or the calendar's year spun on
        assert edit.date() == LAST, edit
        assert edit.maximumDate() == LAST
    pick.calendar.setSelectedDate(QDate(9999, 12, 31))
    assert pick.calendar.maximumDate() == LAST
    assert pick.chosen() <= date(2999, 12, 31)
    export.start.setDate(QDate(1800, 1, 1))
    assert export.start.date() == FIRST


def test_a_quick_choice_past_the_last_day_is_refused_at_the_date(qtbot, services, clock):
    clock.set_today(date(2999, 12, 31))
    ana = services.dossiers.create(NewDossier("Ana Ruiz", next_contact=date(2999, 12, 31)))[0]
    before = services.dossiers.get(ana)
    dialog = LogContactDialog(services, ana)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # tomorrow: 3000
    assert dialog.next_date() == date(3000, 1, 1)
    press(qtbot, dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.errors["date"].isVisible()
    assert "3000-01-01 is outside" in dialog.errors["date"].text()
    assert "2999-12-31" in dialog.errors["date"].text()
    assert_nothing_saved(services, ana, before)
