"""The one way many rows are written: new dossiers with their phones, e-mails and history, in
one INSERT per table, with their search index rows and list summaries made from the same
values in the same transaction, on a solo binder (SQLite) or a team binder (PostgreSQL).
The demo generator, a handover merge and an import all write through here: the ORM's unit
of work costs more per row than the database does, and the flush listener that keeps the
index in step (app/store/upkeep.py) does not see these rows.

New dossiers come as rows in their stored form (insert_stored: a handover's checked records
and the demo's clients, tuples made without a dict) or as dicts of Python values
(insert_dossiers: an import's), which are made those rows first; from there one path writes
them (_Writer). How a statement runs on each database is app/store/bulk_run.py's; how a
Python value is stored, app/store/bulk_rows.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.store import derived
from app.store.bulk_rows import (
    as_booleans,
    booleans,
    bulk_insert,
    defaults,
    new_uuids,
    stored,
    uniform,
)
from app.store.bulk_run import CACHE_MIB, Run, dialect_name, executor, new_keys, roomy_cache
from app.store.dialect import POSTGRESQL
from app.store.dialect import run as run_sql
from app.store.fold import fold, sort_key
from app.store.fts5 import document, phone_terms
from app.store.models import ContactEvent, Dossier, Email, Phone
from app.store.search import index_for
from app.store.types import utc_text, utcnow

__all__ = ["CACHE_MIB", "WRITE_CHUNK", "NewDossier", "Run", "Shape", "StoredDossier",
           "bulk_insert", "delete_dossiers", "executor", "insert_bases", "insert_dossiers",
           "insert_stored", "new_uuids", "roomy_cache", "stamp_scheduled"]

Progress = Callable[[int, int], None]
T = TypeVar("T")
WRITE_CHUNK = 2000  # dossiers made and written at a time
Row = tuple[Any, ...]
# one new dossier as stored rows: its row, its phones, e-mails and history (oldest first)
StoredDossier = tuple[Row, list[Row], list[Row], list[Row]]
_DERIVED = ("pk", "main_phone", "last_outcome")  # a dossier's columns the writer fills in


@dataclass(frozen=True)
class Shape:
    """The columns of new dossiers' rows given as tuples (insert_stored): the dossier's
    (without pk, main_phone, last_outcome), then a phone's, an e-mail's and an event's
    (without dossier_pk; every column of the table but its key)."""

    dossier: tuple[str, ...]
    phone: tuple[str, ...]
    email: tuple[str, ...]
    event: tuple[str, ...]


def _columns(model: type[Any], *but: str) -> tuple[str, ...]:
    return tuple(c.name for c in model.__table__.c if c.name not in but)


# every column: the rows insert_dossiers makes of its dicts
FULL = Shape(_columns(Dossier, *_DERIVED), _columns(Phone, "pk", "dossier_pk"),
             _columns(Email, "pk", "dossier_pk"), _columns(ContactEvent, "pk", "dossier_pk"))


@dataclass
class NewDossier:
    """One dossier to write: its columns (the `dossiers` table's, as Python values; those
    left out take their defaults), its phones and e-mails in order, its history oldest
    first (contact_events columns)."""

    columns: dict[str, Any]
    phones: list[dict[str, Any]] = field(default_factory=list)
    emails: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


class _Writer:
    """Writes lots of new dossiers given as stored rows of one Shape: the rows of the four
    tables, each dossier's main phone and last outcome (app/store/derived.py) and its search
    index row, all made once from the same tuples."""

    def __init__(self, session: Session, shape: Shape) -> None:
        pg = dialect_name(session) == POSTGRESQL
        fixed = {k: (v if pg else int(v)) if isinstance(v, bool) else v
                 for k, v in defaults(Dossier).items() if k not in (*shape.dossier, *_DERIVED)}
        parts = ((Phone, shape.phone), (Email, shape.email), (ContactEvent, shape.event))
        if any(callable(v) for v in fixed.values()) or any(
                set(defaults(model)) - set(names) for model, names in parts):
            raise TypeError("a bulk write needs every column without a fixed default")
        tables = [(Dossier, ["pk", *shape.dossier, "main_phone", "last_outcome", *fixed]),
                  *((model, [*names, "dossier_pk"]) for model, names in parts)]
        self.sqls = [_insert_sql(model, names) for model, names in tables]
        # PostgreSQL takes a boolean as a boolean, not as SQLite's 0 and 1
        self.flips = [booleans(model, names) if pg else [] for model, names in tables]
        self.extra = tuple(fixed.values())
        self.run = executor(session)
        self.index = index_for(dialect_name(session))
        self.name, self.company, self.position, self.notes = map(shape.dossier.index, (
            "full_name", "company", "position", "notes"))
        self.number, self.e164 = shape.phone.index("number"), shape.phone.index("e164")
        self.address = shape.email.index("address")
        self.kind, self.summary, self.outcome, self.offer = map(shape.event.index, (
            "kind", "summary", "outcome", "offer"))
        self.folded: dict[str, str] = {}  # a history line, folded

    def write(self, pks: Sequence[int], lot: Sequence[StoredDossier]) -> None:
        """Write one lot of new dossiers under the keys `pks`."""
        tables: tuple[list[Row], ...] = ([], [], [], [])
        dossiers, phones, emails, events = tables
        index = []
        folded, extra = self.folded, self.extra
        name, company, position, notes = self.name, self.company, self.position, self.notes
        number, e164, address = self.number, self.e164, self.address
        kind, summary, outcome, offer = self.kind, self.summary, self.outcome, self.offer
        for pk, (row, shown, mails, history) in zip(pks, lot, strict=True):
            # the history's lines folded one at a time, each different line once: folding
            # is letter by letter, so the joined lines fold alike, and histories repeat
            # their lines ("No answer", …)
            lines = []
            for event in history:
                events.append((*event, pk))
                line = f"{event[summary]} {event[outcome]} {event[offer]}"
                done = folded.get(line)
                if done is None:
                    done = folded[line] = fold(line)
                lines.append(done)
            phones.extend((*phone, pk) for phone in shown)
            emails.extend((*email, pk) for email in mails)
            dossiers.append((
                pk, *row, derived.main_phone([x[number] for x in shown]),
                derived.last_outcome([(x[kind], x[outcome]) for x in history]), *extra))
            columns = document(row[name], row[company], row[position],
                               [phone_terms(x[number], x[e164]) for x in shown],
                               [x[address] for x in mails], row[notes], ())
            index.append((pk, *columns[:-1], " ".join(lines)))
        for sql, rows, flips in zip(self.sqls, tables, self.flips, strict=True):
            self.run(sql, as_booleans(rows, flips))
        self.index.add(self.run, index)


def _insert_sql(model: type[Any], names: Sequence[str]) -> str:
    quoted = ", ".join(f'"{name}"' for name in names)
    return (f"INSERT INTO {model.__tablename__} ({quoted}) "
            f"VALUES ({', '.join('?' * len(names))})")


def insert_stored(session: Session, shape: Shape, new: Sequence[StoredDossier],
                  progress: Progress | None = None) -> list[int]:
    """Write new dossiers given as rows in their stored form (times as their UTC text, dates
    as ISO text, booleans as 0 and 1), in the caller's write transaction, without a dict of
    any row; returns their keys, in order (see bulk_run.new_keys). Their main phone, last
    outcome and index row are derived here once from the same rows."""
    return _write(session, shape, new, lambda lot: lot, progress)


def insert_dossiers(session: Session, new: Sequence[NewDossier],
                    progress: Progress | None = None) -> list[int]:
    """Write new dossiers given as dicts of Python values, in the caller's write transaction:
    each lot is made stored rows (defaults filled in as the ORM fills them: a new UUID, the
    time now, the sort name of the full name; phones and e-mails numbered in their order)
    and written as insert_stored writes them; returns their keys, in order."""
    if not new:
        return []
    now, pg = utcnow(), dialect_name(session) == POSTGRESQL
    return _write(session, FULL, new, lambda lot: _stored_lot(lot, now, pg), progress)


def _write(session: Session, shape: Shape, new: Sequence[T],
           made: Callable[[Sequence[T]], Sequence[StoredDossier]],
           progress: Progress | None) -> list[int]:
    """Write `new` dossiers a lot at a time, each lot `made` stored rows of `shape` first (the
    rows of one lot let go before the next is made)."""
    if not new:
        return []
    pks = new_keys(session, Dossier, len(new))
    with roomy_cache(session), index_for(dialect_name(session)).bulk(session.connection()):
        writer = _Writer(session, shape)
        for start in range(0, len(new), WRITE_CHUNK):
            end = start + WRITE_CHUNK
            writer.write(pks[start:end], made(new[start:end]))
            if progress is not None:
                progress(min(end, len(new)), len(new))
    return pks


def _stored_lot(new: Sequence[NewDossier], now: datetime, pg: bool) -> list[StoredDossier]:
    """New dossiers given as dicts, as the stored rows of FULL's columns."""
    rows = []
    for item in new:
        row = {k: v for k, v in item.columns.items() if k not in _DERIVED}
        row.setdefault("updated_at", now)
        row.setdefault("created_at", now)
        if "sort_name" not in row:  # (an import gives it)
            row["sort_name"] = sort_key(row["full_name"])
        rows.append(row)
    dossiers = _tuples(Dossier, FULL.dossier, rows, now, pg)
    phones = _split(_tuples(Phone, FULL.phone, [
        {"position": i, **phone} for item in new for i, phone in enumerate(item.phones)],
        now, pg), [len(item.phones) for item in new])
    emails = _split(_tuples(Email, FULL.email, [
        {"position": i, **email} for item in new for i, email in enumerate(item.emails)],
        now, pg), [len(item.emails) for item in new])
    events = _split(_tuples(ContactEvent, FULL.event, [
        event for item in new for event in item.events], now, pg),
        [len(item.events) for item in new])
    return list(zip(dossiers, phones, emails, events, strict=True))


