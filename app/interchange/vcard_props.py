"""Unfolded vCard property lines as cards: each line split into group, name, parameters
and raw value (a Prop), and the lines gathered card by card, with nested AGENT cards skipped
and cards cut short kept with a warning. The values stay bytes (vcard_charset decodes them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.i18n import _
from app.interchange.vcard_lines import MAX_HEADER

MAX_PROPS = 5_000  # properties of one card that are kept
_HEADS = 4_096  # headers of one file kept read (see cards)
_HEAD_KEY = 512  # bytes of a header kept so (less than parse's 1000 for a name)

NAME = re.compile(rb"(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)[ \t]*")
# the parameters up to the colon that starts the value; a quoted value may hold ; and :
_ONE_PARAM = re.compile(rb';((?:[^;"]+|"[^"]*")*)')
_CARET = re.compile(r"\^([n'^])")

_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"}  # as 2.1 bare parameters
_CARETS = {"n": "\n", "'": '"', "^": "^"}
# the properties the record is made of (the others are dropped as they are read)
USED = {"FN", "N", "ORG", "TITLE", "ROLE", "TEL", "EMAIL", "ADR", "LABEL", "URL", "BDAY",
        "NOTE", "CATEGORIES", "X-ABLABEL"}
STRUCTURE = {n.encode() for n in USED} | {b"BEGIN", b"END", b"AGENT"}


@dataclass(slots=True)
class Prop:
    group: str
    name: str
    params: dict[str, list[str]]
    raw: bytes
    text: str = ""


Head = tuple[str, str, dict[str, list[str]]]  # a header read: group, name, parameters


def _value_start(line: bytes, start: int) -> int:
    """The index of the colon that starts the value (one inside a quoted parameter value
    does not count; an unterminated quote is ignored), or -1 within MAX_HEADER bytes."""
    end = min(len(line), start + MAX_HEADER)
    first = line.find(b":", start, end)
    if first < 0 or line.find(b'"', start, first) < 0:
        return first
    pos = start
    for _i in range(1000):
        quote = line.find(b'"', pos, end)
        colon = line.find(b":", pos, end)
        if quote < 0 or 0 <= colon < quote:
            return colon
        close = line.find(b'"', quote + 1, end)
        if close < 0:
            return first
        pos = close + 1
    return first


def parse(line: bytes, m: re.Match[bytes] | None = None) -> Prop | None:
    """One property line split into group, name, parameters and raw value; None for a line
    with no colon (a bare `FN`) or a header longer than MAX_HEADER."""
    m = m or NAME.match(line)
    if not m or m.end() > 1000:
        return None
    start = m.end()
    colon = line.find(b":", start, start + MAX_HEADER)
    if colon < 0:
        return None
    if line.find(b'"', start, colon) >= 0:  # a quoted parameter may hold the colon
        colon = _value_start(line, start)
        if colon < 0:
            return None
    head = _head(line, m, colon)
    if head is None:
        return None
    return Prop(head[0], head[1], head[2], line[colon + 1:])


def _head(line: bytes, m: re.Match[bytes], colon: int) -> Head | None:
    """Group, name and parameters of a header (up to the colon at `colon`), or None when
    something other than parameters follows the name. The parameters may be shared by
    several Props (see cards): they are never changed."""
    group = m.group(1).decode("ascii").upper() if m.group(1) else ""
    name = m.group(2).decode("ascii").upper()
    header = line[m.end():colon]
    if header and not header.startswith(b";"):
        return None
    params: dict[str, list[str]] = {}
    for one in _ONE_PARAM.findall(header):
        key, eq, value = one.partition(b"=")
        if not eq:  # 2.1 bare parameter: WORK, QUOTED-PRINTABLE
            bare = key.strip().decode("utf-8", "replace")
            key_s = "ENCODING" if bare.upper() in _ENCODINGS else "TYPE"
            values = [bare]
        else:
            key_s = key.strip().decode("utf-8", "replace").upper()
            text = _caret(value.strip().decode("utf-8", "replace"))
            if key_s == "TYPE":
                values = [v.strip(' "') for v in text.split(",")]
            else:
                values = [text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"'
                          else text]
        params.setdefault(key_s, []).extend(v for v in values if v)
    return group, name, params


def param(prop: Prop, key: str) -> str:
    """The first value of a parameter, or ""."""
    return (prop.params.get(key) or [""])[0]


def _caret(text: str) -> str:
    """RFC 6868 escapes in a parameter value: ^n newline, ^' quote, ^^ caret."""
    return _CARET.sub(lambda m: _CARETS[m.group(1)], text) if "^" in text else text


