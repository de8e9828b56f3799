"""Merging a handover into a binder, as a plan computed from plain data (no database), so the
rules can be tested and previewed before anything is written.

The rules:

* Dossiers are matched by UUID; an unknown one is new and arrives whole.
* History events, documents and forms are unioned by UUID: what is missing is added, nothing
  is ever duplicated or dropped (events are append-only anyway).
* A document or filled form both sides have, changed since (a document trashed or restored
  or renamed, a form filled in), takes the version updated last: they are records of their
  own, edited by one person at a time, so no field-by-field conflict is worth the user's time.
* A dossier's fields are compared in groups that must stay consistent (the name with its sort
  name, the whole filing: date, time, purpose, priority, fixed and archive state; the phone
  list; the e-mail list; each other text field) against the *base*: the values both sides
  last agreed on (recorded when the dossier was handed over or merged).  Changed only in the
  file: taken.  Changed only here: kept.  Changed on both sides to different values: a
  conflict, resolved by the policy unless the user chose for that field.
* Without a base (a dossier this binder never exchanged) every differing group is a conflict.
* Policies: `mine` keeps this binder's value, `theirs` takes the file's, `newest` (the
  default) takes the side whose dossier was updated last (this binder's on a tie).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from operator import attrgetter
from typing import Any, get_args

from app.handover import payload as p

POLICIES = ("mine", "theirs", "newest")
DEFAULT_POLICY = "newest"

# group -> the payload attributes it holds, compared and taken together
GROUPS: dict[str, tuple[str, ...]] = {
    "name": ("full_name", "sort_name"),
    "position": ("position",),
    "company": ("company",),
    "address": ("address",),
    "website": ("website",),
    "source": ("source",),
    "segment": ("segment",),
    "tags": ("tags",),
    "status": ("status",),
    "notes": ("notes",),
    "filing": ("next_contact", "next_time", "purpose", "priority", "fixed", "archived",
               "archived_at", "archive_reason"),
    "phones": ("phones",),
    "emails": ("emails",),
}


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime(p.TIMESTAMP_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    return value


def item_uuids(d: p.Dossier) -> list[str]:
    """The UUIDs of what a dossier holds: its events, documents and forms."""
    return [*(e.uuid for e in d.events), *(a.uuid for a in d.documents),
            *(f.uuid for f in d.forms)]


def field_values(d: p.Dossier) -> dict[str, Any]:
    """The mergeable groups of a dossier as JSON values: what a base records and what the
    merge compares (phone and e-mail lists by content, in order, not by their UUIDs)."""
    return _values_of()(d)


@cache
def _values_of() -> Callable[[p.Dossier], dict[str, Any]]:
    """field_values made once as one dict display (a merge of 10,000 dossiers makes 20,000):
    {"name": {"full_name": a["full_name"], …}, …, "phones": […]}, a being the record's
    __dict__; only the fields that may hold a date or a time go through _json."""
    hints = p.type_hints(p.Dossier)

    def value(attr: str) -> str:
        kinds = set(get_args(hints[attr])) | {hints[attr]}
        return f"j(a[{attr!r}])" if kinds & {date, datetime} else f"a[{attr!r}]"

    items = []
    for group, attrs in GROUPS.items():
        if group == "phones":
            items.append("'phones': [[x.label, x.number, x.e164] "
                         "for x in sorted(a['phones'], key=position)]")
        elif group == "emails":
            items.append("'emails': [[x.label, x.address] "
                         "for x in sorted(a['emails'], key=position)]")
        else:
            inner = ", ".join(f"{attr!r}: {value(attr)}" for attr in attrs)
            items.append(f"{group!r}: {{{inner}}}")
    env: dict[str, Any] = {"j": _json, "position": attrgetter("position")}
    exec(f"def values(d):\n    a = d.__dict__\n    return {{{', '.join(items)}}}\n", env)
    return env["values"]


@dataclass(frozen=True)
class Conflict:
    """A group changed on both sides since the base: both values, and which one wins."""

    dossier: str  # UUID
    name: str
    field: str  # a GROUPS key
    mine: Any
    theirs: Any
    resolution: str  # "mine" or "theirs"


@dataclass
class DossierUpdate:
    """What a merge changes in a dossier this binder already has."""

    uuid: str
    name: str
    fields: dict[str, Any] = field(default_factory=dict)  # group -> the file's value
    events: list[p.Event] = field(default_factory=list)
    documents: list[p.Document] = field(default_factory=list)
    forms: list[p.Form] = field(default_factory=list)
    changed_documents: list[p.Document] = field(default_factory=list)  # the file's version
    changed_forms: list[p.Form] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.fields or self.events or self.documents or self.forms
                    or self.changed_documents or self.changed_forms)


@dataclass
class MergePlan:
    """Everything a merge would do; `apply` in the service writes exactly this."""

    policy: str
    new: list[p.Dossier]
    updates: list[DossierUpdate]
    conflicts: list[Conflict]
    templates: list[p.Template]
    bases: dict[str, dict[str, Any]]  # dossier UUID -> the base to record after the merge


def _document_content(d: p.Document) -> tuple[Any, ...]:
    return (d.filename, d.trashed_at)


def _form_content(f: p.Form) -> tuple[Any, ...]:
    return (f.title, f.fields, f.values)


def _newer(incoming: list[Any], local: list[Any], content: Any) -> list[Any]:
    """The file's records that this binder has in an older, different version."""
    mine = {x.uuid: x for x in local}
    return [x for x in incoming
            if (old := mine.get(x.uuid)) is not None and x.updated_at > old.updated_at
            and content(x) != content(old)]


