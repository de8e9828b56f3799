"""Keeping what is derived from the dossiers in step with them: the search index rows and
the two list summaries (main phone, last outcome).

Both are refreshed inside the same transaction as the change that made them stale: a
Session listener does it at every flush, so no ORM code path can forget it; writers of raw
rows call `refresh` themselves (the bulk writers make new dossiers' rows as they write).
The dossiers' texts are read once here and handed to the index (app/store/search.py) and
to the summaries' rule (app/store/derived.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, event, inspect, text
from sqlalchemy.orm import Session

from app.store import derived
from app.store.models import ContactEvent, Dossier, Email, Phone
from app.store.search import Texts, index_for

_CHUNK = 500


def refresh(conn: Connection, pks: Iterable[int]) -> None:
    """Rebuild the index rows and list summaries of these dossiers from the tables
    (deleted ones are dropped from the index)."""
    pks = sorted(set(pks))
    index = index_for(conn.dialect.name)  # FTS5 in a binder file, a table on PostgreSQL
    shared = conn.dialect.name == "postgresql"
    for start in range(0, len(pks), _CHUNK):
        chunk = pks[start:start + _CHUNK]
        if shared:
            _lock(conn, chunk)
        texts = read_texts(conn, chunk)
        index.refresh(conn, chunk, texts)
        derived.store(conn, [
            (derived.main_phone([number for number, _e164 in t.phones]),
             derived.last_outcome([(kind, outcome) for kind, _s, outcome, _o in t.history]),
             t.pk) for t in texts])


def _lock(conn: Connection, pks: list[int]) -> None:
    """Lock these dossiers' rows (in key order) on a server others write to at once: a
    colleague's refresh of the same dossier (history added, a phone changed: its row not
    written) waits for this transaction's end and then reads the texts this one wrote,
    rather than reading them stale and writing an index row beside this one's. (NO KEY:
    the foreign-key checks of rows added to a dossier do not wait for it, nor it for them.)"""
    marks = ",".join(str(int(pk)) for pk in pks)
    conn.execute(text(f"SELECT pk FROM dossiers WHERE pk IN ({marks}) ORDER BY pk "
                      "FOR NO KEY UPDATE"))


def rebuild(conn: Connection) -> None:
    """Make the whole index and every list summary again from the tables."""
    index_for(conn.dialect.name).clear(conn)
    refresh(conn, conn.execute(text("SELECT pk FROM dossiers")).scalars())


def read_texts(conn: Connection, pks: list[int]) -> list[Texts]:
    """The texts of these dossiers (those that exist); at most a few hundred keys at a
    time (they are written into the statements)."""
    marks = ",".join(str(int(pk)) for pk in pks)
    found = {pk: Texts(pk, name, company, position, notes)
             for pk, name, company, position, notes in conn.execute(text(
                 "SELECT pk, full_name, company, position, notes FROM dossiers "
                 f"WHERE pk IN ({marks})"))}
    if not found:
        return []
    for pk, number, e164 in conn.execute(text(
            "SELECT dossier_pk, number, e164 FROM phones "
            f"WHERE dossier_pk IN ({marks}) ORDER BY dossier_pk, position")):
        found[pk].phones.append((number, e164))
    for pk, address in conn.execute(text(
            f"SELECT dossier_pk, address FROM emails WHERE dossier_pk IN ({marks})")):
        found[pk].emails.append(address)
    for pk, kind, summary, outcome, offer in conn.execute(text(
            "SELECT dossier_pk, kind, summary, outcome, offer FROM contact_events "
            f"WHERE dossier_pk IN ({marks}) ORDER BY dossier_pk, at, pk")):
        found[pk].history.append((kind, summary, outcome, offer))
    return list(found.values())


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
