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

from sqlalchemy import JSON, Boolean, Date, String, bindparam, func, select, type_coerce
from sqlalchemy.orm import selectinload

from app.errors import InvalidInput
from app.handover import container
from app.handover import merge as m
from app.handover import payload as p
from app.i18n import _
from app.services import handover_log as log
from app.services.dossiers import find_dossier
from app.services.printing import atomic_file
from app.store.fts import refresh
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
from app.store.types import UTCDateTime, utcnow

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


def _text(column: Any) -> Any:
    """A timestamp column as the text it is stored as, for p.parse_timestamp: the column
    type's strptime would cost more than all the rest of reading a handover."""
    return type_coerce(column, String)


def _payloads(session: Session, pks: Iterable[int], *, with_data: bool = True,
              progress: Progress | None = None) -> dict[int, p.Dossier]:
    """The payloads of these dossiers by pk: each with its phones and e-mails in order, its
    events by (at, uuid), documents by (added_at, uuid) with their bytes unless `with_data`
    is false (the merge only needs their UUIDs), and forms by (created_at, uuid). Read with
    plain column queries: a handover of 10,000 dossiers holds some 100,000 events, too many
    to make ORM objects of. `progress` hears (dossiers read, all of them) as it goes."""
    pks = list(pks)
    ts = p.parse_timestamp
    phone, email, event = p.maker(p.Phone), p.maker(p.Email), p.maker(p.Event)
    document, form, dossier = p.maker(p.Document), p.maker(p.Form), p.maker(p.Dossier)
    found: dict[int, Any] = {}
    phones: dict[int, list[p.Phone]] = {}
    emails: dict[int, list[p.Email]] = {}
    events: dict[int, list[p.Event]] = {}
    documents: dict[int, list[p.Document]] = {}
    forms: dict[int, list[p.Form]] = {}
    document_columns = (
        Attachment.dossier_pk, Attachment.uuid, _text(Attachment.updated_at),
        Attachment.filename, Attachment.mime, Attachment.size, Attachment.sha256,
        _text(Attachment.added_at), _text(Attachment.trashed_at))
    document_query = select(*document_columns, AttachmentBlob.data).outerjoin(
        AttachmentBlob, AttachmentBlob.attachment_pk == Attachment.pk) if with_data \
        else select(*document_columns)
    for done, chunk in enumerate(_chunks(pks)):
        if progress is not None and done:
            progress(done * _CHUNK, len(pks))
        for r in session.execute(select(
                Dossier.pk, Dossier.uuid, _text(Dossier.updated_at), _text(Dossier.created_at),
                Dossier.full_name, Dossier.sort_name, Dossier.position, Dossier.company,
                Dossier.address, Dossier.website, Dossier.source, Dossier.segment, Dossier.tags,
                Dossier.status, Dossier.notes, Dossier.next_contact, Dossier.next_time,
                Dossier.purpose, Dossier.priority, Dossier.fixed, Dossier.archived,
                _text(Dossier.archived_at), Dossier.archive_reason)
                .where(Dossier.pk.in_(chunk))):
            found[r[0]] = r
        for r in session.execute(select(
                Phone.dossier_pk, Phone.uuid, _text(Phone.updated_at), Phone.label,
                Phone.number, Phone.e164, Phone.position).where(Phone.dossier_pk.in_(chunk))
                .order_by(Phone.dossier_pk, Phone.position, Phone.pk)):
            phones.setdefault(r[0], []).append(phone(r[1], ts(r[2]), *r[3:]))
        for r in session.execute(select(
                Email.dossier_pk, Email.uuid, _text(Email.updated_at), Email.label,
                Email.address, Email.position).where(Email.dossier_pk.in_(chunk))
                .order_by(Email.dossier_pk, Email.position, Email.pk)):
            emails.setdefault(r[0], []).append(email(r[1], ts(r[2]), *r[3:]))
        # `at` is UTC text of one width: it sorts as the times do
        for r in session.execute(select(
                ContactEvent.dossier_pk, ContactEvent.uuid, _text(ContactEvent.updated_at),
                _text(ContactEvent.at), ContactEvent.kind, ContactEvent.channel,
                ContactEvent.summary, ContactEvent.outcome, ContactEvent.offer,
                ContactEvent.amount, ContactEvent.currency, ContactEvent.next_contact,
                ContactEvent.amends_uuid).where(ContactEvent.dossier_pk.in_(chunk))
                .order_by(ContactEvent.dossier_pk, ContactEvent.at, ContactEvent.uuid)):
            events.setdefault(r[0], []).append(event(r[1], ts(r[2]), ts(r[3]), *r[4:]))
        for r in session.execute(document_query.where(Attachment.dossier_pk.in_(chunk))
                                 .order_by(Attachment.dossier_pk, Attachment.added_at,
                                           Attachment.uuid)):
            documents.setdefault(r[0], []).append(document(
                r[1], ts(r[2]), *r[3:7], ts(r[7]), None if r[8] is None else ts(r[8]),
                bytes(r[9]) if with_data else b""))
        for r in session.execute(select(
                FilledForm.dossier_pk, FilledForm.uuid, _text(FilledForm.updated_at),
                FilledForm.template_uuid, FilledForm.title, FilledForm.fields,
                FilledForm.values, _text(FilledForm.created_at))
                .where(FilledForm.dossier_pk.in_(chunk))
                .order_by(FilledForm.dossier_pk, FilledForm.created_at, FilledForm.uuid)):
            forms.setdefault(r[0], []).append(form(
                r[1], ts(r[2]), r[3], r[4], list(r[5]), dict(r[6]), ts(r[7])))
    if progress is not None and pks:
        progress(len(pks), len(pks))
    return {pk: dossier(
        r[1], ts(r[2]), ts(r[3]), *r[4:21], None if r[21] is None else ts(r[21]), r[22],
        phones.get(pk, []), emails.get(pk, []), events.get(pk, []), documents.get(pk, []),
        forms.get(pk, [])) for pk, r in found.items()}


