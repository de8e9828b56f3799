"""Log a contact: the dialog over a real binder, driven from the keyboard as a salesperson
would (type, Tab, Alt+digit for the next step, Ctrl+Enter), and every refusal shown at its
field with nothing saved."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.binder.capacity import Load
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from app.ui import theme
from app.ui.log_contact import ARCHIVE, PICKED, LogContactDialog
from tests.conftest import TODAY
from tests.ui.test_query_counts import every_statement, matching

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
FRIDAY = date(2026, 11, 27)


def new(services, name: str = "Ana Ruiz", when: date | None = TODAY, **fields) -> str:
    return services.dossiers.create(NewDossier(name, next_contact=when, **fields))[0]


def filed_under(services, when: date | None) -> list[str]:
    """The ids of the dossiers in the insert a date is filed under."""
    key = services.views.strip().insert_for(when).key
    return [row.id for row in services.views.list_insert(key)]


@pytest.fixture
def open_dialog(qtbot, services):
    """Open the dialog as the window does (open(), not exec()) and make it the active window,
    so that its shortcuts act."""

    def make(dossier_id: str) -> LogContactDialog:
        dialog = LogContactDialog(services, dossier_id)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        return dialog

    return make


def press(qtbot, dialog, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key where Qt delivers it: to the widget with the focus."""
    qtbot.keyClick(QApplication.focusWidget() or dialog, key, modifiers)


def type_in(qtbot, dialog, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def focused(dialog) -> str:
    widget = QApplication.focusWidget()
    names = {id(w): n for n, w in vars(dialog).items() if isinstance(w, QWidget)}
    names.update({id(b): f"choice:{n}" for n, b in dialog.choices.items()})
    names[id(dialog.date_edit.edit)] = "date_edit"  # the line the date field types in
    return names.get(id(widget), type(widget).__name__)


def fill_talk(qtbot, dialog, summary: str = "Presented the quote",
              outcome: str = "Will call back") -> None:
    dialog.summary.setFocus()
    type_in(qtbot, dialog, summary)
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_in(qtbot, dialog, outcome)


def contacts(services, dossier_id: str) -> list:
    return [e for e in services.dossiers.get(dossier_id).events if e.kind == "contact"]


def assert_nothing_saved(services, dossier_id: str, before) -> None:
    after = services.dossiers.get(dossier_id)
    assert after.events == before.events
    assert (after.next_contact, after.time, after.archived) == \
        (before.next_contact, before.time, before.archived)


# -- the whole flow ---------------------------------------------------------------------------

def test_the_whole_flow_from_the_keyboard_alone(qtbot, services, open_dialog):
    ana = new(services, time="09:00", purpose="call about the quote")
    dialog = open_dialog(ana)
    assert focused(dialog) == "summary"  # the cursor starts where the writing starts
    assert dialog.choice() == "next_working_day"  # the default next step

    type_in(qtbot, dialog, "Presented the quote for 3 printers")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) == "outcome"
    type_in(qtbot, dialog, "Wants 5% off")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_in(qtbot, dialog, "LP-300 x3")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) == "amount"
    type_in(qtbot, dialog, "14500")
    press(qtbot, dialog, Qt.Key.Key_3, ALT)  # In a week
    assert dialog.choice() == "one_week"
    assert focused(dialog) == "choice:one_week"
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) == "time"
    type_in(qtbot, dialog, "10:30")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_in(qtbot, dialog, "call about the discount")
    with qtbot.waitSignal(dialog.logged) as logged, qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    week = date(2026, 12, 1)
    assert logged.args == [dialog.changes]
    assert dialog.changes.dossiers == {ana} and dialog.changes.dates == {TODAY, week}
    detail = services.dossiers.get(ana)
    assert (detail.next_contact, detail.time, detail.purpose, detail.fixed) == \
        (week, "10:30", "call about the discount", False)
    [event] = detail.events
    assert (event.kind, event.channel, event.summary, event.outcome, event.offer) == \
        ("contact", "call", "Presented the quote for 3 printers", "Wants 5% off", "LP-300 x3")
    assert (event.amount, event.currency, event.next_contact) == ("14500.00", "EUR", week)
    assert ana in filed_under(services, week)
    assert ana not in filed_under(services, TODAY)


