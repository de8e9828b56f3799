"""What a handover carries, as plain data (no database): the header (who, to whom, when, for
which period) and the workload (the dossiers with everything they hold, and the form templates).

Every record keeps its UUID and `updated_at`, so that the merge can match records and tell
which side changed what. Reading is strict: a file that passed its integrity check may still
have been written by a faulty or hostile program, so every key, type and size is checked and
anything malformed is refused with InvalidInput naming the place.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import types
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from app.errors import HandoverDamaged, HandoverTooNew, InvalidInput
from app.i18n import _
from app.store.models import CHANNELS, EVENT_KINDS, STATUSES

FORMAT = "ringbinder-handover"
VERSION = 1

MAX_TEXT = 1_000_000  # characters in any one text value
MAX_ITEMS = 10_000_000  # entries in any one list
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # as the binder stores them (app/store/types.py)
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_HHMM = r"([01]\d|2[0-3]):[0-5]\d"
_SHA256 = r"([0-9a-f]{64})?"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")


def _uuid() -> Any:
    return field(metadata={"pattern": _UUID})


def _text(max_len: int = MAX_TEXT, pattern: str | None = None,
          choices: tuple[str, ...] | None = None) -> Any:
    return field(metadata={"max": max_len, "pattern": pattern, "choices": choices})


def _int(low: int, high: int) -> Any:
    return field(metadata={"min": low, "max": high})


@dataclass(frozen=True)
class Phone:
    uuid: str = _uuid()
    updated_at: datetime
    label: str
    number: str
    e164: str
    position: int = _int(0, MAX_ITEMS)


@dataclass(frozen=True)
class Email:
    uuid: str = _uuid()
    updated_at: datetime
    label: str
    address: str
    position: int = _int(0, MAX_ITEMS)


@dataclass(frozen=True)
class Event:
    """One line of the history; events are append-only, so the merge unions them by UUID."""

    uuid: str = _uuid()
    updated_at: datetime
    at: datetime
    kind: str = _text(choices=EVENT_KINDS)
    channel: str = _text(choices=CHANNELS)
    summary: str
    outcome: str
    offer: str
    amount: str | None = _text(32)
    currency: str = _text(3)
    next_contact: date | None
    amends_uuid: str | None = _uuid()


@dataclass(frozen=True)
class Document:
    """A kept document with its bytes; `trashed_at` says it sits in the dossier's trash."""

    uuid: str = _uuid()
    updated_at: datetime
    filename: str = _text(255)
    mime: str = _text(100)
    size: int = _int(0, 2**40)
    sha256: str = _text(64, pattern=_SHA256)
    added_at: datetime
    trashed_at: datetime | None
    data: bytes


@dataclass(frozen=True)
class Form:
    uuid: str = _uuid()
    updated_at: datetime
    template_uuid: str | None = _uuid()
    title: str
    fields: list[Any]
    values: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class Template:
    uuid: str = _uuid()
    updated_at: datetime
    name: str
    description: str
    fields: list[Any]


@dataclass(frozen=True)
class Dossier:
    """A client card with its schedule, history, documents and forms."""

    uuid: str = _uuid()
    updated_at: datetime
    created_at: datetime
    full_name: str
    sort_name: str
    position: str
    company: str
    address: str
    website: str
    source: str
    segment: str
    tags: str
    status: str = _text(choices=STATUSES)
    notes: str
    next_contact: date | None
    next_time: str | None = _text(5, pattern=_HHMM)
    purpose: str
    priority: int = _int(1, 3)
    fixed: bool
    archived: bool
    archived_at: datetime | None
    archive_reason: str
    phones: list[Phone]
    emails: list[Email]
    events: list[Event]
    documents: list[Document]
    forms: list[Form]


@dataclass(frozen=True)
class Period:
    start: date = field(metadata={"key": "from"})
    end: date = field(metadata={"key": "to"})


@dataclass(frozen=True)
class Header:
    """Who handed over to whom, when, for which period, from which binder."""

    from_name: str = field(metadata={"key": "from", "max": 200})
    to_name: str = field(metadata={"key": "to", "max": 200})
    created_at: datetime
    period: Period | None
    binder_id: str = _uuid()
    format: str = FORMAT
    version: int = VERSION


@dataclass(frozen=True)
class Workload:
    """The body of a handover: the dossiers and every form template of the binder."""

    dossiers: list[Dossier]
    templates: list[Template]

    def counts(self) -> dict[str, int]:
        """How much the file holds, for the plain header ("12 dossiers, 3 documents")."""
        return {
            "dossiers": len(self.dossiers),
            "events": sum(len(d.events) for d in self.dossiers),
            "documents": sum(len(d.documents) for d in self.dossiers),
            "forms": sum(len(d.forms) for d in self.dossiers),
            "templates": len(self.templates),
        }


@dataclass(frozen=True)
class Handover:
    header: Header
    workload: Workload


# -- writing -------------------------------------------------------------------------------

def _key(f: Any) -> str:
    return f.metadata.get("key", f.name)


