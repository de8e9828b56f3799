"""Reports on one's own work: activity, pipeline, lost clients and the coming weeks' load.

The questions the method's articles ask a salesperson — how many contacts, how many offers
and orders, how long a sale takes, "how many clients did you lose in the last 12 months, and
why?", which coming week is filling up — answered from what the binder already stores.  Each
report is a plain record with its JSON (the command line's documented contract) and its table
(CSV, the PDF, the window); the figures are read in plain SQL (app/store/report_queries.py).

Days are the user's own calendar days: a contact logged at 23:30 local time counts on that
day, whatever its UTC stamp says.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.binder.calendar import WorkCalendar
from app.binder.capacity import Load, load_level
from app.errors import InvalidInput
from app.i18n import _, catalogue
from app.store import queries, report_queries
from app.store.stamps import parse_utc, utc_text
from app.store.vocabulary import CHANNELS

if TYPE_CHECKING:
    from app.services.binder import Services

KINDS = ("activity", "pipeline", "lost", "workload")
PERIOD_DAYS = 28  # the default period: the last four weeks, today included
WORKLOAD_WEEKS = 12
LOST_MONTHS = 12  # "how many clients did you lose in the last 12 months?"
MAX_PERIOD_DAYS = 3660  # ten years: a typo ("2062") is refused, not counted day by day


# -- periods and the user's calendar ---------------------------------------------------------

def default_period(today: date) -> tuple[date, date]:
    """The last four weeks up to today."""
    return today - timedelta(days=PERIOD_DAYS - 1), today


def check_period(first: date, last: date) -> None:
    if last < first:
        raise InvalidInput(_("The period ends before it starts."))
    if (last - first).days > MAX_PERIOD_DAYS:
        raise InvalidInput(_("A report covers at most ten years."))


def _utc_span(first: date, last: date) -> tuple[str, str]:
    """Stored-timestamp bounds that surely hold every moment of the local days `first` to
    `last` (a day more each side: time zones); the exact day is checked on each row."""
    start = datetime.combine(first - timedelta(days=1), time(), UTC)
    end = datetime.combine(last + timedelta(days=2), time(), UTC)
    return utc_text(start), utc_text(end)


def local_day(stamp: str) -> date:
    """The user's calendar day of a stored UTC timestamp."""
    return parse_utc(stamp).astimezone().date()


def week_key(day: date) -> str:
    """'2026-W48': the ISO week a day belongs to (weeks start on Monday)."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def months_back(day: date, months: int) -> date:
    """The day after the same day `months` months earlier (31 March less one month: the
    1st of March), so that twelve months end on `day` and never overlap the year before."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, last) + timedelta(days=1)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


# -- what an archive reason says -------------------------------------------------------------

@lru_cache(maxsize=1)
def _won_words() -> tuple[str, ...]:
    """'won' as the archive dialogs offer it in every shipped language: a reason is written
    in the user's language, and a binder may have been kept in more than one."""
    words = {"won"} | {catalogue(lang).gettext("won") for lang in ("es", "pl", "ru")}
    return tuple(sorted(w.casefold() for w in words))


def is_won(status: str, reason: str) -> bool:
    """An archived dossier ended with an order: its status says won, or its reason begins
    with the word "won" (in any shipped language: "won: contract signed", "ganado")."""
    if status == "won":
        return True
    text = reason.strip().casefold()
    for word in _won_words():
        if text.startswith(word) and not text[len(word):len(word) + 1].isalnum():
            return True
    return False


def _decimal(amount: str | None) -> Decimal | None:
    if amount is None or not amount.strip():
        return None
    try:
        return Decimal(amount)
    except InvalidOperation:  # the store keeps checked text; a hand-edited binder may not
        return None


def _amounts_text(sums: dict[str, Decimal]) -> dict[str, str]:
    return {cur: str(total) for cur, total in sorted(sums.items())}


# -- the reports -------------------------------------------------------------------------------

@dataclass(frozen=True)
class DayActivity:
    day: date
    by_channel: dict[str, int]

    @property
    def contacts(self) -> int:
        return sum(self.by_channel.values())