def test_tab_walks_the_fields_in_order_and_stops_once_in_the_next_step(
        qtbot, services, open_dialog):
    dialog = open_dialog(new(services))
    order = []
    for _ in range(10):
        press(qtbot, dialog, Qt.Key.Key_Tab)
        order.append(focused(dialog))
    assert order == ["outcome", "offer", "amount", "currency", "choice:next_working_day",
                     "time", "purpose", "fixed", "ok", "QPushButton"]
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) == "channel"  # round to the top
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) == "summary"

    press(qtbot, dialog, Qt.Key.Key_6, ALT)  # a picked date: its edit joins the walk
    assert focused(dialog) == "date_edit"
    press(qtbot, dialog, Qt.Key.Key_Tab)  # Tab leaves the date edit, not its sections
    assert focused(dialog) == "time"
    press(qtbot, dialog, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, dialog, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused(dialog) == "choice:date"

    press(qtbot, dialog, Qt.Key.Key_7, ALT)  # archive: the reason, then the buttons
    assert focused(dialog) == "reason"
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) == "ok"


def test_enter_moves_on_and_confirms_in_the_last_field(qtbot, services, open_dialog):
    ana = new(services)
    dialog = open_dialog(ana)
    type_in(qtbot, dialog, "Line one")
    press(qtbot, dialog, Qt.Key.Key_Return)  # the summary may have several lines
    type_in(qtbot, dialog, "Line two")
    assert dialog.summary.toPlainText() == "Line one\nLine two"
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_in(qtbot, dialog, "Agreed")
    press(qtbot, dialog, Qt.Key.Key_Return)  # Enter in a field goes on to the next…
    assert focused(dialog) == "offer" and dialog.isVisible()
    for _ in range(4):  # offer, amount, currency, the next step
        press(qtbot, dialog, Qt.Key.Key_Return)
    assert focused(dialog) == "time"
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert focused(dialog) == "purpose" and contacts(services, ana) == []
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return)  # …and the last one confirms
    assert contacts(services, ana)[0].summary == "Line one\nLine two"
    assert services.dossiers.get(ana).next_contact == date(2026, 11, 25)


def test_escape_cancels_and_saves_nothing(qtbot, services, open_dialog):
    ana = new(services)
    before = services.dossiers.get(ana)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    with qtbot.assertNotEmitted(dialog.logged), qtbot.waitSignal(dialog.rejected):
        press(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialog.changes is None
    assert_nothing_saved(services, ana, before)


# -- the next step ----------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "choice", "expected", "shown"), [
    (Qt.Key.Key_1, "tomorrow", date(2026, 11, 25), "Wed 25 Nov"),
    (Qt.Key.Key_2, "next_working_day", date(2026, 11, 25), "Wed 25 Nov"),
    (Qt.Key.Key_3, "one_week", date(2026, 12, 1), "Tue 1 Dec"),
    (Qt.Key.Key_4, "two_weeks", date(2026, 12, 8), "Tue 8 Dec"),
    (Qt.Key.Key_5, "one_month", date(2026, 12, 24), "Thu 24 Dec"),
])
def test_each_quick_choice_lands_on_its_date(qtbot, services, open_dialog, key, choice,
                                             expected, shown):
    ana = new(services)
    dialog = open_dialog(ana)
    assert dialog.date_labels[choice].text() == shown
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, key, ALT)
    assert dialog.choice() == choice and dialog.choices[choice].isChecked()
    assert dialog.next_date() == expected
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert services.dossiers.get(ana).next_contact == expected
    assert ana in filed_under(services, expected)


def test_from_a_friday_the_next_working_day_is_monday(qtbot, services, clock, open_dialog):
    ana = new(services, when=FRIDAY)
    clock.set_today(FRIDAY)
    dialog = open_dialog(ana)
    assert dialog.date_labels["tomorrow"].text() == "Sat 28 Nov"
    assert dialog.date_labels["next_working_day"].text() == "Mon 30 Nov"
    fill_talk(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)  # the default choice
    assert services.dossiers.get(ana).next_contact == date(2026, 11, 30)
    assert ana in filed_under(services, date(2026, 11, 30))


