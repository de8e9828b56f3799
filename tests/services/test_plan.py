"""Rebalancing fairly and spreading the overdue, on a real binder: a date just agreed stays,
the clients' names never decide who moves, what stays says why, and the overdue pile becomes
a few ordinary working days."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.binder import Stays
from app.binder.calendar import WorkCalendar
from app.clock import FixedClock
from app.errors import InvalidInput
from app.services import open_services
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from tests.conftest import TODAY
from tests.helpers import binder_digest

THU = date(2026, 11, 26)


def create_on(services, day: date, name: str, when: date | None, **fields) -> str:
    """A dossier filed as it was on `day` (its date set then)."""
    clock = services.clock
    today = clock.today()
    clock.set_today(day)
    try:
        return services.dossiers.create(NewDossier(name, next_contact=when, **fields))[0]
    finally:
        clock.set_today(today)


def moved_ids(plan) -> set[str]:
    return {dossier_id for dossier_id, _when in plan.moves}


# -- a date just agreed --------------------------------------------------------------------

def test_a_date_agreed_today_or_yesterday_stays_unless_asked(services):
    services.settings.update(daily_capacity=1)
    old = create_on(services, TODAY - timedelta(days=10), "Old Date", THU, priority="low")
    yesterday = create_on(services, TODAY - timedelta(days=1), "Agreed Yesterday", THU,
                          priority="low")
    logged = create_on(services, TODAY - timedelta(days=10), "Called Today", THU)
    services.filing.log_contact(logged, ContactLog("call", "Agreed on Thursday", "Interested"),
                                NextStep(THU))  # the same date, agreed again today

    plan = services.filing.plan_rebalance(THU.isoformat())
    assert moved_ids(plan) == {old}
    [(kept, why)] = plan.unplaced  # one over the capacity, just agreed: it says so
    assert kept in (yesterday, logged) and why is Stays.RECENT

    plan = services.filing.plan_rebalance(THU.isoformat(), move_recent=True)
    assert len(plan.moves) == 2 and yesterday in moved_ids(plan) and not plan.unplaced

    services.settings.update(recent_days=0)  # every date may move
    assert len(services.filing.plan_rebalance(THU.isoformat()).moves) == 2
    services.settings.update(recent_days=3)  # three days back: "Old Date" only
    assert moved_ids(services.filing.plan_rebalance(THU.isoformat())) == {old}
    with pytest.raises(InvalidInput):
        services.settings.update(recent_days=-1)
    assert services.settings.get().recent_days == 3


def test_the_date_set_longest_ago_moves_first(services):
    services.settings.update(daily_capacity=2)
    ids = [create_on(services, TODAY - timedelta(days=n), f"Client {n}", THU)
           for n in (3, 9, 5, 20)]
    plan = services.filing.plan_rebalance(THU.isoformat())
    assert [d for d, _w in plan.moves] == [ids[3], ids[1]]  # set 20, then 9 days ago


def test_a_refile_undone_keeps_its_old_stamp(services):
    services.settings.update(daily_capacity=1)
    ids = [create_on(services, TODAY - timedelta(days=5), f"Client {n}", THU) for n in range(2)]
    before = services.filing.schedules(ids)
    services.filing.move(ids, THU + timedelta(days=1))  # set today: now just agreed
    services.filing.put_back(before)
    assert len(services.filing.plan_rebalance(THU.isoformat()).moves) == 1


# -- where the excess goes -----------------------------------------------------------------

def test_a_full_horizon_sends_the_excess_to_the_next_month_and_says_what_stays(services):
    services.settings.update(daily_capacity=1)
    strip = services.views.strip()
    long_ago = TODAY - timedelta(days=30)
    for n, insert in enumerate(strip.days):
        if insert.day != THU:
            create_on(services, long_ago, f"Filler {n}", insert.day)
    on_thu = [create_on(services, long_ago, f"Thursday {n}", THU) for n in range(3)]
    fixed = create_on(services, long_ago, "Meeting", THU, time="10:00", fixed=True)
    month = next(i for i in strip if i.kind == "month")

    plan = services.filing.plan_rebalance(THU.isoformat())
    assert len(plan.moves) == 3 and moved_ids(plan) <= set(on_thu)
    for _d, when in plan.moves:  # no day insert had room: the next month's working days
        assert month.first <= when <= month.last and WorkCalendar().is_working(when)
    assert plan.unplaced == [] and fixed not in moved_ids(plan)

    services.filing.apply_rebalance(plan)
    tabs = {t.key: t for t in services.views.tabs()}
    assert tabs[THU.isoformat()].count == 1 and not tabs[THU.isoformat()].over_capacity
    assert tabs[month.key].count == 3


def test_with_nowhere_to_go_each_of_the_excess_says_why_it_stays(services):
    services.settings.update(daily_capacity=1)
    fixed = create_on(services, TODAY - timedelta(days=9), "Meeting", TODAY, time="09:00",
                      fixed=True)
    agreed = create_on(services, TODAY, "Just Agreed", TODAY)
    plan = services.filing.plan_rebalance("today")
    assert plan.is_empty  # the only movable one was just agreed
    assert plan.unplaced == [(agreed, Stays.RECENT)] and fixed not in dict(plan.unplaced)


# -- names never decide ----------------------------------------------------------------------

NAMES = st.lists(st.sampled_from(["Ana López", "Zoe Young", "Юрий Яковлев", "Яна Юдина",
                                  "Łukasz Żak", "Åsa Öberg", "Bob", "Ёлкин"]),
                 min_size=7, max_size=7)


@settings(max_examples=8, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(NAMES, NAMES, st.lists(st.sampled_from(["low", "normal", "high"]), min_size=7,
                              max_size=7))
def test_renaming_every_client_moves_the_same_dossiers(_empty_binder_file, before, after,
                                                       priorities):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.rbinder"
        shutil.copyfile(_empty_binder_file, path)
        with open_services(path, FixedClock(TODAY)) as services:
            services.settings.update(daily_capacity=3)
            ids = [create_on(services, TODAY - timedelta(days=4), name, THU, priority=p)
                   for name, p in zip(before, priorities, strict=True)]
            plan = services.filing.plan_rebalance(THU.isoformat())
            for dossier_id, name in zip(ids, after, strict=True):
                services.dossiers.update(dossier_id, name=name)
            assert services.filing.plan_rebalance(THU.isoformat()) == plan
            assert len(plan.moves) == 4


# -- spreading the overdue -----------------------------------------------------------------

def overdue_pile(services, count: int, today: date = TODAY) -> list[str]:
    ids = []
    for n in range(count):
        due = today - timedelta(days=1 + n % 9)
        ids.append(create_on(services, due - timedelta(days=1), f"Late {n}", due,
                             priority=("high", "normal", "low")[n % 3]))
    return ids


def test_the_overdue_are_spread_over_the_working_days_within_capacity(services):
    services.settings.update(daily_capacity=4, holiday_country="PL")
    christmas = date(2026, 12, 21)  # Mon; 24-26 Dec and 1 Jan are holidays in Poland
    services.clock.set_today(christmas)
    ids = overdue_pile(services, 20, christmas)
    services.dossiers.create(NewDossier("Already There", next_contact=christmas))
    services.clock.set_today(christmas)

    before = binder_digest(services)
    plan = services.filing.plan_spread(days=6)
    assert binder_digest(services) == before  # a plan changes nothing
    cal = WorkCalendar("PL")
    assert plan.days == [date(2026, 12, d) for d in (21, 22, 23, 28, 29, 30)]
    assert all(cal.is_working(w) for _d, w in plan.moves)
    assert moved_ids(plan) == set(ids) and plan.unplaced == []
    # evened out: 21 dossiers over six days, the one already there counted
    assert plan.per_day() == {christmas: 3, date(2026, 12, 22): 4, date(2026, 12, 23): 4,
                              date(2026, 12, 28): 3, date(2026, 12, 29): 3,
                              date(2026, 12, 30): 3}
    # the high priority ones first
    firsts = {d for d, w in plan.moves if w == christmas}
    assert all(services.dossiers.get(d).priority == 1 for d in firsts)

    services.filing.apply_spread(plan)
    tabs = {t.key: t.count for t in services.views.tabs()}
    assert tabs.get("overdue", 0) == 0
    assert not any(t.over_capacity for t in services.views.tabs())


def test_a_spread_that_finds_no_room_leaves_the_rest_overdue(services):
    services.settings.update(daily_capacity=2)
    ids = overdue_pile(services, 7)
    missed = create_on(services, TODAY - timedelta(days=3), "Missed Meeting",
                       TODAY - timedelta(days=2), time="10:00", fixed=True)
    plan = services.filing.plan_spread(days=3)
    assert len(plan.moves) == 6
    reasons = Counter(why for _d, why in plan.unplaced)
    assert reasons == {Stays.NO_ROOM: 1, Stays.FIXED: 1} and (missed, Stays.FIXED) in plan.unplaced
    services.filing.apply_spread(plan)
    assert {t.key: t.count for t in services.views.tabs()}["overdue"] == 2
    assert set(ids) > {d for d, _w in plan.moves}


def test_a_stale_spread_is_refused_as_a_whole(services):
    ids = overdue_pile(services, 4)
    plan = services.filing.plan_spread()
    services.filing.move([ids[2]], THU)  # refiled by hand meanwhile
    before = binder_digest(services)
    with pytest.raises(InvalidInput, match="changed"):
        services.filing.apply_spread(plan)
    assert binder_digest(services) == before


@pytest.mark.parametrize("days", [0, 61])
def test_a_spread_is_over_1_to_60_working_days(services, days):
    with pytest.raises(InvalidInput, match="1 to 60"):
        services.filing.plan_spread(days=days)


@settings(max_examples=10, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.integers(0, 45), st.sampled_from(["", "PL", "ES", "RU"]), st.integers(1, 4),
       st.integers(1, 8), st.integers(0, 9))
def test_a_spread_never_files_on_a_day_off_or_over_capacity(
        _empty_binder_file, start, country, capacity, days, pile):
    """Whatever the day (Christmas, New Year, May Day are within reach) and the country."""
    today = TODAY + timedelta(days=start)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.rbinder"
        shutil.copyfile(_empty_binder_file, path)
        with open_services(path, FixedClock(today)) as services:
            services.settings.update(daily_capacity=capacity, holiday_country=country)
            overdue_pile(services, pile, today)
            for n in range(3):  # some days already hold work
                services.dossiers.create(NewDossier(f"Booked {n}",
                                                    next_contact=today + timedelta(days=n)))
            plan = services.filing.plan_spread(days)
            services.filing.apply_spread(plan)
            cal = WorkCalendar(country or None)
            assert len(plan.days) == days and all(cal.is_working(d) for d in plan.days)
            assert all(cal.is_working(w) and w >= today for _d, w in plan.moves)
            loads = services.loads.loads(today, max(plan.days))
            assert all(loads[w].count <= capacity for _d, w in plan.moves)
            assert len(plan.moves) + len(plan.unplaced) == pile


def test_a_spread_in_working_days_mode_counts_the_weekend_under_monday(services):
    """Mondays went to 25 of 20: the spread counted Monday's own date, not its tab, which
    holds the weekend too."""
    services.settings.update(daily_capacity=4, tab_mode="working_days")
    overdue_pile(services, 12)
    for n in range(3):
        services.dossiers.create(NewDossier(f"Weekend {n}", next_contact=date(2026, 11, 28)))
    plan = services.filing.plan_spread(days=5)
    services.filing.apply_spread(plan)
    assert not any(t.over_capacity for t in services.views.tabs())
    assert {t.key: t.count for t in services.views.tabs()}["2026-11-30"] <= 4


def test_spread_dossiers_lose_the_time_agreed_for_their_missed_day(services):
    """Kept, the old time double-booked the new day and set off reminders at an hour nobody
    agreed."""
    late = create_on(services, TODAY - timedelta(days=5), "Late with a time",
                     TODAY - timedelta(days=3), time="09:45")
    plan = services.filing.plan_spread(days=3)
    assert late in moved_ids(plan)
    services.filing.apply_spread(plan)
    detail = services.dossiers.get(late)
    assert detail.next_contact >= TODAY and detail.time is None
