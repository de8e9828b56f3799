"""What each CLI command does with the services, and how its answer is printed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from app.cli_due import cmd_due
from app.cli_interchange import cmd_export, cmd_import, cmd_imports
from app.cli_read import out as _out
from app.cli_read import print_rows, print_tabs
from app.cli_read import write_json as _json
from app.errors import InvalidInput
from app.i18n import _, long_date, n_
from app.services import Services
from app.services.contract import detail_json
from app.store.vocabulary import PRIORITY_NAMES


def cmd_demo(services: Services, args: argparse.Namespace) -> int:
    from app.services.demo import generate_demo

    count = generate_demo(services, args.clients, args.seed)
    _out(_("Added {count} demo dossiers to {path}").format(count=count, path=services.path))
    return 0


# the writers' records (and the ORM under them) are imported by the commands that write:
# reading and printing commands start without them
def cmd_add(services: Services, args: argparse.Namespace) -> int:
    from app.services.dossiers import NewDossier

    dossier_id, _changes = services.dossiers.create(NewDossier(
        name=args.name, company=args.company, position=args.position, phones=args.phone,
        emails=args.email, next_contact=args.next, time=args.time, purpose=args.purpose,
        priority=args.priority, fixed=args.fixed, notes=args.notes))
    _out(dossier_id)
    return 0


def cmd_show(services: Services, args: argparse.Namespace) -> int:
    d = services.dossiers.get(args.id)
    insert = services.views.strip().insert_for(d.next_contact, d.archived)
    if args.json:
        _json(detail_json(d, insert.key))
        return 0
    _out(d.name)
    _out(" · ".join(x for x in (d.position, d.company) if x))
    for p in d.phones:
        _out(f"  ☎ {p.number}  {p.label}".rstrip())
    for e in d.emails:
        _out(f"  ✉ {e.address}  {e.label}".rstrip())
    if d.archived:
        _out(_("Archived: {reason}").format(reason=d.archive_reason))
    elif d.next_contact:
        _out(_("Next contact: {date} {time} {purpose} (insert {key}, priority {priority}{fixed})")
             .format(date=long_date(d.next_contact), time=d.time or "", purpose=d.purpose,
                     key=insert.key, priority=PRIORITY_NAMES[d.priority],
                     fixed=", " + _("fixed") if d.fixed else ""))
    else:
        _out(_("No next contact (Undated)"))
    if d.notes:
        _out(_("Notes: {notes}").format(notes=d.notes))
    if d.events:
        _out(_("History:"))
    for ev in d.events:
        offer = f" — {ev.offer}" if ev.offer else ""
        amount = f" ({ev.amount} {ev.currency})" if ev.amount else ""
        when = ev.at.astimezone()
        _out(f"  {when:%Y-%m-%d %H:%M} {ev.channel:<7} {ev.summary}: {ev.outcome}{offer}{amount}")
    _out(f"id {d.id}")
    return 0


def check_log_step(args: argparse.Namespace) -> None:
    """A contact logged without a next step would go to Undated, where nothing brings the
    dossier up again: the next step is asked for, Undated only when said."""
    if args.next is None and args.archive is None and not args.undated:
        raise InvalidInput(_("log: say what comes next: --next YYYY-MM-DD, --archive REASON, "
                             "or --undated (filed under no date, nothing brings it up)"))


def cmd_log(services: Services, args: argparse.Namespace) -> int:
    from app.services.filing import ContactLog, NextStep

    # the next step keeps its shape, as the window proposes it: the purpose so far, and a
    # fixed appointment's time when it is one again
    before = services.dossiers.get(args.id)
    purpose = before.purpose if args.purpose is None else args.purpose
    time = before.time if args.fixed and args.time is None and before.fixed else args.time
    services.filing.log_contact(
        args.id,
        ContactLog(args.channel, args.summary, args.outcome, args.offer, args.amount,
                   args.currency),
        NextStep(args.next, time, purpose, args.priority, args.fixed),
        archive_reason=args.archive)
    d = services.dossiers.get(args.id)
    insert = services.views.strip().insert_for(d.next_contact, d.archived)
    _out(_("Logged; {name} is now filed under {key}.").format(name=d.name, key=insert.key))
    _warn_clashes(services, [d.id])
    return 0


def _warn_clashes(services: Services, ids: list[str]) -> None:
    """A write that double-booked a day says so on stderr (the answer on stdout stays as
    scripts read it), naming both dossiers, as the window's status bar does."""
    import sys

    from app.services.reminders import clash_text

    for clash in services.reminders.clashes_with(ids):
        sys.stderr.write(clash_text(clash) + "\n")


