"""The reads the filing plans start from (app/services/filing.py): the open dossiers of a
day's insert, for "rebalance this day", and the overdue ones, for "spread the overdue".

Here so that the services hold no SQL; the plans themselves are the filing rules'
(app.binder), made from these plain tuples.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, select

from app.store.models import Dossier

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _of(owner: int | None) -> list[ColumnElement[bool]]:
    """What keeps a query to one person's dossiers (None: everyone's)."""
    return [] if owner is None else [Dossier.owner_pk == owner]


def open_filed_between(session: Session, first: date, last: date, owner: int | None = None
                       ) -> list[tuple[str, int, bool, str | None, datetime | None]]:
    """(id, priority, fixed, time, when the date was set) of the open dossiers filed from
    `first` to `last` (inclusive), in no particular order; one person's, or everyone's."""
    return list(session.execute(
        select(Dossier.uuid, Dossier.priority, Dossier.fixed, Dossier.next_time,
               Dossier.scheduled_at)
        .where(Dossier.archived.is_(False), Dossier.next_contact.between(first, last),
               *_of(owner))))


def open_overdue(session: Session, today: date, owner: int | None = None
                 ) -> list[tuple[str, date | None, int, bool]]:
    """(id, date, priority, fixed) of the open dossiers filed before `today` (the date never
    None), in no particular order; one person's, or everyone's."""
    return list(session.execute(
        select(Dossier.uuid, Dossier.next_contact, Dossier.priority, Dossier.fixed)
        .where(Dossier.archived.is_(False), Dossier.next_contact < today, *_of(owner))))
