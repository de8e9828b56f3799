"""Where "today" comes from: injected everywhere so tests and `--today` can move time."""

from __future__ import annotations

from datetime import UTC, date, datetime
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
    """A clock stopped on one day (the CLI's `--today`, tests); timestamps still advance."""

    def __init__(self, today: date) -> None:
        self._today = today

    def today(self) -> date:
        return self._today

    def set_today(self, today: date) -> None:
        self._today = today

    def now(self) -> datetime:
        return datetime.now(UTC)
