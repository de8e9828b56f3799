"""Daily capacity: how full a day looks, and where "rebalance" sends an overloaded day's work."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.binder import Load, RebalanceItem, load_level, plan_rebalance

DAY = date(2026, 11, 24)
NEXT = [DAY + timedelta(n) for n in range(1, 8)]
HIGH, NORMAL, LOW = 1, 2, 3


def items(*specs: tuple[str, int] | tuple[str, int, bool] | tuple[str, int, bool, str]):
    return [RebalanceItem(spec[0], spec[1], *spec[2:], name=spec[0]) for spec in specs]


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


def test_among_equals_untimed_and_last_in_working_order_move_first():
    day = items(("Adam", NORMAL, False, "09:00"), ("Beata", NORMAL, False, "16:00"),
                ("Celia", NORMAL), ("Zoe", NORMAL))
    plan = plan_rebalance(DAY, day, 1, NEXT, {})
    assert [d for d, _w in plan.moves] == ["Zoe", "Celia", "Beata"]  # Adam at 9:00 stays


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


def test_no_candidates_leaves_everything_unplaced():
    day = items(("a", LOW), ("b", LOW), ("c", LOW))
    plan = plan_rebalance(DAY, day, 1, [], {})
    assert plan.is_empty and plan.unplaced == ["c", "b"]  # "a" comes first in the day, stays


def test_only_later_days_receive_work():
    day = items(("a", LOW), ("b", LOW))
    earlier = [DAY - timedelta(2), DAY - timedelta(1), DAY]
    plan = plan_rebalance(DAY, day, 1, [*earlier, NEXT[3]], {})
    assert plan.moves == [("b", NEXT[3])]


def test_a_day_of_fixed_appointments_stays_as_it_is():
    day = items(("a", LOW, True, "09:00"), ("b", LOW, True, "10:00"), ("c", LOW, True, "11:00"))
    plan = plan_rebalance(DAY, day, 1, NEXT, {})
    assert plan.is_empty and plan.unplaced == []


# -- the property ---------------------------------------------------------------------------

@st.composite
def overloaded_days(draw: st.DrawFn):
    n = draw(st.integers(0, 25))
    day_items = [RebalanceItem(
        f"d{i}", draw(st.integers(1, 3)), draw(st.booleans()),
        draw(st.one_of(st.none(), st.sampled_from(["08:00", "09:30", "14:00", "17:45"]))),
        draw(st.sampled_from(["Ana", "Łukasz", "Ёлкин", "Zoe", "", "ana"])),
    ) for i in range(n)]
    capacity = draw(st.integers(0, 12))
    candidates = draw(st.lists(st.integers(-3, 20), max_size=10, unique=True)
                      .map(lambda offsets: [DAY + timedelta(o) for o in sorted(offsets)]))
    loads = {d: draw(st.integers(0, 15)) for d in candidates}
    return day_items, capacity, candidates, loads


@settings(max_examples=200, deadline=None)
@given(overloaded_days())
def test_after_the_plan_no_day_is_over_capacity(case):
    day_items, capacity, candidates, loads = case
    plan = plan_rebalance(DAY, day_items, capacity, candidates, loads)
    by_id = {i.id: i for i in day_items}
    moved = [d for d, _w in plan.moves]
    assert len(set(moved)) == len(moved)
    assert set(moved).isdisjoint(plan.unplaced)
    assert all(not by_id[d].fixed for d in (*moved, *plan.unplaced))  # fixed never move

    if capacity <= 0 or len(day_items) <= capacity:
        assert plan.is_empty and not plan.unplaced
        return
    fixed = sum(i.fixed for i in day_items)
    staying = len(day_items) - len(moved)
    assert staying == max(capacity, fixed) + len(plan.unplaced)

    targets = Counter(w for _d, w in plan.moves)
    for when, count in targets.items():
        assert when in candidates and when > DAY
        assert loads.get(when, 0) + count <= capacity  # never over-filled
    # first days with room: a later day only gets work once the earlier ones are full
    for when in targets:
        for earlier in candidates:
            if DAY < earlier < when:
                assert loads.get(earlier, 0) + targets[earlier] >= capacity
    if plan.unplaced:  # nowhere left to go
        for when in candidates:
            if when > DAY:
                assert loads.get(when, 0) + targets[when] >= capacity

    # lowest priority first: nothing that stays is lower priority than what leaves
    leaving = set(moved) | set(plan.unplaced)
    staying_movable = [i for i in day_items if not i.fixed and i.id not in leaving]
    if leaving and staying_movable:
        assert min(by_id[d].priority for d in leaving) >= max(
            i.priority for i in staying_movable)
