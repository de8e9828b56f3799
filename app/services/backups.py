"""The binder's daily copies for the front ends: list them (each checked), find the newest
good one, put one back.

Functions of the binder's path, not of open Services: a damaged binder cannot be opened for
writing and a missing one not at all, and those are when a backup is needed most.  The copies
themselves are made and kept by app.store.backup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.store.backup import Backup, backup_folder, backups, check, newest_good_backup, restore

__all__ = ["Backup", "ListedBackup", "backup_folder", "list_backups", "newest_good_backup",
           "restore_backup"]


@dataclass(frozen=True)
class ListedBackup:
    """A copy as `backup list` shows it: whether it passes the full integrity check."""

    backup: Backup
    good: bool


def list_backups(binder: Path) -> list[ListedBackup]:
    """The copies of the binder, newest first, each fully checked (it reads them whole)."""
    return [ListedBackup(copy, check(copy.path) is None) for copy in backups(binder)]


def restore_backup(binder: Path, source: Path) -> Path | None:
    """Put a good copy in the binder's place; returns where the replaced binder is kept.
    `source` may be a name as `backup list` shows it, or any path to a binder copy."""
    if not source.is_absolute() and not source.exists():
        source = backup_folder(binder) / source
    return restore(binder, source)
