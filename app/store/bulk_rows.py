"""Rows of Python values as the binder stores them, for the bulk writer (app/store/bulk.py):
each column's values in its stored form (times as their UTC text, dates as ISO text, JSON
as its text; booleans as SQLite keeps them, 0 and 1, or as PostgreSQL's booleans), the
defaults the ORM would have filled in, and the INSERT of any model's rows in one
executemany."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Boolean, Date
from sqlalchemy.orm import Session

from app.store.bulk_run import Run, dialect_name, executor
from app.store.dialect import POSTGRESQL
from app.store.types import UTCDateTime, stamp_text, utc_text, utcnow


def bulk_insert(session: Session, model: type[Any], rows: list[dict[str, Any]],
                run: Run | None = None) -> None:
    """INSERT `rows` (dicts with the same keys) in one executemany, each value stored as its
    column type stores it. A column with a default must be given: here nothing fills it in.
    The flush listener does not see these rows: the caller keeps the index in step. `run`
    executes the statement (the session's connection, unless told)."""
    if not rows:
        return
    names = list(rows[0])
    # rows as tuples, one C call each: a merge writes 100,000 events at once
    values = (list(map(itemgetter(*names), rows)) if len(names) > 1
              else [(row[names[0]],) for row in rows])
    table = model.__table__
    unset = [c.name for c in table.c if c.default is not None and c.name not in names]
    if unset:  # the ORM would fill these in; here they would be left empty
        raise TypeError(f"no value for {table.name}.{', '.join(unset)}")
    values = stored(model, names, values, dialect_name(session) == POSTGRESQL)
    columns_sql = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" * len(names))
    (run or executor(session))(
        f"INSERT INTO {table.name} ({columns_sql}) VALUES ({marks})", values)


def _storer(kind: Any, pg: bool) -> Callable[[Any], Any] | None:
    """How a value of this column type is stored (None: as it is)."""
    return (utc_text if isinstance(kind, UTCDateTime) else
            date.isoformat if isinstance(kind, Date) else
            (bool if pg else int) if isinstance(kind, Boolean) else
            json.dumps if isinstance(kind, JSON) else None)


def stored(model: type[Any], names: Sequence[str], values: list[tuple[Any, ...]],
           pg: bool = False) -> list[tuple[Any, ...]]:
    """Rows of Python values (tuples of the columns `names`) in their stored form, column by
    column."""
    table = model.__table__
    stores = [_storer(table.c[name].type, pg) for name in names]
    if not any(stores):
        return values
    columns: list[Any] = list(zip(*values, strict=True))
    for i, store in enumerate(stores):
        if store is utc_text:
            columns[i] = _stamp_texts(columns[i])
        elif store is not None:
            columns[i] = [None if v is None else store(v) for v in columns[i]]
    return list(zip(*columns, strict=True))


def _stamp_texts(values: Sequence[datetime | None]) -> list[str | None]:
    """Times as a UTCDateTime column stores them: a time read from its stored text (a
    handover's) as that text, others through utc_text, remembered (rows written together
    mostly share their times)."""
    remembered = lru_cache(maxsize=1024)(utc_text)
    out: list[str | None] = []
    for v in values:
        text = None if v is None else stamp_text(v)
        out.append(text if text is not None or v is None else remembered(v))
    return out


def booleans(model: type[Any], names: Sequence[str]) -> list[int]:
    """The places among `names` of the model's boolean columns."""
    table = model.__table__
    return [i for i, name in enumerate(names) if isinstance(table.c[name].type, Boolean)]


def as_booleans(rows: list[tuple[Any, ...]], places: Sequence[int]) -> list[tuple[Any, ...]]:
    """Rows with the values at `places` (0 and 1, as SQLite stores a boolean) made
    booleans, as PostgreSQL takes them."""
    if not places or not rows:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for i in places:
            if values[i] is not None:
                values[i] = bool(values[i])
        out.append(tuple(values))
    return out


def defaults(model: type[Any]) -> dict[str, Any]:
    """The scalar defaults of a model's columns but its key (callables are called per
    row)."""
    found: dict[str, Any] = {}
    for column in model.__table__.c:
        if column.default is not None and not column.primary_key:
            found[column.name] = column.default.arg
    return found


def uniform(model: type[Any], rows: list[dict[str, Any]], now: datetime | None = None,
            keys: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Rows completed with defaults and all with the same keys (those given, `keys` and the
    columns with a default), as bulk_insert wants; a defaulted time is `now` (one moment
    for the rows written together), a defaulted UUID a new one for each row."""
    if not rows:
        return rows
    found = defaults(model)
    every = set().union(*rows) | set(found) | set(keys)
    if all(len(row) == len(every) for row in rows):  # complete already: nothing to fill in
        return rows
    now = now or utcnow()
    fixed: dict[str, Any] = {}
    per_row: dict[str, Any] = {}
    for key in every:
        default = found.get(key)
        if default is None or not callable(default):
            fixed[key] = default
        elif isinstance(model.__table__.c[key].type, UTCDateTime):
            fixed[key] = now
        else:
            per_row[key] = default  # a new UUID for each row
    fresh = {k: iter(new_uuids(len(rows))) if k == "uuid" else None for k in per_row}
    out = []
    for row in rows:
        full = dict(fixed)
        for key, default in per_row.items():
            if key not in row:
                made = fresh[key]
                full[key] = next(made) if made is not None else default(None)
        full.update(row)
        out.append(full)
    return out


def new_uuids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as text, from one read of the system's random
    source: what str(uuid.uuid4()) gives, a tenth of its cost for the 60,000 of an import."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes((b & 0x0F) | 0x40 for b in raw[6::16])  # version 4
    raw[8::16] = bytes((b & 0x3F) | 0x80 for b in raw[8::16])  # RFC 4122 variant
    text = raw.hex()
    return [f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
            for h in (text[i:i + 32] for i in range(0, len(text), 32))]
