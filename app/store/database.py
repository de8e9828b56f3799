"""Opening a binder file: WAL, foreign keys, a busy timeout, a writer lock, and migrations.

Opening an up-to-date binder never imports Alembic: the schema revision is read with one
query and compared with the revisions this version knows.  A binder from a newer version is
refused before anything is written to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from app.errors import BinderLocked, BinderTooNew, BinderUnavailable, ReadOnlyBinder
from app.i18n import _
from app.store import fts  # noqa: F401  (registers the index listener)

# Every schema revision this version can read, oldest first; the last is the head.
SCHEMA_REVISIONS = ("0001_baseline",)
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

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything in the block is committed together or not at all."""
        if self.readonly:
            raise ReadOnlyBinder(_("This binder is open read-only."))
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
    url = f"sqlite:///file:{path}?mode=ro&uri=true" if readonly else f"sqlite:///{path}"
    engine = create_engine(url, poolclass=NullPool if readonly else None)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            cur.execute("PRAGMA journal_mode = WAL")
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


def _schema_revision(engine: Engine) -> str | None:
    """The binder's revision, None for an empty database; raises if it is not a binder."""
    with engine.connect() as conn:
        tables = {r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None
        if "alembic_version" not in tables or "binder_settings" not in tables:
            raise BinderUnavailable(_("This file is not a Ringbinder binder."))
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        conn.rollback()
    if row is None:
        raise BinderUnavailable(_("This file is not a Ringbinder binder."))
    return row[0]


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


def open_binder(path: Path | str, *, create: bool = False, readonly: bool = False) -> BinderDB:
    """Open (or create) a binder.  Raises BinderUnavailable and its kinds, changing nothing."""
    path = Path(path).expanduser().absolute()
    if path.is_dir():
        raise BinderUnavailable(_("{path} is a folder, not a binder.").format(path=path))
    exists = path.exists()
    if not exists and (readonly or not create):
        raise BinderUnavailable(_("There is no binder at {path}.").format(path=path))
    if exists and not _looks_like_sqlite(path):
        raise BinderUnavailable(
            _("{path} is not a Ringbinder binder.").format(path=path))

    lock = None
    if not readonly:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BinderUnavailable(str(exc)) from exc
        lock = FileLock(str(lock_path(path)), timeout=0, is_singleton=False)
        try:
            lock.acquire()
        except Timeout:
            raise BinderLocked(_(
                "The binder {path} is already open by another Ringbinder."
            ).format(path=path)) from None
        except OSError as exc:
            raise BinderUnavailable(str(exc)) from exc

    engine = _make_engine(path, readonly)
    try:
        try:
            revision = _schema_revision(engine)
        except BinderUnavailable:
            raise
        except Exception as exc:  # sqlite3.DatabaseError: a damaged or foreign file
            raise BinderUnavailable(
                _("{path} cannot be read as a binder: {error}").format(path=path, error=exc)
            ) from exc
        if revision is not None and revision not in SCHEMA_REVISIONS:
            raise BinderTooNew(_(
                "The binder {path} was written by a newer Ringbinder; it was left untouched. "
                "Update Ringbinder to open it."
            ).format(path=path))
        if revision != SCHEMA_HEAD:
            if readonly:
                raise BinderUnavailable(_(
                    "The binder {path} needs an upgrade; open it for writing first."
                ).format(path=path))
            if revision is not None:
                _backup(engine, path, revision)
            _migrate(engine)
    except BaseException:
        engine.dispose()
        if lock is not None:
            lock.release()
        if not exists:  # a binder we were creating: leave nothing half-made behind
            for leftover in (path, path.with_name(path.name + "-wal"),
                             path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise
    return BinderDB(path, engine, readonly, lock)
