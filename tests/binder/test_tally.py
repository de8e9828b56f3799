"""Strip.tally counts the stored (archived, day, count) rows exactly as insert_for files each
dossier: the strip's counts read from the counts table agree with the filing rule."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.binder import StripSettings, TabMode, build_strip

rows = st.lists(st.tuples(
    st.booleans(),
    st.one_of(st.none(), st.integers(-400, 900)),
    st.integers(1, 50)), max_size=60)
modes = st.one_of(st.just(StripSettings()),
                  st.builds(StripSettings, st.just(TabMode.WORKING_DAYS), st.integers(1, 3)))


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2001, 1, 1), date(2090, 12, 31)), modes, rows)
def test_tally_files_each_day_under_the_insert_insert_for_names(today, mode, drawn):
    strip = build_strip(today, mode)
    stored = [(int(gone), None if offset is None else (today + timedelta(offset)).isoformat(), n)
              for gone, offset, n in drawn]
    expected: Counter[str] = Counter()
    for gone, day, n in stored:
        expected[strip.insert_for(date.fromisoformat(day) if day else None, bool(gone)).key] += n
    tallied = strip.tally(stored)
    assert {k: v for k, v in tallied.items() if v} == {k: v for k, v in expected.items() if v}