def test_the_next_working_day_skips_the_binders_holidays(qtbot, services, clock, open_dialog):
    services.settings.update(holiday_country="PL")
    clock.set_today(date(2026, 11, 10))  # the day before Polish Independence Day
    ana = new(services, when=date(2026, 11, 10))
    dialog = open_dialog(ana)
    assert dialog.date_labels["tomorrow"].text() == "Wed 11 Nov"
    assert dialog.date_labels["next_working_day"].text() == "Thu 12 Nov"
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_2, ALT)
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert services.dossiers.get(ana).next_contact == date(2026, 11, 12)


def test_in_a_month_clamps_to_the_months_end(qtbot, services, clock, open_dialog):
    clock.set_today(date(2027, 1, 31))
    ana = new(services, when=date(2027, 1, 31))
    dialog = open_dialog(ana)
    assert dialog.date_labels["one_month"].text() == "Sun 28 Feb"
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_5, ALT)
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert services.dossiers.get(ana).next_contact == date(2027, 2, 28)


def test_a_picked_date(qtbot, services, open_dialog):
    ana = new(services)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_6, ALT)
    assert dialog.choice() == PICKED and focused(dialog) == "date_edit"
    assert dialog.date_edit.minimumDate() == QDate(2026, 11, 24)  # not before today
    assert dialog.date_edit.date() == QDate(2026, 11, 25)  # starts on the next working day
    press(qtbot, dialog, Qt.Key.Key_Up)  # the day number: one day later
    assert dialog.next_date() == date(2026, 11, 26)
    calendar = dialog.date_edit.calendarWidget()
    press(qtbot, dialog, Qt.Key.Key_Down, ALT)  # the calendar, from the keyboard
    assert calendar.isVisible()
    press(qtbot, dialog, Qt.Key.Key_Down)  # a week later
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert not calendar.isVisible() and focused(dialog) == "date_edit"
    assert dialog.next_date() == date(2026, 12, 3) and dialog.isVisible()
    dialog.date_edit.setDate(QDate(2027, 1, 15))  # as a click in the calendar would
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    detail = services.dossiers.get(ana)
    assert detail.next_contact == date(2027, 1, 15)
    assert ana in filed_under(services, date(2027, 1, 15))


def test_a_date_typed_as_a_day_number(qtbot, services, open_dialog):
    ana = new(services)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_6, ALT)
    type_in(qtbot, dialog, "15")  # the text is selected: typing replaces it
    assert dialog.choice() == PICKED and dialog.next_date() == date(2026, 12, 15)
    assert "Tue 15 Dec" in dialog.date_edit.note.text()
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert services.dossiers.get(ana).next_contact == date(2026, 12, 15)


def test_a_typed_date_that_names_no_day_is_refused_at_the_date(qtbot, services, open_dialog):
    ana = new(services)
    before = services.dossiers.get(ana)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_6, ALT)
    type_in(qtbot, dialog, "31.2")
    with qtbot.assertNotEmitted(dialog.logged):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and dialog.errors["date"].isVisible()
    assert dialog.errors["date"].text() == dialog.date_edit.error() != ""
    assert focused(dialog) == "date_edit"
    assert_nothing_saved(services, ana, before)


def test_editing_the_date_picks_it(qtbot, services, open_dialog):
    dialog = open_dialog(new(services))
    dialog.date_edit.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Up)
    assert dialog.choice() == PICKED and dialog.next_date() == date(2026, 11, 26)


def test_a_picked_date_that_became_the_past_is_refused_at_the_date(
        qtbot, services, clock, open_dialog):
    ana = new(services)
    before = services.dossiers.get(ana)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_6, ALT)
    dialog.date_edit.setDate(QDate(2026, 11, 24))  # today…
    clock.set_today(date(2026, 11, 25))  # …until midnight passes with the dialog open
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert dialog.errors["date"].isVisible()
    assert "before today" in dialog.errors["date"].text()
    assert_nothing_saved(services, ana, before)


