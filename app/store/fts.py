"""The full-text index (SQLite FTS5) over names, companies, positions, phones, e-mails, notes
and history, and the two list summaries of a dossier (main phone, last outcome).

Both are derived from the tables and refreshed inside the same transaction as the change that
made them stale: a Session listener does it at every flush, so no code path can forget it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.orm import Session

from app.store.fold import fold
from app.store.models import ContactEvent, Dossier, Email, Phone
from app.store.queries import FTS_TABLE, SHORT_QUERY, match_query

__all__ = ["FTS_TABLE", "SHORT_QUERY", "document", "match_query", "phone_terms", "refresh",
           "roomy_hash"]

_CHUNK = 500
HASH_BYTES = 1024 * 1024  # FTS5's own hashsize, when its %_config table names none
ROOMY_HASH_BYTES = 16 * 1024 * 1024  # while many rows are indexed at once (roomy_hash)


def phone_terms(number: str, e164: str) -> str:
    """A phone as it is written plus its bare digits, with and without the country code,
    so "600 123", "48600123" and "600123" all match "+48 600 123 456"."""
    digits = "".join(c for c in e164 or number if c.isdigit())
    code, _sep, rest = number.strip().partition(" ")
    national = "".join(c for c in rest if c.isdigit()) if code.startswith("+") else ""
    return f"{number} {digits} {national}".rstrip()


def document(
    name: str, company: str, position: str, phones: Iterable[str], emails: Iterable[str],
    notes: str, history: Iterable[str],
) -> tuple[str, ...]:
    """The folded columns of one dossier's index row."""
    return (fold(name), fold(company), fold(position), fold(" ".join(phones)),
            fold(" ".join(emails)), fold(notes), fold(" ".join(history)))


@contextmanager
def roomy_hash(conn: Connection, size: int = ROOMY_HASH_BYTES) -> Iterator[None]:
    """A larger FTS5 `hashsize` (the pending terms held in memory before a segment is
    written) for the block, in the caller's write transaction: many index rows make fewer,
    larger segments, merged less. The setting is stored in the index's config table, so it
    is put back as it was (the row left out if none was there) before the block's end; on a
    failure the transaction's rollback undoes it, and FTS5 reloads its config from the file
    (the structure's cookie changes back)."""
    config = f"{FTS_TABLE}_config"
    before = conn.exec_driver_sql(
        f"SELECT v FROM {config} WHERE k = 'hashsize'").scalar()
    command = f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('hashsize', ?)"
    conn.exec_driver_sql(command, (size,))
    yield
    conn.exec_driver_sql(command, (HASH_BYTES if before is None else before,))
    if before is None:  # the value FTS5 uses without a row: the row left out as it was
        conn.exec_driver_sql(f"DELETE FROM {config} WHERE k = 'hashsize'")


def refresh(conn: Connection, pks: Iterable[int]) -> None:
    """Rebuild the index rows of these dossiers from the tables (deleted ones are dropped)."""
    pks = sorted(set(pks))
    for start in range(0, len(pks), _CHUNK):
        _refresh_chunk(conn, pks[start:start + _CHUNK])


def _refresh_chunk(conn: Connection, pks: list[int]) -> None:
    marks = ",".join(str(int(pk)) for pk in pks)
    conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})"))
    rows = conn.execute(text(
        f"SELECT pk, full_name, company, position, notes FROM dossiers WHERE pk IN ({marks})"
    )).all()
    if not rows:
        return
    phones: dict[int, list[str]] = {}
    main_phone: dict[int, str] = {}
    for pk, number, e164 in conn.execute(text(
            "SELECT dossier_pk, number, e164 FROM phones "
            f"WHERE dossier_pk IN ({marks}) ORDER BY dossier_pk, position")):
        phones.setdefault(pk, []).append(phone_terms(number, e164))
        main_phone.setdefault(pk, number)
    emails: dict[int, list[str]] = {}
    for pk, address in conn.execute(text(
            f"SELECT dossier_pk, address FROM emails WHERE dossier_pk IN ({marks})")):
        emails.setdefault(pk, []).append(address)
    history: dict[int, list[str]] = {}
    last_outcome: dict[int, str] = {}
    for pk, kind, summary, outcome, offer in conn.execute(text(
            "SELECT dossier_pk, kind, summary, outcome, offer FROM contact_events "
            f"WHERE dossier_pk IN ({marks}) ORDER BY dossier_pk, at, pk")):
        history.setdefault(pk, []).append(f"{summary} {outcome} {offer}")
        if kind == "contact":
            last_outcome[pk] = outcome
    conn.execute(
        text(f"INSERT INTO {FTS_TABLE}(rowid, name, company, position, phones, emails, notes, "
             "history) VALUES (:pk, :n, :c, :p, :ph, :em, :no, :h)"),
        [dict(zip(("pk", "n", "c", "p", "ph", "em", "no", "h"),
                  (pk, *document(name, company, position, phones.get(pk, ()),
                                 emails.get(pk, ()), notes, history.get(pk, ()))),
                  strict=True))
         for pk, name, company, position, notes in rows],
    )
    conn.execute(
        text("UPDATE dossiers SET main_phone = :phone, last_outcome = :outcome WHERE pk = :pk"),
        [{"pk": pk, "phone": main_phone.get(pk, ""), "outcome": last_outcome.get(pk, "")}
         for pk, *_rest in rows],
    )


_TRACKED = (Phone, Email, ContactEvent)
_INDEXED = ("full_name", "company", "position", "notes")


def _indexed_change(dossier: Dossier) -> bool:
    attrs = inspect(dossier).attrs
    return any(attrs[name].history.has_changes() for name in _INDEXED)


@event.listens_for(Session, "after_flush")
def _reindex_after_flush(session: Session, _flush_context: object) -> None:
    touched: set[int] = set()
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, Dossier) and obj.pk is not None:
            touched.add(obj.pk)
    for obj in session.dirty:
        if isinstance(obj, Dossier) and obj.pk is not None and _indexed_change(obj):
            touched.add(obj.pk)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _TRACKED) and obj.dossier_pk is not None:
            touched.add(obj.dossier_pk)
    if touched:
        refresh(session.connection(), touched)
