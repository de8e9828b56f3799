"""The command line: a thin face over the services, for scripting and headless use.

Exit status: 0 on success, 2 with a one-line message on stderr for bad usage or bad input
(and then nothing in the binder has changed), 1 for an unexpected failure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from app import __version__, cli_early
from app.clock import Clock, FixedClock, SystemClock
from app.errors import PasswordWanted, RingbinderError
from app.i18n import _

if TYPE_CHECKING:
    from app.services.binder import Services

T = TypeVar("T")

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
# print only reads
READ_ONLY_COMMANDS = {"tabs", "list", "search", "show", "print", "export", "due", "report",
                      "documents"}
QUICK_COMMANDS = cli_early.QUICK  # read without the services (app/cli_read.py)
# (command, action) that write only a note beside their work: they run read-only when
# another Ringbinder holds the binder (export then records no merge base)
WRITE_IF_FREE_ACTIONS = {("handover", "export"), ("handover", "return")}
# (command, action) that only read, like READ_ONLY_COMMANDS: the report reads the handover
# file and takes only the printer's name and the strip rules from the binder
READ_ONLY_ACTIONS = {("handover", "report")}
DEFAULT_DEMO_CLIENTS = 1000


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line on stderr, exit 2
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _date_arg(text: str) -> date:
    from app.dates import parse_date

    try:
        return parse_date(text)
    except RingbinderError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _binder_arg(text: str) -> Path | str:
    """A binder file's path, or a team binder's address (a PostgreSQL URL) as it is."""
    from app.team_address import is_team_address

    return text if is_team_address(text) else Path(text)


def _next_arg(text: str) -> date | None:
    return None if text.strip().lower() == "undated" else _date_arg(text)



def _passphrase_choice(command: argparse.ArgumentParser) -> None:
    """A file written for someone else: encrypted with a passphrase, or plainly not."""
    secret = command.add_mutually_exclusive_group(required=True)
    secret.add_argument("--passphrase-file", type=Path, metavar="F",
                        help=_("encrypt with the passphrase on the first line of F"))
    secret.add_argument("--no-passphrase", action="store_true",
                        help=_("write the file unencrypted (client data readable)"))

def _paper_choice(command: argparse.ArgumentParser) -> None:
    """--a4 or --letter; neither: the paper chosen in the settings, else the locale's."""
    paper = command.add_mutually_exclusive_group()
    paper.add_argument("--a4", dest="paper", action="store_const", const="A4",
                       help=_("A4 paper"))
    paper.add_argument("--letter", dest="paper", action="store_const", const="Letter",
                       help=_("US Letter paper"))


