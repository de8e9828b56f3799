"""Writing contacts as vCard 4.0 (RFC 6350) or 3.0 (RFC 2426, for old phones), so that
another address book shows them as they are and read_vcard gives the same records back.

Hand written rather than through a library: a card is a dozen short lines, and 100,000
contacts must be written in well under five seconds, which leaves no room for an object
per property. For the same reason the records are written 500 at a time: each name field
is escaped for all of them in one pass, and the lines to fold are found in the encoded
text. What the reader needs to give a record back decides the details:
- text values escape `\\`, `,`, `;` and line breaks (as `\\n`); a value never holds a raw
  line break, and a parameter value never a raw line break or a `"`: user text goes into
  a parameter as 4.0's ADR LABEL, caret-encoded (RFC 6868), and as 3.0's TYPE=X-label,
  where 3.0 has no escape, so a quote becomes an apostrophe and a line break a space;
- lines are folded at 75 octets, never inside a UTF-8 character, and end in CRLF;
- a phone's or e-mail's label made of standard words ("work", "mobile", "home fax") is
  written as TYPE values; any other label as an item group with X-ABLabel (as Apple and
  Google write them, and the reader reads first), and in 3.0 also as TYPE=X-label, which
  Android's importer shows as the custom label;
- the address (lines of text) is the street part of ADR, line breaks escaped, so it reads
  back line for line; 4.0 adds it as the ADR's LABEL for programs that print addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TextIO

from app.errors import InvalidInput
from app.i18n import _
from app.interchange.records import ContactRecord, Labelled

VERSIONS = ("4.0", "3.0")
_FOLD = 75  # octets of a line before its CRLF (RFC 6350 3.2, RFC 2425 5.8.1)
_PLACES = ("work", "home", "other")  # the reader puts these words first in a label
# the label word -> its TYPE value, where the version defines one
_TEL_TYPES = {
    "4.0": {"work": "work", "home": "home", "mobile": "cell", "fax": "fax",
            "pager": "pager", "video": "video", "textphone": "textphone"},
    "3.0": {"work": "WORK", "home": "HOME", "mobile": "CELL", "fax": "FAX", "pager": "PAGER",
            "video": "VIDEO", "car": "CAR", "isdn": "ISDN", "bbs": "BBS", "modem": "MODEM",
            "pcs": "PCS"},
}
_EMAIL_TYPES = {"4.0": {"work": "work", "home": "home"}, "3.0": {"work": "WORK", "home": "HOME"}}
# words that make the reader take a parameter's text for an encoding (see vcard_lines)
_ENCODING_WORDS = re.compile("BASE64|ENCODING|QUOTED-PRINTABLE", re.I).search
_MAX_PARAM = 2000  # characters: the reader reads at most 16 KB of parameters
_QUOTE_PARAM = re.compile("[,;:]").search
_SPECIAL = re.compile(r"[\\,;\r\n]").search
_CHUNK = 500  # cards made at once: each field escaped in one pass over the chunk (in C)


def write_vcard(records: Iterable[ContactRecord], out: TextIO, version: str = "4.0") -> int:
    """Every record as one card, written to `out` (open it with newline="" so the CRLF line
    ends stay as they are); returns the number of cards written."""
    if version not in VERSIONS:
        raise InvalidInput(_("vCard version {version} cannot be written (4.0 or 3.0).")
                           .format(version=version))
    count = 0
    chunk: list[ContactRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == _CHUNK:
            out.write(_cards(chunk, version))
            count, chunk = count + len(chunk), []
    if chunk:
        out.write(_cards(chunk, version))
    return count + len(chunk)


def _text(value: str) -> str:
    """A text value escaped: backslash, comma, semicolon, and line breaks as \\n."""
    if not _SPECIAL(value):  # most values: one scan in C
        return value
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _uri(value: str) -> str:
    """A URL: only what the reader would unescape (a backslash) and line breaks escaped, so
    the address stays a valid URI for other programs."""
    value = value.replace("\\", "\\\\")
    if "\n" in value or "\r" in value:
        value = " ".join(value.splitlines())
    return value


def _param(value: str, version: str) -> str | None:
    """A parameter value holding user text, never a raw line break or quote: in 4.0
    caret-encoded (RFC 6868) and quoted; in 3.0, which has no escape, a quote becomes an
    apostrophe and a line break a space, quoted when it holds , ; or :. None for text the
    reader would misread (its encoding check sees the parameters up to the first colon,
    even one inside quotes) or too long for the parameters it reads."""
    if len(value) > _MAX_PARAM or ((";" in value or "=" in value) and _ENCODING_WORDS(value)):
        return None
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if version == "4.0":
        value = value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
        return f'"{value}"'
    value = value.replace("\n", " ").replace('"', "'")
    return f'"{value}"' if _QUOTE_PARAM(value) else value


def _column(values: list[str]) -> list[str]:
    """Many values escaped in one pass: joined by NUL, escaped, split again (one by one
    when a value holds a NUL itself)."""
    joined = "\0".join(values)
    if not _SPECIAL(joined):
        return values
    if joined.count("\0") != len(values) - 1:
        return [_text(v) for v in values]
    return _text(joined).split("\0")


def fold(line: str) -> str:
    """One content line folded every 75 octets (the continuation lines begin with a space)
    without splitting a UTF-8 character; without its CRLF."""
    return _fold(line.encode("utf-8", "surrogatepass")).decode("utf-8", "surrogatepass")


def _fold(data: bytes) -> bytes:
    if len(data) <= _FOLD:
        return data
    parts, start, limit = [], 0, _FOLD
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, _FOLD - 1
    parts.append(data[start:])
    return b"\r\n ".join(parts)


@lru_cache(maxsize=1024)
def _label_params(name: str, label: str, version: str) -> tuple[str, str]:
    """A TEL or EMAIL line's start (name and parameters, to the colon) for a label, and
    the label escaped for an X-ABLabel, or "" when the TYPE values alone give the label
    back (the reader lower-cases them, turns cell into mobile, puts work/home/other
    first)."""
    params, exact = _types(name, label, version)
    return f"{name}{params}:", "" if exact else _text(label)


def _types(name: str, label: str, version: str) -> tuple[str, bool]:
    table = (_TEL_TYPES if name == "TEL" else _EMAIL_TYPES)[version]
    words = label.split(" ") if label else []
    types = list(dict.fromkeys(table[w.lower()] for w in words if w.lower() in table))
    exact = not label or (
        len(types) == len(words) and label == label.lower() and len(set(words)) == len(words)
        and words == sorted(words, key=lambda w: w not in _PLACES))
    if version == "4.0":
        return (";TYPE=" + ",".join(types) if types else ""), exact
    params = ";TYPE=INTERNET" if name == "EMAIL" else ""
    custom = None if exact else _param("X-" + label, version)
    if custom is not None:  # Android takes TYPE=X-label for the label (before the words)
        return f"{params};TYPE={custom}", exact
    return params + "".join(";TYPE=" + t for t in types), exact


def _labelled(name: str, items: tuple[Labelled, ...], version: str, group: int,
              lines: list[str]) -> int:
    """The TEL or EMAIL lines (with an X-ABLabel line for a label TYPE cannot say); returns
    the last item group number used."""
    prefix = "tel:" if name == "TEL" else "mailto:"
    size = len(prefix)
    for item in items:
        value = item.value
        if not value:
            continue
        head, custom = _label_params(name, item.label, version)
        if _SPECIAL(value):
            value = _text(value)
        if value[:size].lower() == prefix:  # the reader takes it for a URI's scheme
            value = prefix + value
        if custom:
            group += 1
            lines.append(f"item{group}.{head}{value}\r\nitem{group}.X-ABLabel:{custom}")
        else:
            lines.append(head + value)
    return group


def _cards(chunk: list[ContactRecord], version: str) -> str:
    """The cards of a chunk of records as text, folded: fields escaped a column at a time,
    lines longer than 75 octets found in the encoded text."""
    columns = zip(chunk, *(_column(values) for values in (
        [r.family for r in chunk], [r.given for r in chunk], [r.additional for r in chunk],
        [r.prefix for r in chunk], [r.suffix for r in chunk], [r.name for r in chunk],
        [r.company for r in chunk], [r.department for r in chunk],
        [r.position for r in chunk], [r.notes for r in chunk])), strict=True)
    lines: list[str] = []
    add = lines.append
    head = f"BEGIN:VCARD\r\nVERSION:{version}\r\nN:"
    for record, family, given, more, prefix, suffix, name, company, unit, title, notes in \
            columns:
        add(f"{head}{family};{given};{more};{prefix};{suffix}\r\nFN:{name}")
        if unit:
            add(f"ORG:{company};{unit}")
        elif company:
            add("ORG:" + company)
        if title:
            add("TITLE:" + title)
        group = _labelled("TEL", record.phones, version, 0, lines) if record.phones else 0
        if record.emails:
            _labelled("EMAIL", record.emails, version, group, lines)
        if record.address.strip():
            add(_adr(record.address, version))
        if record.website:
            add("URL:" + _uri(record.website))
        if record.birthday is not None:
            day = record.birthday
            add(f"BDAY:{day.year:04d}{day.month:02d}{day.day:02d}" if version == "4.0"
                else f"BDAY:{day.year:04d}-{day.month:02d}-{day.day:02d}")
        if notes:
            add("NOTE:" + notes)
        if record.tags:
            tags = record.tags
            add("CATEGORIES:" + (",".join(t for t in tags if t) if not _SPECIAL("".join(tags))
                                 else ",".join(_text(t) for t in tags if t)))
        add("END:VCARD")
    add("")
    data = "\r\n".join(lines).encode("utf-8", "surrogatepass")
    rows = data.split(b"\r\n")
    if max(map(len, rows)) > _FOLD:
        data = b"\r\n".join([row if len(row) <= _FOLD else _fold(row) for row in rows])
    return data.decode("utf-8", "surrogatepass")


def _adr(address: str, version: str) -> str:
    """ADR with the address as its street part; in 4.0 also as the LABEL parameter."""
    label = _param(address, version) if version == "4.0" else None
    params = f";LABEL={label}" if label is not None else ""
    return f"ADR{params}:;;{_text(address)};;;;"
