"""Stored timestamps: UTC text read back as aware datetimes (a Stamp keeps its text), with
no SQLAlchemy: the plain-SQL reads (a card, a day pack) parse them too."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime


def new_uuid() -> str:
    return str(uuid.uuid4())


def _wall_clock() -> datetime:
    return datetime.now(UTC)


# the clock of the write in progress: a binder's services write their stamps by their own
# clock (a FixedClock in tests, `--today` in the CLI), not the wall clock, so a dossier made
# "today" is never dated after the day a card is printed
_now: ContextVar[Callable[[], datetime]] = ContextVar("stamp_clock", default=_wall_clock)


def utcnow() -> datetime:
    """Now, by the clock of the write in progress (the wall clock outside one)."""
    return _now.get()()


@contextmanager
def stamped_by(now: Callable[[], datetime] | None) -> Iterator[None]:
    """Stamps made in the block (ORM defaults, utcnow()) come from `now`."""
    if now is None:
        yield
        return
    token = _now.set(now)
    try:
        yield
    finally:
        _now.reset(token)


_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


class Stamp(datetime):
    """A UTC timestamp read from its stored text, which it keeps: writing it back (to a
    handover file, or to a binder in a merge) costs nothing. It is a datetime in all else;
    what arithmetic, replace() or astimezone() make of it has no text, and is written as any
    datetime is."""

    __slots__ = ("text",)
    text: str

    @classmethod
    def parse(cls, text: str) -> datetime:
        """`text` in the stored form (27 characters, ending in Z) as an aware datetime."""
        stamp = cls.fromisoformat(text)
        stamp.text = text
        return stamp


def parse_utc(text: str) -> datetime:
    """Stored timestamp text as an aware UTC datetime, what strptime(_FORMAT) gives: the
    stored form through fromisoformat (a Stamp, many times faster), anything else strptime
    judges."""
    if len(text) == 27 and text[-1] == "Z":
        try:
            return Stamp.parse(text)
        except ValueError:
            pass
    return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)


def stamp_text(value: datetime) -> str | None:
    """The text a Stamp was read from; None for any other datetime (and for a Stamp made by
    arithmetic, which has none)."""
    return getattr(value, "text", None) if type(value) is Stamp else None


def utc_text(value: datetime) -> str:
    """An aware datetime as a UTCDateTime column stores it."""
    if (text := stamp_text(value)) is not None:
        return text
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    value = value.astimezone(UTC)
    if value.year < 1000:  # isoformat pads such years, strftime does not: keep strftime's
        return value.strftime(_FORMAT)
    # what strftime(_FORMAT) writes, several times faster: isoformat() ends in "+00:00"
    # here and leaves out the microseconds when there are none
    text = value.isoformat()[:-6]
    return text + "Z" if value.microsecond else text + ".000000Z"