def build_parser() -> argparse.ArgumentParser:
    from app.i18n import translate_argparse

    translate_argparse()
    parser = _Parser(prog="ringbinder", description=_(
        "Ringbinder: the salesperson's follow-up binder. Without a command, opens the app."))
    parser.add_argument("--version", action="version", version=f"ringbinder {__version__}")
    parser.add_argument("--binder", type=_binder_arg, help=_(
        "the binder file (default: your binder), or a team binder: postgresql://LOGIN@SERVER/"
        "DATABASE"))
    parser.add_argument("--of", metavar="LOGIN", help=_(
        "in a team binder, whose dossiers the strip and lists show: a login, or 'everyone' "
        "(anyone's but yours: managers; default: yours)"))
    parser.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                        help=_("act as if today were this day"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gui = sub.add_parser("gui", help=_("open the app (the default)"))
    gui.add_argument("--screenshot", type=Path, metavar="FILE.png",
                     help=_("render the window offscreen to a PNG and exit"))
    gui.add_argument("--size", default="1366x768", help=_("window size for --screenshot"))
    gui.add_argument("--insert", metavar="KEY", help=_("open this insert (as in `tabs`)"))
    gui.add_argument("--select", metavar="ID", help=_("select this dossier"))
    gui.add_argument("--tab", choices=("details", "history", "documents", "forms"),
                     help=_("with --screenshot: the card's tab to show"))
    gui.add_argument("--open", choices=("log-contact", "new-dossier", "form-templates",
                                        "import-wizard", "new-proposal",
                                        "proposal-templates"),
                     help=_("with --screenshot: a dialog to show open"))
    gui.add_argument("--file", type=Path, metavar="FILE",
                     help=_("with --open import-wizard: the file whose columns to show"))

    demo = sub.add_parser("demo", help=_("fill the binder with realistic demo clients"))
    demo.add_argument("--clients", type=int, default=DEFAULT_DEMO_CLIENTS)
    demo.add_argument("--seed", type=int, default=1)

    add = sub.add_parser("add", help=_("add a dossier; prints its id"))
    add.add_argument("--name", required=True)
    add.add_argument("--company", default="")
    add.add_argument("--position", default="")
    add.add_argument("--phone", action="append", default=[],
                     help=_("repeatable; 'label: number' to label it"))
    add.add_argument("--email", action="append", default=[], help=_("repeatable"))
    add.add_argument("--next", type=_date_arg, metavar="YYYY-MM-DD")
    add.add_argument("--time", metavar="HH:MM")
    add.add_argument("--purpose", default="")
    add.add_argument("--priority", help="high, normal, low")
    add.add_argument("--fixed", action="store_true", help=_("an appointment not to be moved"))
    add.add_argument("--notes", default="")

    show = sub.add_parser("show", help=_("show one dossier"))
    show.add_argument("id")
    show.add_argument("--json", action="store_true")

    log = sub.add_parser("log", help=_("log a contact and refile the dossier"))
    log.add_argument("id")
    log.add_argument("--channel", required=True, help="call, visit, meeting, email, letter, other")
    log.add_argument("--summary", required=True, help=_("what it was about"))
    log.add_argument("--outcome", required=True, help=_("how it ended"))
    log.add_argument("--offer", default="")
    log.add_argument("--amount")
    log.add_argument("--currency", default="")
    step = log.add_mutually_exclusive_group()
    step.add_argument("--next", type=_date_arg, metavar="YYYY-MM-DD")
    step.add_argument("--archive", metavar="REASON")
    step.add_argument("--undated", action="store_true",
                      help=_("no next contact: file under Undated, where nothing brings it up"))
    log.add_argument("--purpose", help=_("what the next contact is for (default: the "
                                         "dossier's purpose so far)"))
    log.add_argument("--time", metavar="HH:MM")
    log.add_argument("--priority", help="high, normal, low")
    log.add_argument("--fixed", action="store_true",
                     help=_("a fixed appointment (without --time: at its time so far)"))

    move = sub.add_parser("move", help=_("refile dossiers to another date"))
    move.add_argument("ids", nargs="+", metavar="ID")
    move.add_argument("date", type=_next_arg, metavar="DATE", help=_("YYYY-MM-DD or 'undated'"))

    archive = sub.add_parser("archive", help=_("archive a dossier"))
    archive.add_argument("id")
    archive.add_argument("--reason", required=True)

    restore = sub.add_parser("restore", help=_("bring a dossier back from the archive"))
    restore.add_argument("id")
    restore.add_argument("--reason", required=True)
    restore.add_argument("--next", type=_date_arg, metavar="YYYY-MM-DD")

    rebalance = sub.add_parser("rebalance", help=_("move the excess of an overloaded day"))
    rebalance.add_argument("key", metavar="DAY")
    rebalance.add_argument("--dry-run", action="store_true", help=_("only show the plan"))
    rebalance.add_argument("--move-recent", action="store_true", help=_(
        "move dates agreed in the last days too (the setting --recent-days)"))
    rebalance.add_argument("--later-only", action="store_true", help=_(
        "only to the days after it (by default the nearest days before it, from today, too)"))

    tabs = sub.add_parser("tabs", help=_("the inserts with their counts"))
    tabs.add_argument("--json", action="store_true")

    lst = sub.add_parser("list", help=_("the dossiers of one insert, in working order"))
    lst.add_argument("key", metavar="KEY", help=_("as in `tabs`: 2026-11-24, 2026-12, overdue, …"))
    lst.add_argument("--json", action="store_true")

    search = sub.add_parser("search", help=_("search the whole binder"))
    search.add_argument("text")
    search.add_argument("--json", action="store_true")

    printing = sub.add_parser("print", help=_("print to PDF: a card, an insert, the inserts"))
    what = printing.add_subparsers(dest="what", metavar="WHAT", parser_class=_Parser,
                                   required=True)
    card = what.add_parser("card", help=_("one dossier's information card, on one page"))
    card.add_argument("id")
    day = what.add_parser("day", help=_("an insert's agenda sheet, then a card per dossier"))
    day.add_argument("key", metavar="KEY", help=_("as in `list`: 2026-11-24, 2026-12, today, …"))
    inserts = what.add_parser("inserts", help=_("the paper inserts: 1 to 31, then the months"))
    inserts.add_argument("--months", type=int, default=12,
                         help=_("month sheets from this month on (default 12)"))
    for command in (card, day, inserts):
        command.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
        _paper_choice(command)
    for command in (card, day):
        command.add_argument("--with-documents", action="store_true", help=_(
            "after each card, the dossier's PDFs and images (other documents are listed on "
            "the card)"))

    handover = sub.add_parser("handover", help=_("hand the planned work to a colleague"))
    action = handover.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser,
                                     required=True)
    export = action.add_parser("export", help=_(
        "write a handover file: a period's dossiers (from today, two weeks), chosen ones, "
        "or everything planned"))
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export.add_argument("--from", dest="start", type=_date_arg, metavar="YYYY-MM-DD",
                        help=_("first day of the period (default: today)"))
    export.add_argument("--to", dest="end", type=_date_arg, metavar="YYYY-MM-DD",
                        help=_("last day of the period (default: two weeks after the first)"))
    export.add_argument("--with-overdue", action="store_true",
                        help=_("also the overdue dossiers (due before the period, not done)"))
    export.add_argument("--ids", nargs="+", metavar="ID", help=_("these dossiers instead"))
    export.add_argument("--to-person", default="", metavar="NAME",
                        help=_("the colleague who takes over"))
    _passphrase_choice(export)
    take = action.add_parser("import", help=_(
        "merge a handover file into the binder (all or nothing); conflicts go to the newest "
        "side unless --on-conflict says otherwise"))
    take.add_argument("file", type=Path, metavar="FILE")
    take.add_argument("--passphrase-file", type=Path, metavar="F",
                      help=_("the passphrase is the first line of F"))
    take.add_argument("--on-conflict", choices=("mine", "theirs", "newest"), default="newest",
                      help=_("who wins a field changed on both sides: this binder (mine), "
                             "the file (theirs) or the side changed last (newest, default)"))
    take.add_argument("--json", action="store_true")
    back = action.add_parser("return", help=_(
        "send a taken-over handover back to whoever handed it over: its dossiers as they are "
        "now and the ones added since"))
    back.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    back.add_argument("--without-added", action="store_true",
                      help=_("leave out the dossiers added since the takeover"))
    _passphrase_choice(back)
    report = action.add_parser("report", help=_(
        "print a handover file to PDF for a reader without the app: its dossiers by insert, "
        "each with the next step, the last conversation and the phones"))
    report.add_argument("file", type=Path, metavar="FILE")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    report.add_argument("--passphrase-file", type=Path, metavar="F",
                        help=_("the passphrase is the first line of F"))
    _paper_choice(report)

    settings = sub.add_parser("settings", help=_("show or change the binder's settings"))
    settings.add_argument("--owner")
    settings.add_argument("--mode", choices=("calendar", "working_days"))
    settings.add_argument("--horizon", type=int, help=_("working-days horizon, 1-3 months"))
    settings.add_argument("--capacity", type=int, help=_("dossiers a day; 0 for no limit"))
    settings.add_argument("--country", help=_("public holidays of this country (ES, PL, …)"))
    settings.add_argument("--region", help=_("phone region for numbers without +code"))
    settings.add_argument("--currency")
    settings.add_argument("--recent-days", type=int, help=_(
        "a date set within this many days is not moved by rebalancing (default 2)"))
    settings.add_argument("--json", action="store_true")
    from app.cli_backup import add_parser as add_backup_parser
    from app.cli_documents import add_parser as add_documents_parser
    from app.cli_due import add_parser as add_due_parser
    from app.cli_interchange import add_parsers as add_interchange_parsers
    from app.cli_plan import add_parser as add_plan_parser
    from app.cli_proposals import add_parser as add_proposal_parser
    from app.cli_report import add_parser as add_report_parser
    from app.cli_team import add_team_parser

    add_backup_parser(sub, _Parser)
    add_documents_parser(sub)
    add_due_parser(sub)
    add_interchange_parsers(sub, _date_arg)
    add_plan_parser(sub)
    add_report_parser(sub, _date_arg)
    add_proposal_parser(sub, _date_arg)
    add_team_parser(sub, _date_arg)
    return parser



