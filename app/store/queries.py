"""The hot read queries of the binder, in plain SQL on the driver's cursor.

These run on every tab switch and keystroke, so they skip the ORM and return tuples; the
services turn them into records.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from sqlalchemy.orm import Session

from app.store.driver import sqlite_of
from app.store.fts import FTS_TABLE

ROW_COLUMNS = (
    "d.uuid, d.full_name, d.company, d.position, d.main_phone, d.next_contact, d.next_time, "
    "d.purpose, d.priority, d.fixed, d.archived, d.last_outcome"
)
# exactly the expression of ix_dossiers_working_order, so SQLite reads rows in index order
WORKING_ORDER = "d.next_contact, coalesce(d.next_time, '99:99'), d.priority, d.sort_name"


def _cursor(session: Session) -> sqlite3.Cursor:
    return sqlite_of(session.connection().connection).cursor()


def counts_by_date(session: Session) -> list[tuple[int, str | None, int]]:
    """(archived, next-contact date, count) for every date that has dossiers."""
    return _cursor(session).execute(
        "SELECT archived, next_contact, count(*) FROM dossiers "
        "GROUP BY archived, next_contact").fetchall()


def _page(limit: int | None, offset: int) -> str:
    return f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""


def rows_filed(session: Session, first: date | None, last: date | None,
               undated: bool = False, limit: int | None = None, offset: int = 0) -> list[tuple]:
    """The non-archived dossiers due between two dates (inclusive), in working order."""
    where = ["d.archived = 0"]
    params: list[str] = []
    if undated:
        where.append("d.next_contact IS NULL")
    else:
        where.append("d.next_contact IS NOT NULL")
        if first is not None:
            where.append("d.next_contact >= ?")
            params.append(first.isoformat())
        if last is not None:
            where.append("d.next_contact <= ?")
            params.append(last.isoformat())
    sql = (f"SELECT {ROW_COLUMNS} FROM dossiers d WHERE {' AND '.join(where)} "
           f"ORDER BY {WORKING_ORDER}{_page(limit, offset)}")
    return _cursor(session).execute(sql, params).fetchall()


def rows_archived(session: Session, limit: int | None = None, offset: int = 0) -> list[tuple]:
    """Archived dossiers, the most recently archived first."""
    return _cursor(session).execute(
        f"SELECT {ROW_COLUMNS} FROM dossiers d WHERE d.archived = 1 "
        f"ORDER BY d.archived_at DESC{_page(limit, offset)}").fetchall()


def rows_matching(session: Session, match: str, limit: int, ranked: bool = True) -> list[tuple]:
    """Dossiers whose index row matches an FTS5 query, best match first; unranked (by name)
    for queries so short that ranking every match would cost more than it tells."""
    if ranked:
        inner, order = "rowid, rank", "f.rank"
        ranking = "ORDER BY rank "
    else:
        inner, order, ranking = "rowid", "d.sort_name", ""
    return _cursor(session).execute(
        f"SELECT {ROW_COLUMNS} FROM (SELECT {inner} FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH ? {ranking}LIMIT ?) f "
        f"JOIN dossiers d ON d.pk = f.rowid ORDER BY {order}", (match, limit)).fetchall()
