"""Handing the planned work to a colleague: choosing the dossiers, writing the handover file,
and reading one back (the merge comes later).

Export only reads the binder, in one read transaction so that the file is a consistent
snapshot, and it works on a binder opened read-only. The file is built in memory and written
through printing.atomic_file: bad input, a full disk or an unwritable folder leave no file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from app.errors import InvalidInput
from app.handover import container
from app.handover import payload as p
from app.i18n import _
from app.services.dossiers import find_dossier
from app.services.printing import atomic_file
from app.store.models import (
    Attachment,
    AttachmentBlob,
    BinderSettings,
    Dossier,
    FormTemplate,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services

Progress = Callable[[int, int], None]
DEFAULT_DAYS = 14  # a start date alone hands over two weeks
MAX_PERSON = 200


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    counts: dict[str, int]
    period: p.Period | None
    encrypted: bool
    size: int  # bytes written


def _dossier(d: Dossier) -> p.Dossier:
    return p.Dossier(
        uuid=d.uuid, updated_at=d.updated_at, created_at=d.created_at, full_name=d.full_name,
        sort_name=d.sort_name, position=d.position, company=d.company, address=d.address,
        website=d.website, source=d.source, segment=d.segment, tags=d.tags, status=d.status,
        notes=d.notes, next_contact=d.next_contact, next_time=d.next_time, purpose=d.purpose,
        priority=d.priority, fixed=d.fixed, archived=d.archived, archived_at=d.archived_at,
        archive_reason=d.archive_reason,
        phones=[p.Phone(x.uuid, x.updated_at, x.label, x.number, x.e164, x.position)
                for x in d.phones],
        emails=[p.Email(x.uuid, x.updated_at, x.label, x.address, x.position)
                for x in d.emails],
        events=[p.Event(e.uuid, e.updated_at, e.at, e.kind, e.channel, e.summary, e.outcome,
                        e.offer, e.amount, e.currency, e.next_contact, e.amends_uuid)
                for e in sorted(d.events, key=lambda e: (e.at, e.uuid))],
        documents=[p.Document(a.uuid, a.updated_at, a.filename, a.mime, a.size, a.sha256,
                              a.added_at, a.trashed_at, bytes(a.blob.data))
                   for a in sorted(d.attachments, key=lambda a: (a.added_at, a.uuid))],
        forms=[p.Form(f.uuid, f.updated_at, f.template_uuid, f.title, list(f.fields),
                      dict(f.values), f.created_at)
               for f in sorted(d.forms, key=lambda f: (f.created_at, f.uuid))],
    )


class HandoverService:
    def __init__(self, services: Services) -> None:
        self._s = services
        self.scrypt_n = container.SCRYPT_N  # tests lower it; the file records what was used

    def period(self, start: date | None, end: date | None) -> p.Period:
        """The handed-over days: from `start` (today) to `end` (two weeks later)."""
        start = start or self._s.clock.today()
        end = end or start + timedelta(days=DEFAULT_DAYS)
        if end < start:
            raise InvalidInput(_("The handover period ends ({end}) before it starts ({start})."
                                 ).format(start=start.isoformat(), end=end.isoformat()))
        return p.Period(start, end)

    def _select(self, session: Session, period: p.Period | None,
                ids: list[str] | None) -> list[int]:
        if ids is not None:
            found = [find_dossier(session, i).pk for i in ids]
            return list(dict.fromkeys(found))  # each once, in the order given
        query = select(Dossier.pk).where(Dossier.archived.is_(False),
                                         Dossier.next_contact.is_not(None))
        if period is not None:
            query = query.where(Dossier.next_contact.between(period.start, period.end))
        return list(session.scalars(query))

    def workload(self, *, start: date | None = None, end: date | None = None,
                 ids: list[str] | None = None, to_person: str = "",
                 progress: Progress | None = None) -> p.Handover:
        """What `export` writes: the non-archived dossiers due in [start, end], or the chosen
        ids, or (neither) everything planned; with all their history, documents (trashed ones
        marked), forms, and every form template."""
        if ids is not None and (start is not None or end is not None):
            raise InvalidInput(_("Hand over either a period or chosen dossiers, not both."))
        if ids is not None and not ids:
            raise InvalidInput(_("No dossiers were chosen to hand over."))
        to_person = to_person.strip()
        if len(to_person) > MAX_PERSON:
            raise InvalidInput(_("The colleague's name is longer than {count} characters.")
                               .format(count=MAX_PERSON))
        period = self.period(start, end) if start or end else None
        with self._s.db.read() as session:
            pks = self._select(session, period, ids)
            settings = session.get_one(BinderSettings, 1)
            rows = session.scalars(
                select(Dossier).where(Dossier.pk.in_(pks)).options(
                    selectinload(Dossier.events),
                    selectinload(Dossier.forms),
                    selectinload(Dossier.attachments).selectinload(Attachment.blob)
                    .options(undefer(AttachmentBlob.data)))
                .order_by(Dossier.next_contact, Dossier.next_time, Dossier.priority,
                          Dossier.sort_name, Dossier.uuid)).all()
            dossiers = []
            for done, row in enumerate(rows, 1):
                dossiers.append(_dossier(row))
                if progress is not None:
                    progress(done, len(rows))
            templates = [p.Template(t.uuid, t.updated_at, t.name, t.description, list(t.fields))
                         for t in session.scalars(select(FormTemplate).order_by(
                             FormTemplate.name, FormTemplate.uuid))]
            header = p.Header(from_name=settings.owner_name, to_name=to_person,
                              created_at=self._s.clock.now(), period=period,
                              binder_id=settings.uuid)
        return p.Handover(header, p.Workload(dossiers, templates))

    def export(self, target: Path, *, start: date | None = None, end: date | None = None,
               ids: list[str] | None = None, to_person: str = "",
               passphrase: str | None = None, progress: Progress | None = None
               ) -> ExportSummary:
        """Write the handover file (encrypted with a passphrase); all or nothing."""
        target = Path(target)
        if target.is_dir():
            raise InvalidInput(_("'{path}' is a folder; give a file name for the handover.")
                               .format(path=target))
        handover = self.workload(start=start, end=end, ids=ids, to_person=to_person,
                                 progress=progress)
        data = container.pack(handover, passphrase, scrypt_n=self.scrypt_n)
        with atomic_file(target) as stream:
            stream.write(data)
        return ExportSummary(target, handover.workload.counts(), handover.header.period,
                             passphrase is not None, len(data))

    @staticmethod
    def _read(path: Path) -> bytes:
        path = Path(path)
        try:
            if path.stat().st_size > container.MAX_FILE_BYTES:
                raise container.too_large(container.MAX_FILE_BYTES)
            return path.read_bytes()
        except OSError as exc:
            raise InvalidInput(_("Cannot read '{path}': {reason}.").format(
                path=path, reason=exc.strerror or exc)) from None

    def read_header(self, path: Path) -> container.FileInfo:
        """Who handed over to whom and for which period, without the passphrase."""
        return container.read_header(self._read(path))

    def inspect(self, path: Path, passphrase: str | None = None) -> p.Handover:
        """The handover file's contents, checked, without touching the binder."""
        return container.open_file(self._read(path), passphrase)