def cmd_move(services: Services, args: argparse.Namespace) -> int:
    changes = services.filing.move(args.ids, args.date)
    key = services.views.strip().insert_for(args.date).key
    _out(n_("Moved {count} dossier to {key}.", "Moved {count} dossiers to {key}.",
            len(changes.dossiers), key=key))
    _warn_clashes(services, sorted(changes.dossiers))
    return 0


def cmd_archive(services: Services, args: argparse.Namespace) -> int:
    services.filing.archive(args.id, args.reason)
    _out(_("Archived."))
    return 0


def cmd_restore(services: Services, args: argparse.Namespace) -> int:
    from app.services.filing import NextStep

    services.filing.restore(args.id, args.reason, NextStep(args.next))
    _out(_("Restored."))
    return 0


def cmd_rebalance(services: Services, args: argparse.Namespace) -> int:
    from app.services.filing import stays_text

    plan = services.filing.plan_rebalance(args.key, move_recent=args.move_recent,
                                          earlier=not args.later_only)
    for dossier_id, when in plan.moves:
        _out(f"{dossier_id[:8]} → {when.isoformat()}")
    recent_days = services.settings.get().recent_days
    for dossier_id, why in plan.unplaced:  # the rest of the excess, and why it stays
        _out(_("{id} stays: {reason}").format(id=dossier_id[:8],
                                               reason=stays_text(why, recent_days)))
    if not plan.moves:
        _out(_("Nothing can move: every dossier over the capacity stays, for the reason "
               "shown.") if plan.unplaced else
             _("Nothing to move: the day is within its capacity."))
    elif not args.dry_run:
        services.filing.apply_rebalance(plan)
        _out(n_("Moved {count} dossier.", "Moved {count} dossiers.", len(plan.moves)))
    return 0


def cmd_tabs(services: Services, args: argparse.Namespace) -> int:
    return print_tabs(services.views.tabs(), args.json)


def cmd_list(services: Services, args: argparse.Namespace) -> int:
    return print_rows(services.views.list_insert(args.key), args.json)


def cmd_search(services: Services, args: argparse.Namespace) -> int:
    return print_rows(services.views.search(args.text), args.json)


def cmd_print(services: Services, args: argparse.Namespace) -> int:
    paper = args.paper  # else the paper chosen in the settings, else the user's locale's
    if getattr(args, "with_documents", False):
        # a visit pack: a document that cannot be printed is listed on its card, said here
        # on stderr, and the pack is written all the same (exit 0)
        printed = (services.printing.card_with_documents(args.id, args.output, paper)
                   if args.what == "card" else
                   services.printing.day_with_documents(args.key, args.output,
                                                        page_size=paper))
        for warning in printed.warnings:
            sys.stderr.write(f"ringbinder: {warning}\n")
        pages = printed.pages
    elif args.what == "card":
        pages = services.printing.card(args.id, args.output, paper)
    elif args.what == "day":
        pages = services.printing.day(args.key, args.output, page_size=paper)
    else:
        pages = services.printing.inserts(args.output, args.months, paper)
    _out(n_("Wrote {path} ({count} page).", "Wrote {path} ({count} pages).", pages,
            path=args.output))
    return 0


MAX_PASSPHRASE_BYTES = 1024  # of a passphrase file's first line; the rest is never read


def read_passphrase(path: Path) -> str:
    """The first line of a passphrase file (its line ending dropped), so that no passphrase
    ever appears on a command line or in the shell's history. At most MAX_PASSPHRASE_BYTES
    are read: a device (/dev/zero) or a huge file is refused, never read to its end."""
    try:
        with path.open("rb") as stream:
            raw = stream.readline(MAX_PASSPHRASE_BYTES + 8)  # room for a BOM and "\r\n"
    except OSError as exc:
        raise InvalidInput(_("Cannot read the passphrase file '{path}': {reason}.").format(
            path=path, reason=exc.strerror or exc)) from None
    whole = raw.endswith(b"\n") or len(raw) < MAX_PASSPHRASE_BYTES + 8  # else: cut off
    line = raw.removesuffix(b"\n").removesuffix(b"\r").removeprefix(b"\xef\xbb\xbf")
    if not whole or len(line) > MAX_PASSPHRASE_BYTES:
        raise InvalidInput(_(
            "The first line of the passphrase file '{path}' is longer than {count} bytes; "
            "a passphrase file holds the passphrase alone on its first line.").format(
                path=path, count=MAX_PASSPHRASE_BYTES))
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(_("The passphrase file '{path}' is not UTF-8 text.").format(
            path=path)) from None
    if not text:
        raise InvalidInput(_("The passphrase file '{path}' has an empty first line.").format(
            path=path))
    return text