def _dump(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {_key(f): _dump(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in a handover")
        return value.astimezone(UTC).strftime(TIMESTAMP_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value  # str, int, bool, None, and the JSON of forms


def header_to_dict(header: Header) -> dict[str, Any]:
    return _dump(header)


def workload_to_dict(workload: Workload) -> dict[str, Any]:
    return _dump(workload)


# -- reading -------------------------------------------------------------------------------

T = TypeVar("T")


def _bad(where: str, problem: str) -> InvalidInput:
    return HandoverDamaged(_("The handover file is not valid: {where} {problem}.").format(
        where=where or _("the file"), problem=problem))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _load(cls: type[T], raw: Any, where: str) -> T:
    if not isinstance(raw, dict):
        raise _bad(where, _("is not an object"))
    hints = _hints(cls)
    known = {_key(f) for f in fields(cls)}  # type: ignore[arg-type]
    unknown = set(raw) - known
    if unknown:
        raise _bad(where, _("has an unknown key '{key}'").format(key=sorted(map(str, unknown))[0]))
    values = {}
    for f in fields(cls):  # type: ignore[arg-type]
        key = _key(f)
        here = f"{where}.{key}" if where else key
        if key not in raw:
            raise _bad(here, _("is missing"))
        values[f.name] = _value(hints[f.name], raw[key], here, f.metadata)
    return cls(**values)


def _value(tp: Any, raw: Any, where: str, meta: Any) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):  # X | None
        if raw is None:
            return None
        inner = next(a for a in get_args(tp) if a is not type(None))
        return _value(inner, raw, where, meta)
    if origin is list:
        if not isinstance(raw, list):
            raise _bad(where, _("is not a list"))
        if len(raw) > MAX_ITEMS:
            raise _bad(where, _("has too many entries"))
        (item,) = get_args(tp)
        if item is Any:
            return raw
        return [_value(item, v, f"{where}[{i}]", {}) for i, v in enumerate(raw)]
    if origin is dict:
        if not isinstance(raw, dict):
            raise _bad(where, _("is not an object"))
        return raw
    if is_dataclass(tp):
        return _load(tp, raw, where)
    if tp is str:
        return _string(raw, where, meta)
    if tp is bool:
        if not isinstance(raw, bool):
            raise _bad(where, _("is not true or false"))
        return raw
    if tp is int:
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise _bad(where, _("is not a whole number"))
        if not meta.get("min", -(2**63)) <= raw <= meta.get("max", 2**63 - 1):
            raise _bad(where, _("is out of range"))
        return raw
    if tp is datetime:
        if not isinstance(raw, str) or not _TIMESTAMP.fullmatch(raw):
            raise _bad(where, _("is not a UTC timestamp"))
        try:
            return datetime.strptime(raw, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            raise _bad(where, _("is not a UTC timestamp")) from None
    if tp is date:
        if not isinstance(raw, str) or not _DATE.fullmatch(raw):
            raise _bad(where, _("is not a date"))
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise _bad(where, _("is not a date")) from None
    if tp is bytes:
        if not isinstance(raw, str):
            raise _bad(where, _("is not base64 data"))
        try:
            return base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError):
            raise _bad(where, _("is not base64 data")) from None
    raise TypeError(f"no reader for {tp!r}")  # a programming error, caught by the tests


def _string(raw: Any, where: str, meta: Any) -> str:
    if not isinstance(raw, str):
        raise _bad(where, _("is not text"))
    if len(raw) > (meta.get("max") or MAX_TEXT):
        raise _bad(where, _("is too long"))
    choices = meta.get("choices")
    if choices and raw not in choices:
        raise _bad(where, _("is not one of {choices}").format(choices=", ".join(choices)))
    pattern = meta.get("pattern")
    if pattern and not re.fullmatch(pattern, raw):
        raise _bad(where, _("is not well formed"))
    return raw


def header_from_dict(raw: Any) -> Header:
    """The header, checked; a newer version is refused before anything else is looked at."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _bad("", _("is not a handover"))
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad("version", _("is not a format version"))
    if version > VERSION:
        raise newer_version(version)
    header = _load(Header, raw, "")
    if header.period is not None and header.period.start > header.period.end:
        raise _bad("period", _("ends before it starts"))
    return header


def newer_version(version: int) -> InvalidInput:
    """The refusal of a file from a newer Ringbinder, which may be laid out differently."""
    return HandoverTooNew(_(
        "This handover file was written by a newer Ringbinder (format version {version}; "
        "this one reads version {ours}). Update Ringbinder to open it.").format(
            version=version, ours=VERSION))


def workload_from_dict(raw: Any) -> Workload:
    """The body, checked: types, sizes, unique UUIDs, and each document against its digest."""
    workload = _load(Workload, raw, "")
    seen: set[str] = set()

    def unique(uuid: str, where: str) -> None:
        if uuid in seen:
            raise _bad(where, _("repeats the id {id}").format(id=uuid))
        seen.add(uuid)

    for i, t in enumerate(workload.templates):
        unique(t.uuid, f"templates[{i}]")
    for i, d in enumerate(workload.dossiers):
        here = f"dossiers[{i}]"
        unique(d.uuid, here)
        for name in ("phones", "emails", "events", "documents", "forms"):
            for j, item in enumerate(getattr(d, name)):
                unique(item.uuid, f"{here}.{name}[{j}]")
        for j, doc in enumerate(d.documents):
            if doc.size != len(doc.data) or (
                    doc.sha256 and hashlib.sha256(doc.data).hexdigest() != doc.sha256):
                raise _bad(f"{here}.documents[{j}]", _("does not match its size or digest"))
    return workload
