"""What an import writes, decided from the preview and the user's choices (plan_import), then
written in the caller's transaction (write) with what it changed kept for Undo (restore)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.binder.limits import DATE_MAX
from app.errors import Cancelled
from app.i18n import _
from app.services.import_events import local_day_time
from app.services.import_rows import Contact
from app.services.import_types import ImportChoices, ImportPreview
from app.services.validate import LIMITS
from app.store import bulk
from app.store.fold import sort_key
from app.store.models import Dossier, Email, Phone
from app.store.types import utcnow

Progress = Callable[[int, int], None]
SCHEDULE = ("next_contact", "next_time", "fixed", "purpose", "scheduled_at")
_DATES = ("next_contact", "birthday")
_TIMES = ("scheduled_at",)  # kept as ISO text in the undo record
_CHUNK = 2000


@dataclass
class Appointment:
    day: date
    time: str | None
    purpose: str


@dataclass
class Plan:
    creates: list[Contact] = field(default_factory=list)
    updates: dict[str, Contact] = field(default_factory=dict)  # dossier uuid -> from the file
    appointments: dict[str, Appointment] = field(default_factory=dict)  # uuid -> the earliest
    fresh_appointments: dict[int, Appointment] = field(default_factory=dict)  # creates index
    skipped: int = 0
    created_for_events: int = 0
    previous: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def appointments_count(self) -> int:
        return len(self.appointments) + len(self.fresh_appointments)


def _merge(into: Contact, other: Contact) -> None:
    """A later contact of the file folded into an earlier one it duplicates."""
    for key, value in other.columns.items():
        if value and not into.columns.get(key):
            into.columns[key] = value
    numbers = {p["e164"] or p["number"] for p in into.phones}
    into.phones += [p for p in other.phones if (p["e164"] or p["number"]) not in numbers]
    addresses = {e["address"].lower() for e in into.emails}
    into.emails += [e for e in other.emails if e["address"].lower() not in addresses]
    into.tags += [t for t in other.tags if t not in into.tags]


def plan_import(preview: ImportPreview, choices: ImportChoices, today: date) -> Plan:
    plan = Plan()
    duplicates = preview.duplicate_of()
    by_source: dict[int, Contact] = {}
    for contact in preview.prepared:
        by_source[contact.source] = contact
        duplicate = duplicates.get(contact.source)
        choice = "new" if duplicate is None else choices.duplicates.get(
            contact.source, preview.options.on_duplicate)
        if choice == "skip":
            plan.skipped += 1
        elif choice == "new":
            plan.creates.append(contact)
        elif duplicate is not None and duplicate.id:
            if duplicate.id in plan.updates:
                _merge(plan.updates[duplicate.id], contact)
            else:
                plan.updates[duplicate.id] = contact
        elif duplicate is not None and duplicate.other in by_source:
            _merge(by_source[duplicate.other], contact)
    for index, match in enumerate(preview.matches):
        target = choices.events.get(index, match.dossier_id or "skip")
        day, time = local_day_time(match.event)
        if target == "skip" or day > DATE_MAX or day < today:
            continue
        appointment = Appointment(day, time, match.event.summary.strip()[:LIMITS["purpose"]])
        if target == "create":
            name = (match.event.summary.strip() or _("Appointment"))[:LIMITS["name"]]
            emails = [{"label": "", "address": a.value} for a in match.event.attendees[:1]]
            plan.creates.append(Contact(-1 - index, {"full_name": name,
                                                     "sort_name": sort_key(name)},
                                        emails=emails))
            plan.fresh_appointments[len(plan.creates) - 1] = appointment
            plan.created_for_events += 1
        elif target not in plan.appointments:  # the earliest event of a dossier
            plan.appointments[target] = appointment
    return plan


def _tags(existing: str, added: list[str]) -> str:
    tags = [t.strip() for t in existing.split(",") if t.strip()]
    tags += [t for t in added if t not in tags]
    return ", ".join(tags)[:LIMITS["tags"]]


def _snapshot(row: Dossier, columns: list[str]) -> dict[str, Any]:
    values = {}
    for column in columns:
        value = getattr(row, column)
        values[column] = value.isoformat() if isinstance(value, date) else value
    return values


def write(session: Session, plan: Plan, preview: ImportPreview, progress: Progress | None,
          cancelled: Callable[[], bool], scheduled: datetime | None = None) -> list[str]:
    """Write the plan; returns the ids of the dossiers created. Cancelled is raised (and
    the caller's transaction rolled back) when `cancelled()` says so between chunks.
    `scheduled` is the services' time, stamped on every next contact the import sets."""
    scheduled = scheduled or utcnow()
    options, tag = preview.options, preview.name
    source = _("Import: {file}").format(file=preview.path.name)[:LIMITS["source"]]
    total = len(plan.creates) + len(plan.updates) + len(plan.appointments)
    new = []
    ids = bulk.new_uuids(len(plan.creates))
    for index, (contact, dossier_id) in enumerate(zip(plan.creates, ids, strict=True)):
        columns = dict(contact.columns, uuid=dossier_id, source=source,
                       tags=_tags("", [*contact.tags, tag]), next_contact=options.next_contact)
        if (appointment := plan.fresh_appointments.get(index)) is not None:
            columns.update(next_contact=appointment.day, next_time=appointment.time,
                           fixed=True, purpose=appointment.purpose)
        columns["scheduled_at"] = scheduled if columns.get("next_contact") else None
        new.append(bulk.NewDossier(columns, phones=[dict(p) for p in contact.phones],
                                   emails=[dict(e) for e in contact.emails]))
    pks: list[int] = []
    for start in range(0, len(new), _CHUNK):
        if cancelled():
            raise Cancelled(_("Cancelled: nothing was imported."))
        pks += bulk.insert_dossiers(session, new[start:start + _CHUNK])
        if progress is not None:
            progress(len(pks), total)
    touched = list(plan.updates) + [u for u in plan.appointments if u not in plan.updates]
    rows = {r.uuid: r for r in session.scalars(select(Dossier).where(Dossier.uuid.in_(touched)))}
    now = utcnow()
    for done, (uuid, contact) in enumerate(plan.updates.items(), start=len(pks)):
        row = rows.get(uuid)
        if row is None:
            continue
        changed = [k for k, v in contact.columns.items()
                   if v and k != "sort_name" and getattr(row, k) != v]
        if contact.columns.get("notes") and contact.columns["notes"] in (row.notes or ""):
            changed = [k for k in changed if k != "notes"]
        before = _snapshot(row, [*changed, "sort_name", "tags"])
        before_lists = {"phones": [dict(label=p.label, number=p.number, e164=p.e164)
                                   for p in row.phones],
                        "emails": [dict(label=e.label, address=e.address) for e in row.emails]}
        for key in changed:
            value = contact.columns[key]
            if key == "notes" and row.notes:
                value = f"{row.notes}\n{value}"[:LIMITS["notes"]]
            setattr(row, key, value)
        row.sort_name = sort_key(row.full_name)
        row.tags = _tags(row.tags, [*contact.tags, tag])
        numbers = {p.e164 or p.number for p in row.phones}
        added_phones = [p for p in contact.phones if (p["e164"] or p["number"]) not in numbers]
        for p in added_phones:
            row.phones.append(Phone(label=p["label"], number=p["number"], e164=p["e164"],
                                    position=len(row.phones)))
        addresses = {e.address.lower() for e in row.emails}
        added_emails = [e for e in contact.emails if e["address"].lower() not in addresses]
        for e in added_emails:
            row.emails.append(Email(label=e["label"], address=e["address"],
                                    position=len(row.emails)))
        row.updated_at = now
        plan.previous[uuid] = {"columns": before, **before_lists}
        if progress is not None and done % 500 == 0:
            progress(done, total)
    for uuid, appointment in plan.appointments.items():
        row = rows.get(uuid)
        if row is None:
            continue
        entry = plan.previous.setdefault(uuid, {"columns": {}})
        for column, value in _snapshot(row, list(SCHEDULE)).items():
            entry["columns"].setdefault(column, value)
        row.next_contact, row.next_time = appointment.day, appointment.time
        row.scheduled_at = scheduled
        row.fixed, row.purpose = True, appointment.purpose
        row.updated_at = now
    session.flush()
    if progress is not None:
        progress(total, total)
    return ids


def restore(session: Session, previous: dict[str, dict[str, Any]]) -> int:
    """Put back the fields an import changed; how many dossiers that were still there."""
    if not previous:
        return 0
    rows = session.scalars(select(Dossier).where(Dossier.uuid.in_(list(previous))))
    count = 0
    for row in rows:
        snap = previous[row.uuid]
        for column, value in snap.get("columns", {}).items():
            if column in _DATES and value is not None:
                value = date.fromisoformat(value)
            elif column in _TIMES and value is not None:
                value = datetime.fromisoformat(value)
            setattr(row, column, value)
        if "phones" in snap:
            row.phones = [Phone(position=i, **p) for i, p in enumerate(snap["phones"])]
        if "emails" in snap:
            row.emails = [Email(position=i, **e) for i, e in enumerate(snap["emails"])]
        row.updated_at = utcnow()
        count += 1
    session.flush()
    return count
