"""The ends of the calendar: for any today and any next-contact date a binder can hold
(DATE_MIN … DATE_MAX), the strip is built, the dossier sits under one insert, and every
postpone and quick choice gives a later day instead of an overflow."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.binder import Postpone, StripSettings, TabMode, WorkCalendar, build_strip, postponed
from app.binder.limits import DATE_MAX, DATE_MIN
from app.binder.postpone import quick_dates

in_range = st.dates(min_value=DATE_MIN, max_value=DATE_MAX)
strip_settings = st.builds(
    StripSettings, st.sampled_from(list(TabMode)), st.integers(1, 3),
    st.sampled_from([None, "PL", "ES", "US", "SA"]))


@settings(max_examples=150, deadline=None)
@given(today=in_range, when=st.none() | in_range, strip=strip_settings)
@example(today=DATE_MAX, when=DATE_MAX,
         strip=StripSettings(TabMode.WORKING_DAYS, 3, "PL"))
@example(today=DATE_MIN, when=DATE_MIN, strip=StripSettings())
@example(today=DATE_MIN, when=DATE_MAX, strip=StripSettings(TabMode.CALENDAR, 1, "SA"))
def test_any_day_in_range_builds_the_strip_and_every_postpone(today: date, when: date | None,
                                                              strip: StripSettings) -> None:
    built = build_strip(today, strip)
    insert = built.insert_for(when)
    assert insert.holds(when)
    assert [i.key for i in built].count(insert.key) == 1
    cal = WorkCalendar(strip.country)
    for step in Postpone:
        assert postponed(when, today, step, cal) > max(when or today, today)
    assert all(day > today for day in quick_dates(today, cal).values())
