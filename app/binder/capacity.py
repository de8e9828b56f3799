"""Daily capacity: how full a day is, and how to move the excess of an overloaded day."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
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


class Stays(StrEnum):
    """Why a dossier of the excess stays on its overloaded day."""

    FIXED = "fixed"  # an appointment: never moved
    RECENT = "recent"  # its date was just agreed with the client
    NO_ROOM = "no_room"  # no day it may go to has room


@dataclass(frozen=True)
class RebalanceItem:
    """What the plan needs to know of a dossier filed on the overloaded day: never its name,
    so that no one's clients move first for the letters of their names."""

    id: str
    priority: int  # 1 = high, 2 = normal, 3 = low
    fixed: bool = False
    time: str | None = None  # "HH:MM" or None
    set_at: datetime | None = None  # when its date was last set (None: before that was kept)
    recent: bool = False  # its date was set within the binder's "just agreed" days


@dataclass
class RebalancePlan:
    day: date
    moves: list[tuple[str, date]] = field(default_factory=list)  # (dossier id, new date)
    # the excess that stays, with why: moves and these together are the day's excess
    unplaced: list[tuple[str, Stays]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.moves

    def staying(self, reason: Stays) -> list[str]:
        return [dossier_id for dossier_id, why in self.unplaced if why is reason]


def stable_rank(dossier_id: str) -> int:
    """A draw that is the same on every run and machine (Python's hash() is salted) and
    unrelated to anything the user sees: the last tie-breaker, fair to every name."""
    return int.from_bytes(hashlib.blake2b(dossier_id.encode(), digest_size=8).digest(), "big")


_LONG_AGO = datetime.min


def _moving_order(item: RebalanceItem) -> tuple:
    # lowest priority first; then those without an agreed time; then the date set longest
    # ago (an unknown time counts as long ago); then a fair draw
    set_at = item.set_at.replace(tzinfo=None) if item.set_at else _LONG_AGO
    return (-item.priority, item.time is not None, set_at, stable_rank(item.id))


def _nearest(day: date, days: Sequence[date], room: Mapping[date, int]) -> date | None:
    """The day with room nearest to `day`, the later one on a tie."""
    best: date | None = None
    for candidate in days:
        if room[candidate] <= 0:
            continue
        distance = abs((candidate - day).days)
        if best is None or distance < abs((best - day).days) or (
                distance == abs((best - day).days) and candidate > best):
            best = candidate
    return best


def plan_rebalance(
    day: date,
    items: Sequence[RebalanceItem],
    capacity: int,
    later: Sequence[date],
    loads: Mapping[date, int],
    *,
    earlier: Sequence[date] = (),
    months: Sequence[date] = (),
    move_recent: bool = False,
) -> RebalancePlan:
    """Move the excess of `day` to the nearest days that still have room.

    `later` and `earlier` are the days of the horizon after and before `day` that may
    receive work (the caller leaves out non-working days and days before today), `months`
    the days beyond the horizon, in order, taken only when no day of the horizon has room;
    `loads` their current counts.  Fixed appointments never move; a date just agreed does
    not move unless `move_recent`; the lowest priority moves first.
    """
    plan = RebalancePlan(day)
    excess = len(items) - capacity
    if capacity <= 0 or excess <= 0:
        return plan
    ordered = sorted(items, key=_moving_order)

    def kept(item: RebalanceItem) -> Stays | None:
        if item.fixed:
            return Stays.FIXED
        return Stays.RECENT if item.recent and not move_recent else None

    movable = [i for i in ordered if kept(i) is None][:excess]
    horizon = [d for d in (*later, *earlier) if d != day]
    room = {d: capacity - loads.get(d, 0) for d in (*horizon, *months)}
    beyond = [d for d in months if d not in horizon and d != day]
    for item in movable:
        target = _nearest(day, horizon, room) or next((d for d in beyond if room[d] > 0), None)
        if target is None:
            plan.unplaced.append((item.id, Stays.NO_ROOM))
            continue
        room[target] -= 1
        plan.moves.append((item.id, target))
    # the rest of the excess is what may not move, in the order it would have moved
    for item in ordered:
        if len(plan.moves) + len(plan.unplaced) >= excess:
            break
        reason = kept(item)
        if reason is not None:
            plan.unplaced.append((item.id, reason))
    return plan
