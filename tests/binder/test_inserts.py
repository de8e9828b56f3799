"""The tab strip: which inserts the binder has on a given day, and where each dossier sits."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache
from itertools import pairwise

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.binder import InsertKind, Strip, StripSettings, TabMode, build_strip
from app.binder.inserts import MONTH_INSERTS, window_end

COUNTRIES = (None, "ES", "PL", "RU", "GB", "US")
FAST = settings(max_examples=150, deadline=None)

todays = st.dates(date(2000, 1, 1), date(2100, 12, 31))
strip_settings = st.one_of(
    st.just(StripSettings()),
    st.builds(StripSettings, st.just(TabMode.CALENDAR), st.just(1), st.sampled_from(COUNTRIES)),
    st.builds(StripSettings, st.just(TabMode.WORKING_DAYS), st.integers(1, 3),
              st.sampled_from(COUNTRIES)),
)
working_settings = st.builds(StripSettings, st.just(TabMode.WORKING_DAYS), st.integers(1, 3),
                             st.sampled_from(COUNTRIES))


@cache
def _holidays(country: str) -> holidays.HolidayBase:
    return holidays.country_holidays(country)


def is_working(day: date, country: str | None) -> bool:
    """Independent of the app: weekends and the country's public holidays are off."""
    if day.weekday() >= 5:
        return False
    return not (country and day in _holidays(country))


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


def due_dates(today: date) -> st.SearchStrategy[date | None]:
    """Next-contact dates a dossier may have: none, near today, or anywhere at all."""
    return st.one_of(
        st.none(),
        st.integers(-60, 500).map(lambda n: today + timedelta(n)),
        st.dates(date(1900, 1, 1), date(2300, 12, 31)),
    )


@st.composite
def binders(draw: st.DrawFn) -> tuple[date, StripSettings, list[tuple[date | None, bool]]]:
    today = draw(todays)
    dossiers = draw(st.lists(st.tuples(due_dates(today), st.booleans()), max_size=30))
    return today, draw(strip_settings), dossiers


def keys(strip: Strip, kind: InsertKind) -> list[str]:
    return [i.key for i in strip if i.kind is kind]


# -- every dossier sits under exactly one insert -------------------------------------------

@FAST
@given(binders())
def test_every_dossier_sits_under_exactly_one_insert(binder):
    today, options, dossiers = binder
    strip = build_strip(today, options)
    for when, archived in dossiers:
        found = strip.insert_for(when, archived)
        if archived:
            assert found.kind is InsertKind.ARCHIVE
            continue
        holders = [i for i in strip if i.holds(when)]
        assert holders == [found]
        if when is None:
            assert found.kind is InsertKind.UNDATED
        elif when < today:
            assert found.kind is InsertKind.OVERDUE
        else:
            assert found.kind in (InsertKind.DAY, InsertKind.MONTH, InsertKind.LATER)


@FAST
@given(todays, strip_settings)
def test_dated_inserts_cover_the_calendar_without_gap_or_overlap(today, options):
    strip = build_strip(today, options)
    dated = [i for i in strip if i.kind not in (InsertKind.UNDATED, InsertKind.ARCHIVE)]
    assert dated[0].first is None and dated[-1].last is None
    for before, after in pairwise(dated):
        assert before.last is not None and after.first is not None
        assert after.first == before.last + timedelta(1), (before.key, after.key)
        if after.last is not None:
            assert after.first <= after.last
    assert len({i.key for i in strip}) == len(strip)  # `list KEY` names one insert
    assert all(strip.get(i.key) is i for i in strip)


# -- the rolling day window ----------------------------------------------------------------

def day_numbers(strip: Strip) -> list[int]:
    return [i.day.day for i in strip.days]


def test_window_on_22_november_runs_to_21_december():
    strip = build_strip(date(2026, 11, 22))
    assert day_numbers(strip) == [*range(22, 31), *range(1, 22)]
    assert strip.days[0].day == date(2026, 11, 22)
    assert strip.days[-1].day == date(2026, 12, 21)
    assert keys(strip, InsertKind.MONTH)[0] == "2026-12"
    assert strip.insert_for(date(2026, 12, 21)).key == "2026-12-21"
    assert strip.insert_for(date(2026, 12, 22)).key == "2026-12"


