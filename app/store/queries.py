"""The hot read queries of the binder, in plain SQL on a sqlite3 cursor.

These run on every tab switch and keystroke, so they skip the ORM and return tuples; the
services turn them into records, passing the driver's cursor under their session
(`cursor_of`), and the command line's quick read path (app/cli_read.py) runs the same SQL on
a connection of its own. This module imports no SQLAlchemy: it is the one copy of each query.
Search reads through the binder's index instead (app/store/search.py).
"""

from __future__ import annotations

from datetime import date

from app.store.reading import Cursor

COUNTS_TABLE = "dossier_counts"  # kept by triggers (migration 0007_insert_counts)

ROW_COLUMNS = (
    "d.uuid, d.full_name, d.company, d.position, d.main_phone, d.next_contact, d.next_time, "
    "d.purpose, d.priority, d.fixed, d.archived, d.last_outcome"
)
# exactly the expression of ix_dossiers_working_order, so SQLite reads rows in index order
WORKING_ORDER = "d.next_contact, coalesce(d.next_time, '99:99'), d.priority, d.sort_name"


def counts_by_date(cur: Cursor) -> list[tuple[int, str | None, int]]:
    """(archived, next-contact date, count) for every date that has dossiers (None: undated),
    as `GROUP BY archived, next_contact` gives them, from the table the triggers keep."""
    return cur.execute(
        f"SELECT archived, nullif(day, ''), n FROM {COUNTS_TABLE} WHERE n > 0").fetchall()


def _page(limit: int | None, offset: int) -> str:
    return f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""


def rows_filed(cur: Cursor, first: date | None, last: date | None,
               undated: bool = False, limit: int | None = None, offset: int = 0) -> list[tuple]:
    """The non-archived dossiers due between two dates (inclusive), in working order."""
    where = ["d.archived = FALSE"]
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
    return cur.execute(sql, params).fetchall()


def rows_archived(cur: Cursor, limit: int | None = None, offset: int = 0) -> list[tuple]:
    """Archived dossiers, the most recently archived first."""
    return cur.execute(
        f"SELECT {ROW_COLUMNS} FROM dossiers d WHERE d.archived = TRUE "
        f"ORDER BY d.archived_at DESC{_page(limit, offset)}").fetchall()


def rows_by_id(cur: Cursor, ids: list[str]) -> list[tuple]:
    """The rows of these dossiers, by their ids (in chunks within SQLite's variable limit)."""
    found: list[tuple] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found += cur.execute(
            f"SELECT {ROW_COLUMNS} FROM dossiers d WHERE d.uuid IN "
            f"({', '.join('?' * len(chunk))})", chunk).fetchall()
    return found


def binder_settings(cur: Cursor) -> tuple | None:
    """(uuid, owner name, tab mode, horizon, daily capacity, holiday country, phone region,
    currency, recent days): the binder's settings row, read when the binder opens."""
    return cur.execute(
        "SELECT uuid, owner_name, tab_mode, horizon_months, daily_capacity, holiday_country, "
        "phone_region, currency, recent_days FROM binder_settings WHERE pk = 1").fetchone()


def counts_between(cur: Cursor, first: date, last: date) -> list[tuple[str, int]]:
    """(date, open dossiers filed on it) for the dates from `first` to `last` that have any,
    from the table the triggers keep."""
    return cur.execute(
        f"SELECT day, n FROM {COUNTS_TABLE} WHERE archived = 0 AND day BETWEEN ? AND ? "
        "AND n > 0", (first.isoformat(), last.isoformat())).fetchall()


DUE_COLUMNS = ("d.uuid, d.full_name, d.company, d.next_contact, d.next_time, d.purpose, "
               "d.fixed, d.main_phone")


def rows_due_on(cur: Cursor, day: date) -> list[tuple]:
    """(id, name, company, date, time, purpose, fixed, phone) of the open dossiers filed on
    a day, timed ones first in time order: the reminders' read."""
    return cur.execute(
        f"SELECT {DUE_COLUMNS} FROM dossiers d WHERE d.archived = FALSE AND d.next_contact = ? "
        f"ORDER BY {WORKING_ORDER}", (day.isoformat(),)).fetchall()


def overdue_count(cur: Cursor, day: date) -> int:
    """Open dossiers filed before a day, from the table the triggers keep."""
    counted = cur.execute(
        f"SELECT coalesce(sum(n), 0) FROM {COUNTS_TABLE} WHERE archived = 0 AND day <> '' "
        "AND day < ?", (day.isoformat(),)).fetchone()
    return int(counted[0])


def timed_on_days_of(cur: Cursor, ids: list[str]) -> list[tuple]:
    """The open timed dossiers (as rows_due_on) filed on the days of these open timed
    dossiers: all a double booking of one of them could be with."""
    chunk = ids[:500]
    return cur.execute(
        f"SELECT {DUE_COLUMNS} FROM dossiers d WHERE d.archived = FALSE "
        "AND d.next_time IS NOT NULL AND d.next_contact IN (SELECT next_contact "
        "FROM dossiers WHERE archived = FALSE AND "
        f"next_time IS NOT NULL AND uuid IN ({', '.join('?' * len(chunk))})) "
        f"ORDER BY {WORKING_ORDER}", chunk).fetchall()
