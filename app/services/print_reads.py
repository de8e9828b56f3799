"""Many dossiers' cards read in a few set-based statements (app.store.print_rows), for the
day pack and the selection's batch: the same DossierDetails DossierService.get makes one at a
time, a chunk of dossiers at a time, so a batch of thousands holds one chunk in memory."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from app.services.dto import (
    AttachmentView,
    DossierDetail,
    EmailView,
    EventView,
    FormView,
    PhoneView,
)
from app.store import print_rows
from app.store.stamps import parse_utc

if TYPE_CHECKING:
    from app.store.reading import Cursor, Reader

CHUNK = 100  # dossiers read per round of statements

_date = lru_cache(maxsize=4096)(date.fromisoformat)


def _day(text: str | None) -> date | None:
    return _date(text) if text else None


def _grouped(rows: list[tuple]) -> defaultdict[int, list[tuple]]:
    by_pk: defaultdict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_pk[row[0]].append(row)
    return by_pk


def _chunk(cur: Cursor, uuids: Sequence[str]) -> dict[str, DossierDetail]:
    dossiers = print_rows.dossiers_by_uuid(cur, uuids)
    pks = [d[0] for d in dossiers]
    kids = {table: _grouped(print_rows.children(cur, table, pks))
            for table in print_rows.CHILDREN}
    found = {}
    for (pk, uuid, name, position, company, address, website, source, segment, tags, status,
         notes, next_contact, next_time, purpose, priority, fixed, archived, archive_reason,
         created_at, updated_at, given_name, family_name, department, birthday) in dossiers:
        found[uuid] = DossierDetail(
            id=uuid, name=name, position=position, company=company,
            phones=[PhoneView(r[1], r[2], r[3]) for r in kids["phones"].get(pk, ())],
            emails=[EmailView(r[1], r[2]) for r in kids["emails"].get(pk, ())],
            address=address, website=website, source=source, segment=segment, tags=tags,
            status=status, notes=notes, next_contact=_day(next_contact), time=next_time,
            purpose=purpose, priority=priority, fixed=bool(fixed), archived=bool(archived),
            archive_reason=archive_reason, created_at=parse_utc(created_at),
            updated_at=parse_utc(updated_at),
            events=[EventView(r[1], parse_utc(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                              _day(r[10]), r[11])
                    for r in kids["contact_events"].get(pk, ())],
            attachments=[AttachmentView(r[1], r[2], r[3], r[4], parse_utc(r[5]),
                                        r[6] is not None)
                         for r in kids["attachments"].get(pk, ())],
            forms=[FormView(r[1], r[2], r[3], list(_json(r[4]) or ()), dict(_json(r[5]) or {}))
                   for r in kids["filled_forms"].get(pk, ())],
            given_name=given_name, family_name=family_name, department=department,
            birthday=_day(birthday),
        )
    return found


def _json(text: str | None) -> Any:
    """A JSON column's value as SQLAlchemy's JSON type reads it (NULL: None)."""
    return None if text is None else json.loads(text)


def details_on(cur: Cursor, ids: Sequence[str]) -> list[DossierDetail | None]:
    """The details of a few dossiers (one chunk) on a plain cursor, in the order given (None
    for an id that names no dossier)."""
    found = _chunk(cur, list(dict.fromkeys(ids)))
    return [found.get(dossier_id) for dossier_id in ids]


def read_details(reader: Reader, ids: Sequence[str], chunk: int = CHUNK
                 ) -> Iterator[DossierDetail | None]:
    """The details of the dossiers with these exact ids, in the order given (None for an id
    that names no dossier): `chunk` dossiers a read (BinderDB.reader), each a short read of
    six statements, so a batch of thousands holds one chunk and a read never lasts a pack."""
    for start in range(0, len(ids), chunk):
        with reader() as cur:
            part = details_on(cur, ids[start:start + chunk])
        yield from part
