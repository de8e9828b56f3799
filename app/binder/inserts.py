"""The inserts of the binder (the tab strip) computed from today's date.

Every insert but Undated and Archive is a contiguous, inclusive range of next-contact dates,
and together they cover the whole calendar without overlap:

    Overdue (.. T-1) | day inserts (T .. window end) | month inserts (12 months) | Later (..)

The day window mirrors the 31 numbered sheets of the paper binder: from today T up to the day
before the same day-number of next month (22 Nov -> 22..30 Nov, 1..21 Dec).  When next month
has no such day (31 Jan -> no 31 Feb) the window runs to the end of next month, so that every
day-number appears once.  In working-days mode only working days get an insert, over a horizon
of one to three months, and each non-working date is filed under the next working day.
"""

from __future__ import annotations

import bisect
import calendar
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from app.binder.calendar import WorkCalendar

MONTH_INSERTS = 12


class InsertKind(StrEnum):
    OVERDUE = "overdue"
    DAY = "day"
    MONTH = "month"
    LATER = "later"
    UNDATED = "undated"
    ARCHIVE = "archive"


class TabMode(StrEnum):
    CALENDAR = "calendar"
    WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class StripSettings:
    mode: TabMode = TabMode.CALENDAR
    horizon_months: int = 1  # working-days mode only: 1 to 3
    country: str | None = None  # holidays of this country are not working days

    def __post_init__(self) -> None:
        if not 1 <= self.horizon_months <= 3:
            raise ValueError("the working-days horizon is 1 to 3 months")


@dataclass(frozen=True)
class Insert:
    """One tab of the strip: its key (as in `list KEY`), kind and the dates filed under it."""

    key: str
    kind: InsertKind
    first: date | None = None  # inclusive; None = open towards the past
    last: date | None = None  # inclusive; None = open towards the future
    day: date | None = None  # the sheet's own date (day inserts)
    month: tuple[int, int] | None = None  # (year, month) for month inserts
    working: bool = True  # day inserts: False on weekends and holidays (calendar mode)

    @property
    def accepts_filing(self) -> bool:
        """Dossiers can be refiled under any insert but Overdue (past) and Archive (a reason)."""
        return self.kind not in (InsertKind.OVERDUE, InsertKind.ARCHIVE)

    def filing_date(self) -> date | None:
        """The next-contact date a dossier gets when it is refiled under this insert: the
        sheet's day, or the first day of a month (or of Later); None for Undated."""
        if not self.accepts_filing:
            raise ValueError(f"nothing is filed under {self.key} by date")
        if self.kind is InsertKind.DAY:
            return self.day
        return self.first  # month, later; None for undated

    def holds(self, when: date | None) -> bool:
        """Whether a non-archived dossier due on `when` is filed under this insert."""
        if self.kind is InsertKind.UNDATED:
            return when is None
        if self.kind is InsertKind.ARCHIVE or when is None:
            return False
        return (self.first is None or self.first <= when) and (
            self.last is None or when <= self.last
        )


def add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def window_end(today: date, months: int = 1) -> date:
    """The last day of the rolling window: the day before the same day-number `months` later."""
    year, month = add_months(today, months)
    last_day = calendar.monthrange(year, month)[1]
    if today.day > last_day:
        return date(year, month, last_day)
    return date(year, month, today.day) - timedelta(days=1)


@dataclass
class Strip:
    """The inserts in strip order, with a fast lookup from a date to its insert."""

    today: date
    inserts: list[Insert]
    _dated: list[Insert] = field(init=False, repr=False)
    _starts: list[date] = field(init=False, repr=False)
    _by_key: dict[str, Insert] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # every dated insert but Overdue has a first day; they are contiguous and ordered
        self._dated = [i for i in self.inserts if i.kind not in (InsertKind.UNDATED,
                                                                  InsertKind.ARCHIVE)]
        self._starts = [i.first for i in self._dated[1:]]  # type: ignore[misc]  # all dated
        self._by_key = {i.key: i for i in self.inserts}

    def __iter__(self) -> Iterator[Insert]:
        return iter(self.inserts)

    def __len__(self) -> int:
        return len(self.inserts)

    def get(self, key: str) -> Insert | None:
        return self._by_key.get(key)

    def insert_for(self, when: date | None, archived: bool = False) -> Insert:
        """The one insert a dossier sits under."""
        if archived:
            return self._by_key[InsertKind.ARCHIVE.value]
        if when is None:
            return self._by_key[InsertKind.UNDATED.value]
        return self._dated[bisect.bisect_right(self._starts, when)]

    def tally(self, counts: Iterable[tuple[int, str | None, int]]) -> Counter[str]:
        """How many dossiers each insert holds, from (archived, next-contact day as
        YYYY-MM-DD or None, count) rows: insert_for's rule on the days as text, which sort
        as the dates do, so that a binder's hundreds of dates are counted without parsing."""
        starts = [d.isoformat() for d in self._starts]
        per_dated = [0] * len(self._dated)
        undated = archived = 0
        for gone, day, count in counts:
            if gone:
                archived += count
            elif day is None:
                undated += count
            else:
                per_dated[bisect.bisect_right(starts, day)] += count
        tallied = Counter({i.key: n for i, n in zip(self._dated, per_dated, strict=True) if n})
        tallied[InsertKind.UNDATED.value] += undated
        tallied[InsertKind.ARCHIVE.value] += archived
        return tallied

    @property
    def days(self) -> list[Insert]:
        return [i for i in self.inserts if i.kind is InsertKind.DAY]


def build_strip(today: date, settings: StripSettings | None = None) -> Strip:
    """Compute the inserts of the binder as it stands on `today`."""
    settings = settings or StripSettings()
    cal = WorkCalendar(settings.country)
    inserts = [Insert(InsertKind.OVERDUE.value, InsertKind.OVERDUE, last=today - timedelta(1))]

    if settings.mode is TabMode.CALENDAR:
        end = window_end(today)
        day = today
        while day <= end:
            inserts.append(Insert(day.isoformat(), InsertKind.DAY, day, day, day=day,
                                  working=cal.is_working(day)))
            day += timedelta(days=1)
        covered = end
    else:
        end = window_end(today, settings.horizon_months)
        first = today
        day = today
        while day <= end:
            if cal.is_working(day):
                inserts.append(Insert(day.isoformat(), InsertKind.DAY, first, day, day=day))
                first = day + timedelta(days=1)
            day += timedelta(days=1)
        # non-working days at the end of the horizon go to the next insert (a month)
        covered = first - timedelta(days=1)

    start = covered + timedelta(days=1)
    after_end = end + timedelta(days=1)
    for offset in range(MONTH_INSERTS):
        year, month = add_months(after_end, offset)
        last = date(year, month, calendar.monthrange(year, month)[1])
        inserts.append(Insert(f"{year:04d}-{month:02d}", InsertKind.MONTH, start, last,
                              month=(year, month)))
        start = last + timedelta(days=1)
    inserts.append(Insert(InsertKind.LATER.value, InsertKind.LATER, first=start))
    inserts.append(Insert(InsertKind.UNDATED.value, InsertKind.UNDATED))
    inserts.append(Insert(InsertKind.ARCHIVE.value, InsertKind.ARCHIVE))
    return Strip(today, inserts)
