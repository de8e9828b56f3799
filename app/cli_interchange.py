"""`ringbinder import FILE`, `ringbinder imports [--undo ID]` and `ringbinder export`: clients
in from vCard, CSV, spreadsheets and calendars, and out again. The --json answer of import is
a contract (README, "Import and export")."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import InvalidInput
from app.i18n import _, n_, short_date_time

if TYPE_CHECKING:  # the services are imported when a command runs, not when the CLI parses
    from app.services import Services
    from app.services.import_types import ImportOptions, ImportPreview
    from app.services.importing import Loaded

FORMAT_NAMES = {"vcard": "vCard", "csv": "CSV", "xlsx": "XLSX", "ics": "iCalendar"}


def add_parsers(sub: argparse._SubParsersAction, date_arg: Any) -> None:
    imp = sub.add_parser("import", help=_(
        "bring contacts in from a vCard, CSV or XLSX file, or appointments from a calendar "
        "(ICS), as one all-or-nothing import"))
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--format", choices=("auto", "vcard", "csv", "xlsx", "ics"),
                     default="auto")
    imp.add_argument("--encoding", metavar="NAME", help=_("the file's text encoding "
                                                          "(default: detected)"))
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD", help=_(
        "map a column (its header or its number from 1) to a field (given, family, phone, "
        "phone:work, email, company, …, or ignore); repeatable"))
    imp.add_argument("--no-header", action="store_true",
                     help=_("the first row is a contact, not column names"))
    imp.add_argument("--sheet", metavar="NAME", help=_("the workbook's sheet (default: first)"))
    imp.add_argument("--on-duplicate", choices=("skip", "update", "new"), default="skip",
                     help=_("a contact already in the binder (same phone, e-mail, or name "
                            "and company): skip it (default), update the dossier, or add "
                            "it as new"))
    imp.add_argument("--next", type=date_arg, metavar="YYYY-MM-DD",
                     help=_("file the new dossiers under this day (default: Undated)"))
    imp.add_argument("--dry-run", action="store_true",
                     help=_("read, map and check duplicates, but write nothing"))
    imp.add_argument("--json", action="store_true")

    imports = sub.add_parser("imports", help=_("the imports made, newest first; undo one"))
    imports.add_argument("--undo", metavar="ID", help=_(
        "remove the dossiers that import created and put back what it updated"))
    imports.add_argument("--json", action="store_true")

    exp = sub.add_parser("export", help=_(
        "write dossiers as vCard or CSV, or the planned next contacts as a calendar (ICS)"))
    exp.add_argument("kind", choices=("vcard", "csv", "ics"))
    exp.add_argument("--layout", choices=("google", "outlook"), default="google",
                     help=_("the CSV's columns (default: google)"))
    exp.add_argument("--vcard-version", choices=("4.0", "3.0"), default="4.0",
                     help=_("3.0 for old phones (default: 4.0)"))
    scope = exp.add_mutually_exclusive_group()
    scope.add_argument("--ids", nargs="+", metavar="ID", help=_("these dossiers"))
    scope.add_argument("--insert", metavar="KEY", help=_("the dossiers of one insert, as in "
                                                          "`tabs`"))
    exp.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")


def _options(args: argparse.Namespace, mapping: dict[int, str] | None = None) -> ImportOptions:
    from app.services.import_types import ImportOptions

    return ImportOptions(
        format=args.format, encoding=args.encoding, header=False if args.no_header else None,
        sheet=args.sheet, mapping=mapping, on_duplicate=args.on_duplicate,
        next_contact=args.next)


def _mapping(args: argparse.Namespace, loaded: Loaded) -> dict[int, str] | None:
    """The detected mapping with the --map corrections, or None without any."""
    if not args.map:
        return None
    from app.interchange.layouts import check_field  # not at the parser's build: `tabs` needs none

    _fmt, _result, table = loaded
    mapping = dict(table.mapping)
    headers = [h.strip().lower() for h in table.columns]
    for spec in args.map:
        column, sep, field = spec.partition("=")
        column, field = column.strip(), field.strip()
        if not sep or not column:
            raise InvalidInput(_("--map takes COLUMN=FIELD, not '{spec}'.").format(spec=spec))
        if column.isdigit() and 1 <= int(column) <= len(table.columns):
            index = int(column) - 1
        elif column.lower() in headers:
            index = headers.index(column.lower())
        else:
            raise InvalidInput(_("There is no column '{column}' in the file.").format(
                column=column))
        if field in ("", "ignore"):
            mapping.pop(index, None)
        elif not check_field(field):
            raise InvalidInput(_("'{field}' is not a field a column can fill.").format(
                field=field))
        else:
            mapping[index] = field
    return mapping


def load_import(args: argparse.Namespace) -> Loaded:
    """The file read before the binder is opened: one that cannot be read is refused with
    the binder untouched (even a new one is not created)."""
    from app.services.importing import load_file

    loaded = load_file(args.file, _options(args))
    mapping = _mapping(args, loaded)
    if mapping is not None:
        loaded = load_file(args.file, _options(args, mapping))
    args.mapping = mapping
    return loaded


def _when(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat()


def problem_text(fmt: str, record: int, field: str, why: str) -> str:
    """"row 3, phone: …" (a card of a vCard file, an event of a calendar)."""
    where = (_("card {n}") if fmt == "vcard" else _("event {n}") if fmt == "ics"
             else _("row {n}")).format(n=record)
    return f"{where}, {field}: {why}" if field else f"{where}: {why}"


def _report(preview: ImportPreview, created: int, updated: int,
            skipped: list[dict[str, Any]]) -> dict[str, Any]:
    from app.services.importing import record_json

    return {
        "format": preview.format, "encoding": preview.encoding,
        "contacts": [record_json(c) for c in preview.contacts],
        "events": [{"uid": e.uid, "summary": e.summary, "start": _when(e.start),
                    "end": _when(e.end), "all_day": e.all_day, "status": e.status,
                    "recurrence": e.recurrence} for e in preview.events],
        "duplicates": [{"record": d.record, "id": d.id, "why": d.why}
                       for d in preview.duplicates],
        "skipped": skipped,
        "warnings": preview.warnings + [problem_text(preview.format, p.record, p.field, p.why)
                                        for p in preview.problems if p.field != "name"],
        "created": created, "updated": updated,
    }


def cmd_import(services: Services, args: argparse.Namespace) -> int:
    preview = services.imports.preview(args.file, _options(args, args.mapping),
                                       loaded=args.loaded)
    skipped = [{"record": p.record, "reason": p.why} for p in preview.problems
               if p.field == "name"]
    skipped += [{"record": d.record, "reason": d.why} for d in preview.duplicates
                if args.on_duplicate == "skip"]
    skipped += [{"record": m.event.source, "reason": _("no dossier matches the event")}
                for m in preview.matches if not m.dossier_id]
    created = updated = 0
    outcome = None
    if not args.dry_run:
        outcome = services.imports.run(preview)
        created, updated = outcome.created, outcome.updated
    if args.json:
        json.dump(_report(preview, created, updated, skipped), sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
        return 0
    out = sys.stdout.write
    what = n_("Read {count} contact", "Read {count} contacts", len(preview.contacts))
    if preview.format == "ics":
        what = n_("Read {count} event", "Read {count} events", len(preview.events))
    out(_("{what} ({format}{encoding}).").format(
        what=what, format=FORMAT_NAMES[preview.format],
        encoding=f", {preview.encoding}" if preview.encoding else "") + "\n")
    for warning in _report(preview, 0, 0, [])["warnings"]:
        out(f"  {warning}\n")
    if preview.duplicates:
        line = n_("{count} duplicate", "{count} duplicates", len(preview.duplicates))
        if args.on_duplicate == "skip":
            line += ": " + _("skipped")
        out(line + "\n")
    if outcome is None:
        out(_("Nothing was written (--dry-run).") + "\n")
        return 0
    out(_("Created {created}, updated {updated}, skipped {skipped}; {appointments} "
          "appointments.").format(created=outcome.created, updated=outcome.updated,
                                  skipped=outcome.skipped,
                                  appointments=outcome.appointments) + "\n")
    if outcome.import_id:
        out(_("Tagged \u201c{name}\u201d. Undo with: ringbinder imports --undo {id}").format(
            name=outcome.name, id=outcome.import_id) + "\n")
    return 0


def cmd_imports(services: Services, args: argparse.Namespace) -> int:
    if args.undo:
        count = services.imports.undo(args.undo)
        sys.stdout.write(n_("Undone: {count} dossier removed or put back.",
                            "Undone: {count} dossiers removed or put back.", count) + "\n")
        return 0
    views = services.imports.history()
    if args.json:
        json.dump([{"id": v.id, "name": v.name, "file": v.file_name,
                    "done_at": v.done_at.isoformat(), "created": v.created,
                    "updated": v.updated, "undone": v.undone} for v in views],
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for v in views:
        state = _("undone") if v.undone else ""
        sys.stdout.write(f"{v.id}  {short_date_time(v.done_at)}  {v.created:>6}  "
                         f"{v.name}  {state}".rstrip() + "\n")
    if not views:
        sys.stdout.write(_("No imports yet.") + "\n")
    return 0


def cmd_export(services: Services, args: argparse.Namespace) -> int:
    kind = "vcard3" if args.kind == "vcard" and args.vcard_version == "3.0" else args.kind
    count = services.exports.write(kind, args.output, layout=args.layout, ids=args.ids,
                                   insert=args.insert)
    sys.stdout.write(_("Wrote {path} ({count}).").format(path=args.output, count=count) + "\n")
    return 0