def _tuples(model: type[Any], names: tuple[str, ...], rows: list[dict[str, Any]],
            now: datetime, pg: bool) -> list[Row]:
    """Dicts of Python values as stored rows of the columns `names`, defaults filled in."""
    if not rows:
        return []
    get = itemgetter(*names)
    return stored(model, names, list(map(get, uniform(model, rows, now, names))), pg)


def _split(rows: list[Row], counts: list[int]) -> list[list[Row]]:
    """Rows of many dossiers, made together, given back to each: `counts` of them in turn."""
    out, at = [], 0
    for count in counts:
        out.append(rows[at:at + count])
        at += count
    return out


def stamp_scheduled(session: Session, pks: Sequence[int], when: datetime) -> None:
    """Stamp the dossiers `pks` (as insert_stored returns them) that have a date as
    scheduled at `when`: a merge files them now, as far as this binder knows."""
    conn, stamp = session.connection(), utc_text(when)
    if pks and pks[-1] - pks[0] + 1 == len(pks):  # consecutive keys: one range
        run_sql(conn, "UPDATE dossiers SET scheduled_at = ? WHERE pk BETWEEN ? AND ? "
                  "AND next_contact IS NOT NULL", (stamp, pks[0], pks[-1]))
        return
    for start in range(0, len(pks), 500):
        keys = ",".join(str(int(pk)) for pk in pks[start:start + 500])
        run_sql(conn, f"UPDATE dossiers SET scheduled_at = ? WHERE pk IN ({keys}) "
                  "AND next_contact IS NOT NULL", (stamp,))


def insert_bases(session: Session, handover_id: str,
                 bases: Sequence[tuple[str, str]]) -> None:
    """Record the bases of a handover's dossiers in one statement: (dossier UUID, the base as
    JSON text), all at the same moment."""
    if not bases:
        return
    now = utc_text(utcnow())
    run_sql(session.connection(),
            "INSERT INTO handover_bases (dossier_uuid, handover_id, base, created_at) "
            "VALUES (?, ?, ?, ?)", [(uuid, handover_id, base, now) for uuid, base in bases])


def delete_dossiers(session: Session, pks: Sequence[int]) -> None:
    """Delete dossiers with everything they hold (the tables cascade) and their index rows."""
    index = index_for(dialect_name(session))
    for start in range(0, len(pks), 500):
        chunk = pks[start:start + 500]
        conn = session.connection()
        index.drop(conn, chunk)
        conn.exec_driver_sql(
            f"DELETE FROM dossiers WHERE pk IN ({','.join(str(int(pk)) for pk in chunk)})")
