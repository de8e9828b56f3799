"""New dossiers written from rows already in their stored form: a handover's checked records
and the demo's clients are tuples of the values the binder keeps (times as their UTC text,
dates as ISO text, booleans as 0 and 1), written by the store's bulk writer
(app/store/bulk.py) without a dict made of any row, the derived columns and index rows
computed once from the same tuples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.store import derived
from app.store.bulk import WRITE_CHUNK, _defaults, executor, roomy_cache
from app.store.fold import fold
from app.store.fts5 import document, phone_terms
from app.store.models import ContactEvent, Dossier, Email, Phone
from app.store.search import INDEX
from app.store.types import utc_text


@dataclass(frozen=True)
class Shape:
    """The columns of new dossiers' rows given as tuples (insert_stored): the dossier's
    (without pk, main_phone, last_outcome), then a phone's, an e-mail's and an event's
    (without dossier_pk; every column of the table)."""

    dossier: tuple[str, ...]
    phone: tuple[str, ...]
    email: tuple[str, ...]
    event: tuple[str, ...]


Row = tuple[Any, ...]
# one new dossier as stored rows: its row, its phones, e-mails and history (oldest first)
StoredDossier = tuple[Row, list[Row], list[Row], list[Row]]


def _statements(shape: Shape) -> tuple[list[str], Row]:
    """The INSERTs of insert_stored, and the stored defaults of the dossier's columns left
    out (a UUID or a time made per row must be given, as must a part's every column)."""
    fixed = {k: int(v) if isinstance(v, bool) else v for k, v in _defaults(Dossier).items()
             if k not in (*shape.dossier, "main_phone", "last_outcome")}
    parts = ((Phone, shape.phone), (Email, shape.email), (ContactEvent, shape.event))
    if any(callable(v) for v in fixed.values()) or any(
            set(_defaults(model)) - set(names) for model, names in parts):
        raise TypeError("insert_stored needs every column without a fixed default")
    tables = [(Dossier.__tablename__, ["pk", *shape.dossier, "main_phone", "last_outcome", *fixed]),
              *((model.__tablename__, [*names, "dossier_pk"]) for model, names in parts)]
    return [f"INSERT INTO {name} ({', '.join(f'[{n}]' for n in names)}) "
            f"VALUES ({', '.join('?' * len(names))})" for name, names in tables], \
        tuple(fixed.values())


def insert_stored(session: Session, shape: Shape, new: Sequence[StoredDossier]) -> list[int]:
    """Write new dossiers given as rows in their stored form (times as their UTC text, dates
    as ISO text, booleans as 0 and 1), as insert_dossiers writes them but without a dict of
    any row: each value goes to SQLite as it is. Their main phone, last outcome and index
    row are derived here once from the same rows; returns their keys, in order."""
    if not new:
        return []
    first = (session.scalar(select(func.max(Dossier.pk))) or 0) + 1
    pks = list(range(first, first + len(new)))
    sqls, extra = _statements(shape)
    name, company, position, notes = map(shape.dossier.index, (
        "full_name", "company", "position", "notes"))
    number, e164 = shape.phone.index("number"), shape.phone.index("e164")
    address = shape.email.index("address")
    kind, summary, outcome, offer = map(shape.event.index, (
        "kind", "summary", "outcome", "offer"))
    folded: dict[str, str] = {}  # a history line, folded (as bulk._index_rows does)
    with roomy_cache(session), INDEX.bulk(session.connection()):
        run = executor(session)
        for start in range(0, len(new), WRITE_CHUNK):
            tables: tuple[list[Row], ...] = ([], [], [], [])
            dossiers, phones, emails, events = tables
            index = []
            for pk, (row, shown, mails, history) in zip(
                    pks[start:start + WRITE_CHUNK], new[start:start + WRITE_CHUNK],
                    strict=True):
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
            for sql, rows in zip(sqls, tables, strict=True):
                run(sql, rows)
            INDEX.add(run, index)
    return pks


def stamp_scheduled(session: Session, first: int, last: int, when: datetime) -> None:
    """Stamp the dossiers first..last (keys, as insert_stored returns them) that have a date
    as scheduled at `when`: a merge files them now, as far as this binder knows."""
    session.connection().exec_driver_sql(
        "UPDATE dossiers SET scheduled_at = ? WHERE pk BETWEEN ? AND ? "
        "AND next_contact IS NOT NULL", (utc_text(when), first, last))
