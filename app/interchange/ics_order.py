"""The order of a calendar's events, by start then number in the file, worked out without
asking a time zone the same question thousands of times.

Sorting by the key (start, source) compares aware datetimes, and Python asks each one's
tzinfo for its UTC offset at every comparison between different zones: for a VTIMEZONE
read by dateutil (tzicalvtz) that is a walk of the zone's rules each time, most of the
reading of a 10,000-event file. OrderKey gives every comparison the answer Python's own
would give (same zone object: wall times; else UTC instants, with PEP 495's exception for
equality in a fold), asking each event's zone at most once for its offset.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.interchange.records import EventRecord

_UNKNOWN = object()
_ZERO = timedelta(0)


class OrderKey:
    """A sort key ordering records exactly as the tuple (start, source) does, where a date
    start is midnight UTC."""

    __slots__ = ("_flip", "_offset", "_offsets", "naive", "source", "start")

    def __init__(self, record: EventRecord, offsets: dict[tuple[int, datetime, int], Any]
                 ) -> None:
        """`offsets` is shared by the keys of one sort: (id of the zone, wall time, fold)
        -> offset, since many events start at the same time in the same zone."""
        start = record.start
        if not isinstance(start, datetime):
            start = datetime(start.year, start.month, start.day, tzinfo=UTC)
        self.start: datetime = start
        self.naive = start.replace(tzinfo=None, fold=0)  # what comparisons look at
        self.source = record.source
        self._offset: object = _UNKNOWN
        self._flip: object = _UNKNOWN
        self._offsets = offsets

    def _offset_once(self) -> timedelta | None:
        if self._offset is _UNKNOWN:
            self._offset = self._utcoffset(self.start)
        return self._offset  # type: ignore[return-value]  # no longer _UNKNOWN here

    def _utcoffset(self, start: datetime) -> timedelta | None:
        key = (id(start.tzinfo), self.naive, start.fold)
        if key not in self._offsets:
            self._offsets[key] = start.utcoffset()
        return self._offsets[key]

    def _ambiguous(self) -> bool:
        """Whether the other fold gives another offset (PEP 495: such a time equals no
        time in another zone)."""
        if self._flip is _UNKNOWN:
            start = self.start
            self._flip = self._utcoffset(start.replace(fold=1 - start.fold))
        return self._flip is not self._offset and self._flip != self._offset

    def __lt__(self, other: OrderKey) -> bool:
        a, b = self.start, other.start
        x, y = self.naive, other.naive
        if a.tzinfo is not b.tzinfo:  # other zones: UTC instants (one zone: wall times)
            first, second = self._offset_once(), other._offset_once()
            if first is None or second is None:
                return (a, self.source) < (b, other.source)  # Python's own answer
            diff = (x - y) - (first - second)
            if diff:
                return diff < _ZERO
            if self._ambiguous() or other._ambiguous():
                return False  # unequal to Python, yet neither is before the other
            return self.source < other.source
        if x == y:
            return self.source < other.source
        return x < y
