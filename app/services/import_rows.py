"""A contact read from a file as the columns of a dossier: checked as a dossier typed by hand
is (lengths, phones in E.164, e-mail addresses), with what could not be kept said per field;
and the duplicates of a contact among the binder's dossiers and the file's earlier contacts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import _
from app.interchange.records import ContactRecord
from app.services import validate as v
from app.services.import_types import Duplicate, Problem
from app.store import import_keys as keys
from app.store.fold import fold, sort_key

# dossier column -> the validate.LIMITS key its length is checked by
_TEXT = {"full_name": "name", "given_name": "name", "family_name": "name",
         "company": "company", "department": "company", "position": "position",
         "address": "address", "website": "website", "notes": "notes"}


@dataclass
class Contact:
    """A contact as it will be written: dossier columns, phones, e-mails, and its keys."""

    source: int
    columns: dict[str, Any]
    phones: list[dict[str, str]] = field(default_factory=list)
    emails: list[dict[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.columns["full_name"])

    def keys(self) -> list[tuple[str, str]]:
        """What makes two contacts the same client: a phone (E.164), an e-mail, or the name
        at the same company (accents and case aside)."""
        found = [("phone", p["e164"]) for p in self.phones if p["e164"]]
        found += [("email", e["address"].lower()) for e in self.emails]
        found.append(("name", f"{sort_key(self.name)}\x1f{fold(self.columns['company']).strip()}"))
        return found


def _clip(column: str, value: str, source: int, problems: list[Problem]) -> str:
    value = (value or "").replace("\x00", "").strip()
    limit = v.LIMITS.get(_TEXT.get(column, column), 10_000)
    if len(value) > limit:
        problems.append(Problem(source, column, _(
            "{count} characters, cut to {limit}").format(count=len(value), limit=limit)))
        value = value[:limit].rstrip()
    return value


def _label(text: str) -> str:
    return text.strip()[:v.LIMITS["label"]]


@lru_cache(maxsize=4096)
def _phone(raw: str, region: str | None) -> tuple[str, str] | None:
    """A number as validate.parse_phone reads it, None if it does not; a switchboard's number
    repeated on a company's every contact is parsed once."""
    try:
        return v.parse_phone(raw, region)
    except InvalidInput:
        return None


def contact_from(record: ContactRecord, region: str | None, problems: list[Problem]
                 ) -> Contact | None:
    """The dossier a record becomes, or None (with the reason in problems) without a name."""
    source = record.source
    name = _clip("full_name", record.name, source, problems)
    if not name:
        problems.append(Problem(source, "name", _("no name, company, phone or e-mail: skipped")))
        return None
    company = record.company
    columns: dict[str, Any] = {"full_name": name, "sort_name": sort_key(name)}
    for column, value in (("given_name", " ".join(p for p in (record.given, record.additional)
                                                  if p.strip())),
                          ("family_name", record.family), ("company", company),
                          ("department", record.department), ("position", record.position),
                          ("address", record.address), ("website", record.website),
                          ("notes", record.notes)):
        columns[column] = _clip(column, value, source, problems)
    columns["birthday"] = record.birthday
    contact = Contact(source, columns, tags=[t.strip() for t in record.tags if t.strip()])
    seen: set[str] = set()
    for phone in record.phones:
        raw = phone.value.strip()
        if not raw:
            continue
        parsed = _phone(raw, region)
        if parsed is not None:
            shown, e164 = parsed
        else:
            # kept as written: a number this binder cannot check is still the client's
            shown, e164 = raw[:50], ""
            problems.append(Problem(source, "phone", _(
                "{number}: not a number with a country code (or the binder's phone region); "
                "kept as written").format(number=raw[:50])))
        if (e164 or shown) in seen:
            continue
        seen.add(e164 or shown)
        contact.phones.append({"label": _label(phone.label), "number": shown, "e164": e164})
    for email in record.emails:
        raw = email.value.strip()
        if not raw:
            continue
        try:
            address = v.parse_email(raw)
        except InvalidInput:
            problems.append(Problem(source, "email", _("{address}: not an e-mail address; "
                                                       "left out").format(address=raw[:80])))
            continue
        if address.lower() in seen:
            continue
        seen.add(address.lower())
        contact.emails.append({"label": _label(email.label), "address": address})
    return contact


@dataclass
class BinderKeys:
    """The binder's phones, e-mails and name-with-company, to find duplicates in one pass."""

    by_key: dict[tuple[str, str], tuple[str, str]]  # key -> (uuid, name)

    @classmethod
    def read(cls, session: Session, contacts: list[Contact]) -> BinderKeys:
        """The binder's keys that some of these contacts have: the tables are scanned in
        SQL, and only a dossier named as a contact is has its company folded."""
        phones = {p["e164"] for c in contacts for p in c.phones if p["e164"]}
        emails = {e["address"].lower() for c in contacts for e in c.emails}
        names = {sort_key(c.name) for c in contacts}
        found: dict[tuple[str, str], tuple[str, str]] = {}
        for e164, uuid, name in keys.phone_owners(session):
            if e164 in phones:
                found.setdefault(("phone", e164), (uuid, name))
        for address, uuid, name in keys.email_owners(session):
            address = address.lower()  # as Python lowers it (SQLite's lower() is ASCII only)
            if address in emails:
                found.setdefault(("email", address), (uuid, name))
        for uuid, name, sort, company in keys.dossier_names(session):
            if sort in names:
                found.setdefault(("name", f"{sort}\x1f{fold(company).strip()}"), (uuid, name))
        return cls(found)


def _why(kind: str, value: str) -> str:
    if kind == "phone":
        return _("same phone {number}").format(number=value)
    if kind == "email":
        return _("same e-mail {address}").format(address=value)
    return _("same name and company")


def find_duplicates(contacts: Iterable[Contact], binder: BinderKeys) -> list[Duplicate]:
    """Each contact that looks like a dossier of the binder, else like an earlier contact of
    the file: the first reason found."""
    found: list[Duplicate] = []
    earlier: dict[tuple[str, str], Contact] = {}
    for contact in contacts:
        keys = contact.keys()
        match = next(((k, binder.by_key[k]) for k in keys if k in binder.by_key), None)
        if match is not None:
            (kind, value), (uuid, name) = match
            found.append(Duplicate(contact.source, uuid, name, _why(kind, value)))
        else:
            twin = next(((k, earlier[k]) for k in keys if k in earlier), None)
            if twin is not None:
                (kind, value), other = twin
                found.append(Duplicate(contact.source, "", other.name, _why(kind, value),
                                       other=other.source))
        for key in keys:
            earlier.setdefault(key, contact)
    return found