@dataclass(frozen=True)
class Activity:
    """Contacts per day and week by channel; dossiers worked against those planned; planned
    contacts that did not happen on their day (postponed, or left overdue)."""

    first: date
    last: date
    days: list[DayActivity]  # every day of the period, the empty ones too
    worked: int  # dossiers contacted in the period
    planned: int  # dossiers with a contact planned for a day of the period
    postponed: int  # planned contacts (dossier, day) up to today not made on their day

    @property
    def contacts(self) -> int:
        return sum(d.contacts for d in self.days)

    @property
    def by_channel(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for d in self.days:
            total.update(d.by_channel)
        return {c: total[c] for c in CHANNELS if total[c]}

    @property
    def by_week(self) -> list[tuple[str, date, int]]:
        """(ISO week, its first day in the period, contacts) in order."""
        weeks: dict[str, list[Any]] = {}
        for d in self.days:
            weeks.setdefault(week_key(d.day), [d.day, 0])[1] += d.contacts
        return [(k, v[0], v[1]) for k, v in weeks.items()]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(), "to": self.last.isoformat(),
            "contacts": self.contacts, "by_channel": self.by_channel,
            "by_week": [{"week": k, "start": start.isoformat(), "contacts": n}
                        for k, start, n in self.by_week],
            "by_day": [{"date": d.day.isoformat(), "contacts": d.contacts,
                        "by_channel": {c: d.by_channel[c] for c in CHANNELS
                                       if d.by_channel.get(c)}} for d in self.days],
            "worked": self.worked, "planned": self.planned, "postponed": self.postponed,
        }


@dataclass(frozen=True)
class MonthOffers:
    month: str  # "2026-11"
    offers: int
    amounts: dict[str, Decimal]


@dataclass(frozen=True)
class Pipeline:
    """Offers made and their amounts; the steps from contact to offer to order; the sales
    cycle (days from a client's first contact to the order)."""

    first: date
    last: date
    months: list[MonthOffers]
    contacted: int  # dossiers contacted in the period
    offered: int  # of all dossiers, those given an offer in the period
    orders: int  # dossiers archived as won in the period
    cycles: list[int]  # days from first contact to order, one per order

    @property
    def offers(self) -> int:
        return sum(m.offers for m in self.months)

    @property
    def amounts(self) -> dict[str, Decimal]:
        total: dict[str, Decimal] = defaultdict(Decimal)
        for m in self.months:
            for cur, amount in m.amounts.items():
                total[cur] += amount
        return dict(sorted(total.items()))

    @property
    def cycle_days(self) -> float | None:
        """The average sales cycle in days (one decimal), None without an order."""
        if not self.cycles:
            return None
        return round(sum(self.cycles) / len(self.cycles), 1)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(), "to": self.last.isoformat(),
            "offers": self.offers, "amounts": _amounts_text(self.amounts),
            "by_month": [{"month": m.month, "offers": m.offers,
                          "amounts": _amounts_text(m.amounts)} for m in self.months],
            "contacted": self.contacted, "offered": self.offered,
            "orders": self.orders, "cycle_days": self.cycle_days,
        }


@dataclass(frozen=True)
class Lost:
    """Clients archived in the period without an order, by reason, and the same for the
    twelve months up to the period's end."""

    first: date
    last: date
    by_reason: dict[str, int]  # most frequent first
    year_first: date
    year_by_reason: dict[str, int]
    won: int  # archived with an order in the period (for scale)

    @property
    def lost(self) -> int:
        return sum(self.by_reason.values())

    @property
    def year_lost(self) -> int:
        return sum(self.year_by_reason.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(), "to": self.last.isoformat(),
            "lost": self.lost, "by_reason": self.by_reason, "won": self.won,
            "last_12_months": {"from": self.year_first.isoformat(),
                               "to": self.last.isoformat(),
                               "lost": self.year_lost, "by_reason": self.year_by_reason},
        }


@dataclass(frozen=True)
class DayWork:
    day: date
    count: int
    capacity: int  # 0: no limit
    working: bool

    @property
    def level(self) -> Load:
        return load_level(self.count, self.capacity)


