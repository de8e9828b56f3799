"""A hand-built binder with known figures for the reports' tests: the work of November 2026
logged day by day through the services, the clock moved between days.

In the default period (28 Oct – 24 Nov 2026): 12 contacts (6 calls, 2 visits, 1 meeting,
2 e-mails, 1 letter) with 6 dossiers; 5 offers, 4 with amounts (EUR 1000.50 + 2000.00,
PLN 500.00 + 1250.25); one order (Alpha, 14 days from first contact); 3 lost for 2 reasons;
2 planned contacts not made on their day.  Before it: one more lost (1 Sep 2026, within 12
months) and one a year before that.  Ahead: 3 dossiers on Thu 3 Dec, capacity 2."""

from __future__ import annotations

from datetime import date, time

from app.clock import FixedClock
from app.services import Services
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from tests.conftest import TODAY

EXPECTED = {
    "contacts": 12,
    "by_channel": {"call": 6, "visit": 2, "meeting": 1, "email": 2, "letter": 1},
    "offers": 5,
    "amounts": {"EUR": "3000.50", "PLN": "1750.25"},
    "orders": 1,
    "cycle_days": 14.0,
    "lost": 3,
    "by_reason": {"not interested": 2, "went with a competitor": 1},
    "lost_12_months": 4,
}


def _on(clock: FixedClock, day: date) -> None:
    clock.set_today(day)


def build(services: Services, clock: FixedClock) -> dict[str, str]:
    """Fill the binder; returns the dossiers' ids by name.  Leaves the clock on TODAY."""
    clock.set_time(time(10, 0))
    s = services
    ids: dict[str, str] = {}

    def new(name: str, when: date | None) -> str:
        ids[name] = s.dossiers.create(NewDossier(name, next_contact=when))[0]
        return ids[name]

    def log(name: str, channel: str, summary: str, *, offer: str = "",
            amount: str | None = None, currency: str = "", next_day: date | None = None,
            reason: str | None = None) -> None:
        s.filing.log_contact(ids[name], ContactLog(channel, summary, "noted", offer, amount,
                                                   currency),
                             NextStep(next_day) if next_day else None, archive_reason=reason)

    _on(clock, date(2025, 9, 1))
    new("Old Timer", None)
    _on(clock, date(2025, 10, 1))
    s.filing.archive(ids["Old Timer"], "too expensive")  # over 12 months before TODAY

    _on(clock, date(2026, 9, 1))
    new("Gamma Sp. z o.o.", None)
    s.filing.archive(ids["Gamma Sp. z o.o."], "not interested")  # within 12 months
    _on(clock, date(2026, 10, 20))
    new("Early Bird", date(2026, 10, 20))
    log("Early Bird", "call", "Before the period", next_day=date(2026, 12, 15))

    _on(clock, date(2026, 11, 2))
    for name in ("Alpha", "Beta", "Charlie", "Delta", "Echo", "Foxtrot"):
        new(name, date(2026, 11, 2))
    log("Alpha", "call", "First call", next_day=date(2026, 11, 5))
    _on(clock, date(2026, 11, 3))
    log("Beta", "call", "Quote", offer="Valves", amount="500", currency="PLN",
        next_day=date(2026, 11, 12))
    _on(clock, date(2026, 11, 4))
    log("Charlie", "call", "Intro", next_day=date(2026, 11, 9))
    _on(clock, date(2026, 11, 5))
    log("Alpha", "call", "Offer", offer="Pumps", amount="1000.50", currency="EUR",
        next_day=date(2026, 11, 10))
    _on(clock, date(2026, 11, 6))
    s.filing.move([ids["Charlie"]], date(2026, 11, 20))  # 9 Nov postponed
    _on(clock, date(2026, 11, 9))
    log("Delta", "visit", "Showroom", reason="not interested")
    _on(clock, date(2026, 11, 10))
    log("Alpha", "visit", "Revised offer", offer="Pumps, revised", amount="2000",
        currency="EUR", next_day=date(2026, 11, 16))
    _on(clock, date(2026, 11, 12))
    log("Beta", "email", "Follow-up", reason="went with a competitor")
    _on(clock, date(2026, 11, 16))
    log("Alpha", "meeting", "Signed", reason="won")
    _on(clock, date(2026, 11, 17))
    log("Echo", "email", "Catalogue sent", offer="Catalogue", next_day=date(2026, 11, 30))
    _on(clock, date(2026, 11, 18))
    log("Echo", "letter", "Price list posted", next_day=date(2026, 11, 30))
    new("Hotel", date(2026, 11, 19))  # never called: overdue, a postponed plan
    _on(clock, date(2026, 11, 20))
    log("Charlie", "call", "Quote", offer="Service", amount="1250.25", currency="PLN",
        next_day=date(2026, 12, 1))
    _on(clock, date(2026, 11, 23))
    log("Foxtrot", "call", "Last try", reason="not interested")

    _on(clock, TODAY)
    for name in ("India", "Juliett", "Kilo"):
        new(name, date(2026, 12, 3))
    s.settings.update(daily_capacity=2)
    return ids
