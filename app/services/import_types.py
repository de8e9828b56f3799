"""What an import is asked to do and what it found, as plain values: the wizard shows them
and edits the options, the CLI prints them as JSON, the import service acts on them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.interchange.records import ContactRecord, EventRecord

FORMATS = ("vcard", "csv", "xlsx", "ics")
ON_DUPLICATE = ("skip", "update", "new")
PREVIEW_ROWS = 50  # rows of a table file shown in the wizard's preview


@dataclass(frozen=True)
class ImportOptions:
    """How to read the file and what to do with what is found; None: found from the file."""

    format: str = "auto"  # auto | vcard | csv | xlsx | ics
    encoding: str | None = None
    delimiter: str | None = None
    header: bool | None = None  # whether the first row names the columns
    sheet: str | None = None  # a workbook's sheet; None: the first
    mapping: dict[int, str] | None = None  # column index -> field ("phone:work", "given")
    on_duplicate: str = "skip"  # skip | update | new, for every duplicate not chosen one by one
    next_contact: date | None = None  # the imported dossiers' date; None: Undated
    name: str = ""  # the import's name, also the dossiers' tag; "": made from the file's

    def but(self, **changes: Any) -> ImportOptions:
        return replace(self, **changes)


@dataclass(frozen=True)
class Duplicate:
    """A contact of the file that looks like a dossier of the binder or an earlier contact of
    the same file (then `id` is "" and `other` is that contact's source number)."""

    record: int  # the contact's source number (card or row)
    id: str  # the dossier it looks like; "" for a duplicate within the file
    name: str  # that dossier's (or contact's) name, to show
    why: str  # "phone +48 600 123 456", "e-mail ana@…", "name and company"
    other: int = 0  # within the file: the earlier contact's source number


@dataclass(frozen=True)
class Problem:
    """Something of one contact or event that was not imported, and why."""

    record: int  # source number; 0 for the file as a whole
    field: str  # "phone", "birthday", "" for the whole record
    why: str


@dataclass(frozen=True)
class EventMatch:
    """A future event of a calendar and the dossier it becomes an appointment of."""

    event: EventRecord
    dossier_id: str  # "" when no dossier matches (the user assigns, creates or skips)
    dossier_name: str
    how: str  # "e-mail ana@…", "name in the summary", or "" when unmatched


@dataclass
class ImportPreview:
    """A file read with given options: enough to show every page of the wizard."""

    path: Path
    options: ImportOptions
    format: str
    encoding: str  # "" for a workbook
    delimiter: str  # "" but for CSV
    header: bool
    layout: str  # the recognised layout's title ("Outlook (Polish)"), or ""
    sheets: list[str]  # a workbook's sheet names
    columns: list[str]  # table files: the header names ("" for a column without one)
    rows: list[list[str]]  # table files: the first PREVIEW_ROWS data rows as written
    mapping: dict[int, str]  # table files: column index -> field, as used
    contacts: list[ContactRecord]
    events: list[EventRecord]  # every event read, past ones too
    matches: list[EventMatch]  # the future ones, with their dossier
    duplicates: list[Duplicate]
    problems: list[Problem]
    warnings: list[str]
    name: str  # the import's name as it will be
    prepared: list = field(default_factory=list, repr=False)  # the contacts as dossiers

    def duplicate_of(self) -> dict[int, Duplicate]:
        """The first duplicate found for each contact's source number."""
        found: dict[int, Duplicate] = {}
        for d in self.duplicates:
            found.setdefault(d.record, d)
        return found


@dataclass(frozen=True)
class ImportChoices:
    """The user's choices one by one, over the options' defaults."""

    duplicates: dict[int, str] = field(default_factory=dict)  # source -> skip|update|new
    events: dict[int, str] = field(default_factory=dict)  # event index in `matches` ->
    # "skip", "create" (a new dossier named after the summary) or a dossier id


@dataclass(frozen=True)
class ImportOutcome:
    import_id: str
    name: str
    created: int
    updated: int
    skipped: int
    appointments: int


@dataclass(frozen=True)
class ImportView:
    """One past import, as the Undo list shows it."""

    id: str
    name: str
    file_name: str
    done_at: datetime
    created: int
    updated: int
    undone: bool
