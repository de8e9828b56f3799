"""The dossier service's look-ups (app/services/dossiers.py): a dossier by its id or a
beginning of it, the dossiers sharing a phone, an e-mail or a name with one being typed,
and a history event by its id (the one a correction amends, app/services/filing.py).

Here so that the services hold no SQL (the store is the one place that knows the tables and
how a beginning of an id is matched: as a range of the unique index, not a LIKE).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.store.models import ContactEvent, Dossier, Email, Phone

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def by_uuid(session: Session, uuid: str, lock: bool = False) -> Dossier | None:
    """The dossier with exactly this id (lower case), or None; `lock`: its row held for
    this transaction's write (a team binder's other writers wait; SQLite's one writer
    holds the whole file already)."""
    query = select(Dossier).where(Dossier.uuid == uuid)
    return session.scalars(query.with_for_update() if lock else query).first()


def by_uuid_prefix(session: Session, prefix: str, limit: int) -> list[Dossier]:
    """At most `limit` dossiers whose id begins with `prefix` (lower case): two tell a
    unique beginning from an ambiguous one."""
    return list(session.scalars(select(Dossier).where(
        Dossier.uuid >= prefix, Dossier.uuid < prefix + "\uffff").limit(limit)))


def uuids_with_phones(session: Session, e164s: Collection[str]) -> list[str]:
    """Ids of the dossiers with a phone among these numbers (E.164), once per phone."""
    return list(session.scalars(
        select(Dossier.uuid).join(Phone).where(Phone.e164.in_(e164s))))


def uuids_with_emails(session: Session, addresses: Collection[str]) -> list[str]:
    """Ids of the dossiers with an e-mail among these addresses (lower case; the stored ones
    compared in lower case too), once per e-mail."""
    return list(session.scalars(select(Dossier.uuid).join(Email).where(
        func.lower(Email.address).in_(addresses))))


def named(session: Session, sort_name: str) -> list[tuple[str, str]]:
    """(id, company) of the dossiers whose name sorts as `sort_name` (app.store.fold's
    sort_key: accents and case aside)."""
    return list(session.execute(
        select(Dossier.uuid, Dossier.company).where(Dossier.sort_name == sort_name)))


def contact_event(session: Session, uuid: str) -> ContactEvent | None:
    """The history event with exactly this id (one a correction names), or None."""
    return session.scalars(select(ContactEvent).where(ContactEvent.uuid == uuid)).first()
