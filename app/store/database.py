"""Opening a binder file: WAL, foreign keys, a busy timeout, a writer lock, and migrations.

Opening an up-to-date binder never imports Alembic: the schema revision is read with one
query and compared with the revisions this version knows.  A binder from a newer version is
refused before anything is written to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from filelock import FileLock, Timeout
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.errors import (
    BinderLocked,
    BinderNeedsUpgrade,
    BinderTooNew,
    BinderUnavailable,
    ReadOnlyBinder,
    RingbinderError,
)
from app.i18n import _
from app.store import fts  # noqa: F401  (registers the index listener)

# Every schema revision this version can read, oldest first; the last is the head.
SCHEMA_REVISIONS = ("0001_baseline", "0002_list_order", "0003_handover_bases",
                    "0004_handover_log", "0005_safe_document_names")
SCHEMA_HEAD = SCHEMA_REVISIONS[-1]
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@dataclass
class BinderDB:
    """An open binder: the engine and, when writable, the lock that keeps other writers out."""

    path: Path
    engine: Engine
    readonly: bool
    _lock: FileLock | None = field(default=None, repr=False)
    # called before each write transaction (the services make the day's backup there)
    on_write: Callable[[], None] | None = field(default=None, repr=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything in the block is committed together or not at all."""
        if self.readonly:
            raise ReadOnlyBinder(_("This binder is open read-only."))
        if self.on_write is not None:
            self.on_write()
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> BinderDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _make_engine(path: Path, readonly: bool) -> Engine:
    # URL.create keeps the path as it is, and the read-only URI escapes it: a name with '?',
    # '#' or '%' must not be read as a query, a fragment or an escape (another file)
    if readonly:
        uri_path = quote(str(path), safe="/:\\")  # drive letters and separators stay as they are
        url = URL.create("sqlite", database=f"file:{uri_path}",
                         query={"mode": "ro", "uri": "true"})
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
    def _on_begin(conn: object) -> None:
        # IMMEDIATE takes the write lock up front, so a transaction never fails half-way
        # on SQLITE_BUSY when it upgrades from reading to writing.
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")  # type: ignore[attr-defined]

    return engine


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _schema_revision(engine: Engine, path: Path) -> str | None:
    """The binder's revision, None for an empty database; raises if it is not a binder."""
    not_binder = BinderUnavailable(_("{path} is not a Ringbinder binder.").format(path=path))
    try:
        with engine.connect() as conn:
            tables = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return None
            if "alembic_version" not in tables or "binder_settings" not in tables:
                raise not_binder
            row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            conn.rollback()
    except SQLAlchemyError as exc:  # a damaged or foreign file
        raise BinderUnavailable(_("{path} cannot be read as a binder: {error}").format(
            path=path, error=_one_line(exc))) from exc
    if row is None:
        raise not_binder
    return row[0]


def _use_wal(engine: Engine) -> None:
    """Switch the file to WAL (persistent; a no-op when it already is), outside a transaction."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA journal_mode = WAL")  # type: ignore[union-attr]
    finally:
        raw.close()


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _backup(engine: Engine, path: Path, revision: str) -> Path:
    """A copy of the binder before a migration changes it (SQLite's online backup API)."""
    target = path.with_name(f"{path.name}.before-{SCHEMA_HEAD}-from-{revision}.bak")
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(target)
        with dest:
            raw.driver_connection.backup(dest)  # type: ignore[union-attr]
        dest.close()
    finally:
        raw.close()
    return target


def _refuse_unreadable(path: Path, revision: str | None) -> None:
    if revision is not None and revision not in SCHEMA_REVISIONS:
        raise BinderTooNew(_(
            "The binder {path} was written by a newer Ringbinder; it was left untouched. "
            "Update Ringbinder to open it."
        ).format(path=path))


def _one_line(exc: BaseException) -> str:
    """The driver's own message, without SQLAlchemy's statement and help link."""
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]


def _cleanup_new(path: Path) -> None:
    """Leave nothing of a binder whose creation failed."""
    for leftover in (path, path.with_name(path.name + "-wal"),
                     path.with_name(path.name + "-shm"), lock_path(path)):
        leftover.unlink(missing_ok=True)


def open_binder(path: Path | str, *, create: bool = False, readonly: bool = False) -> BinderDB:
    """Open (or create) a binder.  Raises BinderUnavailable and its kinds, changing nothing.

    An existing file is first looked at read-only, so a foreign or too-new file is refused
    before a lock file or a journal is made beside it.
    """
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise BinderUnavailable(_("{path} is a folder, not a binder.").format(path=path))
    exists = path.exists()
    if not exists and (readonly or not create):
        raise BinderUnavailable(_("There is no binder at {path}.").format(path=path))
    if exists:
        if not _looks_like_sqlite(path):
            raise BinderUnavailable(_("{path} is not a Ringbinder binder.").format(path=path))
        side = [path.with_name(path.name + end) for end in ("-wal", "-shm")]
        had = [f.exists() for f in side]
        peek = _make_engine(path, readonly=True)
        try:
            _refuse_unreadable(path, _schema_revision(peek, path))
        except BinderUnavailable:
            peek.dispose()
            # the side files our look made: an empty journal and the shared-memory index
            wal, shm = side
            if not had[0] and wal.exists() and wal.stat().st_size == 0:
                wal.unlink(missing_ok=True)
            if not had[1] and not wal.exists():
                shm.unlink(missing_ok=True)
            raise
        peek.dispose()
        if readonly:
            return BinderDB(path, _opened(path, readonly=True), readonly=True)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BinderUnavailable(_one_line(exc)) from exc
    lock = FileLock(str(lock_path(path)), timeout=0, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        raise BinderLocked(_(
            "The binder {path} is already open by another Ringbinder."
        ).format(path=path)) from None
    except OSError as exc:
        raise BinderUnavailable(_one_line(exc)) from exc
    try:
        engine = _opened(path, readonly=False)
    except BaseException:
        lock.release()
        if not exists:
            _cleanup_new(path)
        raise
    return BinderDB(path, engine, False, lock)


def _opened(path: Path, readonly: bool) -> Engine:
    """An engine on a binder of a known revision, migrated to head when writable."""
    engine = _make_engine(path, readonly)
    try:
        revision = _schema_revision(engine, path)  # again: it may have changed meanwhile
        _refuse_unreadable(path, revision)
        if readonly:
            if revision != SCHEMA_HEAD:
                raise BinderNeedsUpgrade(_(
                    "The binder {path} needs an upgrade; open it for writing first."
                ).format(path=path))
            return engine
        _use_wal(engine)
        if revision != SCHEMA_HEAD:
            if revision is not None:
                _backup(engine, path, revision)
            _migrate(engine)
    except RingbinderError:
        engine.dispose()
        raise
    except (sqlite3.Error, SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise BinderUnavailable(_("{path} cannot be used as a binder: {error}").format(
            path=path, error=_one_line(exc))) from exc
    except BaseException:
        engine.dispose()
        raise
    return engine
