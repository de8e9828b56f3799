"""Telling a binder that cannot be written: read-only media, a read-only file or folder.

Such a binder is refused for writing (BinderReadOnlyMedia) and can be opened read-only; when
its folder cannot hold SQLite's side files it is read as `immutable`.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from app.errors import BinderUnavailable
from app.i18n import _

# SQLite result codes (primary) that mean the file, its journal or its folder cannot be written
_READONLY_CODES = {8, 14}  # SQLITE_READONLY (and its extended kinds), SQLITE_CANTOPEN


def readonly_media_message(path: Path) -> str:
    """Why a binder that cannot be written is refused for writing (and opens read-only)."""
    try:
        on_readonly_media = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        on_readonly_media = False
    if on_readonly_media:
        return _("The binder {path} is on read-only media; it can be viewed but not changed."
                 ).format(path=path)
    return _("The binder {path} is read-only (its file or folder cannot be written); it can "
             "be viewed but not changed.").format(path=path)


def writable(path: Path) -> bool:
    """Whether this user can change the binder: its file, and its folder (journal, lock)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def immutable(path: Path) -> bool:
    """Read without side files: the folder cannot hold a -shm file and none is there.

    SQLite then trusts that nobody changes the file, which read-only media guarantee; with
    a -shm file left beside it (a binder not closed cleanly) the normal read-only mode reads
    the unfinished journal too.
    """
    return (not os.access(path.parent, os.W_OK)
            and not path.with_name(path.name + "-shm").exists())


def is_readonly_error(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, OSError):
        return orig.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
    return (getattr(orig, "sqlite_errorcode", 0) & 0xFF) in _READONLY_CODES


def folder_unwritable(path: Path) -> BinderUnavailable:
    return BinderUnavailable(_("The folder {folder} cannot be written; a binder cannot be "
                               "created there.").format(folder=path.parent))