def _working_order(d: p.Dossier) -> tuple[Any, ...]:
    """ORDER BY next_contact, next_time, priority, sort_name, uuid, as SQLite sorts it
    (no date or time first)."""
    return (d.next_contact is not None, d.next_contact, d.next_time is not None, d.next_time,
            d.priority, d.sort_name, d.uuid)


def _pks_of(session: Session, ids: list[str]) -> list[int]:
    """The dossiers named by `ids`, each once, in the order given: whole ids in bulk (a
    return hands back thousands), the rest as find_dossier reads them (a beginning of an
    id, or a refusal)."""
    keys = [i.strip().lower() for i in ids]
    exact: dict[str, int] = {}
    for chunk in _chunks(list(set(keys))):
        exact.update(session.execute(
            select(Dossier.uuid, Dossier.pk).where(Dossier.uuid.in_(chunk))).all())
    found = [exact[key] if key in exact else find_dossier(session, i).pk
             for i, key in zip(ids, keys, strict=True)]
    return list(dict.fromkeys(found))


def _bulk_insert(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys) in one executemany, as generate_demo writes,
    each value stored as its column type stores it: the ORM's bulk path costs more per row
    than SQLite does. The flush listener does not see these rows: the caller refreshes the
    index rows of their dossiers."""
    if not rows:
        return
    table = model.__table__
    names = list(rows[0])
    unset = [c.name for c in table.c if c.default is not None and c.name not in names]
    if unset:  # the ORM would fill these in; here they would be left empty
        raise TypeError(f"no value for {table.name}.{', '.join(unset)}")
    stores = []
    for name in names:
        kind = table.c[name].type
        stores.append(p.timestamp_text if isinstance(kind, UTCDateTime) else
                      date.isoformat if isinstance(kind, Date) else
                      int if isinstance(kind, Boolean) else
                      json.dumps if isinstance(kind, JSON) else None)  # JSON's serializer
    values = [[row[name] for row in rows] for name in names]  # column by column: faster
    for i, store in enumerate(stores):
        if store is not None:
            values[i] = [None if v is None else store(v) for v in values[i]]
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" * len(names))
    session.connection().exec_driver_sql(
        f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", list(zip(*values, strict=True)))


def _insert_dossiers(session: Session, new: list[p.Dossier]) -> list[int]:
    """Write new dossiers with their phones and e-mails in bulk (through the unit of work
    10,000 take seconds); returns their keys, in order: after the largest one, which this
    write transaction holds, as generate_demo numbers them."""
    if not new:
        return []
    first = (session.scalar(select(func.max(Dossier.pk))) or 0) + 1
    pks = list(range(first, first + len(new)))
    _bulk_insert(session, Dossier, [dict(
        pk=pk, uuid=d.uuid, updated_at=d.updated_at, created_at=d.created_at,
        full_name=d.full_name, sort_name=d.sort_name, position=d.position, company=d.company,
        address=d.address, website=d.website, source=d.source, segment=d.segment,
        tags=d.tags, status=d.status, notes=d.notes, next_contact=d.next_contact,
        next_time=d.next_time, purpose=d.purpose, priority=d.priority, fixed=d.fixed,
        archived=d.archived, archived_at=d.archived_at, archive_reason=d.archive_reason,
        main_phone="", last_outcome="") for pk, d in zip(pks, new, strict=True)])
    _bulk_insert(session, Phone, [dict(
        dossier_pk=pk, uuid=x.uuid, updated_at=x.updated_at, label=x.label, number=x.number,
        e164=x.e164, position=x.position) for pk, d in zip(pks, new, strict=True)
        for x in d.phones])
    _bulk_insert(session, Email, [dict(
        dossier_pk=pk, uuid=x.uuid, updated_at=x.updated_at, label=x.label,
        address=x.address, position=x.position) for pk, d in zip(pks, new, strict=True)
        for x in d.emails])
    return pks


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


def _event(e: p.Event, dossier_pk: int) -> dict[str, Any]:
    """A contact_events row, for a bulk insert (a merge may add 100,000 of them)."""
    return dict(
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

    @container.gc_paused()  # hundreds of thousands of objects: see gc_paused
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
            pks = _pks_of(session, ids) if ids is not None else \
                self._select(session, period, ids, overdue)
            settings = session.get_one(BinderSettings, 1)
            dossiers = sorted(_payloads(session, pks, progress=progress).values(),
                              key=_working_order)
            templates = [p.Template(t.uuid, t.updated_at, t.name, t.description, list(t.fields))
                         for t in session.scalars(select(FormTemplate).order_by(
                             FormTemplate.name, FormTemplate.uuid))]
            header = p.Header(from_name=settings.owner_name, to_name=to_person,
                              created_at=self._s.clock.now(), period=period,
                              binder_id=settings.uuid)
        return p.Handover(header, p.Workload(dossiers, templates))

    @container.gc_paused()
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
                # as _record_bases, in bulk: an export notes the base of every dossier
                now = utcnow()
                _bulk_insert(session, HandoverBase, [dict(
                    dossier_uuid=d.uuid, handover_id=hid, base=m.field_values(d),
                    created_at=now) for d in handover.workload.dossiers])
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

    @container.gc_paused()
    def _plan(self, session: Session, handover: p.Handover, policy: str,
              resolutions: Mapping[tuple[str, str], str] | None
              ) -> tuple[m.MergePlan, dict[str, Dossier], dict[str, dict[str, Any]]]:
        """The merge plan against the binder as this session sees it, the matched rows and
        their current bases."""
        workload = handover.workload
        uuids = [d.uuid for d in workload.dossiers]
        matched: list[int] = []
        bases: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(uuids):
            matched.extend(session.scalars(select(Dossier.pk).where(Dossier.uuid.in_(chunk))))
            newest = (select(func.max(HandoverBase.pk)).where(
                HandoverBase.dossier_uuid.in_(chunk)).group_by(HandoverBase.dossier_uuid))
            for b in session.scalars(select(HandoverBase).where(HandoverBase.pk.in_(newest))):
                bases[b.dossier_uuid] = b.base
        items = [x.uuid for d in workload.dossiers
                 for x in (*d.events, *d.documents, *d.forms)]
        known: set[str] = set()
        lookups = [select(model.uuid).where(model.uuid.in_(bindparam("uuids", expanding=True)))
                   for model in (ContactEvent, Attachment, FilledForm)]  # made once, not per chunk
        for chunk in _chunks(items):
            for lookup in lookups:
                known.update(session.scalars(lookup, {"uuids": chunk}))
        templates = set(session.scalars(select(FormTemplate.uuid)))
        local = {d.uuid: d for d in _payloads(session, matched, with_data=False).values()}
        plan = m.plan_merge(workload, local, bases, known=known, known_templates=templates,
                            policy=policy, resolutions=resolutions)
        # ORM rows only of the dossiers the merge changes: _apply writes through them
        rows: dict[str, Dossier] = {}
        for chunk in _chunks([u.uuid for u in plan.updates]):
            for row in session.scalars(select(Dossier).where(Dossier.uuid.in_(chunk)).options(
                    selectinload(Dossier.forms), selectinload(Dossier.attachments))):
                rows[row.uuid] = row
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
    @container.gc_paused()
    def _apply(session: Session, plan: m.MergePlan, rows: dict[str, Dossier]) -> None:
        for t in plan.templates:
            session.add(FormTemplate(uuid=t.uuid, updated_at=t.updated_at, name=t.name,
                                     description=t.description, fields=list(t.fields)))
        for update in plan.updates:
            row = rows[update.uuid]
            for group, value in update.fields.items():
                _set_group(row, group, value)
        # new dossiers and every event in bulk (a merge may bring 10,000 and 100,000 of
        # them); the few documents and forms through the unit of work
        fresh = _insert_dossiers(session, plan.new)
        events = []
        for pk, d in zip(fresh, plan.new, strict=True):
            events.extend(_event(e, pk) for e in d.events)
            session.add_all(_document(a, pk) for a in d.documents)
            session.add_all(_form(f, pk) for f in d.forms)
        touched = list(fresh)
        for update in plan.updates:
            row = rows[update.uuid]
            events.extend(_event(e, row.pk) for e in update.events)
            if update.events:
                touched.append(row.pk)
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
        session.flush()  # the unit of work's share; the flush listener indexes what it wrote
        _bulk_insert(session, ContactEvent, events)
        # the listener does not see bulk writes: the new dossiers' index rows, main phone
        # and last outcome, and those of the dossiers that got events, from the tables
        refresh(session.connection(), touched)
