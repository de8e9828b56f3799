"""The body's JSON written straight from the binder's stored rows (app/store/handover_reads.py),
in one streaming pass: no record objects, no datetimes, one text per dossier made by one
generated format, handed to the deflater in pieces of about a megabyte.

The text is the one payload.workload_json writes for the same records (the tests compare
them): the same keys in the same order, strings escaped as json.dumps(ensure_ascii=False)
escapes them, timestamps as their stored UTC text. The bases an export records
(merge.field_values of each dossier) are written from the same rows too.
"""

from __future__ import annotations

import base64
import json
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import cache
from json.encoder import encode_basestring
from typing import Any, Union, get_args, get_origin

from app.handover import merge as m
from app.handover import payload as p
from app.store import handover_reads as reads
from app.store.types import Stamp, parse_utc, utc_text

PIECE = 1 << 20  # characters of JSON handed on at a time, about
Progress = Callable[[int, int], None]

JSON_TEXT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # as the file's


def stamp(text: str) -> str:
    """A stored timestamp as a JSON string: its text, as payload.timestamp_text writes the
    datetime read from it (the stored form is kept; any other is read and written anew)."""
    if len(text) == 27 and text[26] == "Z":
        return f'"{text}"'
    return f'"{p.timestamp_text(parse_utc(text))}"'


def _bytes(data: bytes | None) -> str:
    return '"' + base64.b64encode(data or b"").decode("ascii") + '"'


def _json_text(text: str) -> str:
    """Stored JSON (a form's fields and values) in the file's compact form."""
    return JSON_TEXT.encode(json.loads(text))


_ENV: dict[str, Any] = {"esc": encode_basestring, "st": stamp, "by": _bytes, "js": _json_text}


def _value(tp: Any, arg: str) -> str:
    """The expression giving the JSON text of the stored value `arg` of type `tp`."""
    if get_origin(tp) in (Union, types.UnionType):
        inner = _value(next(a for a in get_args(tp) if a is not type(None)), arg)
        return f"('null' if {arg} is None else {inner})"
    if tp is str or tp is date:  # a date is stored as its ISO text
        return f"esc({arg})"
    if tp is datetime:
        return f"st({arg})"
    if tp is bool:
        return f"('true' if {arg} else 'false')"
    if tp is int:
        return f"int.__repr__({arg})"
    if tp is bytes:
        return f"by({arg})"
    if get_origin(tp) in (list, dict):
        return f"js({arg})"
    raise TypeError(f"no JSON for a stored {tp!r}")  # a programming error, caught by the tests


def _nested(tp: Any) -> bool:
    """A list of records: written by its own encoder and passed in as text."""
    if get_origin(tp) is not list:
        return False
    (item,) = get_args(tp)
    return isinstance(item, type) and is_dataclass(item)


@cache
def encoder(cls: type, columns: tuple[str, ...], offset: int = 1) -> Callable[..., str]:
    """The JSON text of a record of `cls` from its stored row, made once as one format:
    the record's fields are the row's `columns` from `offset` on (the row's first values
    say whose it is); a list of records (a dossier's phones, …) is passed as its JSON text,
    one argument each, in the order of the fields."""
    hints = p.type_hints(cls)
    names = [f.name for f in fields(cls) if not _nested(hints[f.name])]
    assert tuple(names) == columns, f"{cls.__name__}: {columns} are not its fields"
    parts, args, lists = [], [], []
    for f in fields(cls):
        key = json.dumps(p.json_key(f)).replace("%", "%%")
        parts.append(f"{key}:%s")
        if _nested(hints[f.name]):
            lists.append(f.name)
            args.append(f.name)
        else:
            args.append(_value(hints[f.name], f"r[{offset + names.index(f.name)}]"))
    source = (f"def encode(r{''.join(', ' + n for n in lists)}):\n"
              f"    return {'{' + ','.join(parts) + '}'!r} % ({', '.join(args)},)\n")
    env = dict(_ENV)
    exec(source, env)  # names and keys come from the dataclass, never from a file
    return env["encode"]


def _listed(encode: Callable[[Any], str], rows: Sequence[Any] | None) -> str:
    return "[" + ",".join(map(encode, rows)) + "]" if rows else "[]"


_ORDER = [1 + reads.DOSSIER.index(name)
          for name in ("next_contact", "next_time", "priority", "sort_name", "uuid")]


