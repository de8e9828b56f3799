"""The binder's records as handover payloads and back, in bulk: a handover of 10,000
dossiers holds some 100,000 events, too many to pass through ORM objects one by one, so
they are read with plain column queries and written with one INSERT per table, the search
index refreshed once for the dossiers touched."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from app.filenames import safe_document_name
from app.handover import merge as m
from app.handover import payload as p
from app.handover import rows_json
from app.handover.container import gc_paused
from app.services.dossiers import find_dossier
from app.store import bulk
from app.store import handover_reads as reads
from app.store.handover_writes import add_events
from app.store.models import (
    Attachment,
    AttachmentBlob,
    Dossier,
    Email,
    FilledForm,
    FormTemplate,
    Phone,
)
from app.store.types import parse_utc, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Progress = Callable[[int, int], None]
CHUNK = 500  # UUIDs per IN (…) query
T = TypeVar("T")


def read_rows(session: Session, pks: Iterable[int], *, with_data: bool = True,
              with_events: bool = True) -> reads.Rows:
    """The stored rows of these dossiers, one query per table (see reads.dossier_rows)."""
    return reads.dossier_rows(session, pks, with_data=with_data,
                              with_events=with_events)


def read_payloads(session: Session, pks: Iterable[int], *, with_data: bool = True,
                  with_events: bool = True, progress: Progress | None = None
                  ) -> dict[int, p.Dossier]:
    """The payloads of these dossiers by pk: each with its phones and e-mails in order, its
    events by (at, uuid), documents by (added_at, uuid) with their bytes unless `with_data`
    is false (the merge only needs their UUIDs), and forms by (created_at, uuid); without
    their events when `with_events` is false (the merge matches events by UUID). Read in
    plain SQL, one query per table: a handover of 10,000 dossiers holds some 100,000
    events, too many to make ORM objects of. `progress` hears (dossiers read, all of
    them)."""
    pks = list(pks)
    if progress is not None:
        progress(0, len(pks))
    found = rows_json.records(read_rows(session, pks, with_data=with_data,
                                        with_events=with_events))
    if progress is not None and pks:
        progress(len(pks), len(pks))
    return found


def working_order(d: p.Dossier) -> tuple[Any, ...]:
    """ORDER BY next_contact, next_time, priority, sort_name, uuid, as SQLite sorts it
    (no date or time first)."""
    return (d.next_contact is not None, d.next_contact, d.next_time is not None, d.next_time,
            d.priority, d.sort_name, d.uuid)


def pks_of(session: Session, ids: list[str]) -> list[int]:
    """The dossiers named by `ids`, each once, in the order given: whole ids in bulk (a
    return hands back thousands), the rest as find_dossier reads them (a beginning of an
    id, or a refusal)."""
    keys = [i.strip().lower() for i in ids]
    exact = reads.pks_by_uuid(session, set(keys))
    found = [exact[key] if key in exact else find_dossier(session, i).pk
             for i, key in zip(ids, keys, strict=True)]
    return list(dict.fromkeys(found))


_SHAPE = bulk.Shape(reads.DOSSIER, reads.PHONE, reads.EMAIL, reads.EVENT)
_AT = attrgetter("at")


def insert_dossiers(session: Session, new: list[p.Dossier]) -> list[int]:
    """Write new dossiers from a handover with their phones, e-mails and history (oldest
    first) through the store's bulk writer, each record made its stored row in one call;
    returns their keys, in order."""
    dossier = rows_json.stored_maker(p.Dossier, reads.DOSSIER)
    phone = rows_json.stored_maker(p.Phone, reads.PHONE)
    email = rows_json.stored_maker(p.Email, reads.EMAIL)
    event = rows_json.stored_maker(p.Event, reads.EVENT)
    return bulk.insert_stored(session, _SHAPE, [
        (dossier(d), [*map(phone, d.phones)], [*map(email, d.emails)],
         [*map(event, sorted(d.events, key=_AT))]) for d in new])


def chunks(values: Sequence[T]) -> Iterable[Sequence[T]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def set_group(row: Dossier, group: str, value: Any, now: datetime | None = None) -> None:
    """Write one merged group (as merge.field_values gives it) into a dossier row; a next
    contact that changes is stamped `now` (the services' time)."""
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
                if raw != row.next_contact:
                    row.scheduled_at = now or utcnow()
            elif attr == "archived_at":
                raw = None if raw is None else parse_utc(raw)
            setattr(row, attr, raw)


def event_row(e: p.Event, dossier_pk: int) -> dict[str, Any]:
    """A contact_events row, for a bulk insert (a merge may add 100,000 of them)."""
    return dict(
        uuid=e.uuid, updated_at=e.updated_at, dossier_pk=dossier_pk, at=e.at, kind=e.kind,
        channel=e.channel, summary=e.summary, outcome=e.outcome, offer=e.offer,
        amount=e.amount, currency=e.currency, next_contact=e.next_contact,
        amends_uuid=e.amends_uuid)


def document_row(a: p.Document, dossier_pk: int) -> Attachment:
    """An attachments row; the file's name is made a safe base name: it was written by
    someone else and is later joined to a folder to open the document."""
    row = Attachment(uuid=a.uuid, updated_at=a.updated_at, dossier_pk=dossier_pk,
                     filename=safe_document_name(a.filename), mime=a.mime, size=a.size,
                     sha256=a.sha256,
                     added_at=a.added_at, trashed_at=a.trashed_at)
    row.blob = AttachmentBlob(data=a.data)
    return row


def form_row(f: p.Form, dossier_pk: int) -> FilledForm:
    return FilledForm(uuid=f.uuid, updated_at=f.updated_at, dossier_pk=dossier_pk,
                      template_uuid=f.template_uuid, title=f.title, fields=list(f.fields),
                      values=dict(f.values), created_at=f.created_at)


@gc_paused()
def apply_plan(session: Session, plan: m.MergePlan, rows: dict[str, Dossier],
               now: datetime | None = None) -> None:
    """Write exactly what the plan says, in the caller's transaction; `now` (the services'
    time) stamps the next contacts it sets."""
    for t in plan.templates:
        session.add(FormTemplate(uuid=t.uuid, updated_at=t.updated_at, name=t.name,
                                 description=t.description, fields=list(t.fields)))
    for update in plan.updates:
        row = rows[update.uuid]
        for group, value in update.fields.items():
            set_group(row, group, value, now)
    # new dossiers and every event in bulk (a merge may bring 10,000 and 100,000 of
    # them); the few documents and forms through the unit of work
    fresh = insert_dossiers(session, plan.new)
    if fresh:  # filed by this merge: their dates were set now, as far as this binder knows
        bulk.stamp_scheduled(session, fresh, now or utcnow())
    events: list[dict[str, Any]] = []
    for pk, d in zip(fresh, plan.new, strict=True):
        session.add_all(document_row(a, pk) for a in d.documents)
        session.add_all(form_row(f, pk) for f in d.forms)
    for update in plan.updates:
        row = rows[update.uuid]
        events.extend(event_row(e, row.pk) for e in update.events)
        session.add_all(document_row(a, row.pk) for a in update.documents)
        session.add_all(form_row(f, row.pk) for f in update.forms)
        # the version updated last, with its time: both sides agree on it from now on
        attachments = {a.uuid: a for a in row.attachments}
        for doc in update.changed_documents:
            kept = attachments[doc.uuid]
            kept.filename = safe_document_name(doc.filename)  # a rename from the file
            kept.trashed_at = doc.trashed_at
            kept.updated_at = doc.updated_at
        forms = {f.uuid: f for f in row.forms}
        for form in update.changed_forms:
            kept_form = forms[form.uuid]
            kept_form.title, kept_form.fields = form.title, list(form.fields)
            kept_form.values, kept_form.updated_at = dict(form.values), form.updated_at
    session.flush()  # the unit of work's share; the flush listener indexes what it wrote
    # history in bulk: the store refreshes the index rows, main phone and last outcome of
    # the dossiers that got events (the listener does not see bulk writes)
    add_events(session, events)
