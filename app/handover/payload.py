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
import json
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from app.errors import HandoverDamaged, HandoverTooNew, InvalidInput
from app.i18n import _
from app.store.models import CHANNELS, EVENT_KINDS, STATUSES
from app.store.types import Stamp, stamp_text

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
T = TypeVar("T")


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


@cache
def maker(cls: type[T]) -> Callable[..., T]:
    """`cls`, a record above, as a constructor of positional values (every field, in order),
    made once: the same record as cls(...), without the frozen dataclass's __setattr__ per
    field, most of the cost of making the 140,000 records of a large handover."""
    assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    args = [f"f{n}" for n in range(len(names))]
    items = ", ".join(f"{name!r}: {arg}" for name, arg in zip(names, args, strict=True))
    env: dict[str, Any] = {"cls": cls, "new": object.__new__}
    exec(f"def make({', '.join(args)}):\n    made = new(cls)\n"
         f"    made.__dict__.update({{{items}}})\n    return made\n", env)
    return env["make"]  # type: ignore[no-any-return]


# -- writing -------------------------------------------------------------------------------

def _key(f: Any) -> str:
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
    if is_dataclass(tp):
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
    hints = _hints(cls)
    writers: dict[str, Any] = {}
    items = []
    for i, f in enumerate(fields(cls)):
        write = _writer(hints[f.name])
        value = f"a[{f.name!r}]"
        if write is not None:
            writers[f"w{i}"] = write
            value = f"w{i}({value})"
        items.append(f"{_key(f)!r}: {value}")
    source = f"def dump(value):\n    a = value.__dict__\n    return {{{', '.join(items)}}}\n"
    exec(source, writers)  # names and keys come from the dataclass, never from a file
    return writers["dump"]  # type: ignore[no-any-return]


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


# -- reading -------------------------------------------------------------------------------
# Each type's reader is worked out once (@cache) from the dataclasses' hints and metadata;
# a reader returns the value or raises _Fail with the problem, and the place in the file
# ("dossiers[3].events[7].at") is only put together when something is wrong.

def _bad(where: str, problem: str) -> InvalidInput:
    return HandoverDamaged(_("The handover file is not valid: {where} {problem}.").format(
        where=where or _("the file"), problem=problem))


