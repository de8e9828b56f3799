"""How full the days are: the count and capacity shown beside every date the user may pick
(the date field, the log dialog's quick choices, refiling, a drag onto a tab), and the
nearest day that still has room, so that a refile never overloads a day without a word."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.binder import InsertKind
from app.binder.calendar import WorkCalendar
from app.binder.capacity import Load, load_level
from app.store import queries

if TYPE_CHECKING:
    from app.services.binder import Services

SEARCH_DAYS = 62  # how far from the wanted day a day with room is looked for


@dataclass(frozen=True)
class DayLoad:
    """The open dossiers filed on a day against the daily capacity (0: no limit)."""

    day: date
    count: int
    capacity: int

    @property
    def level(self) -> Load:
        return load_level(self.count, self.capacity)

    @property
    def has_room(self) -> bool:
        """One more dossier still fits."""
        return self.capacity <= 0 or self.count < self.capacity

    def after_adding(self, more: int = 1) -> DayLoad:
        return DayLoad(self.day, self.count + more, self.capacity)


class LoadService:
    def __init__(self, services: Services) -> None:
        self._s = services

    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self._s.settings.get().holiday_country or None)

    def loads(self, first: date, last: date) -> dict[date, DayLoad]:
        """Every day from `first` to `last` with its load: what the day's tab holds, so in
        working-days mode a Monday counts the weekend filed under it (and a Saturday counts
        as that Monday), as the strip shows it; one indexed read."""
        capacity = self._s.settings.get().daily_capacity
        strip = self._s.views.strip()

        def span(day: date) -> tuple[date, date]:
            insert = strip.insert_for(day)
            if insert.kind is InsertKind.DAY and insert.first and insert.last:
                return insert.first, insert.last
            return day, day

        low, high = min(span(first)[0], first), max(span(last)[1], last)
        with self._s.db.reader() as cur:
            counts = {date.fromisoformat(day): n
                      for day, n in queries.counts_between(cur, low, high, self._s.scope)}
        out = {}
        for i in range((last - first).days + 1):
            day = first + timedelta(days=i)
            start, end = span(day)
            out[day] = DayLoad(day, sum(counts.get(start + timedelta(days=k), 0)
                                        for k in range((end - start).days + 1)), capacity)
        return out

    def load(self, day: date) -> DayLoad:
        return self.loads(day, day)[day]

    def nearest_with_room(self, day: date, *, earlier: bool = True, more: int = 1,
                          known: Mapping[date, DayLoad] | None = None) -> date | None:
        """The working day closest to `day` with room for `more` dossiers: `day` itself, then
        the days after and (when `earlier`) before it, alternately, never before today, the
        later one first on a tie; None when none within SEARCH_DAYS has room.  `known`: loads
        already read, searched instead of reading again (a day missing from it is never
        offered), so that a dialog reads its days once."""
        today = self._s.clock.today()
        cal = self.calendar()
        first = max(today, day - timedelta(days=SEARCH_DAYS)) if earlier else day
        loads = known if known is not None else \
            self.loads(min(first, day), day + timedelta(days=SEARCH_DAYS))
        for distance in range(SEARCH_DAYS + 1):
            for candidate in (day + timedelta(days=distance),
                              day - timedelta(days=distance)):
                if distance and candidate < day and (not earlier or candidate < first):
                    continue
                load = loads.get(candidate)
                if load is not None and cal.is_working(candidate) and \
                        load.after_adding(more - 1).has_room:
                    return candidate
        return None
