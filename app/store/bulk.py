"""The one way many rows are written: new dossiers with their phones, e-mails and history, in
one INSERT per table, with their search index rows and list summaries made from the same
values in the same transaction.  The demo generator, a handover merge and an import all
write through here: the ORM's unit of work costs more per row than SQLite does, and the
flush listener that keeps the index in step (app/store/upkeep.py) does not see these rows.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Boolean, Date, func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.store import derived
from app.store.driver import sqlite_of
from app.store.fold import fold, sort_key
from app.store.fts5 import document, phone_terms
from app.store.models import ContactEvent, Dossier, Email, Phone
from app.store.search import INDEX
from app.store.types import UTCDateTime, stamp_text, utc_text, utcnow

Progress = Callable[[int, int], None]
CACHE_MIB = 64  # the page cache while many rows are written (see roomy_cache)
WRITE_CHUNK = 2000  # dossiers made and written at a time (insert_dossiers)


Run = Callable[[str, list[tuple[Any, ...]]], None]  # executemany(sql, rows), some way


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
    _insert_values(session, model, names, list(map(itemgetter(*names), rows))
                   if len(names) > 1 else [(row[names[0]],) for row in rows], run)


def _insert_values(session: Session, model: type[Any], names: list[str],
                   values: list[tuple[Any, ...]], run: Run | None = None) -> None:
    """INSERT rows given as tuples of the columns `names`, as bulk_insert does."""
    table = model.__table__
    unset = [c.name for c in table.c if c.default is not None and c.name not in names]
    if unset:  # the ORM would fill these in; here they would be left empty
        raise TypeError(f"no value for {table.name}.{', '.join(unset)}")
    stores = []
    for name in names:
        kind = table.c[name].type
        stores.append(utc_text if isinstance(kind, UTCDateTime) else
                      date.isoformat if isinstance(kind, Date) else
                      int if isinstance(kind, Boolean) else
                      json.dumps if isinstance(kind, JSON) else None)
    if any(stores):  # the columns that need it converted, column by column
        columns: list[Any] = list(zip(*values, strict=True))
        for i, store in enumerate(stores):
            if store is utc_text:
                columns[i] = _stamp_texts(columns[i])
            elif store is not None:
                columns[i] = [None if v is None else store(v) for v in columns[i]]
        values = list(zip(*columns, strict=True))
    columns_sql = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" * len(names))
    sql = f"INSERT INTO {table.name} ({columns_sql}) VALUES ({marks})"
    if run is None:
        session.connection().exec_driver_sql(sql, values)
    else:
        run(sql, values)


def _stamp_texts(values: Sequence[datetime | None]) -> list[str | None]:
    """Times as a UTCDateTime column stores them: a time read from its stored text (a
    handover's) as that text, others through utc_text, remembered (rows written together
    mostly share their times)."""
    stored = lru_cache(maxsize=1024)(utc_text)
    out: list[str | None] = []
    for v in values:
        text = None if v is None else stamp_text(v)
        out.append(text if text is not None or v is None else stored(v))
    return out


def _insert_owned(session: Session, model: type[Any],
                  owned: list[tuple[int, dict[str, Any]]], run: Run | None = None,
                  now: datetime | None = None) -> None:
    """INSERT rows of dossiers' parts given as (the dossier's pk, the row's columns): as
    bulk_insert(_uniform(…)) of the rows with their dossier_pk, without copying 100,000
    dicts when they all name the same columns and leave no default to fill in."""
    if not owned:
        return
    keys = owned[0][1].keys()
    names = [name for name in keys if name != "dossier_pk"]
    if set(_defaults(model)) <= {*names, "dossier_pk"} and all(
            row.keys() == keys for _pk, row in owned):
        get = itemgetter(*names)
        values = ([(*get(row), pk) for pk, row in owned] if len(names) > 1
                  else [(get(row), pk) for pk, row in owned])
        _insert_values(session, model, [*names, "dossier_pk"], values, run)
    else:
        bulk_insert(session, model, _uniform(model, [{**row, "dossier_pk": pk}
                                                     for pk, row in owned], now), run)


@contextmanager
def roomy_cache(session: Session, mib: int = CACHE_MIB) -> Iterator[None]:
    """A page cache of `mib` MiB on the session's connection for the block (then as it was):
    writing 100,000 rows into tables with several indexes (a random UUID's among them) and
    the search index touches far more pages than SQLite's default 2 MiB holds, and each
    miss is read again from the file. Only pages in use take memory."""
    conn = session.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    if isinstance(before, int) and -mib * 1024 < before < 0:  # a larger one is kept
        conn.exec_driver_sql(f"PRAGMA cache_size = {-int(mib) * 1024}")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size = {before}")
    else:
        yield


def _defaults(model: type[Any]) -> dict[str, Any]:
    """The scalar defaults of a model's columns (callables are called per row)."""
    found: dict[str, Any] = {}
    for column in model.__table__.c:
        if column.default is not None and not column.primary_key:
            found[column.name] = column.default.arg
    return found


@dataclass
class NewDossier:
    """One dossier to write: its columns (the `dossiers` table's, as Python values; those
    left out take their defaults), its phones and e-mails in order, its history oldest
    first (contact_events columns)."""

    columns: dict[str, Any]
    phones: list[dict[str, Any]] = field(default_factory=list)
    emails: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


def _uniform(model: type[Any], rows: list[dict[str, Any]], now: datetime | None = None
             ) -> list[dict[str, Any]]:
    """Rows completed with defaults and all with the same keys, as bulk_insert wants; a
    defaulted time is `now` (one moment for the rows written together)."""
    if not rows:
        return rows
    defaults = _defaults(model)
    keys = set().union(*rows) | set(defaults)
    if all(len(row) == len(keys) for row in rows):  # complete already: nothing to fill in
        return rows
    now = now or utcnow()
    fixed: dict[str, Any] = {}
    per_row: dict[str, Any] = {}
    for key in keys:
        default = defaults.get(key)
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


def _index_rows(indexed: list[tuple[dict[str, Any], list[str], list[str], list[str]]],
                folded: dict[str, str]) -> list[tuple[Any, ...]]:
    """The index rows of new dossiers, as fts5.document makes them, from (the dossier's row,
    its phones' terms, its e-mails, its history's lines). The history, the last column, is
    folded a line at a time, each different line once: folding is letter by letter, so the
    joined lines fold alike, and histories repeat their lines ("No answer", …); `folded`
    keeps the lines folded so far."""
    out = []
    for row, shown, mails, history in indexed:
        lines = []
        for line in history:
            done = folded.get(line)
            if done is None:
                done = folded[line] = fold(line)
            lines.append(done)
        columns = document(row["full_name"], row.get("company", ""), row.get("position", ""),
                           shown, mails, row.get("notes", ""), ())
        out.append((row["pk"], *columns[:-1], " ".join(lines)))
    return out


def executor(session: Session) -> Run:
    """executemany on the session's sqlite3 connection, its failure raised as SQLAlchemy
    raises it. Statements run as they are given: on a thread of their own they ran no
    sooner (a 20,000-dossier demo took 6.2-8.2 s that way, 6.0-6.6 s this way; a 10,000
    dossier merge 7.3-7.9 s both ways), since SQLite takes Python's lock back after every
    row, and the thread that makes the rows holds it."""
    conn = sqlite_of(session.connection().connection)

    def run(sql: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        try:
            conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise DBAPIError.instance(sql, None, exc, sqlite3.Error,
                                      hide_parameters=True) from exc
    return run


def insert_dossiers(session: Session, new: Sequence[NewDossier],
                    progress: Progress | None = None) -> list[int]:
    """Write new dossiers in bulk, in the caller's write transaction; returns their keys in
    order (numbered after the largest, which the transaction holds). Their index rows, main
    phone and last outcome are made here from the same values."""
    if not new:
        return []
    first = (session.scalar(select(func.max(Dossier.pk))) or 0) + 1
    pks = list(range(first, first + len(new)))
    now = utcnow()
    fresh_uuids = new_uuids(len(new))
    moments: dict[type[Any], datetime] = {}  # a table's defaulted times: one moment
    folded: dict[str, str] = {}  # a history line, folded
    with roomy_cache(session):
        run = executor(session)
        # a few thousand dossiers at a time: the rows made of one lot are let go
        for start in range(0, len(new), WRITE_CHUNK):
            dossiers, phones, emails = [], [], []
            events: list[tuple[int, dict[str, Any]]] = []
            indexed: list[tuple[dict[str, Any], list[str], list[str], list[str]]] = []
            for n in range(start, min(start + WRITE_CHUNK, len(new))):
                pk, item = pks[n], new[n]
                row = dict(item.columns)
                row["pk"] = pk
                row.setdefault("uuid", fresh_uuids.pop())
                row.setdefault("updated_at", now)
                row.setdefault("created_at", now)
                row.setdefault("sort_name", sort_key(row["full_name"]))
                shown = []
                for i, phone in enumerate(item.phones):
                    phones.append({"position": i, **phone, "dossier_pk": pk})
                    shown.append(phone_terms(phone["number"], phone.get("e164", "")))
                mails = []
                for i, email in enumerate(item.emails):
                    emails.append({"position": i, **email, "dossier_pk": pk})
                    mails.append(email["address"])
                history, outcomes = [], []
                for event in item.events:
                    events.append((pk, event))
                    history.append(f"{event.get('summary', '')} "
                                   f"{event.get('outcome', '')} {event.get('offer', '')}")
                    outcomes.append((event.get("kind", derived.CONTACT),
                                     event.get("outcome", "")))
                row["main_phone"] = derived.main_phone([p["number"] for p in item.phones])
                row["last_outcome"] = derived.last_outcome(outcomes)
                dossiers.append(row)
                indexed.append((row, shown, mails, history))
                if progress is not None and n % 5000 == 4999:
                    progress(n + 1, len(new))
            for model, rows in ((Dossier, dossiers), (Phone, phones), (Email, emails)):
                bulk_insert(session, model, _uniform(
                    model, rows, moments.setdefault(model, utcnow())), run)
            _insert_owned(session, ContactEvent, events, run,
                          moments.setdefault(ContactEvent, utcnow()))
            INDEX.add(run, _index_rows(indexed, folded))
    return pks


def insert_bases(session: Session, handover_id: str,
                 bases: Sequence[tuple[str, str]]) -> None:
    """Record the bases of a handover's dossiers in one statement: (dossier UUID, the base as
    JSON text), all at the same moment."""
    if not bases:
        return
    now = utc_text(utcnow())
    session.connection().exec_driver_sql(
        "INSERT INTO handover_bases (dossier_uuid, handover_id, base, created_at) "
        "VALUES (?, ?, ?, ?)", [(uuid, handover_id, base, now) for uuid, base in bases])


def delete_dossiers(session: Session, pks: Sequence[int]) -> None:
    """Delete dossiers with everything they hold (the tables cascade) and their index rows."""
    for start in range(0, len(pks), 500):
        chunk = pks[start:start + 500]
        conn = session.connection()
        INDEX.drop(conn, chunk)
        conn.exec_driver_sql(
            f"DELETE FROM dossiers WHERE pk IN ({','.join(str(int(pk)) for pk in chunk)})")
