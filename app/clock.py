"""Where "today" comes from: injected everywhere so tests and `--today` can move time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol


class Clock(Protocol):
    def today(self) -> date: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The real calendar: local date, UTC timestamps."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock stopped on one day (the CLI's `--today`, tests, screenshots). Timestamps are
    that day at the real time of day, never going back within a run: what is written "today"
    is dated today, a run reads the same whatever day it happens, and runs one after another
    still write in order. Given a time of day (`at`, the local wall clock) it is stopped
    there too, and `advance` moves it on: reminders are tested minute by minute."""

    def __init__(self, today: date, at: time | None = None) -> None:
        self._today = today
        self._at = at
        self._last: datetime | None = None

    def today(self) -> date:
        return self._today

    def set_today(self, today: date) -> None:
        self._today = today
        self._last = None

    def set_time(self, at: time) -> None:
        """Stop the clock at this local time of day."""
        self._at = at
        self._last = None

    def advance(self, delta: timedelta) -> None:
        """Move a clock stopped at a time of day on by `delta` (past midnight: the next day)."""
        moment = datetime.combine(self._today, self._at or time()) + delta
        self._today, self._at, self._last = moment.date(), moment.time(), None

    def now(self) -> datetime:
        if self._at is not None:
            stamp = datetime.combine(self._today, self._at).astimezone(UTC)
        else:
            stamp = datetime.combine(self._today, datetime.now(UTC).time(), UTC)
        if self._last is not None and stamp <= self._last:  # past midnight: keep going on
            stamp = self._last + timedelta(microseconds=1)
        self._last = stamp
        return stamp


def wall_time(clock: Clock) -> datetime:
    """The clock's moment on the user's wall clock (naive local time), on the clock's day:
    what an agreed time ("14:30") is compared with."""
    return datetime.combine(clock.today(), clock.now().astimezone().time())
