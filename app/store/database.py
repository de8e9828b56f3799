"""Opening a binder file: WAL, foreign keys, a busy timeout, a writer lock, and migrations.

A binder that cannot be written opens read-only (see readonly.py); one opened for writing is
checked first and a damaged one opens read-only with `damaged` set (see damage.py).  The
window opens with `check=False` and runs the same check off the GUI thread (`BinderDB.check`);
a binder with a migration due is always checked first, as a damaged binder is never migrated.

Opening an up-to-date binder never imports Alembic: the schema revision is read with one
query and compared with the revisions this version knows.  A binder from a newer version is
refused before anything is written to it.

Opening an up-to-date binder for writing without the check (the window) does not import
SQLAlchemy either: the engine is made on the first write or ORM read (or by `warm_up`, off
the GUI thread, once the window is shown), and the hot reads run on plain sqlite3
connections of their own (`reader`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import (
    BinderDamaged,
    BinderLocked,
    BinderNeedsUpgrade,
    BinderReadOnlyMedia,
    BinderTooNew,
    BinderUnavailable,
    RingbinderError,
)
from app.i18n import _
from app.store.binder_db import BinderDB, make_engine, one_line
from app.store.damage import (
    damaged_error,
    is_damage,
    quick_check,
)
from app.store.driver import sqlite_of
from app.store.readonly import (
    folder_unwritable,
    is_readonly_error,
    readonly_media_message,
    writable,
)

# the revisions this version reads and the header of a binder (named here as before)
from app.store.schema import (
    BUSY_TIMEOUT_MS,
    SCHEMA_HEAD,
    SCHEMA_REVISIONS,
    SQLITE_MAGIC,
    readonly_uri,
)
from app.team_address import is_team_address

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.store.team_db import TeamDB

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# PRAGMA application_id of the files we create: a zero-table SQLite file with it is a binder
# whose creation was cut short; one without it belongs to another application.
APPLICATION_ID = 0x52424E44  # "RBND"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _unreadable(path: Path, exc: BaseException) -> BinderUnavailable:
    """What a file SQLite cannot read as a binder is, said in one line."""
    if is_damage(exc):
        return BinderDamaged(_("{path} cannot be read as a binder: {error}").format(
            path=path, error=one_line(exc)))
    if is_readonly_error(exc):
        return BinderReadOnlyMedia(readonly_media_message(path))
    return BinderUnavailable(_("{path} cannot be read as a binder: {error}").format(
        path=path, error=one_line(exc)))


def _revision_on(conn: sqlite3.Connection, path: Path) -> str | None:
    """The binder's revision, None for a binder still to be made; raises if it is not one.

    A database without tables is ours to make only when we created it (our application_id:
    a creation cut short); an empty database of another application is left alone.
    """
    not_binder = BinderUnavailable(_("{path} is not a Ringbinder binder.").format(path=path))
    try:
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if app_id == APPLICATION_ID or path.stat().st_size == 0:
                return None
            raise BinderUnavailable(_(
                "{path} is an empty database of another application, not a Ringbinder "
                "binder; it was left untouched.").format(path=path))
        if "alembic_version" not in tables or "binder_settings" not in tables:
            raise not_binder
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:  # a damaged or foreign file
        raise _unreadable(path, exc) from exc
    if row is None:
        raise not_binder
    return str(row[0])


def _plain_revision(path: Path) -> str | None:
    """The revision read on a read-only sqlite3 connection of its own: the look at a file
    before it is locked, without SQLAlchemy."""
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise _unreadable(path, exc) from exc
    try:
        return _revision_on(conn, path)
    finally:
        conn.close()


def _ready(path: Path) -> bool:
    """Whether a binder (locked by us) is at this version's schema and in WAL already: then
    opening it for writing, unchecked, changes nothing and needs no engine yet."""
    try:
        conn = sqlite3.connect(path.as_uri() + "?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        wal = conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return wal and row is not None and row[0] == SCHEMA_HEAD
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _schema_revision(engine: Engine, path: Path) -> str | None:
    """The revision read on one of the engine's own connections (outside any transaction)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        raw = engine.raw_connection()
    except SQLAlchemyError as exc:
        raise _unreadable(path, exc) from exc
    try:
        return _revision_on(sqlite_of(raw), path)
    finally:
        raw.close()