def _winner(policy: str, local: p.Dossier, incoming: p.Dossier) -> str:
    if policy == "newest":
        return "theirs" if incoming.updated_at > local.updated_at else "mine"
    return policy


def plan_merge(workload: p.Workload, local: Mapping[str, p.Dossier],
               bases: Mapping[str, Mapping[str, Any]], *, known: Iterable[str] = (),
               known_templates: Iterable[str] = (), policy: str = DEFAULT_POLICY,
               resolutions: Mapping[tuple[str, str], str] | None = None) -> MergePlan:
    """The plan for merging `workload` into a binder holding `local` (its dossiers matching
    the file's, by UUID), with their `bases`.  `known` are the UUIDs of events, documents and
    forms the binder already has anywhere (never inserted twice); `resolutions` chooses
    "mine" or "theirs" for a (dossier UUID, group) conflict, overriding the policy."""
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}")
    chosen = dict(resolutions or {})
    seen = set(known)
    new: list[p.Dossier] = []
    updates: list[DossierUpdate] = []
    conflicts: list[Conflict] = []
    next_bases: dict[str, dict[str, Any]] = {}

    def missing(items: Iterable[Any]) -> list[Any]:
        out = []
        for item in items:
            if item.uuid not in seen:
                seen.add(item.uuid)
                out.append(item)
        return out

    for incoming in workload.dossiers:
        theirs_values = field_values(incoming)
        # after the merge both sides agree on the file's values: its base from now on
        next_bases[incoming.uuid] = theirs_values
        mine = local.get(incoming.uuid)
        if mine is None:
            new.append(incoming)
            seen.update(item_uuids(incoming))
            continue
        update = DossierUpdate(incoming.uuid, mine.full_name)
        mine_values = field_values(mine)
        base = bases.get(incoming.uuid)
        # most dossiers of a return differ in no group: one comparison, in C, says so
        for group in GROUPS if mine_values != theirs_values else ():
            ours, theirs = mine_values[group], theirs_values[group]
            if ours == theirs:
                continue
            if base is not None and group in base:
                if theirs == base[group]:
                    continue  # changed only here: kept
                if ours == base[group]:
                    update.fields[group] = theirs  # changed only in the file: taken
                    continue
            resolution = chosen.get((incoming.uuid, group)) or _winner(policy, mine, incoming)
            if resolution not in ("mine", "theirs"):
                raise ValueError(f"unknown resolution {resolution!r}")
            conflicts.append(Conflict(incoming.uuid, mine.full_name, group, ours, theirs,
                                      resolution))
            if resolution == "theirs":
                update.fields[group] = theirs
        update.events = missing(incoming.events)
        update.documents = missing(incoming.documents)
        update.forms = missing(incoming.forms)
        update.changed_documents = _newer(incoming.documents, mine.documents, _document_content)
        update.changed_forms = _newer(incoming.forms, mine.forms, _form_content)
        if not update.empty():
            updates.append(update)
    have = set(known_templates)
    templates = [t for t in workload.templates if t.uuid not in have]
    return MergePlan(policy, new, updates, conflicts, templates, next_bases)
