"""Handing the planned work to a colleague: choosing the dossiers, writing the handover file,
reading one back, and merging it into the binder (rules in app/handover/merge.py).

Export only reads the binder, in one read transaction so that the file is a consistent
snapshot, and it works on a binder opened read-only. The file is built in memory and written
through printing.atomic_file: bad input, a full disk or an unwritable folder leave no file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload, undefer

from app.errors import InvalidInput
from app.handover import container
from app.handover import merge as m
from app.handover import payload as p
from app.i18n import _
from app.services import handover_log as log
from app.services.dossiers import find_dossier
from app.services.printing import atomic_file
from app.store.models import (
    Attachment,
    AttachmentBlob,
    BinderSettings,
    ContactEvent,
    Dossier,
    Email,
    FilledForm,
    FormTemplate,
    HandoverBase,
    HandoverRecord,
    Phone,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services

Progress = Callable[[int, int], None]
DEFAULT_DAYS = 14  # a start date alone hands over two weeks
MAX_PERSON = 200
_CHUNK = 500  # UUIDs per IN (…) query


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    counts: dict[str, int]
    period: p.Period | None
    encrypted: bool
    size: int  # bytes written


def _dossier(d: Dossier, *, with_data: bool = True) -> p.Dossier:
    """The payload of a dossier; without data its documents carry no bytes (the merge only
    needs their UUIDs)."""
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
                              a.added_at, a.trashed_at,
                              bytes(a.blob.data) if with_data else b"")
                   for a in sorted(d.attachments, key=lambda a: (a.added_at, a.uuid))],
        forms=[p.Form(f.uuid, f.updated_at, f.template_uuid, f.title, list(f.fields),
                      dict(f.values), f.created_at)
               for f in sorted(d.forms, key=lambda f: (f.created_at, f.uuid))],
    )


def handover_id(header: p.Header) -> str:
    """A stable name for one handover file: the digest of its header, so the format needs
    no extra field."""
    text = json.dumps(p.header_to_dict(header), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]


def _steps(progress: Progress | None, total: int) -> Callable[[], None]:
    """A step counter for work done in a few big steps (read, compare, write, commit)."""
    done = 0
    if progress is not None:
        progress(0, total)

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    return step


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def _timestamp(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.strptime(text, p.TIMESTAMP_FORMAT).replace(tzinfo=UTC)


def _set_group(row: Dossier, group: str, value: Any) -> None:
    """Write one merged group (as merge.field_values gives it) into a dossier row."""
    if group == "phones":
        row.phones = [Phone(label=label, number=number, e164=e164, position=i)
                      for i, (label, number, e164) in enumerate(value)]
    elif group == "emails":
        row.emails = [Email(label=label, address=address, position=i)
                      for i, (label, address) in enumerate(value)]
    else:
        for attr, raw in value.items():
            if attr == "next_contact":
                raw = None if raw is None else date.fromisoformat(raw)
            elif attr == "archived_at":
                raw = _timestamp(raw)
            setattr(row, attr, raw)


def _event(e: p.Event, dossier_pk: int) -> ContactEvent:
    return ContactEvent(
        uuid=e.uuid, updated_at=e.updated_at, dossier_pk=dossier_pk, at=e.at, kind=e.kind,
        channel=e.channel, summary=e.summary, outcome=e.outcome, offer=e.offer,
        amount=e.amount, currency=e.currency, next_contact=e.next_contact,
        amends_uuid=e.amends_uuid)


def _document(a: p.Document, dossier_pk: int) -> Attachment:
    row = Attachment(uuid=a.uuid, updated_at=a.updated_at, dossier_pk=dossier_pk,
                     filename=a.filename, mime=a.mime, size=a.size, sha256=a.sha256,
                     added_at=a.added_at, trashed_at=a.trashed_at)
    row.blob = AttachmentBlob(data=a.data)
    return row


def _form(f: p.Form, dossier_pk: int) -> FilledForm:
    return FilledForm(uuid=f.uuid, updated_at=f.updated_at, dossier_pk=dossier_pk,
                      template_uuid=f.template_uuid, title=f.title, fields=list(f.fields),
                      values=dict(f.values), created_at=f.created_at)


class HandoverService:
    def __init__(self, services: Services) -> None:
        self._s = services
        self.scrypt_n = container.SCRYPT_N  # tests lower it; the file records what was used
        self.log = log.HandoverLog(services)

    def period(self, start: date | None, end: date | None) -> p.Period:
        """The handed-over days: from `start` (today) to `end` (two weeks later)."""
        start = start or self._s.clock.today()
        end = end or start + timedelta(days=DEFAULT_DAYS)
        if end < start:
            raise InvalidInput(_("The handover period ends ({end}) before it starts ({start})."
                                 ).format(start=start.isoformat(), end=end.isoformat()))
        return p.Period(start, end)

    def _select(self, session: Session, period: p.Period | None,
                ids: list[str] | None, overdue: bool = False) -> list[int]:
        if ids is not None:
            found = [find_dossier(session, i).pk for i in ids]
            return list(dict.fromkeys(found))  # each once, in the order given
        query = select(Dossier.pk).where(Dossier.archived.is_(False),
                                         Dossier.next_contact.is_not(None))
        if period is not None and overdue:  # and what was due before it and is not done
            query = query.where(Dossier.next_contact <= period.end)
        elif period is not None:
            query = query.where(Dossier.next_contact.between(period.start, period.end))
        return list(session.scalars(query))

    def count(self, start: date | None = None, end: date | None = None,
              overdue: bool = False) -> int:
        """How many dossiers a period (or, with neither date, everything planned) hands
        over: the export dialog says it as the user picks the days."""
        period = self.period(start, end) if start or end else None
        with self._s.db.read() as session:
            return len(self._select(session, period, None, overdue))

    def workload(self, *, start: date | None = None, end: date | None = None,
                 ids: list[str] | None = None, to_person: str = "", overdue: bool = False,
                 progress: Progress | None = None) -> p.Handover:
        """What `export` writes: the non-archived dossiers due in [start, end], or the chosen
        ids, or (neither) everything planned; `overdue` adds the period's overdue ones (due
        before it, not done); with all their history, documents (trashed ones
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
            pks = self._select(session, period, ids, overdue)
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
               ids: list[str] | None = None, to_person: str = "", overdue: bool = False,
               passphrase: str | None = None, progress: Progress | None = None
               ) -> ExportSummary:
        """Write the handover file (encrypted with a passphrase); all or nothing."""
        target = Path(target)
        if target.is_dir():
            raise InvalidInput(_("'{path}' is a folder; give a file name for the handover.")
                               .format(path=target))
        handover = self.workload(start=start, end=end, ids=ids, to_person=to_person,
                                 overdue=overdue, progress=progress)
        data = container.pack(handover, passphrase, scrypt_n=self.scrypt_n)
        with atomic_file(target) as stream:
            stream.write(data)
        if not self._s.db.readonly:  # a read-only binder hands over without remembering
            hid = handover_id(handover.header)
            with self._s.db.write() as session:
                self._record_bases(session, hid, {d.uuid: m.field_values(d)
                                                  for d in handover.workload.dossiers})
                log.record(session, log.OUT, hid, handover.header,
                           [d.uuid for d in handover.workload.dossiers])
        return ExportSummary(target, handover.workload.counts(), handover.header.period,
                             passphrase is not None, len(data))

    def return_handover(self, target: Path, handover_id: str | None = None, *,
                        include_added: bool = True, passphrase: str | None = None,
                        progress: Progress | None = None) -> ExportSummary:
        """Send a taken-over handover (the latest, unless named) back to whoever handed it
        over: its dossiers as they are now, and the ones added here since."""
        plan = self.log.return_plan(handover_id)
        return self.export(target, ids=plan.chosen(include_added),
                           to_person=plan.entry.from_name, passphrase=passphrase,
                           progress=progress)

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

    def report(self, path: Path, target: Path, passphrase: str | None = None,
               page_size: str | None = None) -> int:
        """Write the handover report (a PDF of the handed-over work, by insert) to `target`;
        returns its pages. Only the file is read; the binder gives the printer's name and its
        strip rules. The file is checked completely before anything is written."""
        from app.pdf.handover_report import render_handover_report

        handover = self.inspect(path, passphrase)
        info = self._s.printing.info(page_size)
        strip = self._s.settings.get().strip
        with atomic_file(target) as stream:
            return render_handover_report(stream, handover, info, strip)

    # -- merging ---------------------------------------------------------------------------
    @staticmethod
    def _record_bases(session: Session, hid: str, bases: Mapping[str, dict[str, Any]]
                      ) -> None:
        session.add_all(HandoverBase(dossier_uuid=uuid, handover_id=hid, base=base)
                        for uuid, base in bases.items())

    def _plan(self, session: Session, handover: p.Handover, policy: str,
              resolutions: Mapping[tuple[str, str], str] | None
              ) -> tuple[m.MergePlan, dict[str, Dossier], dict[str, dict[str, Any]]]:
        """The merge plan against the binder as this session sees it, the matched rows and
        their current bases."""
        workload = handover.workload
        uuids = [d.uuid for d in workload.dossiers]
        rows: dict[str, Dossier] = {}
        bases: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(uuids):
            for row in session.scalars(select(Dossier).where(Dossier.uuid.in_(chunk)).options(
                    selectinload(Dossier.events), selectinload(Dossier.forms),
                    selectinload(Dossier.attachments))):
                rows[row.uuid] = row
            newest = (select(func.max(HandoverBase.pk)).where(
                HandoverBase.dossier_uuid.in_(chunk)).group_by(HandoverBase.dossier_uuid))
            for b in session.scalars(select(HandoverBase).where(HandoverBase.pk.in_(newest))):
                bases[b.dossier_uuid] = b.base
        items = [x.uuid for d in workload.dossiers
                 for x in (*d.events, *d.documents, *d.forms)]
        known: set[str] = set()
        for chunk in _chunks(items):
            for model in (ContactEvent, Attachment, FilledForm):
                known.update(session.scalars(select(model.uuid).where(model.uuid.in_(chunk))))
        templates = set(session.scalars(select(FormTemplate.uuid)))
        local = {uuid: _dossier(row, with_data=False) for uuid, row in rows.items()}
        plan = m.plan_merge(workload, local, bases, known=known, known_templates=templates,
                            policy=policy, resolutions=resolutions)
        return plan, rows, bases

    @staticmethod
    def _check_policy(policy: str) -> None:
        if policy not in m.POLICIES:
            raise InvalidInput(_("Unknown conflict policy '{policy}'; use {choices}.").format(
                policy=policy, choices=", ".join(m.POLICIES)))

    def preview(self, path: Path, passphrase: str | None = None,
                policy: str = m.DEFAULT_POLICY, progress: Progress | None = None
                ) -> dict[str, Any]:
        """What `merge` would do (new, updated, conflicts and their default resolution),
        computed without writing anything."""
        self._check_policy(policy)
        step = _steps(progress, 2)
        handover = self.inspect(path, passphrase)
        step()
        with self._s.db.read() as session:
            plan, _rows, _bases = self._plan(session, handover, policy, None)
        step()
        return plan.summary()

    def merge(self, path: Path, passphrase: str | None = None,
              policy: str = m.DEFAULT_POLICY,
              resolutions: Mapping[tuple[str, str], str] | None = None,
              progress: Progress | None = None) -> dict[str, Any]:
        """Merge the handover file into the binder, all or nothing, in one transaction.

        The file is read and checked completely before the binder is touched, so a refused
        file (damaged, wrong passphrase, newer) changes nothing. `resolutions` maps
        (dossier UUID, field group) to "mine" or "theirs" and overrides the policy."""
        self._check_policy(policy)
        for choice in (resolutions or {}).values():
            if choice not in ("mine", "theirs"):
                raise InvalidInput(_("A conflict is resolved by 'mine' or 'theirs', not "
                                     "'{choice}'.").format(choice=choice))
        step = _steps(progress, 4)
        handover = self.inspect(path, passphrase)
        step()
        with self._s.db.write() as session:
            plan, rows, bases = self._plan(session, handover, policy, resolutions)
            step()
            self._apply(session, plan, rows)
            step()
            # a base that did not change is not recorded again: a repeated import writes nothing
            hid = handover_id(handover.header)
            self._record_bases(session, hid,
                               {k: v for k, v in plan.bases.items() if bases.get(k) != v})
            if not session.scalar(select(HandoverRecord.pk).where(
                    HandoverRecord.handover_id == hid, HandoverRecord.direction == log.IN)):
                log.record(session, log.IN, hid, handover.header,
                           [d.uuid for d in handover.workload.dossiers])
        step()  # committed
        return plan.summary()

    @staticmethod
    def _apply(session: Session, plan: m.MergePlan, rows: dict[str, Dossier]) -> None:
        for t in plan.templates:
            session.add(FormTemplate(uuid=t.uuid, updated_at=t.updated_at, name=t.name,
                                     description=t.description, fields=list(t.fields)))
        fresh = []
        for d in plan.new:
            row = Dossier(
                uuid=d.uuid, updated_at=d.updated_at, created_at=d.created_at,
                full_name=d.full_name, sort_name=d.sort_name, position=d.position,
                company=d.company, address=d.address, website=d.website, source=d.source,
                segment=d.segment, tags=d.tags, status=d.status, notes=d.notes,
                next_contact=d.next_contact, next_time=d.next_time, purpose=d.purpose,
                priority=d.priority, fixed=d.fixed, archived=d.archived,
                archived_at=d.archived_at, archive_reason=d.archive_reason,
                phones=[Phone(uuid=x.uuid, updated_at=x.updated_at, label=x.label,
                              number=x.number, e164=x.e164, position=x.position)
                        for x in d.phones],
                emails=[Email(uuid=x.uuid, updated_at=x.updated_at, label=x.label,
                              address=x.address, position=x.position) for x in d.emails])
            session.add(row)
            fresh.append((row, d))
        for update in plan.updates:
            row = rows[update.uuid]
            for group, value in update.fields.items():
                _set_group(row, group, value)
        session.flush()  # the new dossiers get their keys
        for row, d in fresh:
            session.add_all(_event(e, row.pk) for e in d.events)
            session.add_all(_document(a, row.pk) for a in d.documents)
            session.add_all(_form(f, row.pk) for f in d.forms)
        for update in plan.updates:
            row = rows[update.uuid]
            session.add_all(_event(e, row.pk) for e in update.events)
            session.add_all(_document(a, row.pk) for a in update.documents)
            session.add_all(_form(f, row.pk) for f in update.forms)
            # the version updated last, with its time: both sides agree on it from now on
            attachments = {a.uuid: a for a in row.attachments}
            for doc in update.changed_documents:
                kept = attachments[doc.uuid]
                kept.filename, kept.trashed_at = doc.filename, doc.trashed_at
                kept.updated_at = doc.updated_at
            forms = {f.uuid: f for f in row.forms}
            for form in update.changed_forms:
                kept_form = forms[form.uuid]
                kept_form.title, kept_form.fields = form.title, list(form.fields)
                kept_form.values, kept_form.updated_at = dict(form.values), form.updated_at
