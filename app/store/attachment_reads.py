"""The look-ups of documents (app/services/attachments.py): one by its id, and a dossier's,
in the bin or out of it, in the order they were added.

Here so that the services hold no SQL; what they find they change through the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.store.models import Attachment

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def attachment(session: Session, uuid: str) -> Attachment | None:
    """The document with exactly this id, or None."""
    return session.scalars(select(Attachment).where(Attachment.uuid == uuid)).first()


def of_dossier(session: Session, dossier_pk: int, trashed: bool) -> Sequence[Attachment]:
    """A dossier's documents in the bin (`trashed`) or out of it, oldest first."""
    return session.scalars(select(Attachment).where(
        Attachment.dossier_pk == dossier_pk,
        Attachment.trashed_at.is_not(None) if trashed
        else Attachment.trashed_at.is_(None)).order_by(Attachment.added_at)).all()