def _open(args: argparse.Namespace, clock: Clock) -> Services:
    from app.errors import BinderDamaged, BinderLocked, BinderNeedsUpgrade, BinderReadOnlyMedia
    from app.preferences import default_binder_path
    from app.services import open_services

    path = args.binder or default_binder_path()
    command = args.command
    if isinstance(path, str):  # a team binder: no file to lock or spare, one person's view
        services = open_services(path, clock, create=command in ("add", "demo", "settings",
                                                                 "import"))
        if args.of:
            services.people.show(args.of)
        return services
    if args.of:
        from app.errors import InvalidInput

        raise InvalidInput(_("--of is for a team binder; this is a solo binder."))
    if (command, getattr(args, "action", None)) in WRITE_IF_FREE_ACTIONS:
        try:
            services = open_services(path, clock)
        except BinderLocked:
            sys.stderr.write(_("ringbinder: the binder is open in another Ringbinder; the "
                               "handover is written, but a later merge back will treat "
                               "every difference as a conflict.") + "\n")
            return open_services(path, clock, readonly=True)
        except BinderReadOnlyMedia:
            sys.stderr.write(_("ringbinder: the binder cannot be written; the handover is "
                               "written, but a later merge back will treat every "
                               "difference as a conflict.") + "\n")
            return open_services(path, clock, readonly=True)
        if services.damaged is not None:  # readable as far as it goes: say what that means
            sys.stderr.write(_("ringbinder: the binder is damaged ({problem}); the handover "
                               "holds what could be read and records nothing in the binder. "
                               "Restore a backup: ringbinder backup list, then ringbinder "
                               "backup restore FILE.").format(problem=services.damaged) + "\n")
        return services
    if command in READ_ONLY_COMMANDS or (command, getattr(args, "action", None)) in \
            READ_ONLY_ACTIONS or (command in ("import", "spread-overdue") and args.dry_run):
        try:
            return open_services(path, clock, readonly=True)
        except BinderNeedsUpgrade:
            # an older binder must be upgraded (written) before it can be read; any other
            # refusal (not a binder, too new, missing) stands, and nothing is written
            return open_services(path, clock)
    services = open_services(path, clock, create=command in ("add", "demo", "gui", "settings",
                                                                 "import"))
    try:
        services.refuse_if_damaged()  # a writing command on a damaged binder
    except BinderDamaged:
        services.close()
        raise
    return services


