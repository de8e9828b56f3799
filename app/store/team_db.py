"""An open team binder: the same handle as a binder file's (app/store/binder_db.py), on a
PostgreSQL database that several people use at once.

There is no file, so no writer lock, journal mode or damage check: the server keeps writers
apart and its own data safe. The ORM writes on SQLAlchemy's pooled connections; the hot
reads run on a plain psycopg connection per thread, through a cursor that takes the store's
SQLite-style SQL and reads rows as sqlite3 does (app/store/dialect.py), so every read in
app/store/queries.py serves both kinds of binder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from app.errors import (
    BinderTooNew,
    BinderUnavailable,
    PasswordWanted,
    ReadOnlyBinder,
    RingbinderError,
)
from app.i18n import _
from app.store.binder_db import one_line
from app.store.dialect import QmarkCursor, as_sqlite_rows
from app.store.schema import SCHEMA_HEAD, SCHEMA_REVISIONS
from app.store.stamps import stamped_by
from app.team_address import as_path, shown, sqlalchemy_url

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from app.store.search import SearchIndex

MIGRATION_LOCK = 0x52424E44  # the advisory lock two first opens of one database take turns on
CONNECT_TIMEOUT_S = 10
INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for "permission denied"


@dataclass
class TeamDB:
    """A team binder: its engine and each thread's plain read connection."""

    address: str  # as given, password and all: never shown (see `location`)
    _engine: Engine
    readonly: bool = False
    on_write: Callable[[], None] | None = field(default=None, repr=False)
    damaged: str | None = None  # never: the server keeps its own data sound
    unwritable: bool = False
    created: bool = False
    now: Callable[[], datetime] | None = field(default=None, repr=False)
    team = True
    # the server out of reach (a listener, app/store/team_listen.py, says so): writes are
    # refused as a read-only binder's until it is back
    offline: bool = False
    # each thread's read connection, its generation, and its cursors not in use (a cursor
    # made for every read cost a search 0.02 ms of its 0.15)
    _readers: dict[int, tuple[Any, int, list[Any]]] = field(default_factory=dict, repr=False)
    _generation: int = field(default=0, repr=False)  # renew_readers: older ones are let go
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _trace: Callable[[str], None] | None = field(default=None, repr=False)

    @property
    def location(self) -> str:
        """Where the binder is, as the user may see it: the URL without its password."""
        return shown(self.address)

    @property
    def path(self) -> Path:
        """The binder named as a file would be (`.name` is the database, `.parent` the
        server), for what shows a binder by its name; nothing is ever made there."""
        return Path(as_path(self.address))

    @property
    def search_index(self) -> SearchIndex:
        from app.store.search import index_for

        return index_for("postgresql")

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def dsn(self) -> str:
        """The address as psycopg takes it (password and all), for the plain connections:
        key=value pairs, each quoted as libpq reads them (SQLAlchemy writes a URL's password
        back without escaping a space, and libpq refuses such a URL)."""
        from psycopg.conninfo import make_conninfo

        url = self._engine.url
        parts = {k: str(v) for k, v in
                 url.translate_connect_args(username="user", database="dbname").items()}
        for key, value in url.query.items():  # the URL's options win, as SQLAlchemy has it
            parts[key] = value if isinstance(value, str) else ",".join(value)  # hosts: a,b
        return make_conninfo("", **parts)

    def warm_up(self) -> None:
        from app.store import models  # noqa: F401

    @contextmanager
    def reader(self) -> Iterator[QmarkCursor]:
        """Plain reads on this thread's own psycopg connection: read-only, each statement
        on its own (no BEGIN and ROLLBACK around them: a strip's count or a page of a list is
        one statement, and two more round trips to the server tripled its time; a card read
        in six statements may see a colleague's change made between them, which the change's
        notification then shows whole)."""
        import psycopg

        conn, idle = self._reader()
        raw = idle.pop() if idle else conn.cursor()
        try:
            yield QmarkCursor(raw, self._trace, converted=True)
        except psycopg.OperationalError as exc:
            raw.close()
            if conn.closed:  # the server went away: this thread's next read connects again
                raise unreachable(self.location, exc, _password(self._engine.url)) from exc
            raise
        except BaseException:
            raw.close()
            raise
        idle.append(raw)  # for this thread's next read (a read within a read: another one)

    def _reader(self) -> tuple[Any, list[Any]]:
        """This thread's read connection, and its cursors not in use."""
        import psycopg

        key = threading.get_ident()
        conn, generation, idle = self._readers.get(key, (None, -1, []))
        if conn is not None and (generation != self._generation or _gone(conn)):
            conn.close()  # the server closed it, or it is from before the server was lost
            conn = None
        if conn is None:
            try:
                conn = psycopg.connect(self.dsn, connect_timeout=CONNECT_TIMEOUT_S,
                                       autocommit=True)
                conn.execute("SET default_transaction_read_only = on")
            except psycopg.Error as exc:
                raise unreachable(self.location, exc, _password(self._engine.url)) from exc
            as_sqlite_rows(conn)  # once, for every cursor of it
            idle = []
            with self._guard:
                self._readers[key] = (conn, self._generation, idle)
        return conn, idle

    def renew_readers(self) -> None:
        """Each thread's next read on a new connection (the server was lost and is back:
        an idle connection's backend may have gone with it, unnoticed until used)."""
        self._generation += 1

    def trace_reads(self, callback: Callable[[str], None] | None) -> None:
        """Every statement of the plain reads passed to `callback` (None: no more)."""
        self._trace = callback

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything in the block is committed together or not at all."""
        if self.readonly or self.offline:
            raise ReadOnlyBinder(_("This binder is open read-only."))
        if self.on_write is not None:
            self.on_write()
        from sqlalchemy.orm import Session

        with self._reachable(), stamped_by(self.now), \
                Session(self._engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        from sqlalchemy.orm import Session

        with self._reachable(), Session(self._engine, expire_on_commit=False) as session, \
                session.begin():
            yield session

    @contextmanager
    def _reachable(self) -> Iterator[None]:
        """The server lost in the middle of a read or a write: one line saying so (nothing
        was written: the transaction goes with the connection), not a traceback; the
        listener turns the window read-only until it is back."""
        from sqlalchemy.exc import InterfaceError, OperationalError

        try:
            yield
        except (OperationalError, InterfaceError) as exc:
            state = getattr(getattr(exc, "orig", None), "sqlstate", None) or ""
            if state.startswith("40"):  # a deadlock, a serialization failure: rolled back
                raise RingbinderError(_(
                    "Someone else was changing the same dossiers at that moment; nothing was "
                    "saved. Try again.")) from exc
            raise unreachable(self.location, exc, _password(self._engine.url)) from exc

    def check(self) -> str | None:
        return None

    def close(self) -> None:
        with self._guard:
            for conn, _generation, _idle in self._readers.values():
                conn.close()
            self._readers.clear()
        self._engine.dispose()

    def __enter__(self) -> TeamDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _gone(conn: Any) -> bool:
    """Whether the server has closed this idle connection (restarted, the backend killed):
    what it sent is read without waiting, twice (its last word, then the end of the
    stream), so that the next read goes to a new connection instead of failing."""
    import psycopg

    try:
        conn.pgconn.consume_input()
        conn.pgconn.consume_input()
    except psycopg.OperationalError:
        pass
    return bool(conn.closed)


MIN_SCRUBBED = 4  # a password this long or longer is never shown in a message


def unreachable(location: str, exc: BaseException, secret: str | None = None
                ) -> BinderUnavailable:
    """The server's answer in one line; never the password, which libpq may quote back
    (as typed, or percent-encoded from the URL)."""
    error = one_line(exc)
    if secret and len(secret) >= MIN_SCRUBBED:  # a shorter one would garble the words
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            error = error.replace(form, "***")
    pgconn = getattr(getattr(exc, "orig", exc), "pgconn", None)
    kind = PasswordWanted if getattr(pgconn, "needs_password", False) else BinderUnavailable
    return kind(_("The team binder {address} cannot be reached: {error}").format(
        address=location, error=error))


def open_team(address: str, *, create: bool = False, readonly: bool = False) -> TeamDB:
    """Open a team binder; a database without a binder yet is made one when `create`.

    Migrations run under an advisory lock, so two first opens at once take turns; a
    binder from a newer version is refused untouched, as a file from one is.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    from app.store import upkeep  # noqa: F401  (registers the index listener)

    location = shown(address)
    engine = create_engine(sqlalchemy_url(address), pool_pre_ping=True,
                           connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    migrating = False
    try:
        with engine.connect() as conn:
            revision = _revision(conn)
        if revision is not None and revision not in SCHEMA_REVISIONS:
            raise BinderTooNew(_(
                "The team binder {address} was written by a newer Ringbinder; it was left "
                "untouched. Update Ringbinder to open it.").format(address=location))
        created = False
        if revision != SCHEMA_HEAD:
            if revision is None and not create:
                raise BinderUnavailable(_(
                    "There is no binder in the database {address}.").format(address=location))
            if readonly:
                raise BinderUnavailable(_(
                    "The team binder {address} needs an upgrade; open it for writing first."
                ).format(address=location))
            with engine.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
                if _revision(conn) != SCHEMA_HEAD:  # not done meanwhile by another open
                    created = _revision(conn) is None
                    migrating = True
                    _migrate(conn)
    except SQLAlchemyError as exc:
        engine.dispose()
        denied = getattr(getattr(exc, "orig", None), "sqlstate", None) == INSUFFICIENT_PRIVILEGE
        if denied and migrating:  # making or upgrading the tables is their owner's work
            raise BinderUnavailable(_(
                "The team binder {address} is to be made or upgraded by the owner of its "
                "database (the manager who was given it), who opens it first; {login} "
                "cannot.").format(address=location, login=engine.url.username or "")) from exc
        if denied:
            raise BinderUnavailable(_(
                "{login} may not open the team binder {address}: its manager adds you with "
                "`ringbinder team add {login}`.").format(
                    login=engine.url.username or "", address=location)) from exc
        raise unreachable(location, exc, _password(engine.url)) from exc
    except BaseException:
        engine.dispose()
        raise
    return TeamDB(address, engine, readonly=readonly, created=created)


def _revision(conn: Any) -> str | None:
    from sqlalchemy import text

    if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def _migrate(conn: Any) -> None:
    from alembic import command
    from alembic.config import Config

    from app.store.database import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")


def _password(url: Any) -> str | None:
    """The password a URL carries, in its user part or as `?password=`."""
    given = url.query.get("password")
    return url.password or (given if isinstance(given, str) else None)
