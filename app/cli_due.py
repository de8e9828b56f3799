"""`ringbinder due [--within MINUTES] [--at HH:MM] [--json]`: today's appointments still to
come, for a script that reminds (a desktop notifier, a phone push) or a look before leaving."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING

from app.i18n import _

if TYPE_CHECKING:
    from app.services import Services


def _minutes_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(_("not a number of minutes: '{text}'").format(
            text=text))
    return value


def _time_arg(text: str) -> str:
    from app.binder.reminders import minutes

    if minutes(text.strip()) is None:
        raise argparse.ArgumentTypeError(_("not a time of day (HH:MM): '{text}'").format(
            text=text))
    return text.strip()


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `due` on the CLI's subcommands."""
    due = sub.add_parser("due", help=_("today's appointments still to come"))
    due.add_argument("--within", type=_minutes_arg, metavar="MINUTES",
                     help=_("only those in the next MINUTES minutes"))
    due.add_argument("--at", type=_time_arg, metavar="HH:MM",
                     help=_("act as if it were this time of day (with --today: that day)"))
    due.add_argument("--json", action="store_true")


def cmd_due(services: Services, args: argparse.Namespace) -> int:
    from app.binder.reminders import minutes
    from app.cli_read import out, write_json
    from app.services.reminders import due_json, time_text

    now = services.reminders.now()
    if args.at:
        m = minutes(args.at) or 0
        now = datetime.combine(now.date(), datetime.min.time()).replace(hour=m // 60,
                                                                       minute=m % 60)
    items = services.reminders.due(args.within, now)
    if args.json:
        write_json([due_json(i) for i in items])
        return 0
    for i in items:
        mark = "F" if i.fixed else " "
        who = " · ".join(p for p in (i.name, i.company) if p)
        out(f"{time_text(i.time):>8} {mark} {i.id[:8]}  {who}  {i.phone}  "
            f"{i.purpose}".rstrip())
    if not items:
        out(_("(none)"))
    return 0
