"""Creating, editing and reading dossiers (the client information card)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.errors import EditConflict, InvalidInput, NotFound
from app.i18n import _
from app.labels import card_field_names
from app.services import validate as v
from app.services.dto import (
    Changes,
    DossierDetail,
)
from app.store import dossier_reads, edits
from app.store.fold import fold, sort_key
from app.store.models import Dossier, Email, Phone
from app.store.types import utc_text

if TYPE_CHECKING:
    from app.services.binder import Services

MIN_ID_PREFIX = 4
EDITABLE_TEXT = ("position", "company", "department", "address", "website", "source", "segment",
                 "tags", "notes")


@dataclass
class NewDossier:
    """What the user typed for a new dossier; checked as a whole before anything is saved."""

    name: str
    company: str = ""
    position: str = ""
    phones: Sequence[str] = ()  # "+48 600 123 456" or "mobile: +48 600 …"
    emails: Sequence[str] = ()
    next_contact: date | None = None
    time: str | None = None
    purpose: str = ""
    priority: str | int | None = None
    fixed: bool = False
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # address, website, source, …


def find_dossier(session: Session, dossier_id: str, lock: bool = False) -> Dossier:
    """The dossier named by its id or by a unique beginning of it (at least 4 characters);
    `lock`: held for this transaction's write (see dossier_reads.by_uuid)."""
    key = dossier_id.strip().lower()
    found = dossier_reads.by_uuid(session, key, lock)
    if found is not None:
        return found
    if len(key) >= MIN_ID_PREFIX and all(c in "0123456789abcdef-" for c in key):
        matches = dossier_reads.by_uuid_prefix(session, key, 2)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InvalidInput(_("'{id}' names more than one dossier; give more of the id.")
                               .format(id=dossier_id))
    raise NotFound(_("There is no dossier '{id}' in this binder.").format(id=dossier_id))