def test_a_fixed_appointment_with_a_time(qtbot, services, open_dialog):
    ana = new(services)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_4, ALT)
    for _ in range(3):
        press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) == "fixed"
    press(qtbot, dialog, Qt.Key.Key_Space)
    dialog.time.setText("9:05")
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return)  # Enter on the last field confirms
    detail = services.dossiers.get(ana)
    assert (detail.next_contact, detail.time, detail.fixed) == (date(2026, 12, 8), "09:05", True)


# -- how full the days are -------------------------------------------------------------------

LOAD_READ = re.compile(r"^SELECT day, sum\(n\) FROM dossier_counts\b")


def fill(services, day: date, count: int) -> None:
    for n in range(count):
        new(services, f"Filed {day.isoformat()} {n}", when=day)


def test_each_quick_choice_shows_how_full_its_day_is_read_once(qtbot, services, open_dialog):
    services.settings.update(daily_capacity=20)
    fill(services, date(2026, 11, 25), 5)  # tomorrow, the next working day: light
    fill(services, date(2026, 12, 1), 12)  # a week: more than half
    fill(services, date(2026, 12, 8), 21)  # two weeks: over
    ana = new(services)
    with every_statement(services) as seen:
        dialog = open_dialog(ana)
    assert matching(LOAD_READ, seen) == 1  # the days of every choice, in one read
    shown = {name: (dialog.date_labels[name].text(), pill.text(), pill.load.level)
             for name, pill in dialog.load_pills.items()}
    assert shown == {"tomorrow": ("Wed 25 Nov", "5/20", Load.LIGHT),
                     "next_working_day": ("Wed 25 Nov", "5/20", Load.LIGHT),
                     "one_week": ("Tue 1 Dec", "12/20", Load.FULL),
                     "two_weeks": ("Tue 8 Dec", "21/20", Load.OVER),
                     "one_month": ("Thu 24 Dec", "0/20", Load.EMPTY)}
    for level in (Load.LIGHT, Load.FULL, Load.OVER):  # the tab strip's colours
        pill = next(p for p in dialog.load_pills.values() if p.load.level is level)
        assert theme.LOAD_COLOURS[level].name() in pill.styleSheet()
    assert "5 of 20" in dialog.date_edit.note.text()  # the date field's day, too
    assert not dialog.full.isVisible()


def test_a_full_day_says_so_and_offers_the_nearest_day_with_room(qtbot, services,
                                                                 open_dialog):
    services.settings.update(daily_capacity=3)
    fill(services, date(2026, 11, 25), 3)
    ana = new(services)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    assert dialog.choice() == "next_working_day" and dialog.full.isVisible()
    full = dialog.next_step.full_label
    assert full.text() == "Wed 25 Nov is full: 3 of 3 dossiers a day already."
    assert dialog.instead.text() == "File on Thu 26 Nov instead (0/3)"
    press(qtbot, dialog, Qt.Key.Key_8, ALT)
    assert dialog.choice() == PICKED and dialog.next_date() == date(2026, 11, 26)
    assert not dialog.full.isVisible() and "0 of 3" in dialog.date_edit.note.text()
    press(qtbot, dialog, Qt.Key.Key_1, ALT)  # tomorrow is the same full day: said again
    assert dialog.full.isVisible()
    with qtbot.waitSignal(dialog.accepted):  # and still allowed, if the user wants it
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert services.loads.load(date(2026, 11, 25)).count == 4


def test_the_day_with_room_is_reached_with_tab_and_picks_its_quick_choice(
        qtbot, services, clock, open_dialog):
    services.settings.update(daily_capacity=1)
    fill(services, date(2026, 11, 28), 1)  # Saturday
    clock.set_today(FRIDAY)
    ana = new(services, when=FRIDAY)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_1, ALT)  # tomorrow, Saturday: full
    assert dialog.next_step.full_label.text() == "Sat 28 Nov is full: 1 of 1 dossier a day already."
    assert dialog.instead.text() == "File on Mon 30 Nov instead (0/1)"  # a working day
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) == "instead"
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert dialog.choice() == "next_working_day" and focused(dialog) == "choice:next_working_day"
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert services.dossiers.get(ana).next_contact == date(2026, 11, 30)


