"""The reads a calendar import matches its events with (app/services/import_events.py): the
open dossiers' e-mail addresses and names.

Here so that the services hold no SQL; the matching itself is the service's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from app.store.models import Dossier, Email

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def open_emails(session: Session) -> list[tuple[str, str, str]]:
    """(address as stored, dossier id, dossier name) of every e-mail of an open dossier."""
    return list(session.execute(
        select(Email.address, Dossier.uuid, Dossier.full_name).join(Dossier)
        .where(Dossier.archived.is_(False))))


def open_names(session: Session) -> list[tuple[str, str]]:
    """(id, full name) of every open dossier."""
    return list(session.execute(select(Dossier.uuid, Dossier.full_name)
                                .where(Dossier.archived.is_(False))))