class DossierService:
    def __init__(self, services: Services) -> None:
        self._s = services

    def _phones(self, raws: Sequence[str]) -> list[Phone]:
        region = self._s.settings.get().region
        phones = []
        for position, raw in enumerate(r for r in raws if r.strip()):
            label, number = v.split_labelled(raw)
            shown, e164 = v.parse_phone(number, region)
            phones.append(Phone(label=label, number=shown, e164=e164, position=position))
        return phones

    def _emails(self, raws: Sequence[str]) -> list[Email]:
        emails = []
        for position, raw in enumerate(r for r in raws if r.strip()):
            label, address = v.split_labelled(raw)
            emails.append(Email(label=label, address=v.parse_email(address), position=position))
        return emails

    def create(self, new: NewDossier) -> tuple[str, Changes]:
        """Check everything, then save the dossier in one transaction; returns its id."""
        today = self._s.clock.today()
        name = v.text_field("name", new.name, required=True)
        dossier = Dossier(
            full_name=name, sort_name=sort_key(name),
            company=v.text_field("company", new.company),
            position=v.text_field("position", new.position),
            notes=v.text_field("notes", new.notes),
            next_contact=(v.future_date(new.next_contact, today)
                          if new.next_contact is not None else None),
            next_time=v.parse_time(new.time),
            purpose=v.text_field("purpose", new.purpose),
            priority=v.parse_priority(new.priority),
            fixed=bool(new.fixed),
            owner_pk=self._s.new_owner,
        )
        if dossier.next_contact is not None:  # see FilingService._refile
            dossier.scheduled_at = self._s.clock.now()
        for key, value in new.extra.items():
            if key == "status":
                dossier.status = v.parse_status(value)
            elif key in EDITABLE_TEXT:
                setattr(dossier, key, v.text_field(key, value))
            else:
                raise InvalidInput(_("Unknown dossier field '{field}'.").format(field=key))
        if dossier.next_time and dossier.next_contact is None:
            raise InvalidInput(_("A time needs a next-contact date."))
        dossier.phones = self._phones(new.phones)
        dossier.emails = self._emails(new.emails)
        with self._s.db.write() as session:
            session.add(dossier)
        return dossier.uuid, Changes({dossier.uuid}, {dossier.next_contact})

    def update(self, dossier_id: str, base: Mapping[str, Any] | None = None,
               **fields: Any) -> Changes:
        """Edit identity fields of the card (name, company, …, phones, emails, status).

        `base`: the values the edit was typed over (the card as it was read). A field that
        someone else changed meanwhile to another value than the one typed here is not
        overwritten: EditConflict names each such field, and nothing is written. Without
        `base` (the command line's explicit edit) the values typed win."""
        if fields and not {"phones", "emails"} & fields.keys():
            changes = self._update_columns(dossier_id, fields, base)
            if changes is not None:
                return changes
        with self._s.db.write() as session:
            dossier = find_dossier(session, dossier_id, lock=True)
            if base:
                self._refuse_conflicts(dossier.uuid, base, fields, {
                    key: self._stored_of(dossier, key) for key in fields})
            for key, value in fields.items():
                if key == "name":
                    dossier.full_name = v.text_field("name", str(value), required=True)
                    dossier.sort_name = sort_key(dossier.full_name)
                elif key == "status":
                    dossier.status = v.parse_status(str(value))
                elif key in EDITABLE_TEXT:
                    setattr(dossier, key, v.text_field(key, str(value)))
                elif key in ("phones", "emails"):
                    if key == "phones":
                        dossier.phones = self._phones(list(value))
                    else:
                        dossier.emails = self._emails(list(value))
                    # the lists are rows of their own: the card changed all the same, and a
                    # handover merge's "newest" side is told by this time
                    dossier.updated_at = self._s.clock.now()
                else:
                    raise InvalidInput(_("Unknown dossier field '{field}'.").format(field=key))
            return Changes({dossier.uuid})  # its row and card; no insert's count

    def _update_columns(self, dossier_id: str, fields: dict[str, Any],
                        base: Mapping[str, Any] | None = None) -> Changes | None:
        """The card's autosave of its own columns in plain SQL (one UPDATE, the index row when
        an indexed column changed; nothing written when no value changes, as the ORM does);
        None for an id given by its beginning, left to the ORM's way."""
        columns: dict[str, str] = {}
        with self._s.db.write() as session:
            names = ["full_name" if key == "name" else key for key in fields
                     if key == "name" or key == "status" or key in EDITABLE_TEXT]
            found = edits.current(session, dossier_id.strip().lower(), names)
            if found is None:
                return None
            pk, uuid, *before = found
            if base:
                stored = dict(zip(names, before, strict=True))
                self._refuse_conflicts(uuid, base, fields, {
                    key: stored["full_name" if key == "name" else key] for key in fields})
            for key, value in fields.items():
                if key == "name":
                    columns["full_name"] = v.text_field("name", str(value), required=True)
                    columns["sort_name"] = sort_key(columns["full_name"])
                elif key == "status":
                    columns["status"] = v.parse_status(str(value))
                elif key in EDITABLE_TEXT:
                    columns[key] = v.text_field(key, str(value))
                else:
                    raise InvalidInput(_("Unknown dossier field '{field}'.").format(field=key))
            old = dict(zip(names, before, strict=True))
            if any(old.get(column, value) != value for column, value in columns.items()
                   if column != "sort_name"):
                edits.set_columns(session, pk, columns, utc_text(self._s.clock.now()))
        return Changes({uuid})  # its row and card; no insert's count

    def _stored_of(self, dossier: Dossier, key: str) -> Any:
        """A field of a dossier as the card edits it (phones and e-mails as their lines)."""
        if key == "name":
            return dossier.full_name
        if key == "phones":
            return [f"{p.label}: {p.number}" if p.label else p.number for p in dossier.phones]
        if key == "emails":
            return [f"{e.label}: {e.address}" if e.label else e.address
                    for e in dossier.emails]
        return getattr(dossier, key, None)

    def _comparable(self, key: str, value: Any) -> Any:
        """A field's value as it would be stored: what "the same value" means for it."""
        try:
            if key == "phones":
                return [(p.label, p.e164 or p.number) for p in self._phones(list(value))]
            if key == "emails":
                return [(e.label, e.address) for e in self._emails(list(value))]
            if key == "name":
                return v.text_field("name", str(value), required=True)
            if key == "status":
                return v.parse_status(str(value))
            return v.text_field(key, str(value)) if key in EDITABLE_TEXT else value
        except InvalidInput:
            return value

    def _refuse_conflicts(self, uuid: str, base: Mapping[str, Any], fields: Mapping[str, Any],
                          stored: Mapping[str, Any]) -> None:
        """Raise EditConflict for the fields changed meanwhile to something else than typed
        here (those changed to the same value, or not changed, are no conflict)."""
        conflicts = []
        for key, typed in fields.items():
            if key not in base:
                continue
            now = self._comparable(key, stored[key])
            if now != self._comparable(key, base[key]) and now != self._comparable(key, typed):
                conflicts.append((key, typed, stored[key]))
        if conflicts:
            raise EditConflict(_(
                "Someone else changed this dossier meanwhile ({fields}); nothing was saved. "
                "Choose whose text to keep.").format(
                    fields=", ".join(card_field_names().get(key, key)
                                     for key, _t, _n in conflicts)),
                uuid, conflicts)

    def duplicates(self, name: str, company: str = "", phones: Sequence[str] = (),
                   emails: Sequence[str] = (), exclude: str | None = None) -> list[str]:
        """Ids of dossiers that look like this one: the same phone, the same e-mail, or the
        same name at the same company (accents and case aside)."""
        region = self._s.settings.get().region
        numbers = set()
        for raw in phones:
            try:
                numbers.add(v.parse_phone(v.split_labelled(raw)[1], region)[1])
            except InvalidInput:
                continue
        addresses = {v.split_labelled(e)[1].strip().lower() for e in emails if e.strip()}
        with self._s.db.read() as session:
            candidates: list[str] = []
            if numbers:
                candidates += dossier_reads.uuids_with_phones(session, numbers)
            if addresses:
                candidates += dossier_reads.uuids_with_emails(session, addresses)
            if name.strip():
                candidates += [uuid for uuid, their_company in dossier_reads.named(
                    session, sort_key(name))
                    if fold(their_company).strip() == fold(company).strip()]
            found: list[str] = []
            for uuid in candidates:
                if uuid != exclude and uuid not in found:
                    found.append(uuid)
            return found

    def get(self, dossier_id: str) -> DossierDetail:
        """The whole card (ViewService.card: plain SQL, the day pack's reading)."""
        return self._s.views.card(dossier_id)

    def resolve(self, dossier_id: str) -> str:
        """The id of the dossier named by its id or a unique beginning of it (NotFound else)."""
        with self._s.db.read() as session:
            return find_dossier(session, dossier_id).uuid
