"""Where "today" comes from: injected everywhere so tests and `--today` can move time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
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
    still write in order."""

    def __init__(self, today: date) -> None:
        self._today = today
        self._last: datetime | None = None

    def today(self) -> date:
        return self._today

    def set_today(self, today: date) -> None:
        self._today = today
        self._last = None

    def now(self) -> datetime:
        real = datetime.now(UTC)
        stamp = datetime.combine(self._today, real.time(), UTC)
        if self._last is not None and stamp <= self._last:  # past midnight: keep going on
            stamp = self._last + timedelta(microseconds=1)
        self._last = stamp
        return stamp