def cards(lines: Iterator[bytes], warnings: list[str]) -> Iterator[tuple[int, list[Prop]]]:
    """The cards one by one as (number, the properties used); a card nested after AGENT is
    skipped, a card cut short (the file ends, or a new BEGIN comes without END) is kept
    with a warning. One card at a time is held, and at most MAX_PROPS of its properties."""
    number = 0
    props: list[Prop] | None = None
    nested = 0
    last_name = ""
    heads: dict[bytes, tuple[bool, bool, Head | None]] = {}
    for line in lines:
        # a file repeats a few dozen headers (`TEL;TYPE=CELL`) thousands of times: a short
        # one without quotes ends at the first colon, and is read once
        colon = line.find(b":", 0, _HEAD_KEY + 1)
        if colon >= 0 and line.find(b'"', 0, colon) < 0:
            key = line[:colon]
            seen = heads.get(key)
            if seen is None:
                seen = _seen(key)
                if len(heads) < _HEADS:
                    heads[key] = seen
            matched, known, head = seen
            if not matched:
                continue
            if not known or (props is not None and len(props) > MAX_PROPS):
                last_name = ""  # an unknown property, or one too many: dropped unparsed
                continue
            if head is None:
                continue
            prop = Prop(head[0], head[1], head[2], line[colon + 1:])
        else:
            m = NAME.match(line)
            if not m:
                continue
            if m.group(2).upper() not in STRUCTURE or (props is not None and
                                                        len(props) > MAX_PROPS):
                last_name = ""
                continue
            parsed = parse(line, m)
            if parsed is None:
                continue
            prop = parsed
        value = prop.raw.strip().upper() if prop.name in ("BEGIN", "END") else b""
        if prop.name == "BEGIN" and value == b"VCARD":
            if props is not None and (nested or last_name == "AGENT"):
                nested += 1
                continue
            if props is not None:
                warnings.append(_cut_short(number))
                yield number, props[:MAX_PROPS]
            number += 1
            props = []
        elif prop.name == "END" and value == b"VCARD":
            if nested:
                nested -= 1
            elif props is not None:
                yield number, props[:MAX_PROPS]
                props = None
        elif props is not None and not nested and prop.name in USED:
            if len(props) < MAX_PROPS:
                props.append(prop)
            elif len(props) == MAX_PROPS:
                props.append(prop)  # the one that overflowed is dropped below
                warnings.append(_("card {number}: more than {count} properties, the rest "
                                  "is left out").format(number=number, count=MAX_PROPS))
        last_name = prop.name
    if props is not None:
        warnings.append(_cut_short(number))
        yield number, props[:MAX_PROPS]


def _seen(header: bytes) -> tuple[bool, bool, Head | None]:
    """What cards makes of a header without quotes (up to the first colon): whether a name
    starts it, whether that name is one the cards are made of, and its group, name and
    parameters (None when parse would refuse the line)."""
    m = NAME.match(header)
    if not m:
        return False, False, None
    if m.group(2).upper() not in STRUCTURE:
        return True, False, None
    return True, True, _head(header, m, len(header))


def _cut_short(number: int) -> str:
    return _("card {number}: no END:VCARD, the file may be cut short; what was read is "
             "kept").format(number=number)
