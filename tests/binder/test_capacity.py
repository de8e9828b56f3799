"""Daily capacity: how full a day looks, and where "rebalance" sends an overloaded day's work."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.binder import Load, RebalanceItem, Stays, load_level, plan_rebalance
from app.binder.capacity import stable_rank

DAY = date(2026, 11, 24)
NEXT = [DAY + timedelta(n) for n in range(1, 8)]
HIGH, NORMAL, LOW = 1, 2, 3


def items(*specs: tuple[str, int] | tuple[str, int, bool] | tuple[str, int, bool, str]):
    return [RebalanceItem(spec[0], spec[1], *spec[2:]) for spec in specs]


# -- load level -----------------------------------------------------------------------------

def test_load_levels():
    assert load_level(0, 10) is Load.EMPTY
    assert load_level(1, 10) is Load.LIGHT
    assert load_level(5, 10) is Load.LIGHT  # half is still light
    assert load_level(6, 10) is Load.FULL
    assert load_level(10, 10) is Load.FULL  # exactly at capacity is not over
    assert load_level(11, 10) is Load.OVER


def test_capacity_zero_means_no_limit():
    assert load_level(0, 0) is Load.EMPTY
    assert load_level(10_000, 0) is Load.LIGHT
    many = items(*((f"d{n}", LOW) for n in range(50)))
    plan = plan_rebalance(DAY, many, 0, NEXT, {})
    assert plan.is_empty and not plan.unplaced


# -- worked examples ------------------------------------------------------------------------

def test_a_day_within_capacity_gives_an_empty_plan():
    day = items(("a", LOW), ("b", LOW), ("c", NORMAL))
    plan = plan_rebalance(DAY, day, 3, NEXT, {})
    assert plan.is_empty and plan.moves == [] and plan.unplaced == []
    assert plan.day == DAY


def test_lowest_priority_moves_first_and_fixed_never_moves():
    day = items(("boss", HIGH), ("fixed-low", LOW, True, "09:00"), ("n1", NORMAL),
                ("low1", LOW), ("low2", LOW), ("n2", NORMAL))
    plan = plan_rebalance(DAY, day, 3, NEXT, {})
    moved = [dossier for dossier, _when in plan.moves]
    assert len(moved) == 3  # six on the day, three fit
    assert set(moved[:2]) == {"low1", "low2"}  # the low ones first…
    assert moved[2] in {"n1", "n2"}  # …then a normal one
    assert "fixed-low" not in moved and "boss" not in moved
    assert plan.unplaced == []


def test_among_equals_untimed_then_the_date_set_longest_ago_move_first():
    set_at = [datetime(2026, 11, d, 9, tzinfo=UTC) for d in (1, 10, 20)]
    day = [RebalanceItem("timed", NORMAL, time="09:00", set_at=set_at[0]),
           RebalanceItem("newest", NORMAL, set_at=set_at[2]),
           RebalanceItem("oldest", NORMAL, set_at=set_at[0]),
           RebalanceItem("middle", NORMAL, set_at=set_at[1])]
    plan = plan_rebalance(DAY, day, 1, NEXT, {})
    assert [d for d, _w in plan.moves] == ["oldest", "middle", "newest"]  # 9:00 stays


def test_the_last_tie_breaker_is_a_fair_draw_not_the_name():
    """Among equals neither end of the alphabet moves first (in a trial, the tie-breaker
    was reverse name order and every Russian client of the day moved): ids decide, by a
    draw that is the same on every run, whatever order the day was read in."""
    ids = [str(uuid.UUID(int=n * 7919 + 12345)) for n in range(8)]
    day = [RebalanceItem(i, NORMAL) for i in ids]
    moved = [d for d, _w in plan_rebalance(DAY, day, 4, NEXT, {}).moves]
    assert moved == sorted(ids, key=stable_rank)[:4]
    assert moved != ids[:4] and moved != ids[4:]
    assert plan_rebalance(DAY, list(reversed(day)), 4, NEXT, {}).moves == \
        plan_rebalance(DAY, day, 4, NEXT, {}).moves


def test_moves_fill_the_first_days_with_room_without_overfilling():
    day = items(*((f"d{n}", LOW) for n in range(7)))
    loads = {NEXT[0]: 3, NEXT[1]: 2, NEXT[2]: 0}
    plan = plan_rebalance(DAY, day, 3, NEXT[:4], loads)
    targets = Counter(when for _d, when in plan.moves)
    assert NEXT[0] not in targets  # already full
    assert targets[NEXT[1]] == 1  # one place left
    assert targets[NEXT[2]] == 3  # then the empty day is filled
    assert plan.unplaced == []
    assert [when for _d, when in plan.moves] == [NEXT[1], NEXT[2], NEXT[2], NEXT[2]]


def test_excess_with_nowhere_to_go_is_reported_unplaced():
    day = items(*((f"d{n}", LOW) for n in range(6)))
    plan = plan_rebalance(DAY, day, 2, NEXT[:2], {NEXT[0]: 2, NEXT[1]: 1})
    assert plan.moves and [w for _d, w in plan.moves] == [NEXT[1]]
    assert len(plan.unplaced) == 3  # 6 - 2 kept - 1 moved
    assert set(plan.unplaced).isdisjoint(d for d, _w in plan.moves)


def test_no_candidates_leaves_the_excess_staying_for_want_of_room():
    day = items(("a", LOW), ("b", NORMAL), ("c", HIGH))
    plan = plan_rebalance(DAY, day, 1, [], {})
    assert plan.is_empty
    assert plan.unplaced == [("a", Stays.NO_ROOM), ("b", Stays.NO_ROOM)]  # "c" keeps its place


def test_earlier_days_receive_work_only_when_allowed_and_the_nearest_first():
    day = items(("a", LOW), ("b", LOW), ("c", LOW))
    before = [DAY - timedelta(2), DAY - timedelta(1)]
    loads = {NEXT[0]: 1}
    assert [w for _d, w in plan_rebalance(DAY, day, 1, NEXT[:3], loads).moves] == \
        [NEXT[1], NEXT[2]]
    plan = plan_rebalance(DAY, day, 1, NEXT[:3], loads, earlier=before)
    assert [w for _d, w in plan.moves] == [before[1], NEXT[1]]  # a day back, then two ahead


def test_a_month_is_used_only_when_the_horizon_is_full():
    day = items(("a", LOW), ("b", LOW), ("c", LOW), ("d", LOW))
    month = [date(2026, 12, 28), date(2026, 12, 29)]
    plan = plan_rebalance(DAY, day, 2, NEXT[:1], {NEXT[0]: 1, month[0]: 1}, months=month)
    assert [w for _d, w in plan.moves] == [NEXT[0], month[0]]
    assert plan.unplaced == []


def test_a_date_just_agreed_stays_unless_asked():
    day = [RebalanceItem("agreed", LOW, recent=True), RebalanceItem("old", NORMAL),
           RebalanceItem("high", HIGH)]
    plan = plan_rebalance(DAY, day, 2, NEXT, {})
    assert [d for d, _w in plan.moves] == ["old"]  # another one goes in its place
    assert plan_rebalance(DAY, day, 2, NEXT, {}, move_recent=True).moves == [("agreed", NEXT[0])]
    day = [RebalanceItem("agreed", LOW, recent=True), RebalanceItem("also", LOW, recent=True),
           RebalanceItem("high", HIGH)]
    plan = plan_rebalance(DAY, day, 1, NEXT, {})
    assert [d for d, _w in plan.moves] == ["high"]  # nothing else may move, and it says why
    assert {why for _d, why in plan.unplaced} == {Stays.RECENT} and len(plan.unplaced) == 1


def test_a_day_of_fixed_appointments_stays_as_it_is():
    day = items(("a", LOW, True, "09:00"), ("b", LOW, True, "10:00"), ("c", LOW, True, "11:00"))
    plan = plan_rebalance(DAY, day, 1, NEXT, {})
    assert plan.is_empty
    assert [why for _d, why in plan.unplaced] == [Stays.FIXED, Stays.FIXED]


# -- the properties -------------------------------------------------------------------------

SET_AT = [None, *(datetime(2026, 11, d, 10, tzinfo=UTC) for d in (2, 20, 23, 24))]


@st.composite
def overloaded_days(draw: st.DrawFn):
    n = draw(st.integers(0, 20))
    day_items = [RebalanceItem(
        f"d{i}", draw(st.integers(1, 3)), draw(st.booleans()),
        draw(st.one_of(st.none(), st.sampled_from(["08:00", "09:30", "14:00"]))),
        draw(st.sampled_from(SET_AT)), draw(st.booleans()),
    ) for i in range(n)]
    capacity = draw(st.integers(0, 8))
    later = draw(st.lists(st.integers(1, 20), max_size=8, unique=True)
                 .map(lambda offsets: [DAY + timedelta(o) for o in sorted(offsets)]))
    earlier = draw(st.lists(st.integers(-3, -1), max_size=3, unique=True)
                   .map(lambda offsets: [DAY + timedelta(o) for o in sorted(offsets)]))
    months = draw(st.lists(st.integers(40, 45), max_size=3, unique=True)
                  .map(lambda offsets: [DAY + timedelta(o) for o in sorted(offsets)]))
    loads = {d: draw(st.integers(0, 10)) for d in (*later, *earlier, *months)}
    return day_items, capacity, later, earlier, months, loads, draw(st.booleans())


@settings(max_examples=150, deadline=None)
@given(overloaded_days())
def test_a_plan_never_overfills_and_leaves_only_what_may_not_move(case):
    day_items, capacity, later, earlier, months, loads, move_recent = case
    plan = plan_rebalance(DAY, day_items, capacity, later, loads, earlier=earlier,
                          months=months, move_recent=move_recent)
    by_id = {i.id: i for i in day_items}
    moved = [d for d, _w in plan.moves]
    staying = dict(plan.unplaced)
    assert len(set(moved)) == len(moved) and set(moved).isdisjoint(staying)
    # fixed appointments never move; a date just agreed moves only when asked
    assert not any(by_id[d].fixed for d in moved)
    if not move_recent:
        assert not any(by_id[d].recent for d in moved)
    for d, why in staying.items():
        assert why is not Stays.FIXED or by_id[d].fixed
        assert why is not Stays.RECENT or (by_id[d].recent and not by_id[d].fixed)

    if capacity <= 0 or len(day_items) <= capacity:
        assert plan.is_empty and not plan.unplaced
        return
    assert len(moved) + len(staying) == len(day_items) - capacity  # every one of the excess

    targets = Counter(w for _d, w in plan.moves)
    horizon = {*later, *earlier}
    for when, count in targets.items():
        assert when in horizon or when in months
        assert loads[when] + count <= capacity  # never over-filled

    def full(days: Iterable[date]) -> bool:
        return all(loads[d] + targets[d] >= capacity for d in days)

    # room within the horizon is used before anything stays for want of room, and before
    # anything goes to a month
    if Stays.NO_ROOM in staying.values():
        assert full(horizon) and full(months)
    if any(w in months for w in targets):
        assert full(horizon)
    # the day ends within its capacity but for what may not move
    if not staying:
        assert len(day_items) - len(moved) == capacity
    # the lowest priority first: nothing movable that stays is lower than what leaves
    leaving = set(moved) | {d for d, why in staying.items() if why is Stays.NO_ROOM}
    stay_movable = [i for i in day_items if i.id not in leaving and not i.fixed
                    and (move_recent or not i.recent)]
    if leaving and stay_movable:
        assert min(by_id[d].priority for d in leaving) >= max(i.priority for i in stay_movable)


@settings(max_examples=60, deadline=None)
@given(overloaded_days(), st.randoms(use_true_random=False))
def test_the_plan_does_not_depend_on_the_order_the_day_was_read_in(case, rng):
    day_items, capacity, later, earlier, months, loads, move_recent = case
    shuffled = list(day_items)
    rng.shuffle(shuffled)
    plans = [plan_rebalance(DAY, d, capacity, later, loads, earlier=earlier, months=months,
                            move_recent=move_recent) for d in (day_items, shuffled)]
    assert plans[0] == plans[1]
