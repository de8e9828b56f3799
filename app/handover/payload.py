"""What a handover carries, as plain data (no database): the header (who, to whom, when, for
which period) and the workload (the dossiers with everything they hold, and the form templates).

Every record keeps its UUID and `updated_at`, so that the merge can match records and tell
which side changed what. Writing them as JSON is here; reading them back, strictly, is in
app/handover/reader.py.
"""

from __future__ import annotations

import base64
import json
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from app.store.models import CHANNELS, EVENT_KINDS, STATUSES
from app.store.types import stamp_text

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

FORMAT = "ringbinder-handover"
VERSION = 1

MAX_TEXT = 1_000_000  # characters in any one text value
MAX_ITEMS = 10_000_000  # entries in any one list
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # as the binder stores them (app/store/types.py)
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_HHMM = r"([01]\d|2[0-3]):[0-5]\d"
_SHA256 = r"([0-9a-f]{64})?"
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
TIMESTAMP_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")
T = TypeVar("T")
R = TypeVar("R", bound="DataclassInstance")  # a record class above


# what the reader checks of a field, as its metadata: `field(metadata=_uuid())` (written
# out, so that type checkers see a field without a default)
def _uuid() -> dict[str, Any]:
    return {"pattern": _UUID}


def _text(max_len: int = MAX_TEXT, pattern: str | None = None,
          choices: tuple[str, ...] | None = None) -> dict[str, Any]:
    return {"max": max_len, "pattern": pattern, "choices": choices}


def _lines(max_len: int = MAX_TEXT) -> dict[str, Any]:
    """Free text of several lines (notes, an address, a summary): read keeping its line
    breaks and tabs. Any other text is one line (a name, a label): the reader makes it so,
    as it is shown in lists, titles and a terminal."""
    return {"max": max_len, "lines": True}


def _int(low: int, high: int) -> dict[str, Any]:
    return {"min": low, "max": high}


@dataclass(frozen=True)
class Phone:
    uuid: str = field(metadata=_uuid())
    updated_at: datetime
    label: str
    number: str
    e164: str
    position: int = field(metadata=_int(0, MAX_ITEMS))


@dataclass(frozen=True)
class Email:
    uuid: str = field(metadata=_uuid())
    updated_at: datetime
    label: str
    address: str
    position: int = field(metadata=_int(0, MAX_ITEMS))


@dataclass(frozen=True)
class Event:
    """One line of the history; events are append-only, so the merge unions them by UUID."""

    uuid: str = field(metadata=_uuid())
    updated_at: datetime
    at: datetime
    kind: str = field(metadata=_text(choices=EVENT_KINDS))
    channel: str = field(metadata=_text(choices=CHANNELS))
    summary: str = field(metadata=_lines())
    outcome: str
    offer: str
    amount: str | None = field(metadata=_text(32))
    currency: str = field(metadata=_text(3))
    next_contact: date | None
    amends_uuid: str | None = field(metadata=_uuid())


@dataclass(frozen=True)
class Document:
    """A kept document with its bytes; `trashed_at` says it sits in the dossier's trash."""

    uuid: str = field(metadata=_uuid())
    updated_at: datetime
    # as given: app.filenames.safe_document_name makes it a safe base name when stored
    filename: str = field(metadata={"max": 255, "as_given": True})
    mime: str = field(metadata=_text(100))
    size: int = field(metadata=_int(0, 2**40))
    sha256: str = field(metadata=_text(64, pattern=_SHA256))
    added_at: datetime
    trashed_at: datetime | None
    data: bytes


@dataclass(frozen=True)
class Form:
    uuid: str = field(metadata=_uuid())
    updated_at: datetime
    template_uuid: str | None = field(metadata=_uuid())
    title: str
    fields: list[Any]  # {"name", "label", "type", …}: each text one line
    values: dict[str, Any] = field(metadata={"lines": True})  # a "longtext" has lines
    created_at: datetime


@dataclass(frozen=True)
class Template:
    uuid: str = field(metadata=_uuid())
    updated_at: datetime
    name: str
    description: str = field(metadata=_lines())
    fields: list[Any]


@dataclass(frozen=True)
class Dossier:
    """A client card with its schedule, history, documents and forms."""

    uuid: str = field(metadata=_uuid())
    updated_at: datetime
    created_at: datetime
    full_name: str
    sort_name: str
    position: str
    company: str
    address: str = field(metadata=_lines())
    website: str
    source: str
    segment: str
    tags: str
    status: str = field(metadata=_text(choices=STATUSES))
    notes: str = field(metadata=_lines())
    next_contact: date | None
    next_time: str | None = field(metadata=_text(5, pattern=_HHMM))
    purpose: str
    priority: int = field(metadata=_int(1, 3))
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
    binder_id: str = field(metadata=_uuid())
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


