"""Taking clients out: dossiers as vCard (4.0, or 3.0 for old phones) or CSV in Google's or
Outlook's layout, and the planned next contacts as a calendar the phone shows. The file is
written whole or not at all (atomic_file), the dossiers read in plain column queries
(app/store/export_reads.py)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import Cancelled, InvalidInput
from app.i18n import _
from app.interchange.records import ContactRecord, EventRecord, Labelled
from app.services.printing import atomic_file
from app.store import export_reads

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services

Progress = Callable[[int, int], None]
KINDS = ("vcard", "vcard3", "csv", "ics")
LAYOUTS = ("google", "outlook")
APPOINTMENT_MINUTES = 30  # a timed next contact's length in the calendar
_CHUNK = 2000


def _labelled(rows: list[tuple[str, str]]) -> tuple[Labelled, ...]:
    return tuple(Labelled(value, label) for label, value in rows)


class ExportService:
    def __init__(self, services: Services) -> None:
        self._s = services

    def _pks(self, session: Session, ids: list[str] | None, insert: str | None) -> list[int]:
        from app.services.handover_rows import pks_of

        if ids:
            return pks_of(session, ids)
        if insert:
            return pks_of(session, [r.id for r in self._s.views.list_insert(insert)])
        # the whole binder: the archived too (a client won or lost is still a contact)
        return export_reads.all_pks(session)

    def contacts(self, session: Session, pks: list[int]) -> Iterator[ContactRecord]:
        """The dossiers as contact records, in the order given, a chunk at a time (plain
        SQL on the keys: an export of 100,000 pays for no query building)."""
        for start in range(0, len(pks), _CHUNK):
            chunk = pks[start:start + _CHUNK]
            phones = export_reads.phones_by_pk(session, chunk)
            emails = export_reads.emails_by_pk(session, chunk)
            rows = export_reads.contacts_by_pk(session, chunk)
            for number, pk in enumerate(chunk, start=start + 1):
                (_pk, name, given, family, company, department, position, address, website,
                 birthday, notes, tags) = rows[pk]
                yield ContactRecord(
                    source=number, display_name=name, given=given, family=family,
                    company=company, department=department, position=position,
                    phones=_labelled(phones.get(pk, [])), emails=_labelled(emails.get(pk, [])),
                    address=address, website=website,
                    birthday=date.fromisoformat(birthday) if birthday else None, notes=notes,
                    tags=tuple(t.strip() for t in tags.split(",") if t.strip()))

    def events(self, session: Session, pks: list[int]) -> list[EventRecord]:
        """One event per dossier with a next contact: at its time in the user's time zone
        (half an hour), or all day; the client and purpose as summary, the phone and the
        last outcome in the description."""
        found: list[EventRecord] = []
        for start in range(0, len(pks), _CHUNK):
            chunk = pks[start:start + _CHUNK]
            for (uuid, name, company, day, at, purpose, phone, outcome
                 ) in export_reads.next_contacts(session, chunk):
                summary = f"{name} — {purpose}" if purpose else name
                lines = [line for line in (
                    company, _("Phone: {phone}").format(phone=phone) if phone else "",
                    _("Last time: {outcome}").format(outcome=outcome) if outcome else "")
                    if line]
                assert day is not None  # the query keeps dated dossiers only
                begin: date | datetime
                end: date | datetime
                if at:
                    hours, minutes = (int(x) for x in at.split(":"))
                    local = datetime.combine(day, time(hours, minutes)).astimezone()
                    begin, end = local, local + timedelta(minutes=APPOINTMENT_MINUTES)
                else:
                    begin, end = day, day + timedelta(days=1)
                found.append(EventRecord(
                    source=len(found) + 1, uid=f"{uuid}@ringbinder", summary=summary,
                    start=begin, end=end, all_day=not at, description="\n".join(lines)))
        found.sort(key=lambda e: (e.start if isinstance(e.start, datetime) else
                                  datetime.combine(e.start, time(), tzinfo=UTC)))
        return found

    def write(self, kind: str, target: Path | str, *, layout: str = "google",
              ids: list[str] | None = None, insert: str | None = None,
              progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
              ) -> int:
        """Write the dossiers (the given ones, an insert's, or all, archived too) to
        `target`; returns how many contacts or events were written."""
        from app.interchange.csv_write import write_csv
        from app.interchange.ics_write import write_ics
        from app.interchange.vcard_write import write_vcard

        if kind not in KINDS:
            raise InvalidInput(_("Export as vcard, vcard3, csv or ics."))
        if layout not in LAYOUTS:
            raise InvalidInput(_("The CSV layout is google or outlook."))
        stop = cancelled or (lambda: False)
        with self._s.db.read() as session:
            pks = self._pks(session, ids, insert)
            total = len(pks)

            def counted(records: Iterator[ContactRecord]) -> Iterator[ContactRecord]:
                for n, record in enumerate(records, start=1):
                    if n % 1000 == 0:
                        if stop():
                            raise Cancelled(_("Cancelled: no file was written."))
                        if progress is not None:
                            progress(n, total)
                    yield record

            with atomic_file(Path(target)) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig" if kind == "csv" else "utf-8",
                                        newline="")
                if kind == "ics":
                    count = write_ics(self.events(session, pks), text,
                                      calendar_name=_("Ringbinder next contacts"))
                elif kind == "csv":
                    count = write_csv(counted(self.contacts(session, pks)), text, layout)
                else:
                    count = write_vcard(counted(self.contacts(session, pks)), text,
                                        "3.0" if kind == "vcard3" else "4.0")
                text.flush()
                text.detach()
        if progress is not None:
            progress(total, total)
        return count

