"""How the bulk writer's statements run, on a solo binder (SQLite) or a team binder
(PostgreSQL): its SQL is written once in SQLite's style (`?`) and each statement is one
executemany on the driver's own cursor, in the session's transaction — sqlite3's straight
(its fast path), psycopg's with the placeholders translated (app.store.dialect.pyformat;
psycopg 3 sends the rows of an executemany in pipeline mode). Also here: the keys new rows
are given, and the page cache a long write takes, each as that database wants it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.store.dialect import POSTGRESQL, pyformat
from app.store.driver import sqlite_of

Run = Callable[[str, list[tuple[Any, ...]]], None]  # executemany(sql, rows), some way
CACHE_MIB = 64  # the page cache while many rows are written (see roomy_cache)


def dialect_name(session: Session) -> str:
    """"sqlite" or "postgresql": the database under the session's transaction."""
    return str(session.connection().dialect.name)


def executor(session: Session) -> Run:
    """executemany of SQLite-style SQL on the driver's connection under the session's
    transaction, its failure raised as SQLAlchemy raises it. On SQLite the statements run
    as they are given: on a thread of their own they ran no sooner (a 20,000-dossier demo
    took 6.2-8.2 s that way, 6.0-6.6 s this way; a 10,000 dossier merge 7.3-7.9 s both
    ways), since SQLite takes Python's lock back after every row, and the thread that
    makes the rows holds it."""
    raw = session.connection().connection
    if dialect_name(session) == POSTGRESQL:
        return _psycopg_run(raw.driver_connection)
    conn = sqlite_of(raw)

    def run(sql: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        try:
            conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise DBAPIError.instance(sql, None, exc, sqlite3.Error,
                                      hide_parameters=True) from exc
    return run


def _psycopg_run(conn: Any) -> Run:
    """executemany on a psycopg 3 connection (its rows sent in pipeline mode)."""
    import psycopg

    cur = conn.cursor()

    def run(sql: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        statement = pyformat(sql)
        try:
            cur.executemany(statement, rows)
        except psycopg.Error as exc:
            raise DBAPIError.instance(statement, None, exc, psycopg.Error,
                                      hide_parameters=True) from exc
    return run


def new_keys(session: Session, model: type[Any], count: int) -> list[int]:
    """`count` primary keys for new rows of `model`'s table, ascending, to give in the
    INSERT (so that parts and index rows can name their dossier). On SQLite: after the
    largest, which the write transaction holds (one writer at a time). On PostgreSQL: taken
    from the table's sequence, as an ORM insert takes them, so that neither a later insert
    nor another writer at the same time gets the same key; they need not be contiguous."""
    if count <= 0:
        return []
    table = model.__table__
    (pk,) = table.primary_key.columns
    if dialect_name(session) != POSTGRESQL:
        first = (session.scalar(select(func.max(pk))) or 0) + 1
        return list(range(first, first + count))
    return sorted(session.scalars(text(
        "SELECT nextval(pg_get_serial_sequence(:table, :column)) "
        "FROM generate_series(1, :count)"),
        {"table": table.name, "column": pk.name, "count": count}))


@contextmanager
def roomy_cache(session: Session, mib: int = CACHE_MIB) -> Iterator[None]:
    """A page cache of `mib` MiB on the session's SQLite connection for the block (then as
    it was): writing 100,000 rows into tables with several indexes (a random UUID's among
    them) and the search index touches far more pages than SQLite's default 2 MiB holds,
    and each miss is read again from the file. Only pages in use take memory. Nothing on
    PostgreSQL, whose server keeps its own buffers."""
    if dialect_name(session) == POSTGRESQL:
        yield
        return
    conn = session.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    if isinstance(before, int) and -mib * 1024 < before < 0:  # a larger one is kept
        conn.exec_driver_sql(f"PRAGMA cache_size = {-int(mib) * 1024}")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size = {before}")
    else:
        yield
