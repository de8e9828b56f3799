"""Daily copies of a binder, made with SQLite's online backup API, and putting one back.

A copy is only worth keeping if it is good: the binder is fully checked (`PRAGMA
integrity_check`) before it is copied, and the copy is checked before it is kept, so damage is
never spread into the copies.  A copy is written under a temporary name and renamed when
complete and checked, so it is whole or absent; it is a single file (rollback journal, not WAL)
that opens read-only without side files.  The day's copy is due when the newest copy is from an
earlier local day, read from the copies' names: no state is kept beside them.  Kept: the
newest copy of each of the last 7 days that have copies, and of each of the 4 ISO weeks before
those.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from filelock import FileLock, Timeout

from app.errors import BinderLocked, InvalidInput
from app.i18n import _

KEEP_DAILY = 7
KEEP_WEEKLY = 4
_STAMP = "%Y%m%d-%H%M%S"
# what a copy cut short leaves: the copy itself and its journal (a kill during the copy)
_LEFTOVERS = ("*.part", "*.part-journal", "*.part-wal", "*.part-shm")
_WAL_MODE = b"\x02\x02"  # bytes 18-19 of the header of a database in WAL mode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backup:
    """One copy: its file, when it was taken (local time, from its name) and its size."""

    path: Path
    taken: datetime
    size: int


# what making a copy can raise: the file system's errors and the database's own
COPY_ERRORS: tuple[type[Exception], ...] = (OSError, sqlite3.Error)


def backup_folder(binder: Path) -> Path:
    return binder.with_name(binder.name + ".backups")


def _side(path: Path, end: str) -> Path:
    return path.with_name(path.name + end)


def backups(binder: Path) -> list[Backup]:
    """The copies of this binder, newest first (files whose name carries no date are not ours)."""
    folder = backup_folder(binder)
    if not folder.is_dir():
        return []
    found = []
    prefix = binder.stem + "-"
    for path in folder.iterdir():  # not glob: a binder's name may hold [, * or ?
        if not (path.name.startswith(prefix) and path.name.endswith(binder.suffix)):
            continue
        try:
            taken = datetime.strptime(path.stem.removeprefix(prefix), _STAMP)
            size = path.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(Backup(path, taken, size))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def _connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves no -wal or -shm beside a closed copy."""
    uri = quote(str(path), safe="/:\\")
    try:
        with path.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        header = b""
    if header[18:20] == _WAL_MODE and not _side(path, "-wal").exists():
        # a closed WAL-mode file (a copy made by an older version): all of it is in the file
        return sqlite3.connect(f"file:{uri}?immutable=1", uri=True, isolation_level=None)
    return sqlite3.connect(f"file:{uri}?mode=ro", uri=True, isolation_level=None)


def _integrity(conn: sqlite3.Connection) -> str | None:
    """None when the database passes the full integrity check, else its first complaints."""
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    if rows == [("ok",)]:
        return None
    return "; ".join(str(r[0]) for r in rows[:3])


def check(path: Path) -> str | None:
    """None when the file is a whole database (`PRAGMA integrity_check`), else why it is not."""
    try:
        conn = _connect_ro(path)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        return _integrity(conn)
    finally:
        conn.close()


def clean_leftovers(folder: Path) -> None:
    """Remove what copies cut short left behind (a copy is renamed only when complete)."""
    if not folder.is_dir():
        return
    for pattern in _LEFTOVERS:
        for stale in folder.glob(pattern):
            stale.unlink(missing_ok=True)


def backup_if_due(binder: Path, when: datetime | None = None, *, keep_daily: int = KEEP_DAILY,
                  keep_weekly: int = KEEP_WEEKLY,
                  on_snapshot: Callable[[], None] | None = None) -> Path | None:
    """Copy the binder if no copy is from `when`'s day or later (local time); the new copy.

    None when not due, when the binder holds no dossier (nothing to keep) and when the binder
    or the copy fails the integrity check (logged; the copy is removed).  `on_snapshot` is
    called once the state to copy is fixed: a write after it is not in the copy, so a caller
    on another thread can let the day's first write go on without waiting for the copy."""
    when = when or datetime.now()
    folder = backup_folder(binder)
    clean_leftovers(folder)
    # a copy dated after `when` (made with `--today` ahead, or under a clock set wrong) says
    # nothing about today: it neither stands for today's copy nor counts in the rotation
    existing = [c for c in backups(binder) if c.taken.date() <= when.date()]
    if existing and existing[0].taken.date() == when.date():
        return None
    source = _connect_ro(binder)
    try:
        source.execute("BEGIN")  # one read transaction: the state checked is the state copied
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if on_snapshot is not None:
            on_snapshot()
        problem = _integrity(source)
        if problem is not None:
            log.warning("No backup of %s: the binder is damaged (%s)", binder, problem)
            return None
        if not source.execute("SELECT EXISTS (SELECT 1 FROM dossiers)").fetchone()[0]:
            return None
        folder.mkdir(exist_ok=True)
        target = folder / f"{binder.stem}-{when.strftime(_STAMP)}{binder.suffix}"
        partial = _side(target, ".part")
        try:
            _copy(source, partial)
            problem = check(partial)
            if problem is not None:
                log.warning("The backup of %s failed its check and was removed (%s)",
                            binder, problem)
                return None
            partial.replace(target)
        finally:
            clean_leftovers(folder)
    finally:
        source.close()
    prune(binder, keep_daily, keep_weekly, now=when)
    return target


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """The whole database into a new single file (rollback journal: no side files later)."""
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def _week(day: date) -> tuple[int, int]:
    year, week, _weekday = day.isocalendar()
    return year, week


