"""The sqlite3 connection under SQLAlchemy's pooled one: the store talks to the driver itself
for pragmas, backups, the damage check and reads of hundreds of thousands of plain rows."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from app.store.dialect import QmarkCursor
from app.store.reading import Cursor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
    from sqlalchemy.pool import PoolProxiedConnection


def sqlite_of(raw: PoolProxiedConnection) -> sqlite3.Connection:
    """The pysqlite connection of an open pooled connection (SQLAlchemy types it as any
    driver's, or None once the pooled one is closed)."""
    conn = raw.driver_connection
    assert isinstance(conn, sqlite3.Connection)  # the only driver a binder is opened with
    return conn


def cursor_of(session: Session) -> Cursor:
    """A cursor of the driver's connection under a session's transaction: the plain-SQL
    reads of app.store.queries run on it, inside that transaction (on PostgreSQL a
    QmarkCursor, reading rows as sqlite3 does)."""
    conn = session.connection().connection.driver_connection
    if isinstance(conn, sqlite3.Connection):
        return conn.cursor()
    assert conn is not None  # the session's connection is open
    return QmarkCursor(conn.cursor())
