"""`ringbinder backup list|restore`: the binder's daily copies, and putting one back.

These commands never open the binder through the services: a damaged binder cannot be opened
for writing and a missing one not at all, and those are when a backup is needed most.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.i18n import _, short_date_time


def add_parser(sub: argparse._SubParsersAction, parser_class: type) -> None:
    """Register `backup list` and `backup restore FILE` on the CLI's subcommands."""
    backup = sub.add_parser("backup", help=_("list the binder's daily backups, or restore one"))
    action = backup.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class,
                                   required=True)
    listing = action.add_parser("list", help=_(
        "the backups, newest first: file, date, size, and whether it checks good"))
    listing.add_argument("--json", action="store_true")
    back = action.add_parser("restore", help=_(
        "put a backup in the binder's place; the current binder is kept beside it"))
    back.add_argument("file", type=Path, metavar="FILE",
                      help=_("a file from `backup list`, or any copy of a binder"))


def run_backup(args: argparse.Namespace, binder: Path) -> int:
    """Run a `backup` action on the binder at `binder` (which may be damaged or missing)."""
    from app.services.backups import restore_backup  # not at the parser's build: it is slow

    if args.action == "list":
        return _list(binder, args.json)
    aside = restore_backup(binder, args.file)
    sys.stdout.write(_("Restored {source} into {binder}.").format(source=args.file,
                                                                    binder=binder) + "\n")
    if aside is not None:
        sys.stdout.write(_("The binder it replaced is kept as {path}.").format(path=aside)
                         + "\n")
    return 0


def _list(binder: Path, as_json: bool) -> int:
    from app.services.backups import backup_folder, list_backups

    rows = [(listed.backup, listed.good) for listed in list_backups(binder)]
    if as_json:
        json.dump([{"file": str(c.path), "taken": c.taken.isoformat(timespec="seconds"),
                    "size": c.size, "good": good} for c, good in rows],
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        sys.stdout.write(_("No backups yet in {folder}.").format(
            folder=backup_folder(binder)) + "\n")
        return 0
    for copy, good in rows:
        state = _("good") if good else _("DAMAGED")
        sys.stdout.write(f"{copy.path.name}  {short_date_time(copy.taken):<20} "
                         f"{copy.size // 1024:>8} KiB  {state}\n")
    sys.stdout.write(_("in {folder}").format(folder=backup_folder(binder)) + "\n")
    return 0
