"""`ringbinder team …`: the people of a team binder and whose dossiers are whose, from the
command line (`--binder postgresql://login@server/database`).

    team people [--json]                      everyone, with their role
    team add LOGIN [--name N] [--manager]     a colleague, before their first open (managers)
    team role LOGIN salesperson|manager       (managers)
    team reassign --to LOGIN ID…              one's own dossiers (a manager: anyone's)
    team reassign --to LOGIN --from LOGIN --first D --last D
                                              someone's inserts for a period (managers)
    team load [--first D] [--days N] [--json] each person's open dossiers by day (managers)
    team pull [URL] FILE                      a solo binder of one's own open dossiers
    team push FILE [URL]                      a solo binder brought up (a pulled one: back)

URL defaults to --binder; a push or pull given a URL opens that team binder.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from app.i18n import _

if TYPE_CHECKING:
    from app.services import Services

DEFAULT_LOAD_DAYS = 14


def add_team_parser(sub: argparse._SubParsersAction, date_arg: Callable[[str], date]) -> None:
    team = sub.add_parser("team", help=_("the people of a team binder and their dossiers"))
    actions = team.add_subparsers(dest="action", metavar="ACTION", required=True,
                                  parser_class=type(team))
    people = actions.add_parser("people", help=_("everyone of the team binder"))
    people.add_argument("--json", action="store_true")
    add = actions.add_parser("add", help=_("add a colleague (a manager's work)"))
    add.add_argument("login", help=_("their database login"))
    add.add_argument("--name", default="", help=_("the name the others see"))
    add.add_argument("--manager", action="store_true", help=_("make them a manager"))
    role = actions.add_parser("role", help=_("change someone's role (a manager's work)"))
    role.add_argument("login")
    role.add_argument("role", choices=("salesperson", "manager"))
    reassign = actions.add_parser("reassign", help=_(
        "give dossiers to someone: these, or someone's inserts for a period"))
    reassign.add_argument("ids", nargs="*", metavar="ID")
    reassign.add_argument("--to", required=True, metavar="LOGIN", help=_("who gets them"))
    reassign.add_argument("--from", dest="source", metavar="LOGIN",
                          help=_("whose inserts (with --first and --last)"))
    reassign.add_argument("--first", type=date_arg, metavar="YYYY-MM-DD")
    reassign.add_argument("--last", type=date_arg, metavar="YYYY-MM-DD")
    load = actions.add_parser("load", help=_("each person's open dossiers by day"))
    load.add_argument("--first", type=date_arg, metavar="YYYY-MM-DD",
                      help=_("the first day (default: today)"))
    load.add_argument("--days", type=int, default=DEFAULT_LOAD_DAYS)
    load.add_argument("--json", action="store_true")
    pull = actions.add_parser("pull", help=_(
        "make a solo binder of your open dossiers, for working offline"))
    pull.add_argument("places", nargs="+", metavar="[URL] FILE")
    push = actions.add_parser("push", help=_(
        "bring a solo binder into the team binder (a pulled one: merged back)"))
    push.add_argument("places", nargs="+", metavar="FILE [URL]")


def team_address(args: argparse.Namespace) -> None:
    """`team pull URL FILE` / `team push FILE URL`: the URL is the binder to open (as
    --binder), the other the solo binder's file."""
    from pathlib import Path

    from app.errors import InvalidInput
    from app.team_address import is_team_address

    if getattr(args, "command", None) != "team" or args.action not in ("pull", "push"):
        return
    urls = [p for p in args.places if is_team_address(p)]
    files = [p for p in args.places if not is_team_address(p)]
    if len(files) != 1 or len(urls) > 1:
        raise InvalidInput(_("Give one solo binder file, and the team binder's address "
                             "(postgresql://…) here or with --binder."))
    if urls:
        args.binder = urls[0]
    args.file = Path(files[0])


def cmd_team(services: Services, args: argparse.Namespace) -> int:
    from app.cli_read import out, write_json
    from app.errors import InvalidInput

    team = services.people
    if args.action == "people":
        people = team.people()
        if args.json:
            write_json([{"login": p.login, "name": p.name, "role": p.role,
                         "active": p.active, "id": p.id} for p in people])
            return 0
        me = team.me
        for p in people:
            mark = "*" if me is not None and p.key == me.key else " "
            out(f"{mark} {p.login:<20} {p.name:<30} {_role(p.role)}")
        return 0
    if args.action == "add":
        added = team.add_person(args.login, args.name,
                                "manager" if args.manager else "salesperson")
        out(_("Added {login} ({name}) as {role}.").format(
            login=added.login, name=added.name, role=_role(added.role)))
        return 0
    if args.action == "role":
        changed = team.set_role(args.login, args.role)
        out(_("{login} is now {role}.").format(login=changed.login, role=_role(changed.role)))
        return 0
    if args.action == "pull":
        from app.services.team_moves import pull

        count = pull(services, args.file)
        out(_("{count} dossiers taken along in {path}.").format(count=count, path=args.file))
        return 0
    if args.action == "push":
        from app.services.team_moves import push

        pushed = push(args.file, services)
        summary = pushed.summary
        if pushed.merged_back:
            out(_("Merged back: {new} new, {updated} updated, {conflicts} conflicts (the newest "
                  "change kept).").format(new=summary.new, updated=summary.updated,
                                          conflicts=len(summary.conflicts)))
        else:
            out(_("{count} dossiers brought into the team binder as yours.").format(
                count=summary.new))
        return 0
    if args.action == "reassign":
        if args.source or args.first or args.last:
            if args.ids or not (args.source and args.first and args.last):
                raise InvalidInput(_("Give either dossier ids, or --from with --first and "
                                     "--last."))
            moved, _changes = team.reassign_period(args.source, args.first, args.last,
                                                   args.to)
        else:
            if not args.ids:
                raise InvalidInput(_("Give the dossiers to reassign, or --from with --first "
                                     "and --last."))
            moved, _changes = team.reassign(args.ids, args.to)
        out(_("{count} dossiers given to {login}.").format(count=moved, login=args.to))
        return 0
    first = args.first or services.clock.today()
    if args.days < 1:
        raise InvalidInput(_("--days must be at least 1."))
    last = first + timedelta(days=args.days - 1)
    loads = team.loads(first, last)
    if args.json:
        write_json({login or "": {day.isoformat(): n for day, n in sorted(days.items())}
                    for login, days in sorted(loads.items())})
        return 0
    days = [first + timedelta(days=n) for n in range(args.days)]
    out(" " * 20 + "".join(f"{d.day:>4}" for d in days))
    for login, counts in sorted(loads.items()):
        out(f"{(login or _('(no one)')):<20}" + "".join(f"{counts.get(d, 0):>4}" for d in days))
    return 0


def _role(role: str) -> str:
    return {"manager": _("manager"), "salesperson": _("salesperson")}.get(role, role)


HANDLERS: dict[str, Callable[[Any, argparse.Namespace], int]] = {"team": cmd_team}
