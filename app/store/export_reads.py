"""The reads of an export (app/services/exporting.py): the dossiers' contact columns, phones
and e-mails, and their planned next contacts, a chunk of keys at a time.

Here so that the services hold no SQL (the store is the one place that knows the tables):
the contact reads are plain SQL on the keys, which are ints, so an export of 100,000 pays
for no query building; the rows come back as tuples for the service to make records of.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.store.dialect import run
from app.store.models import Dossier

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CONTACT_COLUMNS = ("pk, full_name, given_name, family_name, company, department, position, "
                   "address, website, birthday, notes, tags")


def _keys(pks: Sequence[int]) -> str:
    """The keys as an SQL list: ints only, so nothing from outside reaches the statement."""
    return ",".join(str(int(pk)) for pk in pks)


def all_pks(session: Session) -> list[int]:
    """Every dossier's key, the archived too, in name order (ties by key)."""
    return list(session.scalars(select(Dossier.pk).order_by(Dossier.sort_name, Dossier.pk)))


def phones_by_pk(session: Session, pks: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """(label, number) of each of these dossiers' phones, in the card's order."""
    found: dict[int, list[tuple[str, str]]] = {}
    for pk, label, number in run(session.connection(),
            "SELECT dossier_pk, label, number FROM phones WHERE dossier_pk IN "
            f"({_keys(pks)}) ORDER BY dossier_pk, position"):
        found.setdefault(pk, []).append((label, number))
    return found


def emails_by_pk(session: Session, pks: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """(label, address) of each of these dossiers' e-mails, in the card's order."""
    found: dict[int, list[tuple[str, str]]] = {}
    for pk, label, address in run(session.connection(),
            "SELECT dossier_pk, label, address FROM emails WHERE dossier_pk IN "
            f"({_keys(pks)}) ORDER BY dossier_pk, position"):
        found.setdefault(pk, []).append((label, address))
    return found


def contacts_by_pk(session: Session, pks: Sequence[int]) -> dict[int, Sequence[Any]]:
    """The CONTACT_COLUMNS of these dossiers by key (the birthday as its ISO text)."""
    return {r[0]: r for r in run(session.connection(),
        f"SELECT {CONTACT_COLUMNS} FROM dossiers WHERE pk IN ({_keys(pks)})")}


def next_contacts(session: Session, pks: Sequence[int]
                  ) -> list[tuple[str, str, str, date | None, str | None, str, str, str]]:
    """(id, name, company, date, time, purpose, main phone, last outcome) of these dossiers
    that are open and have a next contact (the date is never None), in no particular order."""
    return list(session.execute(
        select(Dossier.uuid, Dossier.full_name, Dossier.company, Dossier.next_contact,
               Dossier.next_time, Dossier.purpose, Dossier.main_phone, Dossier.last_outcome)
        .where(Dossier.pk.in_(list(pks)), Dossier.next_contact.is_not(None),
               Dossier.archived.is_(False))))