@dataclass(frozen=True)
class Workload:
    """The coming twelve weeks, day by day, against the daily capacity."""

    days: list[DayWork]
    overdue: int = 0  # filed before today: they come on top of today's work
    # (first day, count, capacity of its working days, days over) per calendar week
    weeks: list[tuple[date, int, int, int]] = field(default_factory=list)

    @property
    def first(self) -> date:
        return self.days[0].day

    @property
    def last(self) -> date:
        return self.days[-1].day

    def to_json(self) -> list[dict[str, Any]]:
        return [{"date": d.day.isoformat(), "count": d.count, "capacity": d.capacity,
                 "working": d.working} for d in self.days]


def _weeks(days: Iterable[DayWork]) -> list[tuple[date, int, int, int]]:
    """(the week's first day shown, dossiers, capacity of its working days, days over
    capacity) per calendar week (Monday to Sunday; the first one starts today)."""
    weeks: dict[date, list[Any]] = {}
    for d in days:
        monday = d.day - timedelta(days=d.day.weekday())
        entry = weeks.setdefault(monday, [d.day, 0, 0, 0])
        entry[1] += d.count
        entry[2] += d.capacity if d.working else 0
        entry[3] += d.level is Load.OVER
    return [(start, c, room, over) for start, c, room, over in weeks.values()]


# -- the service -------------------------------------------------------------------------------