@pytest.mark.parametrize(("today", "last", "numbers"), [
    # no 31 February: the window runs to the end of February
    (date(2027, 1, 31), date(2027, 2, 28), [31, *range(1, 29)]),
    (date(2027, 1, 30), date(2027, 2, 28), [30, 31, *range(1, 29)]),
    (date(2027, 1, 28), date(2027, 2, 27), [28, 29, 30, 31, *range(1, 28)]),
    # a leap day: 29 February 2028 runs to 28 March
    (date(2028, 2, 29), date(2028, 3, 28), [29, *range(1, 29)]),
    (date(2028, 1, 31), date(2028, 2, 29), [31, *range(1, 30)]),
    (date(2027, 2, 1), date(2027, 2, 28), list(range(1, 29))),
    # across the new year
    (date(2026, 12, 15), date(2027, 1, 14), [*range(15, 32), *range(1, 15)]),
    (date(2026, 12, 31), date(2027, 1, 30), [31, *range(1, 31)]),
    (date(2026, 12, 1), date(2026, 12, 31), list(range(1, 32))),
])
def test_window_across_month_ends(today, last, numbers):
    strip = build_strip(today)
    assert window_end(today) == last
    assert strip.days[0].day == today
    assert strip.days[-1].day == last
    assert day_numbers(strip) == numbers
    # the month insert that follows starts on the next day
    first_month = next(i for i in strip if i.kind is InsertKind.MONTH)
    assert first_month.first == last + timedelta(1)


@FAST
@given(todays)
def test_day_window_is_one_sheet_per_day_number(today):
    strip = build_strip(today)
    days = [i.day for i in strip.days]
    assert days[0] == today
    assert days == days_between(today, days[-1])  # contiguous, one insert per date
    assert 28 <= len(days) <= 31
    numbers = day_numbers(strip)
    assert len(set(numbers)) == len(numbers)
    assert days[-1] == window_end(today)
    # it ends the day before the same day-number next month, or at next month's end
    after = days[-1] + timedelta(1)
    next_month = (today.month % 12 + 1, today.year + (today.month == 12))
    if after.day == today.day:
        assert (after.month, after.year) == next_month
    else:
        assert (days[-1].month, days[-1].year) == next_month
        assert days[-1].day == calendar.monthrange(days[-1].year, days[-1].month)[1]
    for insert in strip.days:
        assert insert.first == insert.last == insert.day
        assert insert.key == insert.day.isoformat()


def test_calendar_mode_marks_weekends_and_holidays_but_keeps_their_sheets():
    strip = build_strip(date(2026, 11, 24), StripSettings(country="PL"))
    by_day = {i.day: i for i in strip.days}
    assert by_day[date(2026, 11, 24)].working  # a Tuesday
    assert not by_day[date(2026, 11, 28)].working  # Saturday
    assert not by_day[date(2026, 11, 29)].working  # Sunday
    strip = build_strip(date(2026, 12, 20), StripSettings(country="PL"))
    by_day = {i.day: i for i in strip.days}
    assert not by_day[date(2026, 12, 25)].working  # Christmas, a Friday
    assert by_day[date(2026, 12, 23)].working


# -- month inserts, Later, Undated, Archive ---------------------------------------------------

@FAST
@given(todays, strip_settings)
def test_month_inserts_take_over_where_the_days_end(today, options):
    strip = build_strip(today, options)
    kinds = [i.kind for i in strip]
    overdue = strip.inserts[0]
    assert overdue.kind is InsertKind.OVERDUE
    assert overdue.first is None and overdue.last == today - timedelta(1)
    assert overdue.holds(today - timedelta(1)) and not overdue.holds(today)
    assert overdue.holds(date(1900, 1, 1))
    assert kinds[-3:] == [InsertKind.LATER, InsertKind.UNDATED, InsertKind.ARCHIVE]
    assert kinds.count(InsertKind.OVERDUE) == kinds.count(InsertKind.LATER) == 1

    months = [i for i in strip if i.kind is InsertKind.MONTH]
    assert len(months) == MONTH_INSERTS == 12
    assert kinds == ([InsertKind.OVERDUE] + [InsertKind.DAY] * len(strip.days)
                     + [InsertKind.MONTH] * 12
                     + [InsertKind.LATER, InsertKind.UNDATED, InsertKind.ARCHIVE])
    assert months[0].first == strip.days[-1].last + timedelta(1)
    first_month = window_end(today, options.horizon_months if options.mode is
                             TabMode.WORKING_DAYS else 1) + timedelta(1)
    assert months[0].month == (first_month.year, first_month.month)
    for before, after in pairwise(months):
        year, month = before.month
        assert after.month == ((year, month + 1) if month < 12 else (year + 1, 1))
    for insert in months:
        year, month = insert.month
        assert insert.key == f"{year:04d}-{month:02d}"
        assert insert.last == date(year, month, calendar.monthrange(year, month)[1])
    later = strip.inserts[-3]
    assert later.first == months[-1].last + timedelta(1) and later.last is None
    assert later.holds(date(2300, 1, 1))


