"""What is coming today: the timed dossiers of the day, the morning summary, and double
bookings, read in plain SQL (one reader per check: the window asks every 30 seconds) and
said in the user's language for the window's notifications and `ringbinder due`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from app.binder.reminders import Clash, DaySummary, DueItem, clashes, minutes
from app.clock import wall_time
from app.i18n import _, n_, short_date, short_time
from app.store import queries

if TYPE_CHECKING:
    from app.services.binder import Services
    from app.store.reading import Cursor


@dataclass(frozen=True)
class Agenda:
    """Today at one read: the counts of the summary and the timed dossiers, in time order."""

    summary: DaySummary
    timed: list[DueItem]


def _item(r: tuple) -> DueItem:
    return DueItem(r[0], r[1], r[2] or "", date.fromisoformat(r[3]), r[4] or "", r[5] or "",
                   bool(r[6]), r[7] or "")


def agenda_of(cur: Cursor, day: date, owner: int | None = None) -> Agenda:
    """A day's appointments and its summary: one's own in a team binder (`owner`)."""
    rows = [_item(r) for r in queries.rows_due_on(cur, day, owner)]
    summary = DaySummary(day, len(rows), sum(1 for r in rows if r.fixed),
                         queries.overdue_count(cur, day, owner))
    return Agenda(summary, [r for r in rows if minutes(r.time) is not None])


def due_json(item: DueItem) -> dict[str, Any]:
    """The `due --json` shape (README): what a script needs to call or remind."""
    return {"id": item.id, "name": item.name, "company": item.company, "time": item.time,
            "purpose": item.purpose, "fixed": item.fixed, "phone": item.phone}


def summary_text(summary: DaySummary) -> str:
    """'16 dossiers today, 3 fixed, 83 still overdue': the morning's look at the binder
    (its own words: the status bar's "16 today" and "83 overdue" are not plural forms)."""
    if not summary.today and not summary.overdue:
        return _("Nothing planned today")
    parts = [n_("{count} dossier today", "{count} dossiers today", summary.today)]
    if summary.fixed:
        parts.append(n_("{count} fixed", "{count} fixed", summary.fixed))
    if summary.overdue:
        parts.append(n_("{count} still overdue", "{count} still overdue",
                        summary.overdue))
    return ", ".join(parts)


def time_text(hhmm: str) -> str:
    """An "HH:MM" time as the locale writes it ("2:30 PM")."""
    m = minutes(hhmm)
    return short_time(time(m // 60, m % 60)) if m is not None else hhmm


def item_text(item: DueItem) -> str:
    """'2:30 PM Visit — Ana López, Acme (fixed)': an appointment about to come."""
    what = f"{time_text(item.time)} {item.purpose}".strip()
    who = ", ".join(p for p in (item.name, item.company) if p)
    text = _("{what} — {who}").format(what=what, who=who)
    return _("{appointment} (fixed)").format(appointment=text) if item.fixed else text


def clash_text(clash: Clash) -> str:
    """Names both dossiers and their times, so the user knows which one to move."""
    return _("Double booking on {day}: {first} at {first_time} and {second} at "
             "{second_time}.").format(
        day=short_date(clash.first.day), first=clash.first.name,
        first_time=time_text(clash.first.time), second=clash.second.name,
        second_time=time_text(clash.second.time))


class ReminderService:
    def __init__(self, services: Services) -> None:
        self._s = services

    def now(self) -> datetime:
        """The clock's moment on the user's wall clock: what agreed times are compared with."""
        return wall_time(self._s.clock)

    def agenda(self, day: date | None = None) -> Agenda:
        """Today's (or a day's) summary and timed dossiers, in one read."""
        with self._s.db.reader() as cur:
            return agenda_of(cur, day or self._s.clock.today(), self._s.me)

    def due(self, within_minutes: int | None = None, now: datetime | None = None
            ) -> list[DueItem]:
        """Today's timed open dossiers from now on, in time order; only those within the
        next `within_minutes` when given."""
        now = now or self.now()
        items = self.agenda(now.date()).timed
        until = now + timedelta(minutes=within_minutes) if within_minutes is not None else None
        now = now.replace(second=0, microsecond=0)  # 14:30 is still due at 14:30:40
        return [i for i in items if (at := i.at()) is not None and at >= now
                and (until is None or at <= until)]

    def clashes_with(self, ids: list[str]) -> list[Clash]:
        """The double bookings these dossiers are part of (a refile or a log just made)."""
        if not ids:
            return []
        wanted = set(ids)
        with self._s.db.reader() as cur:
            items = [_item(r) for r in queries.timed_on_days_of(cur, ids)]
        return [c for c in clashes(items) if c.first.id in wanted or c.second.id in wanted]