def _use_wal(engine: Engine, new: bool) -> None:
    """Switch the file to WAL (persistent; a no-op when it already is), outside a transaction.

    A new file is stamped with our application_id first, so that a creation cut short is
    told apart from another application's empty database.
    """
    raw = engine.raw_connection()
    try:
        if new:
            sqlite_of(raw).execute(f"PRAGMA application_id = {APPLICATION_ID}")
        sqlite_of(raw).execute("PRAGMA journal_mode = WAL")
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
            sqlite_of(raw).backup(dest)
        dest.close()
    finally:
        raw.close()
    return target


def _needs_upgrade(path: Path) -> BinderNeedsUpgrade:
    return BinderNeedsUpgrade(_("The binder {path} needs an upgrade; open it for writing first."
                                ).format(path=path))


def _refuse_unreadable(path: Path, revision: str | None) -> None:
    if revision is not None and revision not in SCHEMA_REVISIONS:
        raise BinderTooNew(_(
            "The binder {path} was written by a newer Ringbinder; it was left untouched. "
            "Update Ringbinder to open it."
        ).format(path=path))


def creating_marker(path: Path) -> Path:
    """Made before a new binder's file and removed once it is a binder: an empty file with it
    beside is a creation cut short (SQLite makes the file a moment before its first write);
    an empty file without it (a binder truncated by accident, someone's file) is never
    taken over."""
    return path.with_name(path.name + ".creating")


def remove_new_binder(path: Path) -> None:
    """Leave nothing of a binder whose creation failed (or whose filling did: a pull)."""
    for leftover in (path, path.with_name(path.name + "-wal"),
                     path.with_name(path.name + "-shm"), lock_path(path),
                     creating_marker(path)):
        leftover.unlink(missing_ok=True)


