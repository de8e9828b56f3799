"""The store's plain SQL is written once, in SQLite's style (`?` placeholders), and run on
either database: on PostgreSQL (a team binder) the placeholders become psycopg's `%s`, and
the cursors of the plain reads give back what sqlite3's give (dates as ISO text, booleans
as 0/1, JSON as its text), so every read has one copy and one reading of its rows.

This module imports neither SQLAlchemy nor psycopg: the command line's quick reads load it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

# a quoted literal or identifier (left as it is), a placeholder, or a percent sign
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


@lru_cache(maxsize=1024)
def pyformat(sql: str) -> str:
    """SQLite-style SQL in psycopg's style: each `?` outside quotes becomes `%s`, and each
    `%` (a LIKE pattern, the modulo operator) is doubled, as psycopg reads `%` everywhere
    once parameters are given."""

    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        return token.replace("%", "%%")

    return _TOKEN.sub(swap, sql)


def run(conn: Connection, sql: str, params: Any = None) -> Any:
    """exec_driver_sql of SQLite-style SQL on either database: `params` one tuple, or a
    list of tuples for an executemany."""
    if conn.dialect.paramstyle != "qmark":  # psycopg reads `%` even without parameters
        sql = pyformat(sql)
    if params is None:
        return conn.exec_driver_sql(sql)
    return conn.exec_driver_sql(sql, params)


class QmarkCursor:
    """A psycopg cursor that takes SQLite-style SQL and gives rows as sqlite3 gives them
    (see `as_sqlite_rows`): what the plain reads run on in a team binder."""

    def __init__(self, cursor: Any, trace: Callable[[str], None] | None = None,
                 converted: bool = False) -> None:
        self._cursor = cursor
        self._trace = trace
        if not converted:  # its connection's cursors are not all made so (see as_sqlite_rows)
            as_sqlite_rows(cursor)

    def execute(self, sql: str, parameters: Sequence[Any] | None = None, /) -> QmarkCursor:
        if self._trace is not None:
            self._trace(sql)
        if parameters is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(pyformat(sql), parameters)
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]], /) -> QmarkCursor:
        self._cursor.executemany(pyformat(sql), rows)
        return self

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())

    def fetchmany(self, size: int = 1) -> list[Any]:
        return list(self._cursor.fetchmany(size))

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._cursor)

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    def close(self) -> None:
        self._cursor.close()


def as_sqlite_rows(cursor: Any) -> None:
    """Make a psycopg cursor (or every cursor of a connection) load dates and JSON as
    their text and booleans as 0/1, as sqlite3 reads a binder's columns (the ORM's
    connections keep psycopg's own types)."""
    from psycopg.types.string import TextLoader

    for name in ("date", "json", "jsonb"):
        cursor.adapters.register_loader(name, TextLoader)
    cursor.adapters.register_loader("bool", _int_bool())


@lru_cache(maxsize=1)
def _int_bool() -> type:
    """psycopg's loader of a boolean as 0/1 (made once: psycopg imported when first used)."""
    from psycopg.adapt import Loader

    class IntBool(Loader):
        def load(self, data: Any) -> int:
            return 1 if bytes(data) == b"t" else 0

    return IntBool
