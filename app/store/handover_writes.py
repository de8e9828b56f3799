"""History added in bulk to dossiers the binder already holds: a merge may bring 100,000
events, too many for the unit of work, so they are written in one INSERT. The flush
listener (app/store/fts.py) does not see such rows; the search index, main phone and last
outcome of the dossiers that got them are refreshed here, in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.store.bulk import bulk_insert
from app.store.fts import refresh
from app.store.models import ContactEvent


def add_events(session: Session, events: list[dict[str, Any]]) -> None:
    """Write `events` (contact_events rows as dicts with the same keys, dossier_pk among
    them) in the session's transaction, then refresh their dossiers' derived columns and
    index rows from the tables."""
    bulk_insert(session, ContactEvent, events)
    refresh(session.connection(), list(dict.fromkeys(e["dossier_pk"] for e in events)))