def working_order(d: reads.Row) -> tuple[Any, ...]:
    """handover_rows.working_order of a stored dossier row: ORDER BY next_contact,
    next_time, priority, sort_name, uuid (undated last); ISO dates sort as text."""
    nc, nt, priority, sort_name, uuid = (d[i] for i in _ORDER)
    return (nc is not None, nc, nt is not None, nt, priority, sort_name, uuid)


def workload_json(rows: reads.Rows, dossiers: Sequence[reads.Row],
                  templates: Sequence[reads.Row], progress: Progress | None = None
                  ) -> Iterator[str]:
    """The body's JSON text for `dossiers` (rows of `rows.dossiers`, in the file's order)
    and the form `templates`, in pieces of about PIECE characters; `progress` hears
    (dossiers written, all of them) after each piece."""
    dossier = encoder(p.Dossier, reads.DOSSIER)
    phone, email = encoder(p.Phone, reads.PHONE), encoder(p.Email, reads.EMAIL)
    event, document = encoder(p.Event, reads.EVENT), encoder(p.Document, reads.DOCUMENT)
    form = encoder(p.Form, reads.FORM)
    template = encoder(p.Template, reads.TEMPLATE, 0)
    phones, emails, events = rows.phones.get, rows.emails.get, rows.events.get
    documents, forms = rows.documents.get, rows.forms.get
    texts = rows.event_texts
    if texts is not None:  # made by SQLite (reads.event_texts): joined as they are
        made = texts.get

        def history(pk: int) -> str:
            found = made(pk)
            return "[" + ",".join(found) + "]" if found else "[]"
    else:
        def history(pk: int) -> str:
            return _listed(event, events(pk))
    piece: list[str] = ['{"dossiers":[']
    size, total = 0, len(dossiers)
    for done, d in enumerate(dossiers, 1):
        pk = d[0]
        text = dossier(d, _listed(phone, phones(pk)), _listed(email, emails(pk)),
                       history(pk), _listed(document, documents(pk)),
                       _listed(form, forms(pk)))
        piece.append(text if done == 1 else "," + text)
        size += len(text)
        if size >= PIECE:
            yield "".join(piece)
            piece, size = [], 0
            if progress is not None:
                progress(done, total)
    piece.append('],"templates":' + _listed(template, templates) + "}")
    yield "".join(piece)


def counts(rows: reads.Rows, dossiers: Sequence[reads.Row], templates: int) -> dict[str, int]:
    """payload.Workload.counts() of these rows."""
    def total(part: dict[int, list[Any]]) -> int:
        return sum(len(part.get(d[0], ())) for d in dossiers)
    events = rows.events if rows.event_texts is None else rows.event_texts
    return {"dossiers": len(dossiers), "events": total(events),
            "documents": total(rows.documents), "forms": total(rows.forms),
            "templates": templates}


@cache
def _base_encoder() -> Callable[..., str]:
    """merge.field_values of a stored dossier row, as JSON text."""
    hints = p.type_hints(p.Dossier)
    parts, args = [], []
    for group, attrs in m.GROUPS.items():
        if group in ("phones", "emails"):
            parts.append(f"{json.dumps(group)}:%s")
            args.append(group)
            continue
        inner = []
        for attr in attrs:
            inner.append(f"{json.dumps(attr)}:%s")
            args.append(_value(hints[attr], f"r[{1 + reads.DOSSIER.index(attr)}]"))
        parts.append(f"{json.dumps(group)}:{{{','.join(inner)}}}")
    source = ("def encode(r, phones, emails):\n"  # group and field names hold no %
              f"    return {'{' + ','.join(parts) + '}'!r} % ({', '.join(args)},)\n")
    env = dict(_ENV)
    exec(source, env)
    return env["encode"]


def _phone_value(r: reads.Row) -> str:  # [label, number, e164]
    return f"[{encode_basestring(r[3])},{encode_basestring(r[4])},{encode_basestring(r[5])}]"


def _email_value(r: reads.Row) -> str:  # [label, address]
    return f"[{encode_basestring(r[3])},{encode_basestring(r[4])}]"


def bases(rows: reads.Rows, dossiers: Sequence[reads.Row]) -> list[tuple[str, str]]:
    """(UUID, merge.field_values as JSON text) of each dossier: what both sides agree on
    once the file is written. Phones and e-mails are read in order of position already."""
    encode = _base_encoder()
    phones, emails = rows.phones.get, rows.emails.get
    return [(d[1], encode(d, _listed(_phone_value, phones(d[0])),
                          _listed(_email_value, emails(d[0])))) for d in dossiers]


