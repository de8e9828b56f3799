"""Plain records the services hand out: no live database session ever reaches a screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from app.binder import InsertKind


class DossierRow(NamedTuple):
    """A dossier as a line of an insert or of search results (a named tuple: lists of
    thousands are built on every tab switch, and tuples are the cheapest to make)."""

    id: str
    name: str
    company: str
    position: str
    phone: str
    next_contact: date | None
    time: str | None
    purpose: str
    priority: int
    fixed: bool
    archived: bool = False
    last_outcome: str = ""


@dataclass(frozen=True)
class PhoneView:
    label: str
    number: str
    e164: str


@dataclass(frozen=True)
class EmailView:
    label: str
    address: str


@dataclass(frozen=True)
class EventView:
    id: str
    at: datetime
    kind: str
    channel: str
    summary: str
    outcome: str
    offer: str
    amount: str | None
    currency: str
    next_contact: date | None
    amends: str | None


@dataclass(frozen=True)
class AttachmentView:
    id: str
    filename: str
    mime: str
    size: int
    added_at: datetime
    trashed: bool


@dataclass(frozen=True)
class FormView:
    id: str
    title: str
    template: str | None
    fields: list
    values: dict


@dataclass(frozen=True)
class DossierDetail:
    id: str
    name: str
    position: str
    company: str
    phones: list[PhoneView]
    emails: list[EmailView]
    address: str
    website: str
    source: str
    segment: str
    tags: str
    status: str
    notes: str
    next_contact: date | None
    time: str | None
    purpose: str
    priority: int
    fixed: bool
    archived: bool
    archive_reason: str
    created_at: datetime
    updated_at: datetime
    events: list[EventView] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)
    forms: list[FormView] = field(default_factory=list)
    # what an imported card gave beside the name (an export writes them back)
    given_name: str = ""
    family_name: str = ""
    department: str = ""
    birthday: date | None = None

    @property
    def phone(self) -> str:
        return self.phones[0].number if self.phones else ""


@dataclass(frozen=True)
class Tab:
    """An insert as the strip shows it."""

    key: str
    kind: InsertKind
    label: str
    count: int
    over_capacity: bool
    day: date | None = None
    first: date | None = None
    last: date | None = None
    working: bool = True


@dataclass
class Changes:
    """What an operation touched, so every screen can decide in one place whether to redraw."""

    dossiers: set[str] = field(default_factory=set)
    dates: set[date | None] = field(default_factory=set)  # next-contact dates left or reached
    archive: bool = False  # the Archive insert's content changed
    settings: bool = False

    def merge(self, other: Changes) -> Changes:
        self.dossiers |= other.dossiers
        self.dates |= other.dates
        self.archive |= other.archive
        self.settings |= other.settings
        return self
