"""An open binder (BinderDB): its writer lock, its engine made on first use, the
transactions the services write and read in, and the plain sqlite3 connections of the hot
reads (`reader`).  Opening one, with its checks and migrations, is app/store/database.py."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import BinderDamaged, ReadOnlyBinder
from app.i18n import _
from app.store.damage import check_read_only, damaged_message, is_damage
from app.store.driver import sqlite_of
from app.store.readonly import readonly_media_message
from app.store.schema import BUSY_TIMEOUT_MS, readonly_uri
from app.store.stamps import stamped_by

if TYPE_CHECKING:
    from datetime import datetime

    from filelock import FileLock
    from sqlalchemy import Connection, Engine
    from sqlalchemy.orm import Session

    from app.store.search import SearchIndex


def _driver_errors() -> tuple[type[BaseException], ...]:
    """The errors a damaged page raises: sqlite3's, and SQLAlchemy's once it is loaded."""
    sa = sys.modules.get("sqlalchemy.exc")
    return (sqlite3.DatabaseError,) + ((sa.SQLAlchemyError,) if sa is not None else ())


@dataclass
class BinderDB:
    """An open binder: the engine (made on first use) and, when writable, the lock that keeps
    other writers out."""

    path: Path
    _engine: Engine | None
    readonly: bool
    _lock: FileLock | None = field(default=None, repr=False)
    # called before each write transaction (the services make the day's backup there)
    on_write: Callable[[], None] | None = field(default=None, repr=False)
    # the first message of SQLite's check when the binder was found damaged (then readonly)
    damaged: str | None = None
    # the file or its folder cannot be written: why this binder is read-only
    unwritable: bool = False
    # made by this open (its settings are still the defaults)
    created: bool = False
    # held while the check marks the day and while closing: no mark after the lock is gone
    _closing: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # the engine made once, whichever thread asks first
    _making: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # each thread's plain read connection (see `reader`)
    _readers: dict[int, sqlite3.Connection] = field(default_factory=dict, repr=False)
    _trace: Callable[[str], None] | None = field(default=None, repr=False)
    # the services' clock: what every stamp written in write() is dated by
    now: Callable[[], datetime] | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)
    team = False  # a file: one person's (app/store/team_db.py has the team's binder)

    @property
    def location(self) -> str:
        """Where the binder is, as the user may see it."""
        return str(self.path)

    @property
    def search_index(self) -> SearchIndex:
        from app.store.search import INDEX

        return INDEX

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine on the binder, made (and SQLAlchemy imported) on first use."""
        engine = self._engine
        if engine is None:
            with self._making:
                if self._engine is None:
                    self._engine = make_engine(self.path, self.readonly)
                engine = self._engine
        return engine

    def warm_up(self) -> None:
        """Make the engine and load the ORM now (a window calls it off the GUI thread once
        it is shown): the first write then costs only itself."""
        from app.store import models  # noqa: F401

        with self._closing:
            if self._closed:
                return
        self.engine  # noqa: B018  (made here, not on the first write)

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Cursor]:
        """One read transaction on this thread's plain sqlite3 connection (query-only, no ORM):
        the strip, the lists, search, the settings and the card are read this way."""
        conn = self._reader()
        with self._damage_reported():
            conn.execute("BEGIN")
            cur = conn.cursor()
            try:
                yield cur
            finally:
                cur.close()
                if conn.in_transaction:
                    conn.execute("COMMIT")

    def _reader(self) -> sqlite3.Connection:
        key = threading.get_ident()
        conn = self._readers.get(key)
        if conn is None:
            uri = readonly_uri(self.path) if self.readonly else self.path.as_uri() + "?mode=rw"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = ON")
            conn.set_trace_callback(self._trace)
            with self._closing:
                self._readers[key] = conn
        return conn

    def trace_reads(self, callback: Callable[[str], None] | None) -> None:
        """SQLite's trace of every statement of the plain reads (None: no more): what the
        query-count tests see of them."""
        self._trace = callback
        with self._closing:
            for conn in self._readers.values():
                conn.set_trace_callback(callback)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything in the block is committed together or not at all."""
        if self.readonly:
            if self.damaged is not None:
                raise ReadOnlyBinder(damaged_message(self.path, self.damaged))
            if self.unwritable:
                raise ReadOnlyBinder(readonly_media_message(self.path))
            raise ReadOnlyBinder(_("This binder is open read-only."))
        if self.on_write is not None:
            self.on_write()
        from sqlalchemy.orm import Session

        with stamped_by(self.now), self._damage_reported(), \
                Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        from sqlalchemy.orm import Session

        with self._damage_reported(), Session(self.engine, expire_on_commit=False) as session, \
                session.begin():
            yield session

    @contextmanager
    def _damage_reported(self) -> Iterator[None]:
        """A damaged page met while working: one line naming the damage, not a traceback."""
        try:
            yield
        except _driver_errors() as exc:
            if not is_damage(exc):
                raise
            raise BinderDamaged(_(
                "The binder {path} is damaged ({detail}); this part of it cannot be read. "
                "Restore a backup: ringbinder backup list, then ringbinder backup restore FILE."
            ).format(path=self.path, detail=one_line(exc))) from exc

    def check(self) -> str | None:
        """SQLite's quick_check, as at an open for writing, safe to run off the GUI thread.

        None when the binder is sound (or the check is not due today, see
        damage.CHECK_EVERY_OPEN_PAGES), else SQLite's first complaint.  The pages are read on a
        connection of their own, read-only; only the day's mark of a large binder is written,
        through this binder's writable engine (and not once it is closed).  A binder open
        read-only is not checked: its `damaged` is returned.
        """
        if self.readonly:
            return self.damaged
        damage, mark = check_read_only(self.path, BUSY_TIMEOUT_MS)
        if mark is not None:
            with self._closing:
                if self._lock is not None:  # still open for writing
                    raw = self.engine.raw_connection()
                    try:
                        sqlite_of(raw).execute(f"PRAGMA user_version = {mark}")
                    finally:
                        raw.close()
        return damage

    def close(self) -> None:
        with self._closing:
            self._closed = True
            if self._engine is not None:
                self._engine.dispose()
            for conn in self._readers.values():
                conn.close()
            self._readers.clear()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> BinderDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_engine(path: Path, readonly: bool) -> Engine:
    from sqlalchemy import URL, create_engine, event
    from sqlalchemy.pool import NullPool

    from app.store import upkeep  # noqa: F401  (registers the index listener)

    # URL.create keeps the path as it is, and the read-only URI escapes it: a name with '?',
    # '#' or '%' must not be read as a query, a fragment or an escape (another file)
    if readonly:  # the URI as it is: SQLAlchemy hands the database to sqlite3 with uri=True
        url = URL.create("sqlite", database=readonly_uri(path), query={"uri": "true"})
    else:
        url = URL.create("sqlite", database=str(path))
    engine = create_engine(url, poolclass=NullPool if readonly else None)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not readonly:  # WAL is set once the file is known to be a binder (_use_wal)
            cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front, so a transaction never fails half-way
        # on SQLITE_BUSY when it upgrades from reading to writing.
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def one_line(exc: BaseException) -> str:
    """The driver's own message, without SQLAlchemy's statement and help link."""
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]
