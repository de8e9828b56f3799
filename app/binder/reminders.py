"""When to remind: appointments a few minutes ahead, the day's summary in the morning, and two
appointments booked too close together.

Pure rules over plain records, so that the window's timer, the command line and the tests
ask the same questions with whatever clock they have.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

DEFAULT_LEAD_MINUTES = 15
# two appointments closer than this overlap: a visit or a call takes about half an hour,
# so 13:00 and 13:30 is a full afternoon's rhythm, 13:00 and 13:15 a double booking
CLASH_MINUTES = 30


def minutes(hhmm: str) -> int | None:
    """Minutes after midnight of an "HH:MM" time, None when it is not one."""
    hours, sep, mins = hhmm.partition(":")
    if not sep or not hours.isdigit() or not mins.isdigit():
        return None
    h, m = int(hours), int(mins)
    return h * 60 + m if h < 24 and m < 60 else None


@dataclass(frozen=True)
class DueItem:
    """An open dossier with an agreed time on a day."""

    id: str
    name: str
    company: str
    day: date
    time: str
    purpose: str
    fixed: bool
    phone: str

    def at(self) -> datetime | None:
        """The local moment of the appointment (naive: the user's wall clock)."""
        m = minutes(self.time)
        if m is None:
            return None
        return datetime(self.day.year, self.day.month, self.day.day) + timedelta(minutes=m)


@dataclass(frozen=True)
class Clash:
    """Two open dossiers booked on the same day less than CLASH_MINUTES apart."""

    first: DueItem
    second: DueItem


def clashes(items: Iterable[DueItem]) -> list[Clash]:
    """Every pair of timed dossiers of one day that overlap, in time order."""
    by_day: dict[date, list[tuple[int, DueItem]]] = {}
    for item in items:
        m = minutes(item.time)
        if m is not None:
            by_day.setdefault(item.day, []).append((m, item))
    found = []
    for day in sorted(by_day):
        timed = sorted(by_day[day], key=lambda pair: (pair[0], pair[1].name))
        for n, (m, item) in enumerate(timed):
            for m2, other in timed[n + 1:]:
                if m2 - m >= CLASH_MINUTES:
                    break
                found.append(Clash(item, other))
    return found


def overlap(a: str | None, b: str | None) -> bool:
    """Whether two times of the same day are a double booking."""
    ma, mb = minutes(a or ""), minutes(b or "")
    return ma is not None and mb is not None and abs(ma - mb) < CLASH_MINUTES


@dataclass(frozen=True)
class DaySummary:
    """The day at a glance: open dossiers today, of which fixed appointments, and overdue."""

    day: date
    today: int
    fixed: int
    overdue: int


@dataclass(frozen=True)
class Notice:
    """One notification to show now: the morning summary, or an appointment coming up."""

    summary: DaySummary | None = None
    item: DueItem | None = None


@dataclass
class ReminderSchedule:
    """Which notifications are due, remembered across checks so that each fires once.

    An appointment at T is announced once from T - lead up to T (so a window opened at
    T - 5 minutes still announces it); it is known by its dossier, day and time, so one
    refiled to another time is announced again for its new time, and one refiled to another
    day, or archived, is no longer among the day's items and is never announced. The summary
    comes at the first check and again at the first check of each new day."""

    lead_minutes: int = DEFAULT_LEAD_MINUTES
    _summary_day: date | None = None
    _fired: set[tuple[str, date, str]] = field(default_factory=set)

    def check(self, now: datetime, items: Sequence[DueItem],
              summary: DaySummary | None = None) -> list[Notice]:
        """The notices to show at `now` (the local wall clock, naive), summary first."""
        notices: list[Notice] = []
        today = now.date()
        if summary is not None and self._summary_day != today:
            self._summary_day = today
            self._fired = {key for key in self._fired if key[1] >= today}
            notices.append(Notice(summary=summary))
        lead = timedelta(minutes=max(0, self.lead_minutes))
        for item in sorted(items, key=lambda i: (i.time, i.name)):
            at = item.at()
            key = (item.id, item.day, item.time)
            if at is None or key in self._fired or not at - lead <= now <= at:
                continue
            self._fired.add(key)
            notices.append(Notice(item=item))
        return notices