def test_a_picked_date_on_a_full_day_says_so(qtbot, services, open_dialog):
    services.settings.update(daily_capacity=2)
    fill(services, date(2027, 3, 10), 2)  # far beyond the quick choices: read when picked
    dialog = open_dialog(new(services))
    press(qtbot, dialog, Qt.Key.Key_6, ALT)
    dialog.date_edit.setDate(QDate(2027, 3, 10))
    assert "2 of 2" in dialog.date_edit.note.text() and dialog.full.isVisible()
    assert dialog.next_step.full_label.text().startswith("Wed 10 Mar 2027 is full")
    assert dialog.instead.text() == "File on Thu 11 Mar 2027 instead (0/2)"
    press(qtbot, dialog, Qt.Key.Key_8, ALT)
    assert dialog.next_date() == date(2027, 3, 11) and not dialog.full.isVisible()


def test_the_dossiers_own_day_is_not_full_of_it(qtbot, services, open_dialog):
    services.settings.update(daily_capacity=2)
    fill(services, date(2026, 12, 1), 1)
    ana = new(services, when=date(2026, 12, 1))  # the second of two
    dialog = open_dialog(ana)
    assert dialog.load_pills["one_week"].text() == "1/2"  # the card in hand is out of it
    press(qtbot, dialog, Qt.Key.Key_3, ALT)
    assert not dialog.full.isVisible()


def test_without_a_daily_capacity_no_day_is_full(qtbot, services, open_dialog):
    services.settings.update(daily_capacity=0)
    fill(services, date(2026, 11, 25), 30)
    dialog = open_dialog(new(services))
    assert dialog.load_pills["next_working_day"].text() == "30"
    assert not dialog.full.isVisible()


# -- the next step keeps its shape --------------------------------------------------------------

def test_the_purpose_is_proposed_and_typing_replaces_it(qtbot, services, open_dialog):
    ana = new(services, time="09:00", purpose="call about the quote")
    dialog = open_dialog(ana)
    assert dialog.purpose.text() == "call about the quote"
    assert dialog.time.text() == "" and not dialog.fixed.isChecked()  # a call, not fixed
    assert dialog.unsaved_work() is None  # nothing written yet
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_P, ALT)
    type_in(qtbot, dialog, "send the contract")
    assert dialog.purpose.text() == "send the contract"


def test_the_purpose_kept_when_left_alone(qtbot, services, open_dialog):
    ana = new(services, purpose="call about the quote")
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    detail = services.dossiers.get(ana)
    assert (detail.next_contact, detail.purpose) == (date(2026, 11, 25), "call about the quote")


def test_a_fixed_appointment_keeps_its_flag_and_time(qtbot, services, open_dialog):
    ana = new(services, time="10:00", purpose="weekly visit", fixed=True)
    dialog = open_dialog(ana)
    assert (dialog.time.text(), dialog.fixed.isChecked()) == ("10:00", True)
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_3, ALT)
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    detail = services.dossiers.get(ana)
    assert (detail.next_contact, detail.time, detail.purpose, detail.fixed) == \
        (date(2026, 12, 1), "10:00", "weekly visit", True)


def test_unticking_fixed_takes_the_time_away_and_ticking_brings_it_back(
        qtbot, services, open_dialog):
    ana = new(services, time="10:00", fixed=True)
    dialog = open_dialog(ana)
    press(qtbot, dialog, Qt.Key.Key_X, ALT)  # Fi&xed (Qt clicks it a moment later)
    qtbot.waitUntil(lambda: not dialog.fixed.isChecked())
    assert dialog.time.text() == ""
    press(qtbot, dialog, Qt.Key.Key_X, ALT)
    qtbot.waitUntil(dialog.fixed.isChecked)
    assert dialog.time.text() == "10:00"
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_X, ALT)
    qtbot.waitUntil(lambda: not dialog.fixed.isChecked())
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    detail = services.dossiers.get(ana)
    assert (detail.time, detail.fixed) == (None, False)


# -- archiving --------------------------------------------------------------------------------