def test_a_month_sheet_spreads_into_days_as_they_come():
    """A dossier filed under a month insert shows under its day once the day is in reach."""
    due = date(2027, 1, 10)
    assert build_strip(date(2026, 11, 24)).insert_for(due).key == "2027-01"
    assert build_strip(date(2026, 12, 10)).insert_for(due).key == "2027-01"
    assert build_strip(date(2026, 12, 11)).insert_for(due).key == "2027-01-10"
    assert build_strip(date(2027, 1, 11)).insert_for(due).kind is InsertKind.OVERDUE


def test_far_dates_go_to_later_and_archived_ones_to_the_archive():
    strip = build_strip(date(2026, 11, 24))
    assert strip.insert_for(date(2027, 11, 30)).key == "2027-11"
    assert strip.insert_for(date(2027, 12, 1)).key == "later"
    assert strip.insert_for(None).key == "undated"
    assert strip.insert_for(date(2026, 11, 24), archived=True).key == "archive"
    assert strip.insert_for(None, archived=True).key == "archive"


# -- working-days mode ---------------------------------------------------------------------

@FAST
@given(todays, working_settings)
def test_working_days_mode_has_sheets_only_for_working_days(today, options):
    strip = build_strip(today, options)
    end = window_end(today, options.horizon_months)
    days = [i.day for i in strip.days]
    assert days, "a month always has working days"
    assert all(is_working(d, options.country) for d in days)
    assert days == [d for d in days_between(today, end) if is_working(d, options.country)]
    assert days[-1] <= end  # the horizon is respected
    for insert in strip.days:
        assert insert.last == insert.day and insert.key == insert.day.isoformat()


@FAST
@given(todays, working_settings)
def test_a_day_off_is_filed_under_the_next_working_day(today, options):
    strip = build_strip(today, options)
    end = window_end(today, options.horizon_months)
    last_sheet = strip.days[-1].day
    for when in days_between(today, end):
        due = when
        while not is_working(due, options.country):
            due += timedelta(1)
        insert = strip.insert_for(when)
        if due <= last_sheet:
            assert insert.kind is InsertKind.DAY
            assert insert.day == due, (when, insert.key)
        else:  # the next working day is past the horizon: the first month insert takes it
            assert insert is next(i for i in strip if i.kind is InsertKind.MONTH)


@pytest.mark.parametrize(("horizon", "last"), [
    (1, date(2026, 12, 23)), (2, date(2027, 1, 22)), (3, date(2027, 2, 23)),
])
def test_working_days_horizon_in_poland(horizon, last):
    today = date(2026, 11, 24)  # a Tuesday
    strip = build_strip(today, StripSettings(TabMode.WORKING_DAYS, horizon, "PL"))
    days = [i.day for i in strip.days]
    assert days[0] == today
    assert days[-1] == last
    assert date(2026, 11, 28) not in days and date(2026, 11, 29) not in days
    assert strip.insert_for(date(2026, 11, 28)).key == "2026-11-30"  # Saturday -> Monday
    if horizon >= 2:
        # 24 Dec (a holiday in Poland since 2025), 25, 26 and the weekend: next is Mon 28 Dec
        for off in (date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)):
            assert off not in days
            assert strip.insert_for(off).key == "2026-12-28"
        assert date(2027, 1, 1) not in days and date(2027, 1, 6) not in days


def test_working_days_mode_without_country_skips_weekends_only():
    strip = build_strip(date(2026, 12, 24), StripSettings(TabMode.WORKING_DAYS))
    days = [i.day for i in strip.days]
    assert date(2026, 12, 25) in days  # no country: Christmas is a working day
    assert date(2026, 12, 26) not in days  # a Saturday
    assert strip.insert_for(date(2026, 12, 27)).key == "2026-12-28"


def test_a_saturday_today_files_the_weekend_under_monday():
    today = date(2026, 11, 28)
    strip = build_strip(today, StripSettings(TabMode.WORKING_DAYS, 1, "GB"))
    assert strip.days[0].day == date(2026, 11, 30)
    assert strip.insert_for(today).key == "2026-11-30"
    assert strip.insert_for(today - timedelta(1)).kind is InsertKind.OVERDUE


def test_horizon_outside_one_to_three_months_is_refused():
    with pytest.raises(ValueError):
        StripSettings(TabMode.WORKING_DAYS, 0)
    with pytest.raises(ValueError):
        StripSettings(TabMode.WORKING_DAYS, 4)