@cache
def maker(cls: type[R]) -> Callable[..., R]:
    """`cls`, a record above, as a constructor of positional values (every field, in order),
    made once: the same record as cls(...), without the frozen dataclass's __setattr__ per
    field, most of the cost of making the 140,000 records of a large handover."""
    assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")
    names = [f.name for f in fields(cls)]
    args = [f"f{n}" for n in range(len(names))]
    items = ", ".join(f"{name!r}: {arg}" for name, arg in zip(names, args, strict=True))
    env: dict[str, Any] = {"cls": cls, "new": object.__new__}
    exec(f"def make({', '.join(args)}):\n    made = new(cls)\n"
         f"    made.__dict__.update({{{items}}})\n    return made\n", env)
    return env["make"]


@cache
def type_hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


# -- writing -------------------------------------------------------------------------------

def json_key(f: Any) -> str:
    return f.metadata.get("key", f.name)


def timestamp_text(value: datetime) -> str:
    """An aware datetime as TIMESTAMP_FORMAT text in UTC, as the binder stores it."""
    if (text := stamp_text(value)) is not None:  # read as this very text
        return text
    if value.tzinfo is not UTC:
        if value.tzinfo is None:
            raise ValueError("naive datetime in a handover")
        value = value.astimezone(UTC)
    if value.year < 1000:  # strftime does not pad such years; keep what it writes
        return value.strftime(TIMESTAMP_FORMAT)
    # as strftime(TIMESTAMP_FORMAT) writes it, faster: isoformat() ends in "+00:00" here,
    # and leaves out the microseconds when there are none
    text = value.isoformat()[:-6]
    return text + "Z" if value.microsecond else text + ".000000Z"


def _dump(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _dumper(type(value))(value)
    if isinstance(value, datetime):
        return timestamp_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value  # str, int, bool, None, and the JSON of forms


def _writer(tp: Any) -> Callable[[Any], Any] | None:
    """How to write a value of type `tp` as JSON; None: as it is."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = _writer(next(a for a in get_args(tp) if a is not type(None)))
        if inner is None:
            return None
        return lambda v: None if v is None else inner(v)
    if origin is list:
        (item,) = get_args(tp)
        each = _writer(item)
        if each is None:
            return lambda v: [_dump(x) for x in v]  # list[Any]: the JSON of forms
        return lambda v: [each(x) for x in v]
    if origin is dict:
        return None
    if isinstance(tp, type) and is_dataclass(tp):
        return _dumper(tp)
    if tp is datetime:
        return timestamp_text
    if tp is date:
        return date.isoformat
    if tp is bytes:
        return lambda v: base64.b64encode(v).decode("ascii")
    return None  # str, int, bool


@cache
def _dumper(cls: type) -> Callable[[Any], dict[str, Any]]:
    """The writer of one dataclass, made once as one dict display (an export writes some
    140,000 records): {"uuid": a["uuid"], "at": w3(a["at"]), …} where a is its __dict__."""
    hints = type_hints(cls)
    writers: dict[str, Any] = {}
    items = []
    for i, f in enumerate(fields(cls)):
        write = _writer(hints[f.name])
        value = f"a[{f.name!r}]"
        if write is not None:
            writers[f"w{i}"] = write
            value = f"w{i}({value})"
        items.append(f"{json_key(f)!r}: {value}")
    source = f"def dump(value):\n    a = value.__dict__\n    return {{{', '.join(items)}}}\n"
    exec(source, writers)  # names and keys come from the dataclass, never from a file
    return writers["dump"]


def header_to_dict(header: Header) -> dict[str, Any]:
    return _dump(header)


def workload_to_dict(workload: Workload) -> dict[str, Any]:
    return _dump(workload)


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def workload_json(workload: Workload, batch: int = 100) -> Iterator[str]:
    """The body's JSON text in pieces of `batch` dossiers, made as they are asked for (the
    file's writer deflates one while the next is made): joined, exactly what
    json.dumps(workload_to_dict(workload), ensure_ascii=False, separators=(",", ":")) is."""
    assert [f.name for f in fields(Workload)] == ["dossiers", "templates"]
    dump = _dumper(Dossier)
    dossiers = workload.dossiers
    yield '{"dossiers":['
    for start in range(0, len(dossiers), batch):
        text = _JSON.encode([dump(d) for d in dossiers[start:start + batch]])[1:-1]
        yield text if start == 0 else "," + text
    yield '],"templates":' + _JSON.encode(_dump(workload.templates)) + "}"
