"""Postponing and the quick next-contact dates: worked examples and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.binder import Postpone, WorkCalendar, postponed
from app.binder.postpone import QuickStep, month_later, quick_dates

TUESDAY = date(2026, 11, 24)
FRIDAY = date(2026, 11, 27)
PLAIN = WorkCalendar()
POLAND = WorkCalendar("PL")
CALENDARS = {None: PLAIN, "PL": POLAND, "DE": WorkCalendar("DE"), "US": WorkCalendar("US"),
             "ES": WorkCalendar("ES"), "RU": WorkCalendar("RU")}

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
calendars = st.sampled_from(sorted(CALENDARS, key=str)).map(CALENDARS.__getitem__)


# -- quick dates: worked examples -------------------------------------------------------------

def test_quick_dates_from_a_tuesday():
    assert quick_dates(TUESDAY, PLAIN) == {
        QuickStep.TOMORROW: date(2026, 11, 25),
        QuickStep.NEXT_WORKING_DAY: date(2026, 11, 25),
        QuickStep.ONE_WEEK: date(2026, 12, 1),
        QuickStep.TWO_WEEKS: date(2026, 12, 8),
        QuickStep.ONE_MONTH: date(2026, 12, 24),
    }


def test_quick_dates_come_in_the_order_they_are_offered():
    assert list(quick_dates(TUESDAY, PLAIN)) == list(QuickStep)


def test_from_a_friday_the_next_working_day_is_monday_but_tomorrow_is_saturday():
    dates = quick_dates(FRIDAY, PLAIN)
    assert dates[QuickStep.TOMORROW] == date(2026, 11, 28)
    assert dates[QuickStep.NEXT_WORKING_DAY] == date(2026, 11, 30)


def test_from_a_saturday_the_next_working_day_is_monday():
    assert quick_dates(date(2026, 11, 28), PLAIN)[QuickStep.NEXT_WORKING_DAY] == \
        date(2026, 11, 30)


def test_the_next_working_day_skips_the_countrys_holidays():
    # 11 November is Polish Independence Day; Christmas Eve is a holiday in Poland since 2025
    assert quick_dates(date(2026, 11, 10), POLAND)[QuickStep.NEXT_WORKING_DAY] == \
        date(2026, 11, 12)
    assert quick_dates(date(2026, 11, 10), PLAIN)[QuickStep.NEXT_WORKING_DAY] == \
        date(2026, 11, 11)
    assert quick_dates(date(2026, 12, 23), POLAND)[QuickStep.NEXT_WORKING_DAY] == \
        date(2026, 12, 28)


def test_the_other_quick_dates_ignore_holidays():
    dates = quick_dates(date(2026, 11, 4), POLAND)
    assert dates[QuickStep.ONE_WEEK] == date(2026, 11, 11)  # a holiday, as agreed
    assert dates[QuickStep.TOMORROW] == date(2026, 11, 5)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2027, 1, 31), date(2027, 2, 28)),
    (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
    (date(2028, 1, 29), date(2028, 2, 29)),
    (date(2026, 3, 31), date(2026, 4, 30)),
    (date(2026, 10, 31), date(2026, 11, 30)),
    (date(2026, 12, 31), date(2027, 1, 31)),  # over the year's end
    (date(2026, 12, 15), date(2027, 1, 15)),
    (date(2026, 11, 24), date(2026, 12, 24)),
])
def test_a_month_later_clamps_to_the_months_end(day, expected):
    assert month_later(day) == expected
    assert quick_dates(day, PLAIN)[QuickStep.ONE_MONTH] == expected


# -- quick dates: properties ----------------------------------------------------------------

@given(days, calendars)
def test_every_quick_date_is_after_today(today, cal):
    dates = quick_dates(today, cal)
    assert set(dates) == set(QuickStep)
    assert all(when > today for when in dates.values())


@given(days, calendars)
def test_the_next_working_day_is_the_first_working_day_after_today(today, cal):
    when = quick_dates(today, cal)[QuickStep.NEXT_WORKING_DAY]
    assert cal.is_working(when)
    assert when.weekday() < 5
    between = (today + timedelta(days=n) for n in range(1, (when - today).days))
    assert not any(cal.is_working(day) for day in between)


@given(days)
def test_weeks_are_seven_and_fourteen_days(today):
    dates = quick_dates(today, PLAIN)
    assert dates[QuickStep.TOMORROW] - today == timedelta(days=1)
    assert dates[QuickStep.ONE_WEEK] - today == timedelta(days=7)
    assert dates[QuickStep.TWO_WEEKS] - today == timedelta(days=14)


@given(days)
def test_a_month_later_is_the_next_month_with_the_day_clamped(today):
    later = quick_dates(today, PLAIN)[QuickStep.ONE_MONTH]
    assert (later.year * 12 + later.month) - (today.year * 12 + today.month) == 1
    following = (later.replace(day=28) + timedelta(days=4)).replace(day=1)
    month_end = (following - timedelta(days=1)).day
    assert later.day == min(today.day, month_end)
    assert later.day == today.day or later.day == month_end < today.day


# -- postponing ------------------------------------------------------------------------------

def test_postpone_counts_from_the_dossiers_date():
    current = date(2026, 12, 3)
    assert postponed(current, TUESDAY, Postpone.DAY, PLAIN) == date(2026, 12, 4)
    assert postponed(current, TUESDAY, Postpone.WEEK, PLAIN) == date(2026, 12, 10)
    assert postponed(date(2026, 12, 4), TUESDAY, Postpone.WORKING_DAY, PLAIN) == \
        date(2026, 12, 7)


def test_an_overdue_or_undated_dossier_is_postponed_from_today():
    for current in (date(2026, 11, 2), None):
        assert postponed(current, TUESDAY, Postpone.DAY, PLAIN) == date(2026, 11, 25)
        assert postponed(current, TUESDAY, Postpone.WEEK, PLAIN) == date(2026, 12, 1)
    assert postponed(None, date(2026, 11, 10), Postpone.WORKING_DAY, POLAND) == \
        date(2026, 11, 12)


@given(st.one_of(st.none(), days), days, st.sampled_from(list(Postpone)), calendars)
def test_postponed_is_always_after_today_and_after_the_current_date(current, today, step, cal):
    when = postponed(current, today, step, cal)
    assert when > today
    assert current is None or when > current
    if step is Postpone.WORKING_DAY:
        assert cal.is_working(when)
