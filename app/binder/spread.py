"""Spreading the overdue: the dossiers whose date has passed are refiled over the next
working days, within each day's capacity, the most urgent first on the earliest days, so
that a pile of missed calls becomes a few days of ordinary work instead of one impossible
day or a postpone-then-rebalance chore."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.binder.capacity import Stays, stable_rank


@dataclass(frozen=True)
class OverdueItem:
    id: str
    due: date  # the date it was filed on, now past
    priority: int  # 1 = high, 2 = normal, 3 = low
    fixed: bool = False  # a missed appointment: a new one is agreed with the client


@dataclass
class SpreadPlan:
    days: list[date] = field(default_factory=list)  # the working days it may fill
    moves: list[tuple[str, date]] = field(default_factory=list)  # (dossier id, new day)
    unplaced: list[tuple[str, Stays]] = field(default_factory=list)  # stay overdue, and why

    @property
    def is_empty(self) -> bool:
        return not self.moves

    def per_day(self) -> dict[date, int]:
        """How many dossiers each day receives, in the order of the days."""
        counted = Counter(when for _id, when in self.moves)
        return {d: counted[d] for d in sorted(counted)}


def _urgency(item: OverdueItem) -> tuple:
    # the highest priority first, then the longest overdue, then a fair draw (never a name)
    return (item.priority, item.due, stable_rank(item.id))


def plan_spread(items: Sequence[OverdueItem], days: Sequence[date], capacity: int,
                loads: Mapping[date, int]) -> SpreadPlan:
    """Refile `items` over `days` (working days, in order), evening the days' loads out and
    never filling one past `capacity` (0: no limit); the most urgent go to the earliest
    days.  Fixed appointments stay where they are: their time has passed, and a new one is
    agreed with the client, not picked by the binder."""
    plan = SpreadPlan(days=sorted(days))
    movable = sorted((i for i in items if not i.fixed), key=_urgency)
    plan.unplaced = [(i.id, Stays.FIXED) for i in sorted(items, key=_urgency) if i.fixed]
    # how many each day takes: one at a time to the least loaded day with room (the
    # earliest on a tie), which levels the days as water levels a basin
    heap = [(loads.get(d, 0), d) for d in plan.days
            if capacity <= 0 or loads.get(d, 0) < capacity]
    heapq.heapify(heap)
    taken: Counter[date] = Counter()
    placed = 0
    for _item in movable:
        if not heap:
            break
        load, day = heapq.heappop(heap)
        taken[day] += 1
        placed += 1
        if capacity <= 0 or load + 1 < capacity:
            heapq.heappush(heap, (load + 1, day))
    # the most urgent to the earliest days
    slots = [d for d in plan.days for _n in range(taken[d])]
    plan.moves = [(item.id, when) for item, when in zip(movable, slots, strict=False)]
    plan.unplaced += [(item.id, Stays.NO_ROOM) for item in movable[placed:]]
    return plan
