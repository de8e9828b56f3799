"""What a reader returns: one plain record per contact or event, with where it came from, so
that a problem can be shown as "card 3, phone: …" and the services can map it to a dossier."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Labelled:
    """A phone number or an e-mail address with its label as the file gave it ("work",
    "mobile", a custom X-ABLabel); the value is as written, not yet checked."""

    value: str
    label: str = ""


@dataclass(frozen=True)
class ContactRecord:
    """One contact of a vCard file, a CSV row or a spreadsheet row."""

    source: int  # the card's number (1-based) or the row's number in the file
    display_name: str = ""
    given: str = ""
    family: str = ""
    additional: str = ""  # middle names
    prefix: str = ""
    suffix: str = ""
    company: str = ""
    department: str = ""
    position: str = ""
    phones: tuple[Labelled, ...] = ()
    emails: tuple[Labelled, ...] = ()
    address: str = ""  # one postal address as lines, the way it is printed
    website: str = ""
    birthday: date | None = None
    notes: str = ""
    tags: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The name to file the dossier under: the display name, else the name parts, else
        the company."""
        if self.display_name.strip():
            return self.display_name.strip()
        parts = " ".join(p for p in (self.prefix, self.given, self.additional, self.family,
                                     self.suffix) if p.strip())
        return parts.strip() or self.company.strip()


@dataclass(frozen=True)
class EventRecord:
    """One event of a calendar (one occurrence, for a recurring event)."""

    source: int  # the event's number in the file (1-based)
    uid: str
    summary: str
    start: datetime | date  # aware datetime, or a date for an all-day event
    end: datetime | date | None = None
    all_day: bool = False
    timezone: str = ""  # the TZID as written
    recurrence: str = ""  # the RRULE as written, for a recurring event
    status: str = ""  # CONFIRMED, TENTATIVE, CANCELLED, or ""
    attendees: tuple[Labelled, ...] = ()  # e-mail addresses with the name given
    description: str = ""  # the DESCRIPTION, line breaks kept


@dataclass
class ReadResult:
    """What a reader made of a file: the records, and what it could not read and why."""

    contacts: list[ContactRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "card 3: photo cannot be decoded"
    encoding: str = ""  # the text encoding found (or given)
