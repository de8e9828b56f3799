"""Plain records the services hand out: no live database session ever reaches a screen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# the two records of the hot reads live apart, for the command line's quick path (which
# loads none of the others); named here as before
from app.services.rows import DossierRow as DossierRow
from app.services.rows import Tab as Tab


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


@dataclass
class Changes:
    """What an operation touched, so that each part of a screen updates only what it shows:
    a refile names its dossier and the two dates (two counts, one row); an identity edit
    names only its dossier (one row, no count)."""

    dossiers: set[str] = field(default_factory=set)  # whose card or row changed
    dates: set[date | None] = field(default_factory=set)  # next-contact dates left or reached
    archive: bool = False  # the Archive insert's content changed
    settings: bool = False  # the binder's settings (the strip's shape, capacity, today)
    templates: bool = False  # the form templates
    everything: bool = False  # a bulk change (a merge, an import): read everything again

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)

    @property
    def counts(self) -> bool:
        """Whether any insert's count may have changed."""
        return bool(self.dates) or self.archive or self.settings or self.everything

    def merge(self, other: Changes) -> Changes:
        self.dossiers |= other.dossiers
        self.dates |= other.dates
        self.archive |= other.archive
        self.settings |= other.settings
        self.templates |= other.templates
        self.everything |= other.everything
        return self


# -- form templates (app/services/forms.py) ------------------------------------------------

@dataclass(frozen=True)
class FieldSpec:
    """One field of a form template, checked (forms.check_fields)."""

    name: str  # the key of its value in a filled form
    label: str
    type: str  # one of forms.FIELD_TYPES
    required: bool
    choices: tuple[str, ...] = ()  # a "choice" field's answers

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> FieldSpec:
        """From the stored shape (checked already, as check_fields and the binder keep it)."""
        return cls(str(raw["name"]), str(raw["label"]), str(raw["type"]),
                   bool(raw.get("required", False)), tuple(raw.get("choices") or ()))

    def as_json(self) -> dict[str, Any]:
        """The stored shape: what a template file, a filled form and the card editor hold."""
        return {"name": self.name, "label": self.label, "type": self.type,
                "required": self.required, "choices": list(self.choices)}


# -- taking a handover over (app/services/handover.py) ---------------------------------------

@dataclass(frozen=True)
class ArrivingDossier:
    """A dossier a merge adds."""

    id: str
    name: str


@dataclass(frozen=True)
class UpdatedDossier:
    """A dossier a merge changes, with the field groups it changes (sorted)."""

    id: str
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class MergeConflict:
    """A field group changed on both sides since the handover, and the side the merge keeps."""

    id: str  # the dossier
    name: str
    field: str  # a group of app.handover.merge.GROUPS
    mine: Any  # the group's value here, as merge.field_values gives it
    theirs: Any  # and in the file
    resolution: str  # "mine" or "theirs"

    @property
    def key(self) -> tuple[str, str]:
        """(dossier, group), as `merge` takes a resolution."""
        return (self.id, self.field)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> MergeConflict:
        return cls(str(raw["id"]), str(raw.get("name") or ""), str(raw["field"]),
                   raw.get("mine"), raw.get("theirs"), str(raw.get("resolution") or ""))

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "field": self.field, "mine": self.mine,
                "theirs": self.theirs, "resolution": self.resolution}


@dataclass(frozen=True)
class MergeSummary:
    """What a merge of a handover does (or, previewed, would do): counts and conflicts."""

    policy: str
    new: int
    updated: int
    events_added: int
    documents_added: int
    forms_added: int
    documents_updated: int
    forms_updated: int
    templates_added: int
    new_dossiers: tuple[ArrivingDossier, ...] = ()
    updated_dossiers: tuple[UpdatedDossier, ...] = ()
    conflicts: tuple[MergeConflict, ...] = ()

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> MergeSummary:
        """From the JSON form (`handover import --json`); a key it lacks counts as none."""
        def count(key: str) -> int:
            return int(raw.get(key) or 0)

        return cls(
            str(raw.get("policy") or ""), count("new"), count("updated"),
            count("events_added"), count("documents_added"), count("forms_added"),
            count("documents_updated"), count("forms_updated"), count("templates_added"),
            new_dossiers=tuple(ArrivingDossier(str(d["id"]), str(d.get("name") or ""))
                               for d in raw.get("new_dossiers") or ()),
            updated_dossiers=tuple(UpdatedDossier(str(d["id"]), str(d.get("name") or ""),
                                                  tuple(d.get("fields") or ()))
                                   for d in raw.get("updated_dossiers") or ()),
            conflicts=tuple(MergeConflict.from_json(c) for c in raw.get("conflicts") or ()))

    def as_json(self) -> dict[str, Any]:
        """The JSON form, as `handover import --json` prints it (a stable contract)."""
        return {
            "policy": self.policy, "new": self.new, "updated": self.updated,
            "events_added": self.events_added, "documents_added": self.documents_added,
            "forms_added": self.forms_added, "documents_updated": self.documents_updated,
            "forms_updated": self.forms_updated, "templates_added": self.templates_added,
            "new_dossiers": [{"id": d.id, "name": d.name} for d in self.new_dossiers],
            "updated_dossiers": [{"id": u.id, "name": u.name, "fields": list(u.fields)}
                                 for u in self.updated_dossiers],
            "conflicts": [c.as_json() for c in self.conflicts],
        }

    def __getitem__(self, key: str) -> Any:
        """A key of the JSON form (summary["new"]), for callers written against it."""
        return self.as_json()[key]
