"""The date field as the user meets it: what is typed is understood and said beside it (the
weekday, the insert, the day's load), what names no day turns the field red with the reason,
and the calendar opens from the keyboard."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from app.binder import WorkCalendar
from app.date_input import DateInputError
from app.i18n import set_locale
from app.services.dossiers import NewDossier
from app.ui.date_field import DateField
from app.ui.dossier_dialogs import NewDossierDialog
from app.ui.form_value_editors import OptionalDateField
from app.ui.handover_export import HandoverExportDialog
from tests.conftest import TODAY

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def field(qtbot, services):
    """A field as a dialog makes it, on a shown window with the keyboard on the field."""
    window = QWidget()
    qtbot.addWidget(window)
    made = DateField(TODAY, window, minimum=TODAY, load=services.loads.load,
                     strip=services.views.strip())
    made.setDate(TODAY)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    made.setFocus()
    qtbot.waitUntil(made.edit.hasFocus)
    yield made  # the window lives as long as the test


def type_over(qtbot, field: DateField, text: str) -> None:
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, text)


def note(field: DateField) -> str:
    return field.note_text()


@pytest.mark.parametrize(("typed", "day", "said"), [
    ("15", date(2026, 12, 15), "Tue 15 Dec · insert 15"),
    ("12/1", date(2026, 12, 1), "Tue 1 Dec · insert 1"),
    ("dec 10", date(2026, 12, 10), "Thu 10 Dec · insert 10"),
    ("fri", date(2026, 11, 27), "Fri 27 Nov · insert 27"),
    ("+3", date(2026, 11, 27), "Fri 27 Nov · insert 27"),
    ("tomorrow", date(2026, 11, 25), "Wed 25 Nov · insert 25"),
    ("+1m", date(2026, 12, 24), "Thu 24 Dec · insert December 2026"),
    ("2027-03-01", date(2027, 3, 1), "Mon 1 Mar 2027 · insert March 2027"),
])
def test_what_is_typed_is_understood_and_said(qtbot, field, typed, day, said):
    changes: list[QDate] = []
    field.dateChanged.connect(changes.append)
    type_over(qtbot, field, typed)
    assert field.date() == QDate(day.year, day.month, day.day)
    assert field.is_valid() and field.error() == ""
    assert note(field).startswith(said + " · ")
    assert changes[-1] == QDate(day.year, day.month, day.day)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)  # Enter (or leaving) writes the day in full
    assert field.text() == f"{day.month}/{day.day}/{day.year}"


def test_focus_selects_the_text_so_typing_replaces_it(qtbot, field):
    field.setDate(date(2026, 12, 3))
    other = QLineEdit(field.parentWidget())
    other.move(0, 40)
    other.show()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    qtbot.keyClick(other, Qt.Key.Key_Tab)  # round to the date field
    qtbot.waitUntil(lambda: field.edit.selectedText() == "12/3/2026")
    qtbot.keyClicks(field.edit, "15")
    assert field.text() == "15" and field.day() == date(2026, 12, 15)


def test_a_day_that_does_not_exist_turns_the_field_red_with_the_reason(qtbot, field):
    type_over(qtbot, field, "2/31")
    assert field.date() is None and not field.is_valid()
    assert field.error() == "'2/31': February has no day 31."
    assert note(field) == "'2/31': February has no day 31."
    assert "#c0392b" in field.edit.styleSheet()
    type_over(qtbot, field, "2/28")
    assert field.day() == date(2027, 2, 28) and field.edit.styleSheet() == ""


def test_a_day_before_the_first_allowed_is_refused(qtbot, field):
    type_over(qtbot, field, "-1")
    assert field.date() is None
    assert note(field) == "Nov 23, 2026 is before Nov 24, 2026, the first day you can choose here."


def test_an_untouched_empty_field_is_not_red_until_refused(qtbot):
    empty = DateField(TODAY)
    qtbot.addWidget(empty)
    assert not empty.is_valid() and empty.error().startswith("Type a date")
    assert note(empty) == "" and empty.edit.styleSheet() == ""
    empty.refuse()  # OK pressed
    assert note(empty) == "Type a date: for example 15, 12/1, fri, +3 or tomorrow."
    assert "#c0392b" in empty.edit.styleSheet()


def test_alt_down_opens_the_calendar_on_the_day_and_enter_picks(qtbot, field):
    type_over(qtbot, field, "12/1")
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, ALT)
    calendar = field.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(2026, 12, 1)
    assert calendar.minimumDate() == QDate(2026, 11, 24)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert field.day() == date(2026, 12, 2)
    assert note(field).startswith("Wed 2 Dec · insert 2")
    assert field.edit.hasFocus()


def test_f4_opens_the_calendar_and_escape_closes_it_unchanged(qtbot, field):
    type_over(qtbot, field, "fri")
    qtbot.keyClick(field.edit, Qt.Key.Key_F4)
    calendar = field.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(2026, 11, 27)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not calendar.isVisible()
    assert field.day() == date(2026, 11, 27)


def test_up_and_down_step_a_day(qtbot, field):
    type_over(qtbot, field, "12/1")
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.day() == date(2026, 12, 2)
    qtbot.keyClick(field.edit, Qt.Key.Key_Down)
    qtbot.keyClick(field.edit, Qt.Key.Key_Down)
    assert field.day() == date(2026, 11, 30)


def test_the_load_of_a_day_with_dossiers_is_shown_beside_it(qtbot, services, field):
    for name in ("Ana Ruiz", "Jan Nowak", "Olga Petrova"):
        services.dossiers.create(NewDossier(name, next_contact=date(2026, 12, 1)))
    type_over(qtbot, field, "12/1")
    assert note(field) == "Tue 1 Dec · insert 1 · 3 of 20"
    assert "background-color:#cfe8cf" in field.note.text()  # light, as the tab shows it
    services.settings.update(daily_capacity=4)
    crowded = DateField(TODAY, load=services.loads.load)
    qtbot.addWidget(crowded)
    crowded.setText("12/1")
    assert note(crowded) == "Tue 1 Dec · 3 of 4"
    assert "background-color:#f3d37a" in crowded.note.text()  # nearly full


def test_a_weekend_of_a_working_days_binder_is_pointed_out(qtbot, services):
    services.settings.update(tab_mode="working_days", holiday_country="PL")
    field = DateField(TODAY, strip=services.views.strip(), working=WorkCalendar("PL"))
    qtbot.addWidget(field)
    field.setText("sat")
    assert note(field) == "Sat 28 Nov · weekend · insert Mon 30"
    field.setText("12/25")
    assert note(field).startswith("Fri 25 Dec · public holiday · ")


def test_set_date_keeps_within_the_range_as_a_date_edit_does(qtbot):
    field = DateField(TODAY, maximum=date(2999, 12, 31))
    qtbot.addWidget(field)
    field.setDate(QDate(9999, 12, 31))
    assert field.date() == QDate(2999, 12, 31)
    assert field.maximumDate() == QDate(2999, 12, 31)


# -- the dialogs that take a date ----------------------------------------------------------

def test_a_new_dossier_is_filed_on_the_day_typed(qtbot, services):
    dialog = NewDossierDialog(services)
    qtbot.addWidget(dialog)
    dialog.name.setText("Ana Ruiz")
    assert dialog.next.note_text().startswith("Tue 24 Nov · insert 24")
    dialog.next.edit.selectAll()
    qtbot.keyClicks(dialog.next.edit, "12012026")  # the digits the old field got wrong
    assert dialog.next.note_text().startswith("Tue 1 Dec · insert 1")
    with qtbot.waitSignal(dialog.created) as created:
        dialog.confirm()
    assert services.dossiers.get(created.args[0]).next_contact == date(2026, 12, 1)


def test_a_new_dossier_on_a_day_that_does_not_exist_is_refused(qtbot, services):
    dialog = NewDossierDialog(services)
    qtbot.addWidget(dialog)
    dialog.name.setText("Ana Ruiz")
    dialog.next.edit.selectAll()
    qtbot.keyClicks(dialog.next.edit, "2/29/2027")
    dialog.confirm()
    assert dialog.next.note_text() == "'2/29/2027': February 2027 has no day 29."
    assert dialog.result() != dialog.DialogCode.Accepted
    assert services.views.search("Ana Ruiz") == []


def test_the_hand_over_dialog_is_not_red_before_anything_is_typed(qtbot, services):
    services.dossiers.create(NewDossier("Ana Ruiz", next_contact=TODAY))
    dialog = HandoverExportDialog(services, TODAY, [])
    qtbot.addWidget(dialog)
    assert dialog.status.text() == "" and not dialog.ok.isEnabled()  # no passphrase yet
    assert dialog.count_label.text() == "1 dossier will be handed over."
    assert dialog.start.note_text() == "Tue 24 Nov · 1 of 20"
    dialog.secret.first.setFocus()
    qtbot.keyClicks(dialog.secret.first, "short")
    assert dialog.status.text() == "The passphrase needs at least 8 characters."
    dialog.end.edit.selectAll()
    qtbot.keyClicks(dialog.end.edit, "11/31")
    assert dialog.status.text() == "'11/31': November has no day 31."
    assert not dialog.ok.isEnabled()


def test_a_form_date_typed_wrong_is_no_day_at_all(qtbot):
    """Red text is not the day before: the form is told nothing can be saved."""
    form_date = OptionalDateField(TODAY)
    qtbot.addWidget(form_date)
    form_date.set_value("2027-03-01")
    edits: list[None] = []
    form_date.changed.connect(lambda: edits.append(None))
    form_date.edit.setText("mar 15")
    assert form_date.value() == "2027-03-15" and len(edits) == 1
    form_date.edit.setText("mar 32")
    assert form_date.edit.note_text() == "'mar 32': March has no day 32."
    assert len(edits) == 2  # the form hears of the refusal too
    with pytest.raises(DateInputError, match="not saved until it names a day"):
        form_date.value()


def test_ticking_a_form_date_chooses_no_day(qtbot):
    form_date = OptionalDateField(TODAY)
    qtbot.addWidget(form_date)
    form_date.check.setChecked(True)
    assert form_date.edit.text() == "" and form_date.value() is None
    assert form_date.edit.note_text() == ""  # waiting, not red
    form_date.edit.setText("fri")
    assert form_date.value() == "2026-11-27"
    form_date.check.setChecked(False)
    assert form_date.value() is None and form_date.edit.text() == ""
    form_date.check.setChecked(True)  # again: still no day of its own
    assert form_date.value() is None and form_date.edit.note_text() == ""


def test_a_click_in_the_field_selects_its_text(qtbot, field):
    other = QLineEdit(field.parentWidget())
    other.move(0, 40)
    other.show()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: field.edit.selectedText() == "11/24/2026")


def test_the_field_speaks_polish(qtbot):
    set_locale("pl_PL")
    try:
        field = DateField(TODAY)
        qtbot.addWidget(field)
        field.setText("wt")
        assert note(field) == "wt. 1 gru"
        field.setText("31.2")
        assert note(field) == "„31.2”: luty nie ma dnia 31."
        field.setDate(date(2026, 12, 15))
        assert field.text() == "15.12.2026"
    finally:
        set_locale("en_US")
