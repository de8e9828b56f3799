"""A timestamp read from the binder keeps its text, so writing it back costs nothing; but a
time made from it (arithmetic, replace, another zone) must never carry the old text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from app.handover.payload import timestamp_text
from app.store.types import Stamp, UTCDateTime

TEXT = "2026-11-24T09:30:00.000005Z"


def test_a_stamp_is_the_datetime_of_its_text_and_writes_it_back():
    stamp = Stamp.parse(TEXT)
    assert stamp == datetime(2026, 11, 24, 9, 30, 0, 5, tzinfo=UTC)
    assert UTCDateTime().process_bind_param(stamp, None) == TEXT
    assert timestamp_text(stamp) == TEXT


def test_a_time_made_from_a_stamp_is_written_as_itself():
    stamp = Stamp.parse(TEXT)
    column = UTCDateTime()
    later = stamp + timedelta(days=1, seconds=1)
    assert column.process_bind_param(later, None) == "2026-11-25T09:30:01.000005Z"
    assert timestamp_text(stamp.replace(microsecond=0)) == "2026-11-24T09:30:00.000000Z"
    warsaw = stamp.astimezone(timezone(timedelta(hours=1)))
    assert column.process_bind_param(warsaw, None) == TEXT  # the same instant, in UTC


def test_reading_the_column_gives_stamps_equal_to_what_was_written():
    column = UTCDateTime()
    for value in (datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
                  datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)):
        text = column.process_bind_param(value, None)
        assert text == value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        assert column.process_result_value(text, None) == value
