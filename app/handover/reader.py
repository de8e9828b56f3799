"""Reading a handover's records strictly: a file that passed its integrity check may still
have been written by a faulty or hostile program, so every key, type and size is checked and
anything malformed is refused naming the place. The readers are generated once per record
type (a file holds some 250,000 values to check)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import types
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import Any, Union, get_args, get_origin

from app.binder.limits import DATE_MAX, DATE_MIN
from app.errors import HandoverDamaged, HandoverTooNew, InvalidInput
from app.handover.payload import (
    DATE_PATTERN,
    FORMAT,
    MAX_ITEMS,
    MAX_TEXT,
    TIMESTAMP_PATTERN,
    VERSION,
    Header,
    T,
    Workload,
    json_key,
    type_hints,
)
from app.i18n import _
from app.safe_text import clean_json, free_text, one_line, one_line_field
from app.store.types import Stamp, parse_utc

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




def _load(cls: type[T], raw: Any, where: str) -> T:
    try:
        record: type = cls  # a plain class, hashable as the cached _reader needs
        return _reader(record, ())(raw)
    except _Fail as fail:
        raise fail.at(where) from None
    finally:
        _STAMPS.clear()


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
        clean = free_text if meta.get("lines") else one_line_field

        def read_list(raw: Any) -> Any:
            if not isinstance(raw, list):
                raise _Fail(_("is not a list"))
            if len(raw) > MAX_ITEMS:
                raise _Fail(_("has too many entries"))
            if each is None:  # the JSON of forms, its text made plain
                return clean_json(raw, clean)
            try:
                return [each(v) for v in raw]
            except _Fail:  # read again one by one, to tell which entry
                for i, v in enumerate(raw):
                    try:
                        each(v)
                    except _Fail as fail:
                        fail.path.append(i)
                        raise
                raise
        return read_list
    if origin is dict:
        clean_values = free_text if meta.get("lines") else one_line_field

        def read_dict(raw: Any) -> Any:
            if not isinstance(raw, dict):
                raise _Fail(_("is not an object"))
            return clean_json(raw, clean_values)
        return read_dict
    if isinstance(tp, type) and is_dataclass(tp):
        return _object_reader(tp)
    if tp is str:
        return _string_reader(meta.get("max") or MAX_TEXT, meta.get("choices"),
                              meta.get("pattern"), bool(meta.get("lines")),
                              bool(meta.get("as_given")))
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
        if not any(meta.get(k) for k in ("choices", "pattern", "as_given")):
            test += " and v.isprintable()"  # in C: no control, separator or bidi character
        return test
    return None


def _object_reader(cls: type) -> Reader:
    """The reader of one dataclass, made once as straight-line code (a file holds some
    140,000 records): each field tested inline where it can be, else by its reader, which
    also says what is wrong when the test fails."""
    hints = type_hints(cls)
    assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")
    known = {json_key(f) for f in fields(cls)}

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
                           "not_object": not_object, "unknown_key": unknown_key, "fail": fail,
                           "read_before": _STAMPS.get}
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
        if test:
            value = f"v if {test} else r{n}(v)"
        elif hints[f.name] in (datetime, datetime | None):  # a time read before: as it was
            value = f"(v.__class__ is str and read_before(v)) or r{n}(v)"
        else:
            value = f"r{n}(v)"
        lines += [f"        k = {json_key(f)!r}", "        v = raw[k]", f"        f{n} = {value}"]
        values.append(f"{f.name!r}: f{n}")
    lines += ["    except (_Fail, KeyError) as problem:",
              "        fail(raw, k, problem)",
              "    made = new(cls)  # as cls(**values), without a frozen class's __setattr__s",
              f"    made.__dict__.update({{{', '.join(values)}}})",
              "    return made"]
    exec("\n".join(lines) + "\n", env)  # names and keys come from the dataclass, not a file
    return env["read"]


def _string_reader(max_len: int, choices: tuple[str, ...] | None, pattern: str | None,
                   lines: bool = False, as_given: bool = False) -> Reader:
    """A text's reader: a choice, a pattern, free text of `lines`, a text kept `as_given`
    (its own cleaning comes later), or else one line (one_line_field)."""
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
    clean = (lambda text: text) if as_given else free_text if lines else one_line_field

    def read_string(raw: Any) -> Any:
        if not isinstance(raw, str):
            raise _Fail(_("is not text"))
        if len(raw) > max_len:
            raise _Fail(_("is too long"))
        return clean(raw)
    return read_string


_FIRST_DAY, _LAST_DAY = DATE_MIN.isoformat(), DATE_MAX.isoformat()  # compared as text


def _out_of_years() -> _Fail:
    """A date the calendar cannot compute with (a postpone of year 9999 overflows)."""
    return _Fail(_("is outside the years {first} to {last}").format(
        first=DATE_MIN.year, last=DATE_MAX.year))


_stamp = Stamp.parse
# the times read so far in one _load, by their text: a file repeats many (an event logged
# and last updated at the same moment), and a time is an immutable value, shared as it is
_STAMPS: dict[str, datetime] = {}


def _read_timestamp(raw: Any) -> datetime:
    # the pattern fixes the form, which parse_utc reads as strptime would (the text from
    # a file is checked to the character before it is believed)
    if not isinstance(raw, str) or not TIMESTAMP_PATTERN.fullmatch(raw):
        raise _Fail(_("is not a UTC timestamp"))
    if not _FIRST_DAY <= raw[:10] <= _LAST_DAY:  # the form is fixed: text compares as days
        raise _out_of_years()
    try:
        value = _stamp(raw)  # the stored form, as parse_utc reads it: a file holds 250,000
    except ValueError:
        try:
            value = parse_utc(raw)  # what fromisoformat refuses, strptime judges (parse_utc)
        except ValueError:
            raise _Fail(_("is not a UTC timestamp")) from None
    _STAMPS[raw] = value
    return value


def _read_date(raw: Any) -> date:
    if not isinstance(raw, str) or not DATE_PATTERN.fullmatch(raw):
        raise _Fail(_("is not a date"))
    if not _FIRST_DAY <= raw <= _LAST_DAY:
        raise _out_of_years()
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
    names = one_line(header.from_name), one_line(header.to_name)
    if names != (header.from_name, header.to_name):
        header = replace(header, from_name=names[0], to_name=names[1])
    return header


def damaged() -> HandoverDamaged:
    """The refusal of a file whose bytes do not hold together: nothing more can be told."""
    return HandoverDamaged(_(
        "The handover file is damaged or was altered (for example cut short in copying); "
        "it cannot be opened. Ask for the file again."))


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