def test_archive_with_a_reason(qtbot, services, open_dialog):
    ana = new(services)
    dialog = open_dialog(ana)
    assert not dialog.reason.isVisible()
    fill_talk(qtbot, dialog, "Sent the contract", "Signed")
    press(qtbot, dialog, Qt.Key.Key_7, ALT)
    assert dialog.choice() == ARCHIVE and dialog.next_date() is None
    assert dialog.reason.isVisible() and focused(dialog) == "reason"
    assert not dialog.time.isEnabled() and not dialog.purpose.isEnabled()
    assert [dialog.reason.itemText(i) for i in range(dialog.reason.count())] == \
        ["won", "lost", "not interested"]
    type_in(qtbot, dialog, "won")
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return)  # the reason is the last field here
    detail = services.dossiers.get(ana)
    assert detail.archived and detail.archive_reason == "won"
    assert detail.next_contact is None
    assert sorted(e.kind for e in detail.events) == ["archive", "contact"]
    assert contacts(services, ana)[0].outcome == "Signed"
    assert dialog.changes.archive
    assert ana in [row.id for row in services.views.list_insert("archive")]
    assert ana not in filed_under(services, TODAY)


def test_archive_with_an_empty_reason_is_refused_at_the_reason(qtbot, services, open_dialog):
    ana = new(services)
    before = services.dossiers.get(ana)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_7, ALT)
    type_in(qtbot, dialog, "   ")
    with qtbot.assertNotEmitted(dialog.logged):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert dialog.errors["reason"].isVisible()
    assert dialog.errors["reason"].text() == "The reason cannot be empty."
    assert focused(dialog) == "reason"
    assert_nothing_saved(services, ana, before)

    press(qtbot, dialog, Qt.Key.Key_1, ALT)  # changing one's mind hides the reason
    assert not dialog.reason.isVisible() and not dialog.errors["reason"].isVisible()


# -- refusals at the field --------------------------------------------------------------------

@pytest.mark.parametrize(("field", "values", "message"), [
    ("summary", {"summary": "", "outcome": "Will call back"}, "The summary cannot be empty."),
    ("outcome", {"summary": "Called", "outcome": "  "}, "The outcome cannot be empty."),
    ("amount", {"amount": "12,3,4"}, "'12,3,4' is not an amount."),
    ("amount", {"amount": "100", "currency": "E1"}, "'E1' is not a currency code (EUR, PLN, …)."),
    ("time", {"time": "25:00"}, "'25:00' is not a time; write it as HH:MM."),
    ("purpose", {"purpose": "x" * 501},
     "The purpose is too long (501 characters; at most 500)."),
])
def test_a_refused_field_gets_its_message_and_nothing_is_saved(
        qtbot, services, open_dialog, field, values, message):
    ana = new(services)
    before = services.dossiers.get(ana)
    dialog = open_dialog(ana)
    values = {"summary": "Called", "outcome": "Will call back", **values}
    dialog.summary.setPlainText(values.pop("summary"))
    for name, value in values.items():
        getattr(dialog, name).setText(value)
    with qtbot.assertNotEmitted(dialog.logged):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and dialog.changes is None
    shown = {name: label.text() for name, label in dialog.errors.items() if label.isVisible()}
    assert shown == {field: message}
    assert focused(dialog) == field  # the cursor goes to the field to correct
    assert_nothing_saved(services, ana, before)


def test_every_refusal_is_shown_at_once_and_cleared_when_corrected(
        qtbot, services, open_dialog):
    ana = new(services)
    dialog = open_dialog(ana)
    dialog.amount.setText("12,3,4")
    dialog.time.setText("25:00")
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert {n for n, label in dialog.errors.items() if label.isVisible()} == \
        {"summary", "outcome", "amount", "time"}
    assert focused(dialog) == "summary"  # the first one, top to bottom
    assert contacts(services, ana) == []

    fill_talk(qtbot, dialog)
    dialog.amount.setText("12.34")
    dialog.time.setText("9:30")
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert not any(label.isVisible() for label in dialog.errors.values())
    assert contacts(services, ana)[0].amount == "12.34"
    assert services.dossiers.get(ana).time == "09:30"


