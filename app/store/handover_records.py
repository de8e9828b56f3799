"""The reads of the handover log (app/services/handover_log.py): the handovers a binder
wrote and took over, and what a return of one starts from (its dossiers still here, and
those added since).

Here so that the services hold no SQL; the log's rows are written by the ORM (HandoverRecord).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.store.models import Dossier, HandoverRecord

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_CHUNK = 500  # ids per statement, well within SQLite's limit of parameters


def records(session: Session, direction: str | None = None) -> list[HandoverRecord]:
    """The handovers logged (only those of a direction, when given), newest first; their
    lists of dossiers are left unread (deferred)."""
    query = select(HandoverRecord).order_by(HandoverRecord.pk.desc())
    if direction is not None:
        query = query.where(HandoverRecord.direction == direction)
    return list(session.scalars(query))


def latest(session: Session, direction: str, handover_id: str | None = None
           ) -> HandoverRecord | None:
    """The newest handover of a direction (the one with this id, when given), its list of
    dossiers read with it; None when there is none."""
    query = select(HandoverRecord).where(HandoverRecord.direction == direction).options(
        undefer(HandoverRecord.dossier_uuids)).order_by(HandoverRecord.pk.desc())
    if handover_id is not None:
        query = query.where(HandoverRecord.handover_id == handover_id)
    return session.scalars(query.limit(1)).first()


def present(session: Session, uuids: Sequence[str]) -> set[str]:
    """Those of these dossier ids that name a dossier of this binder."""
    found: set[str] = set()
    for start in range(0, len(uuids), _CHUNK):
        found.update(session.scalars(select(Dossier.uuid).where(
            Dossier.uuid.in_(uuids[start:start + _CHUNK]))))
    return found


def created_after(session: Session, moment: datetime) -> list[tuple[str, str]]:
    """(id, name) of the dossiers created after a moment, oldest first."""
    return list(session.execute(
        select(Dossier.uuid, Dossier.full_name).where(
            Dossier.created_at > moment).order_by(Dossier.created_at)))