class _Fail(Exception):
    """A malformed value; `path` collects its place, innermost first, on the way out."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path: list[str | int] = []

    def at(self, where: str) -> InvalidInput:
        for step in reversed(self.path):
            if isinstance(step, int):
                where = f"{where}[{step}]"
            else:
                where = f"{where}.{step}" if where else step
        return _bad(where, self.problem)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _load(cls: type[T], raw: Any, where: str) -> T:
    try:
        return _reader(cls, ())(raw)  # type: ignore[no-any-return]
    except _Fail as fail:
        raise fail.at(where) from None


Reader = Callable[[Any], Any]


@cache
def _reader(tp: Any, meta_items: tuple[tuple[str, Any], ...]) -> Reader:
    """The checking reader of a value of type `tp` with the field metadata `meta_items`."""
    meta = dict(meta_items)
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):  # X | None
        inner = _reader(next(a for a in get_args(tp) if a is not type(None)), meta_items)

        def optional(raw: Any) -> Any:
            return None if raw is None else inner(raw)
        return optional
    if origin is list:
        (item,) = get_args(tp)
        each = None if item is Any else _reader(item, ())

        def read_list(raw: Any) -> Any:
            if not isinstance(raw, list):
                raise _Fail(_("is not a list"))
            if len(raw) > MAX_ITEMS:
                raise _Fail(_("has too many entries"))
            if each is None:
                return raw
            out = []
            for i, v in enumerate(raw):
                try:
                    out.append(each(v))
                except _Fail as fail:
                    fail.path.append(i)
                    raise
            return out
        return read_list
    if origin is dict:
        def read_dict(raw: Any) -> Any:
            if not isinstance(raw, dict):
                raise _Fail(_("is not an object"))
            return raw
        return read_dict
    if is_dataclass(tp):
        return _object_reader(tp)
    if tp is str:
        return _string_reader(meta.get("max") or MAX_TEXT, meta.get("choices"),
                              meta.get("pattern"))
    if tp is bool:
        def read_bool(raw: Any) -> Any:
            if not isinstance(raw, bool):
                raise _Fail(_("is not true or false"))
            return raw
        return read_bool
    if tp is int:
        low, high = meta.get("min", -(2**63)), meta.get("max", 2**63 - 1)

        def read_int(raw: Any) -> Any:
            if not isinstance(raw, int) or isinstance(raw, bool):
                raise _Fail(_("is not a whole number"))
            if not low <= raw <= high:
                raise _Fail(_("is out of range"))
            return raw
        return read_int
    if tp is datetime:
        return _read_timestamp
    if tp is date:
        return _read_date
    if tp is bytes:
        return _read_bytes
    raise TypeError(f"no reader for {tp!r}")  # a programming error, caught by the tests


def _accepts(tp: Any, meta: dict[str, Any], env: dict[str, Any], n: int) -> str | None:
    """A Python test of `v`, true only when the reader of `tp` would return `v` as it is
    (the usual case, tested inline); None: no such cheap test, call the reader."""
    if get_origin(tp) in (Union, types.UnionType):
        inner = _accepts(next(a for a in get_args(tp) if a is not type(None)), meta, env, n)
        return None if inner is None else f"v is None or ({inner})"
    if tp is bool:
        return "v.__class__ is bool"
    if tp is int:
        low, high = meta.get("min", -(2**63)), meta.get("max", 2**63 - 1)
        return f"v.__class__ is int and {low!r} <= v <= {high!r}"
    if tp is str:
        test = f"v.__class__ is str and len(v) <= {meta.get('max') or MAX_TEXT!r}"
        if meta.get("choices"):
            env[f"c{n}"] = frozenset(meta["choices"])
            test += f" and v in c{n}"
        if meta.get("pattern"):
            env[f"m{n}"] = re.compile(meta["pattern"]).fullmatch
            test += f" and m{n}(v) is not None"
        return test
    return None


def _object_reader(cls: type) -> Reader:
    """The reader of one dataclass, made once as straight-line code (a file holds some
    140,000 records): each field tested inline where it can be, else by its reader, which
    also says what is wrong when the test fails."""
    hints = _hints(cls)
    assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")
    known = {_key(f) for f in fields(cls)}

    def not_object() -> None:
        raise _Fail(_("is not an object"))

    def unknown_key(raw: dict[Any, Any]) -> None:
        unknown = set(raw) - known
        if unknown:
            raise _Fail(_("has an unknown key '{key}'").format(key=sorted(map(str, unknown))[0]))

    def fail(raw: dict[Any, Any], key: str, problem: Exception) -> None:
        unknown_key(raw)  # an unknown key is told first, as a missing one may be renamed
        failed = problem if isinstance(problem, _Fail) else _Fail(_("is missing"))
        failed.path.append(key)
        raise failed from None

    env: dict[str, Any] = {"cls": cls, "new": object.__new__, "_Fail": _Fail,
                           "not_object": not_object, "unknown_key": unknown_key, "fail": fail}
    lines = ["def read(raw):",
             "    if not isinstance(raw, dict):",
             "        not_object()",
             f"    if len(raw) != {len(known)}:",
             "        unknown_key(raw)",
             "    k = None",
             "    try:"]
    values = []
    for n, f in enumerate(fields(cls)):
        meta = {k: v for k, v in f.metadata.items() if k != "key"}
        env[f"r{n}"] = _reader(hints[f.name], tuple(sorted(meta.items())))
        test = _accepts(hints[f.name], meta, env, n)
        lines += [f"        k = {_key(f)!r}", "        v = raw[k]",
                  f"        f{n} = v if {test} else r{n}(v)" if test else f"        f{n} = r{n}(v)"]
        values.append(f"{f.name!r}: f{n}")
    lines += ["    except (_Fail, KeyError) as problem:",
              "        fail(raw, k, problem)",
              "    made = new(cls)  # as cls(**values), without a frozen class's __setattr__s",
              f"    made.__dict__.update({{{', '.join(values)}}})",
              "    return made"]
    exec("\n".join(lines) + "\n", env)  # names and keys come from the dataclass, not a file
    return env["read"]  # type: ignore[no-any-return]


def _string_reader(max_len: int, choices: tuple[str, ...] | None,
                   pattern: str | None) -> Reader:
    if choices:
        def read_choice(raw: Any) -> Any:
            if not isinstance(raw, str):
                raise _Fail(_("is not text"))
            if len(raw) > max_len:
                raise _Fail(_("is too long"))
            if raw not in choices:
                raise _Fail(_("is not one of {choices}").format(choices=", ".join(choices)))
            return raw
        return read_choice
    if pattern:
        match = re.compile(pattern).fullmatch

        def read_pattern(raw: Any) -> Any:
            if not isinstance(raw, str):
                raise _Fail(_("is not text"))
            if len(raw) > max_len:
                raise _Fail(_("is too long"))
            if not match(raw):
                raise _Fail(_("is not well formed"))
            return raw
        return read_pattern

    def read_string(raw: Any) -> Any:
        if not isinstance(raw, str):
            raise _Fail(_("is not text"))
        if len(raw) > max_len:
            raise _Fail(_("is too long"))
        return raw
    return read_string


def _read_timestamp(raw: Any) -> datetime:
    if not isinstance(raw, str) or not _TIMESTAMP.fullmatch(raw):
        raise _Fail(_("is not a UTC timestamp"))
    try:
        # the pattern fixes the form, which fromisoformat reads as strptime would, in UTC
        # and many times faster; what it refuses (other digits than ASCII) strptime judges
        return Stamp.parse(raw)
    except ValueError:
        pass
    try:
        return _strptime(raw)
    except ValueError:
        raise _Fail(_("is not a UTC timestamp")) from None


def parse_timestamp(text: str) -> datetime:
    """A timestamp as the binder and the file write it (TIMESTAMP_FORMAT), as an aware UTC
    datetime: what strptime gives, many times faster."""
    try:
        return Stamp.parse(text) if _TIMESTAMP.fullmatch(text) else _strptime(text)
    except ValueError:
        return _strptime(text)


def _strptime(text: str) -> datetime:
    return datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=UTC)


def _read_date(raw: Any) -> date:
    if not isinstance(raw, str) or not _DATE.fullmatch(raw):
        raise _Fail(_("is not a date"))
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _Fail(_("is not a date")) from None


def _read_bytes(raw: Any) -> bytes:
    if not isinstance(raw, str):
        raise _Fail(_("is not base64 data"))
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise _Fail(_("is not base64 data")) from None


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
    add = seen.add

    def repeated(uuid: str, where: str) -> InvalidInput:
        return _bad(where, _("repeats the id {id}").format(id=uuid))

    for i, t in enumerate(workload.templates):
        if t.uuid in seen:
            raise repeated(t.uuid, f"templates[{i}]")
        add(t.uuid)
    for i, d in enumerate(workload.dossiers):
        if d.uuid in seen:
            raise repeated(d.uuid, f"dossiers[{i}]")
        add(d.uuid)
        for name in ("phones", "emails", "events", "documents", "forms"):
            for j, item in enumerate(getattr(d, name)):
                if item.uuid in seen:
                    raise repeated(item.uuid, f"dossiers[{i}].{name}[{j}]")
                add(item.uuid)
        for j, doc in enumerate(d.documents):
            if doc.size != len(doc.data) or (
                    doc.sha256 and hashlib.sha256(doc.data).hexdigest() != doc.sha256):
                raise _bad(f"dossiers[{i}].documents[{j}]",
                           _("does not match its size or digest"))
    return workload