def open_binder(path: Path | str, *, create: bool = False, readonly: bool = False,
                check: bool = True) -> BinderDB | TeamDB:
    """Open (or create) a binder.  Raises BinderUnavailable and its kinds, changing nothing.

    An existing file is first looked at read-only, so a foreign or too-new file is refused
    before a lock file or a journal is made beside it.  Opened for writing, it is checked
    (quick_check) and a damaged one opens read-only with `damaged` set; `check=False` leaves
    that to the caller (`BinderDB.check`, off the GUI thread), except before a migration.
    """
    if is_team_address(path):  # a PostgreSQL URL: a team binder (app/store/team_db.py)
        from app.store.team_db import open_team

        return open_team(str(path), create=create, readonly=readonly)
    path = Path(path).expanduser().absolute()
    refuse_a_file_as_folder(path)
    if path.is_dir():
        raise BinderUnavailable(_("{path} is a folder, not a binder.").format(path=path))
    exists = path.exists()
    if not exists and (readonly or not create):
        raise BinderUnavailable(_("There is no binder at {path}.").format(path=path))
    if exists and path.is_file() and path.stat().st_size == 0:
        # SQLite makes the file a moment before its first write: a creation killed then
        # leaves it empty beside our lock file; any other empty file is not ours to take over
        if not (create and not readonly and creating_marker(path).exists()):
            raise BinderUnavailable(_("{path} is an empty file; it is not a Ringbinder binder."
                                      ).format(path=path))
        exists = False
    if exists:
        if not _looks_like_sqlite(path):
            raise BinderUnavailable(_("{path} is not a Ringbinder binder.").format(path=path))
        side = [path.with_name(path.name + end) for end in ("-wal", "-shm")]
        had = [f.exists() for f in side]
        try:
            revision = _plain_revision(path)
            _refuse_unreadable(path, revision)
        except BinderUnavailable:
            # the side files our look made: an empty journal and the shared-memory index
            wal, shm = side
            if not had[0] and wal.exists() and wal.stat().st_size == 0:
                wal.unlink(missing_ok=True)
            if not had[1] and not wal.exists() and shm.exists():
                shm.unlink(missing_ok=True)
            raise
        if readonly:  # its engine when first needed, as for an up-to-date writable one
            if revision != SCHEMA_HEAD:
                raise _needs_upgrade(path)
            return BinderDB(path, None, readonly=True, unwritable=not writable(path))
        if not writable(path):
            raise BinderReadOnlyMedia(readonly_media_message(path))
    elif path.parent.is_dir() and not os.access(path.parent, os.W_OK):
        raise folder_unwritable(path)

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BinderUnavailable(one_line(exc)) from exc
    from filelock import FileLock, Timeout  # here: a read (the look above) needs no lock, and
    # its import is 45 ms of a command's start

    lock = FileLock(str(lock_path(path)), timeout=0, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        raise BinderLocked(_(
            "The binder {path} is already open by another Ringbinder."
        ).format(path=path)) from None
    except OSError as exc:
        if is_readonly_error(exc):
            raise (BinderReadOnlyMedia(readonly_media_message(path)) if exists
                   else folder_unwritable(path)) from exc
        raise BinderUnavailable(one_line(exc)) from exc
    try:
        if not exists:
            creating_marker(path).touch()
        # an up-to-date binder opened unchecked: its engine when first needed
        engine = None if exists and not check and _ready(path) else _opened(
            path, readonly=False, check=check)
    except BinderDamaged as exc:
        lock.release()
        return _damaged_view(path, exc)
    except BaseException:
        lock.release()
        if not exists:
            remove_new_binder(path)
        raise
    if not exists:
        creating_marker(path).unlink(missing_ok=True)
    return BinderDB(path, engine, False, lock, created=not exists)


def open_damaged(path: Path | str, detail: str) -> BinderDB:
    """A binder found damaged by `BinderDB.check` (SQLite's complaint in `detail`), open in
    the same read-only view as one found damaged at its open."""
    path = Path(path).expanduser().absolute()
    return _damaged_view(path, damaged_error(path, detail))


def _damaged_view(path: Path, damage: BinderDamaged) -> BinderDB:
    """A damaged binder, read-only as far as SQLite can read it; else the damage is raised."""
    try:
        engine = _opened(path, readonly=True)
    except RingbinderError:
        raise damage from None
    return BinderDB(path, engine, readonly=True, damaged=damage.detail or str(damage),
                    unwritable=not writable(path))


def refuse_a_file_as_folder(path: Path) -> None:
    """A binder path under a file (notes.txt/b.rbinder): say so, not `[Errno 17]`."""
    for parent in path.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise BinderUnavailable(_("{parent} is a file, not a folder; a binder cannot "
                                          "be kept inside it.").format(parent=parent))
            return


def _opened(path: Path, readonly: bool, check: bool = True) -> Engine:
    """An engine on a binder of a known revision, migrated to head when writable; checked
    first when `check` or a migration is due."""
    from sqlalchemy.exc import SQLAlchemyError

    engine = make_engine(path, readonly)
    try:
        revision = _schema_revision(engine, path)  # again: it may have changed meanwhile
        _refuse_unreadable(path, revision)
        if readonly:
            if revision != SCHEMA_HEAD:
                raise _needs_upgrade(path)
            return engine
        # a damaged binder is neither changed nor migrated
        if revision is not None and (check or revision != SCHEMA_HEAD):
            damage = quick_check(engine)
            if damage is not None:
                raise damaged_error(path, damage)
        _use_wal(engine, new=revision is None)
        if revision != SCHEMA_HEAD:
            if revision is not None:
                _backup(engine, path, revision)
            _migrate(engine)
    except RingbinderError:
        engine.dispose()
        raise
    except (sqlite3.Error, SQLAlchemyError, OSError) as exc:
        engine.dispose()
        if is_readonly_error(exc) and path.exists() and not writable(path):
            raise BinderReadOnlyMedia(readonly_media_message(path)) from exc
        if is_damage(exc):
            raise damaged_error(path, one_line(exc)) from exc
        raise BinderUnavailable(_("{path} cannot be used as a binder: {error}").format(
            path=path, error=one_line(exc))) from exc
    except BaseException:
        engine.dispose()
        raise
    return engine