def prune(binder: Path, keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY,
          now: datetime | None = None) -> list[Path]:
    """Keep the newest copy of each of the last `keep_daily` days that have copies and of
    each of the `keep_weekly` ISO weeks before the oldest of those; remove the rest.  Copies
    dated after `now` are left alone and do not count: the days are judged from `now`."""
    today = (now or datetime.now()).date()
    copies = [c for c in backups(binder) if c.taken.date() <= today]
    newest_of_day: dict[date, Backup] = {}
    for copy in copies:  # newest first: the first seen of a day is its newest
        newest_of_day.setdefault(copy.taken.date(), copy)
    days = sorted(newest_of_day, reverse=True)
    daily = days[:keep_daily]
    keep = {newest_of_day[d].path for d in daily}
    if daily:
        newest_of_week: dict[tuple[int, int], Backup] = {}
        for day in days[keep_daily:]:
            if _week(day) < _week(daily[-1]):  # weeks wholly before the daily copies
                newest_of_week.setdefault(_week(day), newest_of_day[day])
        for week in sorted(newest_of_week, reverse=True)[:keep_weekly]:
            keep.add(newest_of_week[week].path)
    removed = [c.path for c in copies if c.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def newest_good_backup(binder: Path) -> Backup | None:
    """The newest copy that passes the integrity check (the one to offer for a damaged binder)."""
    for copy in backups(binder):
        if check(copy.path) is None:
            return copy
    return None


def verify_binder_copy(path: Path) -> None:
    """Refuse (InvalidInput) anything but a whole Ringbinder binder this version can open."""
    from app.store.database import SCHEMA_REVISIONS, SQLITE_MAGIC

    if not path.is_file():
        raise InvalidInput(_("There is no binder copy at {path}.").format(path=path))
    not_binder = InvalidInput(_("{path} is not a Ringbinder binder.").format(path=path))
    try:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                raise not_binder
    except OSError as exc:
        raise InvalidInput(str(exc).splitlines()[0]) from None
    problem = check(path)
    if problem is not None:
        raise InvalidInput(_("{path} is damaged and cannot be restored: {problem}").format(
            path=path, problem=problem))
    conn = _connect_ro(path)
    try:
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"alembic_version", "binder_settings", "dossiers"} <= tables:
            raise not_binder
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        raise not_binder from None
    finally:
        conn.close()
    if row is None:
        raise not_binder
    if row[0] not in SCHEMA_REVISIONS:
        raise InvalidInput(_("{path} was written by a newer Ringbinder; update Ringbinder to "
                             "restore it.").format(path=path))


def restore(binder: Path, source: Path, when: datetime | None = None) -> Path | None:
    """Put a good copy in the binder's place; returns where the replaced binder was kept.

    The current binder (damaged or not) is renamed `<name>.before-restore-<stamp>` beside it,
    with its WAL, never overwritten or deleted, so a restore can itself be undone by hand.
    Refused (BinderLocked) while another Ringbinder holds the binder."""
    binder, source = binder.absolute(), source.absolute()
    try:
        return _restore(binder, source, when)
    except OSError as exc:  # a folder that cannot be written, a path under a file, …
        raise InvalidInput(_("The backup cannot be restored into {path}: {reason}.").format(
            path=binder, reason=exc.strerror or exc)) from None


def _restore(binder: Path, source: Path, when: datetime | None) -> Path | None:
    from app.store.database import lock_path, refuse_a_file_as_folder

    refuse_a_file_as_folder(binder)
    if binder.exists() and source.exists() and binder.samefile(source):
        raise InvalidInput(_("{path} is the binder itself, not a copy of it.").format(
            path=source))
    verify_binder_copy(source)
    when = when or datetime.now()
    binder.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path(binder)), timeout=0, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        raise BinderLocked(_("The binder {path} is open in another Ringbinder; close it "
                             "before restoring a backup.").format(path=binder)) from None
    try:
        incoming = _side(binder, ".restore.part")
        try:
            conn = _connect_ro(source)
            try:
                _copy(conn, incoming)
            finally:
                conn.close()
            problem = check(incoming)
            if problem is not None:
                raise InvalidInput(_("The copy of {path} failed its check: {problem}").format(
                    path=source, problem=problem))
            aside = _set_aside(binder, when)
            incoming.replace(binder)
        finally:
            for leftover in (incoming, _side(incoming, "-journal")):
                leftover.unlink(missing_ok=True)
    finally:
        lock.release()
    return aside


def _set_aside(binder: Path, when: datetime) -> Path | None:
    """Rename the binder and its journals out of the way, so the restored file is not read
    with the old binder's WAL; the shared-memory index is rebuilt, so it is removed."""
    base = binder.with_name(f"{binder.name}.before-restore-{when.strftime(_STAMP)}")
    aside, n = base, 2
    while any(_side(aside, end).exists() for end in ("", "-wal", "-journal")):
        aside, n = base.with_name(f"{base.name}-{n}"), n + 1
    kept = None
    if binder.exists():
        binder.replace(aside)
        kept = aside
    for end in ("-wal", "-journal"):
        if _side(binder, end).exists():
            _side(binder, end).replace(_side(aside, end))
    _side(binder, "-shm").unlink(missing_ok=True)
    return kept
