"""Noticing a damaged binder: SQLite's quick_check, once a day for a large binder.

A binder opened for writing is checked first, so that a damaged one is never changed or
migrated; the window runs the same check later, off the GUI thread (`BinderDB.check`).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from app.errors import BinderDamaged
from app.i18n import _
from app.store.driver import sqlite_of

if TYPE_CHECKING:
    from sqlalchemy import Engine

_DAMAGED_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
# quick_check reads every page: up to this many (64 MiB, ~17k dossiers, ~100 ms) a binder is
# checked on every open for writing; a larger one on its first open for writing of the day
# (1.6 s at 100k dossiers, over the open budget), the day kept in PRAGMA user_version.
# RINGBINDER_CHECK_PAGES changes the size (the tests check the daily path on small files).
CHECK_EVERY_OPEN_PAGES = 16_384


def damaged_message(path: Path, detail: str) -> str:
    """What a user is told about a damaged binder: what SQLite found, and the way back."""
    return _("The binder {path} is damaged ({detail}); it can be viewed but not changed. "
             "Restore a backup: ringbinder backup list, then ringbinder backup restore FILE."
             ).format(path=path, detail=detail)


def damaged_error(path: Path, detail: str) -> BinderDamaged:
    """The refusal for a damaged binder, carrying SQLite's complaint for the window's banner."""
    error = BinderDamaged(damaged_message(path, detail))
    error.detail = detail
    return error


def is_damage(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    return (getattr(orig, "sqlite_errorcode", 0) & 0xFF) in _DAMAGED_CODES


def quick_check(engine: Engine) -> str | None:
    """None when SQLite's quick_check finds the file sound (or it is not due), else its first
    message; the day's mark of a large binder written on the same (writable) connection."""
    raw = engine.raw_connection()
    try:
        conn = sqlite_of(raw)
        damage, mark = check_due(conn)
        if mark is not None:
            conn.execute(f"PRAGMA user_version = {mark}")
    finally:
        raw.close()
    return damage


def check_read_only(path: Path, busy_timeout_ms: int) -> tuple[str | None, int | None]:
    """check_due on a read-only connection of its own, so the GUI's engine is not held."""
    try:
        # the path escaped as for the read-only engine: '?', '#' or '%' name no other file
        uri_path = quote(str(path), safe="/:\\")
        conn = sqlite3.connect(f"file:{uri_path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        if is_damage(exc):
            return str(exc).splitlines()[0], None
        raise
    try:
        conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        return check_due(conn)
    finally:
        conn.close()


def check_due(conn: sqlite3.Connection) -> tuple[str | None, int | None]:
    """(SQLite's first complaint or None, the day to mark as checked or None); reads only.

    quick_check reads every page but does not match index entries to rows, which is what
    makes integrity_check five times slower (see tests/bench/quick_check.py).  A binder above
    CHECK_EVERY_OPEN_PAGES found sound is to be marked with the day (PRAGMA user_version) by
    the caller, on a writable connection.
    """
    every_open = int(os.environ.get("RINGBINDER_CHECK_PAGES", CHECK_EVERY_OPEN_PAGES))
    today = date.today().toordinal()
    try:
        big = conn.execute("PRAGMA page_count").fetchone()[0] > every_open
        if big and conn.execute("PRAGMA user_version").fetchone()[0] == today:
            return None, None  # checked today already
        row = conn.execute("PRAGMA quick_check(1)").fetchone()
        if row is not None and row[0] != "ok":
            complaints = [line for line in str(row[0]).splitlines()
                          if line.strip() and not line.startswith("***")]  # "*** in database"
            return (complaints[0] if complaints else str(row[0]).strip()), None
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            return str(exc).splitlines()[0], None
        raise
    return None, today if big else None