class ReportService:
    def __init__(self, services: Services) -> None:
        self._s = services

    def period(self, first: date | None = None, last: date | None = None
               ) -> tuple[date, date]:
        """The period asked for, its missing ends filled in: nothing, the last four weeks;
        only a start, from it to today (four weeks from a start still to come); only an
        end, the four weeks up to it."""
        today = self._s.clock.today()
        if first is None and last is None:
            return default_period(today)
        if first is None:
            assert last is not None
            first = last - timedelta(days=PERIOD_DAYS - 1)
        if last is None:
            last = today if first <= today else first + timedelta(days=PERIOD_DAYS - 1)
        check_period(first, last)
        return first, last

    def _contacts(self, first: date, last: date) -> list[tuple[str, date, str, str,
                                                                 str | None, str]]:
        """(dossier, local day, channel, offer, amount, currency) of the period's contacts."""
        with self._s.db.reader() as cur:
            rows = report_queries.contacts_between(cur, *_utc_span(first, last))
        found = []
        for uuid, at, channel, offer, amount, currency in rows:
            day = local_day(at)
            if first <= day <= last:
                found.append((uuid, day, channel, offer or "", amount, currency or ""))
        return found

    def activity(self, first: date | None = None, last: date | None = None) -> Activity:
        first, last = self.period(first, last)
        today = self._s.clock.today()
        contacts = self._contacts(first, last)
        per_day: dict[date, Counter[str]] = defaultdict(Counter)
        made: set[tuple[str, date]] = set()
        for uuid, day, channel, *_rest in contacts:
            per_day[day][channel] += 1
            made.add((uuid, day))
        with self._s.db.reader() as cur:
            agreed = {(uuid, date.fromisoformat(day))
                      for uuid, day in report_queries.agreed_between(cur, first, last)}
        missed = {(uuid, day) for uuid, day in agreed if day < today and (uuid, day) not in made}
        days = [DayActivity(d, {c: per_day[d][c] for c in CHANNELS if per_day[d][c]})
                for d in (first + timedelta(days=i) for i in range((last - first).days + 1))]
        return Activity(first, last, days, worked=len({uuid for uuid, _d in made}),
                        planned=len({uuid for uuid, _d in agreed}), postponed=len(missed))

    def pipeline(self, first: date | None = None, last: date | None = None) -> Pipeline:
        first, last = self.period(first, last)
        months: dict[str, list[Any]] = {}
        day = first.replace(day=1)
        while day <= last:  # every month of the period, those without offers too
            months[month_key(day)] = [0, defaultdict(Decimal)]
            day = (day + timedelta(days=32)).replace(day=1)
        contacted: set[str] = set()
        offered: set[str] = set()
        for uuid, day, _channel, offer, amount, currency in self._contacts(first, last):
            contacted.add(uuid)
            value = _decimal(amount)
            if not offer.strip() and value is None:
                continue
            offered.add(uuid)
            entry = months[month_key(day)]
            entry[0] += 1
            if value is not None:
                entry[1][currency or self._s.settings.get().currency] += value
        orders, cycles = 0, []
        for _uuid, at, reason, status, created, first_contact in self._archived(first, last):
            if not is_won(status, reason):
                continue
            orders += 1
            began = local_day(first_contact or created)
            cycles.append(max(0, (local_day(at) - began).days))
        return Pipeline(first, last,
                        [MonthOffers(k, n, dict(sorted(sums.items())))
                         for k, (n, sums) in months.items()],
                        contacted=len(contacted), offered=len(offered), orders=orders,
                        cycles=cycles)

    def _archived(self, first: date, last: date) -> list[tuple]:
        with self._s.db.reader() as cur:
            rows = report_queries.archived_between(cur, *_utc_span(first, last))
        return [r for r in rows if first <= local_day(r[1]) <= last]

    def lost(self, first: date | None = None, last: date | None = None) -> Lost:
        first, last = self.period(first, last)
        year_first = months_back(last, LOST_MONTHS)
        period: Counter[str] = Counter()
        year: Counter[str] = Counter()
        won = 0
        for _uuid, at, reason, status, *_rest in self._archived(min(first, year_first), last):
            day = local_day(at)
            if is_won(status, reason):
                won += first <= day
                continue
            reason = " ".join(reason.split()) or _("no reason given")
            year[reason] += year_first <= day
            period[reason] += first <= day

        def ranked(counts: Counter[str]) -> dict[str, int]:
            return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())))

        return Lost(first, last, ranked(+period), year_first, ranked(+year), won)

    def workload(self, weeks: int = WORKLOAD_WEEKS) -> Workload:
        """From today, `weeks` weeks of days with their count and the capacity."""
        today = self._s.clock.today()
        last = today + timedelta(days=7 * weeks - 1)
        settings = self._s.settings.get()
        cal = WorkCalendar(settings.holiday_country or None)
        loads = self._s.loads.loads(today, last)
        with self._s.db.reader() as cur:
            overdue = queries.overdue_count(cur, today, self._s.scope)
        days = [DayWork(d, load.count, load.capacity, cal.is_working(d))
                for d, load in sorted(loads.items())]
        return Workload(days, overdue, _weeks(days))

    def report(self, kind: str, first: date | None = None, last: date | None = None
               ) -> Activity | Pipeline | Lost | Workload:
        """One report by its name (KINDS); the workload has no period (it looks ahead)."""
        if kind == "activity":
            return self.activity(first, last)
        if kind == "pipeline":
            return self.pipeline(first, last)
        if kind == "lost":
            return self.lost(first, last)
        if kind == "workload":
            return self.workload()
        raise InvalidInput(_("There is no report '{name}'.").format(name=kind))

    def save_csv(self, report: Activity | Pipeline | Lost | Workload, path: Path) -> int:
        """The report's table to a CSV file (with a BOM, so that Excel reads the accents),
        written whole or not at all; returns the number of rows."""
        import io

        from app.services.printing import atomic_file
        from app.services.report_views import write_csv

        with atomic_file(path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            rows = write_csv(report, text)
            text.flush()
            text.detach()
        return rows

    def save_pdf(self, report: Activity | Pipeline | Lost | Workload, path: Path,
                 page_size: str | None = None) -> int:
        """The report on paper (a picture, then its table), written whole or not at all;
        returns the number of pages."""
        from app.pdf.reports import render_report
        from app.services.printing import atomic_file
        from app.services.report_views import chart, headline, paper_table, texts

        info = self._s.printing.info(page_size)
        with atomic_file(path) as stream:
            made = paper_table(report)
            return render_report(headline(report), chart(report), made, texts(made), info,
                                 stream)
