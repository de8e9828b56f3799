"""Daily capacity: how full a day is, and how to move the excess of an overloaded day."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Load(StrEnum):
    EMPTY = "empty"
    LIGHT = "light"  # up to half the capacity
    FULL = "full"  # more than half, up to the capacity
    OVER = "over"  # more than the capacity


def load_level(count: int, capacity: int) -> Load:
    """A capacity of 0 means "no limit": a day is then never over."""
    if count == 0:
        return Load.EMPTY
    if capacity <= 0:
        return Load.LIGHT
    if count > capacity:
        return Load.OVER
    return Load.FULL if count * 2 > capacity else Load.LIGHT


@dataclass(frozen=True)
class RebalanceItem:
    """What the plan needs to know of a dossier filed on the overloaded day."""

    id: str
    priority: int  # 1 = high, 2 = normal, 3 = low
    fixed: bool = False
    time: str | None = None  # "HH:MM" or None
    name: str = ""


@dataclass
class RebalancePlan:
    day: date
    moves: list[tuple[str, date]] = field(default_factory=list)  # (dossier id, new date)
    unplaced: list[str] = field(default_factory=list)  # excess with no day to go to

    @property
    def is_empty(self) -> bool:
        return not self.moves


def _moving_order(item: RebalanceItem) -> tuple:
    # lowest priority first; among equals, those without an agreed time, then the last in
    # the day's working order
    return (-item.priority, item.time is not None, _reverse_key(item.time or ""),
            _reverse_key(item.name.casefold()))


def _reverse_key(text: str) -> tuple[int, ...]:
    return (*tuple(-ord(c) for c in text), 1)


def plan_rebalance(
    day: date,
    items: Sequence[RebalanceItem],
    capacity: int,
    candidates: Iterable[date],
    loads: Mapping[date, int],
) -> RebalancePlan:
    """Move the excess of `day` to the first candidate days that still have room.

    Fixed appointments never move; the lowest priority moves first.  `candidates` are the
    days after `day` that may receive work (in order), `loads` their current counts.
    """
    plan = RebalancePlan(day)
    excess = len(items) - capacity
    if capacity <= 0 or excess <= 0:
        return plan
    movable = sorted((i for i in items if not i.fixed), key=_moving_order)[:excess]
    room = {d: capacity - loads.get(d, 0) for d in candidates}
    days = [d for d in room if d > day]
    for item in movable:
        target = next((d for d in days if room[d] > 0), None)
        if target is None:
            plan.unplaced.append(item.id)
            continue
        room[target] -= 1
        plan.moves.append((item.id, target))
    return plan
