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

COUNTS_TABLE = "dossier_counts"  # kept by triggers (migrations 0007 and 0012_team_users)

ROW_COLUMNS = (
    "d.uuid, d.full_name, d.company, d.position, d.main_phone, d.next_contact, d.next_time, "
    "d.purpose, d.priority, d.fixed, d.archived, d.last_outcome"
)
# exactly the expression of ix_dossiers_working_order, so SQLite reads rows in index order
WORKING_ORDER = "d.next_contact, coalesce(d.next_time, '99:99'), d.priority, d.sort_name"


def _owned(owner: int | None, column: str = "d.owner_pk") -> str:
    """The condition that keeps one person's dossiers (`owner`, a user's key), or none
    (None: everyone's, as in a solo binder)."""
    return "" if owner is None else f" AND {column} = {int(owner)}"


def counts_by_date(cur: Cursor, owner: int | None = None) -> list[tuple[int, str | None, int]]:
    """(archived, next-contact date, count) for every date that has dossiers (None: undated),
    as `GROUP BY archived, next_contact` gives them, from the table the triggers keep; of
    one person's dossiers, or everyone's."""
    if owner is not None:
        return cur.execute(
            f"SELECT archived, nullif(day, ''), n FROM {COUNTS_TABLE} "
            "WHERE owner = ? AND n > 0", (int(owner),)).fetchall()
    return cur.execute(
        f"SELECT archived, nullif(day, ''), sum(n) FROM {COUNTS_TABLE} WHERE n > 0 "
        "GROUP BY archived, day").fetchall()


def _page(limit: int | None, offset: int) -> str:
    return f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""


def rows_filed(cur: Cursor, first: date | None, last: date | None,
               undated: bool = False, limit: int | None = None, offset: int = 0,
               owner: int | None = None) -> list[tuple]:
    """The non-archived dossiers due between two dates (inclusive), in working order."""
    where = ["d.archived = FALSE" + _owned(owner)]
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


def rows_archived(cur: Cursor, limit: int | None = None, offset: int = 0,
                  owner: int | None = None) -> list[tuple]:
    """Archived dossiers, the most recently archived first."""
    return cur.execute(
        f"SELECT {ROW_COLUMNS} FROM dossiers d WHERE d.archived = TRUE{_owned(owner)} "
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


def counts_between(cur: Cursor, first: date, last: date,
                   owner: int | None = None) -> list[tuple[str, int]]:
    """(date, open dossiers filed on it) for the dates from `first` to `last` that have any,
    from the table the triggers keep; of one person's dossiers, or everyone's."""
    return cur.execute(
        f"SELECT day, sum(n) FROM {COUNTS_TABLE} WHERE archived = 0 AND day BETWEEN ? AND ? "
        f"AND n > 0{_owned(owner, 'owner')} GROUP BY day",
        (first.isoformat(), last.isoformat())).fetchall()


def counts_by_owner(cur: Cursor, first: date, last: date) -> list[tuple[int, str, int]]:
    """(owner's key, 0 for no one's; date; open dossiers) for the dates from `first` to
    `last`: each person's load by day, as a manager sees it."""
    return cur.execute(
        f"SELECT owner, day, n FROM {COUNTS_TABLE} WHERE archived = 0 AND day BETWEEN ? AND ? "
        "AND n > 0 ORDER BY owner, day", (first.isoformat(), last.isoformat())).fetchall()


DUE_COLUMNS = ("d.uuid, d.full_name, d.company, d.next_contact, d.next_time, d.purpose, "
               "d.fixed, d.main_phone")


def rows_due_on(cur: Cursor, day: date, owner: int | None = None) -> list[tuple]:
    """(id, name, company, date, time, purpose, fixed, phone) of the open dossiers filed on
    a day, timed ones first in time order: the reminders' read."""
    return cur.execute(
        f"SELECT {DUE_COLUMNS} FROM dossiers d WHERE d.archived = FALSE AND d.next_contact = ?"
        f"{_owned(owner)} ORDER BY {WORKING_ORDER}", (day.isoformat(),)).fetchall()


def overdue_count(cur: Cursor, day: date, owner: int | None = None) -> int:
    """Open dossiers filed before a day, from the table the triggers keep."""
    counted = cur.execute(
        f"SELECT coalesce(sum(n), 0) FROM {COUNTS_TABLE} WHERE archived = 0 AND day <> '' "
        f"AND day < ?{_owned(owner, 'owner')}", (day.isoformat(),)).fetchone()
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
