"""Spreading the overdue over the next working days: within capacity, evened out, the most
urgent first, missed appointments left for the user to agree anew."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.binder.calendar import WorkCalendar
from app.binder.capacity import Stays
from app.binder.spread import OverdueItem, plan_spread

TODAY = date(2026, 11, 24)  # a Tuesday
HIGH, NORMAL, LOW = 1, 2, 3
WORKING = [d for d in (TODAY + timedelta(n) for n in range(14)) if d.weekday() < 5][:5]


def overdue(n: int, priority: int = NORMAL, days_ago: int = 3) -> list[OverdueItem]:
    return [OverdueItem(f"{priority}-{days_ago}-{i}", TODAY - timedelta(days_ago), priority)
            for i in range(n)]


def test_the_pile_is_evened_out_over_the_days_within_capacity():
    plan = plan_spread(overdue(12), WORKING, 5, {WORKING[0]: 4, WORKING[1]: 0})
    per_day = plan.per_day()
    assert sum(per_day.values()) == 12 and not plan.unplaced
    ends = {d: {WORKING[0]: 4}.get(d, 0) + per_day.get(d, 0) for d in WORKING}
    assert max(ends.values()) - min(ends.values()) <= 1  # level, as far as counts allow
    assert all(n <= 5 for n in ends.values())


def test_the_most_urgent_go_to_the_earliest_days():
    items = [*overdue(3, LOW, days_ago=20), *overdue(3, HIGH, days_ago=1),
             *overdue(3, NORMAL, days_ago=9), *overdue(3, NORMAL, days_ago=2)]
    plan = plan_spread(items, WORKING[:4], 3, {})
    by_day = {when: [i for i, w in plan.moves if w == when] for when in WORKING[:4]}
    assert all(i.startswith("1-") for i in by_day[WORKING[0]])  # high priority first
    assert all(i.startswith("2-9-") for i in by_day[WORKING[1]])  # then the longest overdue
    assert all(i.startswith("3-") for i in by_day[WORKING[3]])


def test_what_finds_no_room_stays_overdue_and_says_why():
    items = [*overdue(4), OverdueItem("missed", TODAY - timedelta(1), HIGH, fixed=True)]
    plan = plan_spread(items, WORKING[:2], 3, {WORKING[0]: 2, WORKING[1]: 3})
    assert [w for _i, w in plan.moves] == [WORKING[0]]
    assert Counter(why for _i, why in plan.unplaced) == {Stays.NO_ROOM: 3, Stays.FIXED: 1}
    assert ("missed", Stays.FIXED) in plan.unplaced  # a new appointment is agreed by hand


def test_no_limit_spreads_evenly():
    plan = plan_spread(overdue(10), WORKING, 0, {WORKING[0]: 3})
    assert plan.per_day() == {WORKING[1]: 3, WORKING[2]: 3, WORKING[3]: 2, WORKING[4]: 2}
    assert not plan.unplaced


@st.composite
def piles(draw: st.DrawFn):
    items = [OverdueItem(f"d{i}", TODAY - timedelta(draw(st.integers(1, 30))),
                         draw(st.integers(1, 3)), draw(st.booleans()))
             for i in range(draw(st.integers(0, 40)))]
    country = draw(st.sampled_from([None, "PL", "ES"]))
    cal = WorkCalendar(country)
    start = TODAY + timedelta(draw(st.integers(0, 40)))  # over Christmas and New Year too
    days = [d for d in (start + timedelta(n) for n in range(draw(st.integers(0, 15))))
            if cal.is_working(d)]
    loads = {d: draw(st.integers(0, 8)) for d in days}
    return items, cal, days, draw(st.integers(0, 6)), loads


@settings(max_examples=150, deadline=None)
@given(piles())
def test_a_spread_files_only_on_working_days_within_capacity(case):
    items, cal, days, capacity, loads = case
    plan = plan_spread(items, days, capacity, loads)
    by_id = {i.id: i for i in items}
    moved = [i for i, _w in plan.moves]
    assert len(moved) + len(plan.unplaced) == len(items)
    assert set(moved).isdisjoint(i for i, _why in plan.unplaced)
    assert not any(by_id[i].fixed for i in moved)
    targets = Counter(w for _i, w in plan.moves)
    for when, count in targets.items():
        assert when in days and cal.is_working(when)
        assert capacity <= 0 or loads[when] + count <= capacity
    if any(why is Stays.NO_ROOM for _i, why in plan.unplaced):  # only when every day is full
        assert not days or (capacity > 0 and all(loads[d] + targets[d] >= capacity
                                                 for d in days))
    # the more urgent never land later than the less urgent
    order = {i: (by_id[i].priority, by_id[i].due) for i in moved}
    when = dict(plan.moves)
    for a in moved:
        for b in moved:
            if order[a] < order[b]:
                assert when[a] <= when[b]
