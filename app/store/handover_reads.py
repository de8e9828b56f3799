"""The handover's reads, in plain SQL on the driver's cursor under the caller's session (the
services pass the session, never a cursor): a handover of 10,000 dossiers holds some 100,000
events, too many to pass through the ORM, so each table is read in one query for all the
dossiers at once and returned as tuples.

The column lists name the columns in the order of the handover records' fields
(app/handover/payload.py; a test checks they agree), so that a row is a record's values as
they are stored: timestamps as their UTC text, dates as ISO text, booleans as 0 and 1, the
JSON of forms as text. Every row of a dossier's part starts with the dossier's pk.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.store.dialect import QmarkCursor
from app.store.driver import cursor_of
from app.store.reading import Cursor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DOSSIER = ("uuid", "updated_at", "created_at", "full_name", "sort_name", "position",
           "company", "address", "website", "source", "segment", "tags", "status", "notes",
           "next_contact", "next_time", "purpose", "priority", "fixed", "archived",
           "archived_at", "archive_reason")
PHONE = ("uuid", "updated_at", "label", "number", "e164", "position")
EMAIL = ("uuid", "updated_at", "label", "address", "position")
EVENT = ("uuid", "updated_at", "at", "kind", "channel", "summary", "outcome", "offer",
         "amount", "currency", "next_contact", "amends_uuid")
DOCUMENT = ("uuid", "updated_at", "filename", "mime", "size", "sha256", "added_at",
            "trashed_at", "data")  # data: the blob's bytes (b"" when not asked for)
FORM = ("uuid", "updated_at", "template_uuid", "title", "fields", "values", "created_at")
TEMPLATE = ("uuid", "updated_at", "name", "description", "fields")

Row = tuple  # a row as sqlite3 gives it
# a list of keys or UUIDs as one parameter: `x IN (SELECT value FROM json_each(?))` is one
# statement however long the list, where IN (?, ?, …) needs chunks under SQLite's limit;
# PostgreSQL takes the list as an array: `x = ANY(?)`
_EACH = "(SELECT value FROM json_each(?))"


def _on_postgres(cur: Cursor) -> bool:
    return isinstance(cur, QmarkCursor)


def _in(cur: Cursor, column: str) -> str:
    """The condition that `column` is one of a list given as one parameter (`_listed`)."""
    return f"{column} = ANY(?)" if _on_postgres(cur) else f"{column} IN {_EACH}"


def _listed(cur: Cursor, values: Iterable[object]) -> object:
    """A list as the one parameter of `_in`: JSON text for SQLite, a list for psycopg."""
    return list(values) if _on_postgres(cur) else json.dumps(list(values))


def _columns(names: Sequence[str], alias: str) -> str:
    return ", ".join(f'{alias}."{name}"' for name in names)


@dataclass
class Rows:
    """The stored rows of some dossiers: the dossiers (pk first, then DOSSIER), and each part
    by dossier pk in the records' order (phones and e-mails by position, events by time,
    documents by when they were added, forms by when they were created), each row pk first."""

    dossiers: list[Row] = field(default_factory=list)
    phones: dict[int, list[Row]] = field(default_factory=dict)
    emails: dict[int, list[Row]] = field(default_factory=dict)
    events: dict[int, list[Row]] = field(default_factory=dict)
    documents: dict[int, list[Row]] = field(default_factory=dict)
    forms: dict[int, list[Row]] = field(default_factory=dict)
    # the events as JSON text instead (event_texts), when read so: `events` is then empty
    event_texts: dict[int, list[str]] | None = None


def _grouped(rows: Iterable[Row]) -> dict[int, list[Row]]:
    out: dict[int, list[Row]] = {}
    for r in rows:
        group = out.get(r[0])
        if group is None:
            out[r[0]] = [r]
        else:
            group.append(r)
    return out


def dossier_rows(session: Session, pks: Iterable[int], *, with_data: bool = True,
                 with_events: bool = True) -> Rows:
    """Everything stored of these dossiers, one query per table; documents' bytes only
    `with_data`, and their history only `with_events` (a merge compares documents without
    their bytes, and matches events by UUID alone)."""
    cur = cursor_of(session)
    listed = _listed(cur, pks)
    data = "b.data" if with_data else "x''"
    blob = " LEFT JOIN attachment_blobs b ON b.attachment_pk = a.pk" if with_data else ""
    # `at`, `added_at` and `created_at` are UTC text of one width: they sort as the times do
    return Rows(
        dossiers=cur.execute(
            f"SELECT d.pk, {_columns(DOSSIER, 'd')} FROM dossiers d "
            f"WHERE {_in(cur, 'd.pk')}", (listed,)).fetchall(),
        phones=_grouped(cur.execute(
            f"SELECT x.dossier_pk, {_columns(PHONE, 'x')} FROM phones x "
            f"WHERE {_in(cur, 'x.dossier_pk')} ORDER BY x.dossier_pk, x.position, x.pk",
            (listed,))),
        emails=_grouped(cur.execute(
            f"SELECT x.dossier_pk, {_columns(EMAIL, 'x')} FROM emails x "
            f"WHERE {_in(cur, 'x.dossier_pk')} ORDER BY x.dossier_pk, x.position, x.pk",
            (listed,))),
        events=_grouped(cur.execute(
            f"SELECT x.dossier_pk, {_columns(EVENT, 'x')} FROM contact_events x "
            f"WHERE {_in(cur, 'x.dossier_pk')} ORDER BY x.dossier_pk, x.at, x.uuid",
            (listed,))) if with_events else {},
        documents=_grouped(cur.execute(
            f"SELECT a.dossier_pk, {_columns(DOCUMENT[:-1], 'a')}, {data} "
            f"FROM attachments a{blob} WHERE {_in(cur, 'a.dossier_pk')} "
            "ORDER BY a.dossier_pk, a.added_at, a.uuid", (listed,))),
        forms=_grouped(cur.execute(
            f"SELECT x.dossier_pk, {_columns(FORM, 'x')} FROM filled_forms x "
            f"WHERE {_in(cur, 'x.dossier_pk')} ORDER BY x.dossier_pk, x.created_at, x.uuid",
            (listed,))))


_EVENT_STAMPS = ("updated_at", "at")  # UTC text, 27 characters ending in Z when stored


def event_texts(session: Session, pks: Iterable[int]) -> dict[int, list[str]] | None:
    """Each dossier's events as the JSON objects of the handover file (EVENT's columns as
    keys, in order; by time), made by SQLite: its json_object escapes text as
    json.dumps(ensure_ascii=False) does (a quote, a backslash and control characters; the
    short forms for backspace, tab, newline, form feed and return, else a 4-digit escape in
    lower-case hex), and every column of EVENT is text or NULL. None when a timestamp is
    not in its stored form: the caller writes from the rows (app/handover/rows_json.py),
    which makes it so."""
    cur = cursor_of(session)
    if _on_postgres(cur):  # SQLite's json_object: PostgreSQL's would escape otherwise
        return None
    obj = ", ".join(f"'{name}', x.{name}" for name in EVENT)
    stored = " AND ".join(f"length(x.{name}) = 27 AND substr(x.{name}, 27) = 'Z'"
                          for name in _EVENT_STAMPS)
    pks = list(pks)
    # most of the binder: the table read through once and sorted reads fewer pages than
    # each dossier's events looked up (a history is spread over the file as it was logged)
    total = cur.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    scan = "NOT INDEXED " if 2 * len(pks) >= total else ""
    out: dict[int, list[str]] = {}
    for pk, text, good in cur.execute(
            f"SELECT x.dossier_pk, json_object({obj}), {stored} FROM contact_events x {scan}"
            f"WHERE {_in(cur, 'x.dossier_pk')} ORDER BY x.dossier_pk, x.at, x.uuid",
            (_listed(cur, pks),)):
        if not good:
            return None
        group = out.get(pk)
        if group is None:
            out[pk] = [text]
        else:
            group.append(text)
    return out


def template_rows(session: Session) -> list[Row]:
    """Every form template (TEMPLATE), by name."""
    cur = cursor_of(session)
    return cur.execute(f"SELECT {_columns(TEMPLATE, 't')} FROM form_templates t "
                       "ORDER BY t.name, t.uuid").fetchall()


def template_uuids(session: Session) -> set[str]:
    """The UUIDs of every form template (a merge adds the ones the binder lacks)."""
    cur = cursor_of(session)
    return {r[0] for r in cur.execute("SELECT uuid FROM form_templates")}


def pks_by_uuid(session: Session, uuids: Iterable[str]) -> dict[str, int]:
    """The dossiers of these UUIDs that the binder has: UUID -> pk. In a team binder their
    rows are held until the merge's transaction ends (in key order: two merges take turns,
    never deadlock), so a colleague's edit cannot slip in between the plan and its write
    (SQLite's one writer holds the whole file already)."""
    cur = cursor_of(session)
    lock = " ORDER BY pk FOR UPDATE" if _on_postgres(cur) else ""
    return dict(cur.execute(f"SELECT uuid, pk FROM dossiers WHERE {_in(cur, 'uuid')}{lock}",
                            (_listed(cur, uuids),)))


def known_item_uuids(session: Session, uuids: Iterable[str]) -> set[str]:
    """Which of these UUIDs the binder has as an event, a document or a filled form (one
    pass over the list, each looked up in the three tables' UUID indexes)."""
    cur = cursor_of(session)
    each = "unnest(?::text[]) j(value)" if _on_postgres(cur) else "json_each(?) j"
    return {r[0] for r in cur.execute(
        f"SELECT j.value FROM {each} WHERE "
        "EXISTS (SELECT 1 FROM contact_events x WHERE x.uuid = j.value) "
        "OR EXISTS (SELECT 1 FROM attachments x WHERE x.uuid = j.value) "
        "OR EXISTS (SELECT 1 FROM filled_forms x WHERE x.uuid = j.value)",
        (_listed(cur, uuids),))}


def newest_bases(session: Session, uuids: Iterable[str]) -> dict[str, str]:
    """The base last recorded for each of these dossiers, as its stored JSON text."""
    cur = cursor_of(session)
    return dict(cur.execute(
        "SELECT dossier_uuid, base FROM handover_bases WHERE pk IN ("
        f"SELECT max(pk) FROM handover_bases WHERE {_in(cur, 'dossier_uuid')} "
        "GROUP BY dossier_uuid)", (_listed(cur, uuids),)))
