"""Reminders: what is due today, the morning summary, double bookings, and a schedule that
announces each appointment once, minute by minute on a stopped clock (never a sleep)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from app.binder.reminders import ReminderSchedule
from app.clock import FixedClock
from app.services.dossiers import NewDossier
from app.services.filing import NextStep
from app.services.reminders import clash_text, due_json, item_text, summary_text
from tests.conftest import TODAY  # Tuesday 24 November 2026

YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


def add(services, name: str, when: date | None = TODAY, **fields: object) -> str:
    return services.dossiers.create(NewDossier(name, next_contact=when, **fields))[0]


def tick(services, schedule: ReminderSchedule) -> list[str]:
    """One check of the window's timer: the texts it would show now."""
    agenda = services.reminders.agenda()
    notices = schedule.check(services.reminders.now(), agenda.timed, agenda.summary)
    return [plain(summary_text(n.summary) if n.summary else item_text(n.item))
            for n in notices]


def plain(text: str) -> str:
    """Babel writes "2:30\u202fPM" with a narrow no-break space; read as a space here."""
    return text.replace("\u202f", " ")


@pytest.fixture
def at_9(clock: FixedClock) -> FixedClock:
    clock.set_time(time(9, 0))
    return clock


def test_an_appointment_is_announced_once_from_a_quarter_of_an_hour_before(services, at_9):
    add(services, "Ana López", company="Acme", time="14:30", purpose="Visit", fixed=True,
        phones=["+34 600 111 222"])
    add(services, "Ben Ruiz", time="16:00", purpose="Call")
    schedule = ReminderSchedule(lead_minutes=15)
    assert tick(services, schedule) == ["2 dossiers today, 1 fixed"]  # the morning summary, once

    at_9.set_time(time(14, 14))
    assert tick(services, schedule) == []
    at_9.advance(timedelta(minutes=1))  # 14:15
    assert tick(services, schedule) == ["2:30 PM Visit — Ana López, Acme (fixed)"]
    for _minute in range(20):  # the timer goes on checking: never again
        at_9.advance(timedelta(seconds=30))
        assert tick(services, schedule) == []


def test_a_window_opened_inside_the_lead_still_announces_it_but_not_a_past_one(services, at_9):
    add(services, "Ana López", time="09:05", purpose="Call")
    add(services, "Ben Ruiz", time="08:50", purpose="Call")
    texts = tick(services, ReminderSchedule(lead_minutes=15))
    assert texts == ["2 dossiers today", "9:05 AM Call — Ana López"]


def test_archived_and_moved_dossiers_are_not_announced_a_retimed_one_at_its_new_time(
        services, at_9):
    archived = add(services, "Gone Away", time="10:00", purpose="Visit")
    moved = add(services, "Moved Day", time="10:00", purpose="Visit")
    retimed = add(services, "Moved Time", time="10:00", purpose="Visit")
    schedule = ReminderSchedule(lead_minutes=15)
    tick(services, schedule)
    services.filing.archive(archived, "lost")
    services.filing.move([moved], TOMORROW)
    services.filing.schedule(retimed, NextStep(TODAY, "11:00", "Visit"))

    at_9.set_time(time(9, 45))
    assert tick(services, schedule) == []
    at_9.set_time(time(10, 45))
    assert tick(services, schedule) == ["11:00 AM Visit — Moved Time"]
    at_9.set_time(time(10, 46))
    assert tick(services, schedule) == []


def test_after_midnight_the_new_days_summary_comes_once(services, clock):
    clock.set_time(time(23, 59))
    add(services, "Today One", time="10:00")
    add(services, "Tomorrow One", TOMORROW, time="10:00")
    add(services, "Tomorrow Two", TOMORROW, fixed=True, time="11:00")
    schedule = ReminderSchedule()
    assert tick(services, schedule) == ["1 dossier today"]
    clock.advance(timedelta(seconds=30))
    assert tick(services, schedule) == []
    clock.advance(timedelta(seconds=30))  # 00:00 on Wednesday: Tuesday's one is overdue
    assert clock.today() == TOMORROW
    assert tick(services, schedule) == ["2 dossiers today, 1 fixed, 1 still overdue"]
    clock.advance(timedelta(seconds=30))
    assert tick(services, schedule) == []


def test_the_summary_says_nothing_is_planned_and_counts_in_the_users_language(services, at_9):
    assert tick(services, ReminderSchedule()) == ["Nothing planned today"]


def test_due_lists_the_days_timed_dossiers_from_now_within_the_minutes_asked(services, at_9):
    ana = add(services, "Ana López", company="Acme", time="09:20", purpose="Visit",
              fixed=True, phones=["+34 600 111 222"])
    add(services, "Ben Ruiz", time="08:00")
    add(services, "Carla Undated-time")
    add(services, "Dora Later", time="12:00")
    add(services, "Eve Tomorrow", TOMORROW, time="09:10")
    assert [i.name for i in services.reminders.due()] == ["Ana López", "Dora Later"]
    due = services.reminders.due(within_minutes=30)
    assert [due_json(i) for i in due] == [{
        "id": ana, "name": "Ana López", "company": "Acme", "time": "09:20",
        "purpose": "Visit", "fixed": True, "phone": due[0].phone}]
    assert due[0].phone.replace(" ", "").endswith("600111222")


def test_double_bookings_are_found_for_what_was_just_refiled(services):
    first = add(services, "Ana López", TOMORROW, time="13:30")
    second = add(services, "Ben Ruiz", TOMORROW, time="15:00")
    add(services, "Carla Gómez", TOMORROW, time="13:00")  # 30 minutes before: a full day
    add(services, "Dora Other Day", TODAY, time="13:30")
    assert services.reminders.clashes_with([first, second]) == []

    services.filing.schedule(second, NextStep(TOMORROW, "13:45"))
    found = services.reminders.clashes_with([second])
    assert [(c.first.name, c.second.name) for c in found] == [("Ana López", "Ben Ruiz")]
    assert plain(clash_text(found[0])) == (
        "Double booking on Nov 25, 2026: Ana López at 1:30 PM and Ben Ruiz at 1:45 PM.")


def test_thirteen_and_thirteen_forty_five_are_no_double_booking(services):
    first = add(services, "Ana López", TOMORROW, time="13:00")
    add(services, "Ben Ruiz", TOMORROW, time="13:45")
    archived = add(services, "Gone Away", TOMORROW, time="13:10")
    services.filing.archive(archived, "lost")
    assert services.reminders.clashes_with([first]) == []


def test_the_lead_preference_is_read_with_sane_bounds(tmp_path, monkeypatch):
    from app import preferences

    monkeypatch.setenv("RINGBINDER_PREFERENCES", str(tmp_path / "preferences.json"))
    assert preferences.reminder_lead() == 15
    for stored, read in ((5, 5), (-3, 0), (100_000, preferences.REMINDER_LEAD_MAX),
                         ("soon", 15), (True, 15)):
        preferences.save(reminder_lead=stored)
        assert preferences.reminder_lead() == read