def cmd_handover(services: Services, args: argparse.Namespace) -> int:
    if args.action == "import":
        return _handover_import(services, args)
    if args.action == "report":
        return _handover_report(services, args)
    from app.handover.container import check_new_passphrase

    passphrase = None if args.no_passphrase else read_passphrase(args.passphrase_file)
    check_new_passphrase(passphrase)  # a new file: at least MIN_PASSPHRASE characters
    today = services.clock.today()
    if args.action == "return":
        summary = services.handover.return_handover(
            args.output, include_added=not args.without_added, passphrase=passphrase)
    else:
        summary = services.handover.export(
            args.output, start=args.start or (today if args.with_overdue else None),
            end=args.end, ids=args.ids, to_person=args.to_person,
            overdue=args.with_overdue, passphrase=passphrase)
    counts = summary.counts
    _out(n_("Wrote {path}: {count} dossier, {events} events, {documents} documents{how}.",
            "Wrote {path}: {count} dossiers, {events} events, {documents} documents{how}.",
            counts["dossiers"], path=summary.path, events=counts["events"],
            documents=counts["documents"],
            how=", " + _("encrypted") if summary.encrypted else ", " + _("NOT encrypted")))
    return 0


def _handover_import(services: Services, args: argparse.Namespace) -> int:
    """Merge the file and print what arrived and how each conflict went."""
    passphrase = read_passphrase(args.passphrase_file) if args.passphrase_file else None
    summary = services.handover.merge(args.file, passphrase, policy=args.on_conflict)
    if args.json:
        _json(summary.as_json())
        return 0
    _out(_("Merged {path}: {new} new dossiers, {updated} updated, {events} events added, "
           "{documents} documents added, {forms} forms added, {changed} documents and forms "
           "updated.").format(
               path=args.file, new=summary["new"], updated=summary["updated"],
               events=summary["events_added"], documents=summary["documents_added"],
               forms=summary["forms_added"],
               changed=summary["documents_updated"] + summary["forms_updated"]))
    conflicts = summary["conflicts"]
    if conflicts:
        _out(n_("{count} conflict, resolved by policy '{policy}':",
                "{count} conflicts, resolved by policy '{policy}':", len(conflicts),
                policy=summary["policy"]))
    for c in conflicts:
        kept = _("kept this binder's") if c["resolution"] == "mine" else _("took the file's")
        _out(f"  {c['id'][:8]}  {c['name']} · {c['field']}: {kept}")
    return 0


def _handover_report(services: Services, args: argparse.Namespace) -> int:
    """Print the handover file to PDF; the binder is only read."""
    passphrase = read_passphrase(args.passphrase_file) if args.passphrase_file else None
    pages = services.handover.report(args.file, args.output, passphrase,
                                     args.paper)
    _out(n_("Wrote {path} ({count} page).", "Wrote {path} ({count} pages).", pages,
            path=args.output))
    return 0


def cmd_settings(services: Services, args: argparse.Namespace) -> int:
    wanted = {"owner_name": args.owner, "tab_mode": args.mode, "horizon_months": args.horizon,
              "daily_capacity": args.capacity, "holiday_country": args.country,
              "phone_region": args.region, "currency": args.currency,
              "recent_days": args.recent_days}
    changes = {k: v for k, v in wanted.items() if v is not None}
    if changes:
        services.settings.update(**changes)
    s = services.settings.get()
    shown = {"binder_id": s.binder_id, "owner_name": s.owner_name, "tab_mode": s.tab_mode.value,
             "horizon_months": s.horizon_months, "daily_capacity": s.daily_capacity,
             "holiday_country": s.holiday_country, "phone_region": s.phone_region,
             "currency": s.currency, "recent_days": s.recent_days}
    if args.json:
        _json(shown)
    else:
        for key, value in shown.items():
            _out(f"{key:<16} {value}")
    return 0


HANDLERS: dict[str, Callable[[Services, argparse.Namespace], int]] = {
    "demo": cmd_demo, "add": cmd_add, "show": cmd_show, "log": cmd_log, "move": cmd_move,
    "archive": cmd_archive, "restore": cmd_restore, "rebalance": cmd_rebalance,
    "tabs": cmd_tabs, "list": cmd_list, "search": cmd_search, "settings": cmd_settings,
    "print": cmd_print, "handover": cmd_handover,
    "import": cmd_import, "imports": cmd_imports, "export": cmd_export, "due": cmd_due,
}
