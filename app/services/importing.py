"""Importing contacts and calendars: a file is read and shown (preview) before anything is
written; the import itself is one transaction through the store's bulk writer, recorded so
that one "Undo import" removes exactly the dossiers it made and puts back what it changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.binder.limits import DATE_MAX
from app.errors import Cancelled, InvalidInput, NotFound
from app.i18n import _
from app.interchange.records import ReadResult
from app.interchange.table_preview import Table, csv_table, detect_format, xlsx_table
from app.safe_text import one_line
from app.services import import_apply as apply
from app.services.import_events import future, match_events
from app.services.import_rows import BinderKeys, contact_from, find_duplicates
from app.services.import_types import (
    FORMATS,
    ON_DUPLICATE,
    PREVIEW_ROWS,
    ImportChoices,
    ImportOptions,
    ImportOutcome,
    ImportPreview,
    ImportView,
    Problem,
)
from app.store import bulk, team_people
from app.store.models import Dossier, ImportRecord
from app.store.types import utcnow

if TYPE_CHECKING:
    from app.services.binder import Services

Progress = Callable[[int, int], None]
MAX_FILE_BYTES = 64 * 1024 * 1024  # the largest file any reader takes


def read_file(path: Path) -> bytes:
    """The file's bytes, its size bounded before reading (a device or a pipe too)."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise InvalidInput(_("{path} is a folder, not a file.").format(path=path)) from None
    except FileNotFoundError:
        raise InvalidInput(_("There is no file {path}.").format(path=path)) from None
    except OSError as exc:
        raise InvalidInput(_("{path} cannot be read: {why}").format(
            path=path, why=exc.strerror or exc)) from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(_("The file is larger than {limit} MB; split it first.").format(
            limit=MAX_FILE_BYTES // (1024 * 1024)))
    return data


def read_records(data: bytes, fmt: str, options: ImportOptions) -> tuple[ReadResult, Table]:
    """The records of a file in the given format, and how its table is written."""
    from app.interchange.csv_contacts import read_csv
    from app.interchange.ics import read_ics
    from app.interchange.vcard import read_vcard
    from app.interchange.xlsx_contacts import read_xlsx

    if fmt == "vcard":
        return read_vcard(data), Table()
    if fmt == "ics":
        return read_ics(data), Table()
    if fmt == "xlsx":
        result = read_xlsx(data, options.sheet, options.mapping, header=options.header)
        table = xlsx_table(data, sheet=options.sheet, header=options.header, limit=PREVIEW_ROWS)
    else:
        table = csv_table(data, encoding=options.encoding, delimiter=options.delimiter,
                          header=options.header, limit=PREVIEW_ROWS)
        result = read_csv(data, options.mapping, encoding=table.encoding,
                          delimiter=table.delimiter, header=options.header)
    if options.mapping is not None:
        table.mapping = dict(options.mapping)
    return result, table


Loaded = tuple[str, ReadResult, Table]


def load_file(path: Path, options: ImportOptions) -> Loaded:
    """(format, records, table) of a file: everything an import reads without the binder,
    so a file that cannot be read is refused before the binder is opened."""
    if options.format not in ("auto", *FORMATS):
        raise InvalidInput(_("Unknown format '{format}': auto, vcard, csv, xlsx or ics.")
                           .format(format=options.format))
    if options.on_duplicate not in ON_DUPLICATE:
        raise InvalidInput(_("On a duplicate: skip, update or new."))
    data = read_file(path)
    fmt = detect_format(path.name, data) if options.format == "auto" else options.format
    result, table = read_records(data, fmt, options)
    return fmt, result, table


class ImportService:
    def __init__(self, services: Services) -> None:
        self._s = services

    def preview(self, path: Path | str, options: ImportOptions | None = None,
                cancelled: Callable[[], bool] | None = None,
                loaded: Loaded | None = None) -> ImportPreview:
        """Read, map and check the file against the binder; nothing is written. `loaded`:
        the file as load_file read it already with the same options."""
        options = options or ImportOptions()
        path = Path(path)
        fmt, result, table = loaded or load_file(path, options)
        if cancelled is not None and cancelled():
            raise Cancelled(_("Cancelled."))
        problems: list[Problem] = []
        region = self._s.settings.get().region
        contacts = [c for r in result.contacts if (c := contact_from(r, region, problems))]
        today = self._s.clock.today()
        with self._s.db.read() as session:
            duplicates = find_duplicates(contacts, BinderKeys.read(session, contacts)) \
                if contacts else []
            coming = future(result.events, today)
            matches = match_events(session, coming)
        name = one_line(options.name).strip()[:200] or _("{file} imported {day}").format(
            file=one_line(path.name)[:150], day=today.isoformat())
        preview = ImportPreview(
            path=path, options=options, format=fmt, encoding=result.encoding or table.encoding,
            delimiter=table.delimiter, header=table.header, layout=table.layout,
            sheets=table.sheets, columns=table.columns, rows=table.rows, mapping=table.mapping,
            contacts=result.contacts, events=result.events, matches=matches,
            duplicates=duplicates, problems=problems, warnings=list(result.warnings),
            name=name)
        preview.prepared = contacts
        return preview

    def run(self, preview: ImportPreview, choices: ImportChoices | None = None,
            progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
            ) -> ImportOutcome:
        """Write what the preview found, as the choices say, in one transaction."""
        self._s.refuse_if_damaged()
        choices = choices or ImportChoices()
        options = preview.options
        if options.next_contact is not None and not date.min < options.next_contact <= DATE_MAX:
            raise InvalidInput(_("The next-contact date is out of range."))
        plan = apply.plan_import(preview, choices, self._s.clock.today())
        stop = cancelled or (lambda: False)
        with self._s.db.write() as session:
            record = ImportRecord(name=preview.name, file_name=one_line(preview.path.name)[:255],
                                  format=preview.format, created=[], previous={})
            record.created = apply.write(session, plan, preview, progress, stop,
                                         self._s.clock.now())
            if self._s.new_owner is not None:  # a team binder: the newcomers are someone's
                team_people.give_unowned(session, record.created, self._s.new_owner)
            record.previous = plan.previous
            if stop():
                raise Cancelled(_("Cancelled: nothing was imported."))
            import_id = ""
            if record.created or record.previous:  # an import that changed nothing is no
                session.add(record)  # step to undo
                session.flush()
                import_id = record.uuid
        return ImportOutcome(import_id, preview.name, len(record.created) - plan.created_for_events,
                             len(plan.updates), plan.skipped, plan.appointments_count)

    def history(self) -> list[ImportView]:
        with self._s.db.read() as session:
            return [ImportView(r.uuid, r.name, r.file_name, r.done_at, len(r.created),
                               len(r.previous), r.undone_at is not None)
                    for r in session.scalars(select(ImportRecord)
                                             .order_by(ImportRecord.pk.desc()))]

    def undo(self, import_id: str) -> int:
        """Remove the dossiers the import made and put back what it changed; how many
        dossiers that touched."""
        self._s.refuse_if_damaged()
        with self._s.db.write() as session:
            record = session.scalars(select(ImportRecord).where(
                ImportRecord.uuid == import_id.strip().lower())).first()
            if record is None:
                raise NotFound(_("There is no import '{id}'.").format(id=import_id))
            if record.undone_at is not None:
                raise InvalidInput(_("The import {name} was already undone.").format(
                    name=record.name))
            pks: list[int] = []
            for start in range(0, len(record.created), 500):
                pks += session.scalars(select(Dossier.pk).where(
                    Dossier.uuid.in_(record.created[start:start + 500])))
            bulk.delete_dossiers(session, pks)
            restored = apply.restore(session, record.previous)
            record.undone_at = utcnow()
            return len(pks) + restored


def record_json(record: Any) -> dict[str, Any]:
    """A contact as the CLI's --json prints it."""
    return {"name": record.name, "given": record.given, "family": record.family,
            "company": record.company, "position": record.position,
            "phones": [p.value for p in record.phones],
            "emails": [e.value for e in record.emails], "address": record.address,
            "website": record.website,
            "birthday": record.birthday.isoformat() if record.birthday else None,
            "notes": record.notes}