# -- records -------------------------------------------------------------------------------

def _python(tp: Any, arg: str) -> str:
    """The expression giving the record's value of the stored value `arg` of type `tp`."""
    if get_origin(tp) in (Union, types.UnionType):
        inner = _python(next(a for a in get_args(tp) if a is not type(None)), arg)
        return arg if inner == arg else f"(None if {arg} is None else {inner})"
    if tp is datetime:
        return f"ts({arg})"
    if tp is date:
        return f"day({arg})"
    if tp is bool:
        return f"bool({arg})"
    if tp is bytes:
        return f"bytes({arg} or b'')"
    if get_origin(tp) in (list, dict):
        return f"loads({arg})"
    if tp is str or tp is int:
        return arg
    raise TypeError(f"no value for a stored {tp!r}")  # a programming error


@cache
def record_maker(cls: type, columns: tuple[str, ...], offset: int = 1) -> Callable[..., Any]:
    """The record of `cls` of a stored row (as `encoder` reads it), made once: the lists of
    records (a dossier's phones, …) passed as lists, one argument each."""
    hints = p.type_hints(cls)
    names = [f.name for f in fields(cls) if not _nested(hints[f.name])]
    assert tuple(names) == columns, f"{cls.__name__}: {columns} are not its fields"
    args, lists = [], []
    for f in fields(cls):
        if _nested(hints[f.name]):
            lists.append(f.name)
            args.append(f.name)
        else:
            args.append(_python(hints[f.name], f"r[{offset + names.index(f.name)}]"))
    source = (f"def record(r{''.join(', ' + n for n in lists)}):\n"
              f"    return make({', '.join(args)})\n")
    env: dict[str, Any] = {"make": p.maker(cls), "ts": parse_utc, "day": date.fromisoformat,
                           "loads": json.loads}
    exec(source, env)  # names come from the dataclass, never from a file
    return env["record"]


def records(rows: reads.Rows) -> dict[int, p.Dossier]:
    """The records of the dossiers of `rows`, by pk."""
    dossier = record_maker(p.Dossier, reads.DOSSIER)
    phone, email = record_maker(p.Phone, reads.PHONE), record_maker(p.Email, reads.EMAIL)
    event = record_maker(p.Event, reads.EVENT)
    document, form = record_maker(p.Document, reads.DOCUMENT), record_maker(p.Form, reads.FORM)
    phones, emails, events = rows.phones.get, rows.emails.get, rows.events.get
    documents, forms = rows.documents.get, rows.forms.get
    return {d[0]: dossier(d, [*map(phone, phones(d[0], ()))],
                          [*map(email, emails(d[0], ()))], [*map(event, events(d[0], ()))],
                          [*map(document, documents(d[0], ()))], [*map(form, forms(d[0], ()))])
            for d in rows.dossiers}


def _stored_time(value: datetime) -> str:
    """A record's time as the binder stores it: the text it was read from, when it was."""
    return value.text if value.__class__ is Stamp and hasattr(value, "text") \
        else utc_text(value)


def _store(tp: Any, arg: str) -> str:
    """The expression giving the stored value (as a column keeps it) of a record's `arg`."""
    if get_origin(tp) in (Union, types.UnionType):
        inner = _store(next(a for a in get_args(tp) if a is not type(None)), arg)
        return arg if inner == arg else f"(None if {arg} is None else {inner})"
    if tp is datetime:
        return f"st({arg})"
    if tp is date:
        return f"{arg}.isoformat()"
    if tp is bool:
        return f"int({arg})"
    if tp is str or tp is int:
        return arg
    raise TypeError(f"no stored form of {tp!r}")  # a programming error, caught by the tests


@cache
def stored_maker(cls: type, columns: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The stored row (the values of `columns`, as the binder keeps them) of a record of
    `cls`, made once: what record_maker reads back, for a bulk insert of new rows."""
    hints = p.type_hints(cls)
    values = [_store(hints[name], f"a[{name!r}]") for name in columns]
    source = f"def row(r):\n    a = r.__dict__\n    return ({', '.join(values)},)\n"
    env: dict[str, Any] = {"st": _stored_time}
    exec(source, env)  # names come from the dataclass and the store, never from a file
    return env["row"]


def templates(rows: Sequence[reads.Row]) -> list[p.Template]:
    return [*map(record_maker(p.Template, reads.TEMPLATE, 0), rows)]
