"""The demo's history: when each client was last spoken to and what was said, drawn so that
a status follows from the history and the last contact from the next one, on working days
within working hours of the client's time zone (app/services/demo.py draws the rest)."""

from __future__ import annotations

from bisect import bisect
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

from app.services import demo_data as data
from app.store.bulk import Row

if TYPE_CHECKING:
    from app.services.demo import Generator

T = TypeVar("T")
WORK_FROM, WORK_TO = 8 * 60 + 30, 18 * 60 + 30  # contacts: 08:30-18:30, local time (minutes)
WORK_HOURS = WORK_TO - WORK_FROM
CLOCK = [f"T{m // 60:02d}:{m % 60:02d}:00.000000Z" for m in range(24 * 60)]  # a minute's text
DAYS = 3000  # the calendar reaches this many days back from today
CHANNELS = ("call", "visit", "meeting", "email", "letter")
CHANNEL_SHARES = list(accumulate((6, 2, 1, 3, 1)))  # of 13


def pick(draw: Callable[[], float], seq: Sequence[T]) -> T:
    """rng.choice(seq) in one call, not three: the demo draws a million times."""
    return seq[int(draw() * len(seq))]


def between(draw: Callable[[], float], low: int, high: int) -> int:
    """rng.randint(low, high), as pick is rng.choice."""
    return low + int(draw() * (high - low + 1))


class Calendar:
    """The days back from today (k = 0 is today), computed once: each day's ISO text, the
    working day a contact on it moves back to (a weekend's: the Friday), and each language's
    UTC offset in minutes that day (its time zone's, summer time included)."""

    def __init__(self, today: date) -> None:
        zones = {lang: ZoneInfo(name) for lang, name in data.ZONES.items()}
        self.text: list[str] = []
        self.work: list[int] = []
        self.offset: dict[str, list[int]] = {lang: [] for lang in zones}
        for k in range(DAYS + 3):
            day = today - timedelta(days=k)
            self.text.append(day.isoformat())
            weekday = day.weekday()
            self.work.append(k + weekday - 4 if weekday >= 5 else k)
            noon = datetime.combine(day, time(12))
            for lang, zone in zones.items():
                shift = zone.utcoffset(noon)
                self.offset[lang].append(int(shift.total_seconds()) // 60 if shift else 0)

    def stamp(self, k: int, lang: str, minute: int) -> str:
        """The stored UTC text of `minute` (of the local day) k days back, in the client's
        zone (working hours in these zones fall on the same day in UTC)."""
        return self.text[k] + CLOCK[minute - self.offset[lang][k]]


def story(gen: Generator, when: date | None, archived: int | None,
          kind: str) -> tuple[str, int, int, int]:
    """(status, how many contacts, the last one's day and the day the dossier was made,
    as days back): a status follows from the history, the last contact from the next one."""
    rng, draw, work = gen.rng, gen.rng.random, gen.calendar.work
    if archived is not None:
        status = "won" if kind == "won" else "lost"
        last = archived + between(draw, 1, 10)  # then archived, a few days later
        count = (2 if status == "won" else 1) + min(18, int(rng.expovariate(1 / 5)))
    else:
        roll = draw()
        if roll < 0.15:  # never contacted yet: logging a contact makes a prospect active
            return "prospect", 0, 0, between(draw, 1, 60)
        status = "dormant" if roll < 0.32 else "active"
        if status == "dormant":  # a long silence
            last = between(draw, 150, 700)
        elif when is None:
            last = between(draw, 1, 120)
        else:
            due = (when - gen.today).days
            last = -due + between(draw, 1, 21) if due < 0 else \
                1 + min(45, int(rng.expovariate(1 / 8))) if due <= 30 else between(draw, 1, 90)
        count = 1 + min(29 if status == "active" else 11,
                        int(rng.expovariate(1 / 4.5 if status == "active" else 1 / 3)))
    last = work[last]
    first = min(DAYS - 40, last + count * between(draw, 7, 35))
    return status, count, last, first + between(draw, 1, 30)


def history(gen: Generator, lang: str, status: str, count: int, last: int, made: int,
            when: str | None) -> tuple[list[Row], str | None, bool]:
    """The contacts, oldest first, on working days within working hours in the client's
    zone, the last naming the date it set for the next; when the latest priced offer was made
    (its proposal may be filed), and whether it still waits for an answer."""
    draw, cal = gen.rng.random, gen.calendar
    work, text, offset = cal.work, cal.text, cal.offset[lang]
    # draw() * n rather than randrange(n): this loop is the demo's time; days moved off a
    # weekend go back at most two, still after the day the dossier was made
    span = made - last - 3
    days = sorted((last + int(draw() * span) for _i in range(count - 1)), reverse=True)
    days = [work[k] for k in days] + [last]
    summaries, priced = pick(draw, gen.said[lang])  # what the talks are about
    outcomes, free, currency = gen.outcomes[lang], data.FREE_OFFERS[lang], data.CURRENCIES[lang]
    ends = data.ORDER_OUTCOMES[lang] if status == "won" else \
        data.LOST_OUTCOMES[lang] if status == "lost" else None
    orders = data.ORDER_OUTCOMES[lang] if status in ("active", "dormant", "won") else None
    must_offer = status in ("active", "won") and count > 1
    events: list[Row] = []
    offered: str | None = None
    waiting = False  # an offer made and not yet ordered
    previous, minute = -1, 0
    for i, k in enumerate(days):
        # a second contact that day comes later, never at the same minute (a history is
        # ordered by its times: a tie would read differently after a handover)
        minute = WORK_FROM + int(draw() * WORK_HOURS) if k != previous else \
            minute + 1 + int(draw() * (WORK_TO - minute) / 2)
        previous = k
        channel = CHANNELS[bisect(CHANNEL_SHARES, draw() * 13)]
        said = summaries[channel]
        summary = said[int(draw() * len(said))]
        came = outcomes[channel]
        outcome = came[int(draw() * len(came))]
        offer, amount, paid = "", None, ""
        roll = draw()
        due = must_offer and i == count - 2 and offered is None  # a priced one, before the end
        if roll < 0.25 or due:
            if roll < 0.07 and not due:
                offer = free[int(draw() * len(free))]
            else:
                offer, amount, paid = priced[int(draw() * len(priced))], gen.amount(lang), \
                    currency
        at = text[k] + CLOCK[minute - offset[k]]
        if amount:
            offered, waiting = at, True
        elif orders and offered and roll > 0.88 and channel != "letter":
            outcome = orders[int(draw() * len(orders))]  # after an offer, now and then
            waiting = False
        if i == count - 1 and ends:
            outcome = ends[int(draw() * len(ends))]
        events.append((gen.uuid(), at, at, "contact", channel, summary, outcome,
                       offer, amount, paid, None, None))
    if events and when:  # the last contact set the date the dossier is filed under (the
        events[-1] = (*events[-1][:-2], when, None)  # others' are left out: rows are many)
    return events, offered, waiting
