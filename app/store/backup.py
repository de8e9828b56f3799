"""Rotating daily copies of a binder, made with SQLite's online backup API.

A copy is made while the binder stays open and in use; it is written under a temporary name
and renamed when complete, so a copy is either whole or absent.  The last `keep` copies stay.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

KEEP = 7
EVERY = timedelta(days=1)
_STAMP = "%Y%m%d-%H%M%S"


def backup_folder(binder: Path) -> Path:
    return binder.with_name(binder.name + ".backups")


def backups(binder: Path) -> list[Path]:
    """The copies of this binder, oldest first."""
    folder = backup_folder(binder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"{binder.stem}-*{binder.suffix}"))


def backup_if_due(binder: Path, now: datetime | None = None, keep: int = KEEP,
                  every: timedelta = EVERY) -> Path | None:
    """Copy the binder if the newest copy is older than `every`; returns the new copy."""
    now = now or datetime.now(UTC)
    existing = backups(binder)
    if existing:
        stamp = existing[-1].stem.removeprefix(binder.stem + "-")
        with contextlib.suppress(ValueError):
            if now - datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC) < every:
                return None
    folder = backup_folder(binder)
    folder.mkdir(exist_ok=True)
    for stale in folder.glob("*.part"):  # a copy cut short when the app was closed
        stale.unlink(missing_ok=True)
    target = folder / f"{binder.stem}-{now.strftime(_STAMP)}{binder.suffix}"
    partial = target.with_name(target.name + ".part")
    source = sqlite3.connect(f"file:{binder}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
        partial.replace(target)
    finally:
        source.close()
        partial.unlink(missing_ok=True)
    for old in backups(binder)[:-keep]:
        old.unlink(missing_ok=True)
    return target