def _check_text(argv: Sequence[str]) -> None:
    """Refuse an argument that is not valid UTF-8: Python hands such bytes over as lone
    surrogates, which SQLite, JSON and the terminal cannot take, so nothing may use them."""
    from app.errors import InvalidInput

    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            try:  # the bytes as given, each bad one shown as U+FFFD
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            except UnicodeEncodeError:  # a surrogate no decoding could have made
                shown = arg.encode("utf-8", "replace").decode("utf-8")
            raise InvalidInput(_("an argument is not valid text (UTF-8): '{arg}'").format(
                arg=shown)) from None


def _asking(args: argparse.Namespace, attempt: Callable[[], T]) -> T:
    """`attempt` (the binder's opening), made again with the password asked at the
    terminal when a team binder's server wants one nobody gave (as psql asks); in a script
    (no terminal) the refusal stands, and says why."""
    try:
        return attempt()
    except PasswordWanted:
        if not (isinstance(args.binder, str) and sys.stdin.isatty() and sys.stderr.isatty()):
            raise
        import getpass

        from app.team_address import shown, with_password

        try:
            password = getpass.getpass(_("Password for {address}: ").format(
                address=shown(args.binder)))
        except EOFError:
            raise PasswordWanted(_("No password was given.")) from None
        args.binder = with_password(args.binder, password)
        return attempt()


def run(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _check_text(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    args.command = args.command or "gui"
    if (args.command in QUICK_COMMANDS and isinstance(args.binder, str)
            and not getattr(args, "of", None)):
        args.reached = cli_early.taken(args.binder)  # its keeper, reached as it started
    if args.command == "team":  # `team pull URL FILE`: the URL is the binder to open
        from app.cli_team import team_address

        team_address(args)
    if args.command == "log":  # refused before the binder is opened
        from app.cli_commands import check_log_step

        check_log_step(args)
    clock: Clock = FixedClock(args.today) if args.today else SystemClock()
    if args.command == "gui":
        from app.ui.app import run_gui

        return run_gui(args, clock)
    if args.command == "backup":  # without opening the binder: it may be damaged or missing
        from app.cli_backup import run_backup
        from app.preferences import default_binder_path

        if isinstance(args.binder, str):
            from app.errors import InvalidInput

            raise InvalidInput(_("A team binder is kept safe by its server's own backups; "
                                 "`ringbinder backup` copies binder files."))
        return run_backup(args, (args.binder or default_binder_path()).expanduser().absolute())
    if args.command in QUICK_COMMANDS:
        # plain sqlite3 (psycopg on a team binder) on an up-to-date binder; else as below
        from app.cli_read import run_quick

        answered = run_quick(args, clock)
        if answered is not None:
            return answered
    from app.cli_commands import HANDLERS

    if args.command == "import":  # a file that cannot be read leaves even no new binder
        from app.cli_interchange import load_import

        args.loaded = load_import(args)

    from app.cli_documents import HANDLERS as DOCUMENT_HANDLERS
    from app.cli_plan import HANDLERS as PLAN_HANDLERS
    from app.cli_proposals import HANDLERS as PROPOSAL_HANDLERS
    from app.cli_report import HANDLERS as REPORT_HANDLERS
    from app.cli_team import HANDLERS as TEAM_HANDLERS

    handler: Callable[..., int] = {**HANDLERS, **PLAN_HANDLERS, **REPORT_HANDLERS,
                                   **DOCUMENT_HANDLERS, **PROPOSAL_HANDLERS,
                                   **TEAM_HANDLERS}[args.command]
    with _asking(args, lambda: _open(args, clock)) as services:
        services.daily_backup = True  # the day's copy before the first write of the day
        return handler(services, args)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except RingbinderError as exc:
        sys.stderr.write(f"ringbinder: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("ringbinder: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