def test_a_refusal_of_the_binder_is_shown_and_the_dialog_stays(qtbot, services, open_dialog):
    ana = new(services)
    dialog = open_dialog(ana)
    services.filing.archive(ana, "lost")  # meanwhile, from elsewhere
    before = services.dossiers.get(ana)
    fill_talk(qtbot, dialog)
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert dialog.problem.text() == "Ana Ruiz is archived; restore the dossier first."
    assert_nothing_saved(services, ana, before)


def test_an_archived_dossier_cannot_be_logged(qtbot, services, open_dialog):
    ana = new(services)
    services.filing.archive(ana, "lost")
    dialog = open_dialog(ana)
    assert not dialog.ok.isEnabled() and dialog.problem.isVisible()
    assert "Archived: lost" in dialog.due_label.text()


# -- what is stored and shown -----------------------------------------------------------------

def test_offer_amount_and_currency_are_stored(qtbot, services, open_dialog):
    services.settings.update(currency="PLN")
    ana = new(services)
    dialog = open_dialog(ana)
    assert dialog.currency.text() == "PLN"  # the binder's currency by default
    dialog.channel.setFocus()
    press(qtbot, dialog, Qt.Key.Key_V)  # a letter picks the channel
    assert dialog.channel.currentData() == "visit"
    press(qtbot, dialog, Qt.Key.Key_Tab)
    dialog.summary.setPlainText("Spotkanie w sprawie wyceny – rabat 5 %")
    dialog.outcome.setText("Zamówią w styczniu")
    dialog.offer.setText("Licencja roczna, 12 stanowisk")
    dialog.amount.setText("1 250,50")
    dialog.currency.setFocus()
    dialog.currency.selectAll()
    type_in(qtbot, dialog, "eur")
    assert dialog.currency.text() == "EUR"  # a code is written in capitals
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    [event] = contacts(services, ana)
    assert (event.channel, event.summary, event.outcome) == \
        ("visit", "Spotkanie w sprawie wyceny – rabat 5 %", "Zamówią w styczniu")
    assert (event.offer, event.amount, event.currency) == \
        ("Licencja roczna, 12 stanowisk", "1250.50", "EUR")


def test_the_binders_currency_is_used_when_the_field_is_left_empty(qtbot, services,
                                                                   open_dialog):
    services.settings.update(currency="PLN")
    ana = new(services)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    dialog.amount.setText("99")
    dialog.currency.clear()
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert (contacts(services, ana)[0].amount, contacts(services, ana)[0].currency) == \
        ("99.00", "PLN")


def test_the_last_outcome_is_shown_at_the_top(qtbot, services, open_dialog):
    ana = new(services, "Zofia Wiśniewska", company="Drukarnia Nowak", position="Buyer")
    services.filing.log_contact(ana, ContactLog("call", "First call", "Send a catalogue"),
                                NextStep(TODAY))
    services.filing.log_contact(ana, ContactLog("visit", "Showed the samples",
                                                "Will decide after the board meeting"),
                                NextStep(TODAY, "11:00", "call about the decision"))
    dialog = open_dialog(ana)
    assert "Zofia Wiśniewska" in dialog.name_label.text()
    assert "Drukarnia Nowak" in dialog.name_label.text()
    assert "Will decide after the board meeting" in dialog.last_label.text()
    assert "(visit)" in dialog.last_label.text()
    assert "Send a catalogue" not in dialog.last_label.text()
    assert dialog.due_label.text() == "Filed under Tue 24 Nov, 11:00 — call about the decision"
    assert dialog.windowTitle() == "Log a contact — Zofia Wiśniewska"


def test_a_dossier_without_history_says_so(qtbot, services, open_dialog):
    dialog = open_dialog(new(services, when=None))
    assert "No conversation logged yet." in dialog.last_label.text()
    assert dialog.due_label.text() == "Not filed under a date (Undated)"


def test_logging_from_undated_files_the_dossier_under_a_date(qtbot, services, open_dialog):
    ana = new(services, when=None)
    dialog = open_dialog(ana)
    fill_talk(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted):
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert dialog.changes.dates == {None, date(2026, 11, 25)}
    assert ana in filed_under(services, date(2026, 11, 25))
    assert ana not in filed_under(services, None)
