"""Reading vCard 2.1, 3.0 and 4.0 files as phones, mail clients and address books really write
them, into ContactRecords.

A reader of our own rather than `vobject` (which would be a new dependency): vobject parses
text that is already decoded, while the quirks real files hold must be undone on the bytes,
before any decoding: a fold that splits a UTF-8 character (ownCloud), a quoted-printable soft
break inside an escape (`=D0=9A=` + `D0`) or before a line beginning with `=` or `#`, 8-bit
text without CHARSET (The Bat!'s Latin-2), BOM-less UTF-16, CR CR LF; and a file must never
end in an exception (bare FN lines, truncated photos, a missing END:VCARD). A layer doing all
that has done most of the parsing; the rest of the format is small. So the bytes are split
into lines and unfolded here first, the values decoded per property (quoted-printable,
CHARSET, UTF-8, or one guess for the whole file), and only then turned into text.

Hostile files: the size is bounded (InvalidInput beyond max_bytes), and so are the lines,
cards, properties and items read (MAX_* below), so the work and memory stay linear; any bytes
give a ReadResult or an InvalidInput, and every text is made valid and safe (one-line fields
lose controls; notes and the address keep their line breaks only).

Decisions: photos, logos, sounds and keys are skipped (never decoded, so a truncated photo
costs nothing); of ALTID alternatives the first is taken; a card nested after AGENT (2.1) is
the assistant of the outer card and is skipped, while a BEGIN:VCARD without AGENT inside an
open card means the previous card was cut short: it is kept with a warning. A card without
FN keeps display_name empty, and ContactRecord.name falls back to N, then ORG.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from app.errors import InvalidInput, RingbinderError
from app.handover.text import free_text, one_line, valid_text
from app.i18n import _
from app.interchange.records import ContactRecord, Labelled, ReadResult

MAX_BYTES = 64 * 1024 * 1024  # a 10,000-card export with photos is ~30 MB
MAX_CARDS = 200_000  # more is no address book: refused rather than filling the memory
MAX_ITEMS = 100  # phones, e-mails or tags of one card; more are dropped with a warning
MAX_PROPS = 5_000  # properties of one card that are kept
MAX_LINES = 2_000_000  # unfolded lines: bounds the work on a file of tiny lines
MAX_HEADER = 16_384  # a property's name and parameters, up to the colon

_PROP_START = re.compile(rb"(?:[A-Za-z0-9_-]+\.)?[A-Za-z0-9_-]+[ \t]*[;:]")
_NAME = re.compile(rb"(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)[ \t]*")
# the parameters up to the colon that starts the value; a quoted value may hold ; and :
_BREAK = re.compile(rb"\n(?![ \t])")  # a line break that is not a fold
_ONE_PARAM = re.compile(rb';((?:[^;"]+|"[^"]*")*)')
_QP_HEADER = re.compile(rb"QUOTED-PRINTABLE", re.I)
_B64_HEADER = re.compile(rb";[ \t]*(?:ENCODING[ \t]*=[ \t]*(?:B|BASE64)|BASE64)[ \t]*(?=[;:]|$)",
                         re.I)
_QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
_CARET = re.compile(r"\^([n'^])")
_ESCAPE = re.compile(r"\\(.)|\\$", re.S)
_APPLE_TOKEN = re.compile(r"^_\$!<(.*)>!\$_$")
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:$|T)")

_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"}  # as 2.1 bare parameters
_UNESCAPE = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}
_CARETS = {"n": "\n", "'": '"', "^": "^"}
# the properties the record is made of (the others are dropped as they are read)
_USED = {"FN", "N", "ORG", "TITLE", "ROLE", "TEL", "EMAIL", "ADR", "LABEL", "URL", "BDAY",
         "NOTE", "CATEGORIES", "X-ABLABEL"}
_STRUCTURE = {n.encode() for n in _USED} | {b"BEGIN", b"END", b"AGENT"}
_POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
# TYPE values that say nothing a salesperson needs, and the words for the others
_NOISE_TYPES = {"pref", "voice", "internet", "x400", "text", "dom", "intl", "postal",
                "parcel", "uri", "msg"}
_TYPE_WORDS = {"cell": "mobile", "iphone": "iPhone"}
_PLACES = ("work", "home", "other")
_APPLE_LABELS = {"Mobile": "mobile", "Home": "home", "Work": "work", "Main": "main",
                 "HomeFAX": "home fax", "WorkFAX": "work fax", "OtherFAX": "fax",
                 "Pager": "pager", "Other": "other", "iPhone": "iPhone",
                 "HomePage": "homepage", "AppleWatch": "Apple Watch"}


@dataclass
class _Prop:
    group: str
    name: str
    params: dict[str, list[str]]
    raw: bytes
    text: str = ""


def read_vcard(data: bytes, *, max_bytes: int = MAX_BYTES) -> ReadResult:
    """Every card of a vCard file as a ContactRecord, with what could not be read as
    warnings; a file too big or holding no card at all is refused with InvalidInput."""
    if len(data) > max_bytes:
        raise InvalidInput(_("The file is too big to read as vCard ({size} MB; at most "
                             "{limit} MB).").format(size=-(-len(data) // 2**20),
                                                    limit=max_bytes // 2**20))
    try:
        return _read(data)
    except RingbinderError:
        raise
    except Exception as exc:  # a safety net: a file must never end in a traceback
        raise InvalidInput(_("The vCard file cannot be read ({problem}).")
                           .format(problem=type(exc).__name__)) from exc


def _read(data: bytes) -> ReadResult:
    result = ReadResult()
    data, result.encoding, unicode_file = _to_bytes(data)
    decoder = _Decoder(data, unicode_file, result.warnings)
    for number, props in _cards(_logical_lines(data), result.warnings):
        if number > MAX_CARDS:
            raise InvalidInput(_("The file holds more than {count} cards; it is not read.")
                               .format(count=MAX_CARDS))
        for prop in props:
            prop.text = decoder.decode(prop, number)
        result.contacts.append(_record(number, props, result.warnings))
    if not result.contacts:
        raise InvalidInput(_("No vCard found in the file (no BEGIN:VCARD line)."))
    if decoder.declared and not unicode_file:
        result.encoding = decoder.declared
    if decoder.legacy:
        result.encoding = decoder.legacy
        result.warnings.append(_("Some text gave no character set; it was read as "
                                 "{encoding}.").format(encoding=decoder.legacy))
    return result


def _to_bytes(data: bytes) -> tuple[bytes, str, bool]:
    """The file as bytes whose structure is ASCII: a UTF-16 or UTF-32 file (with or without
    a BOM) is re-encoded as UTF-8, since its lines cannot be split as bytes."""
    for bom, codec in ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
                       (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")):
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, "replace")
            return text.encode("utf-8", "replace"), codec, True
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:], "utf-8-sig", True
    head = data[:4096]
    half = len(head) // 2
    if half >= 4:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        codec = ""
        if even > half * 0.3 and odd < half * 0.05:
            codec = "utf-16-be"
        elif odd > half * 0.3 and even < half * 0.05:
            codec = "utf-16-le"
        if codec:
            text = data[: len(data) // 2 * 2].decode(codec, "replace")
            return text.encode("utf-8", "replace"), codec, True
    return data, "utf-8", False


def _logical_lines(data: bytes) -> Iterator[bytes]:
    """The property lines, unfolded as bytes (a fold may split a UTF-8 character): a line
    beginning with a space or TAB continues the previous one (exactly one whitespace
    removed), a quoted-printable line ending in `=` continues on the next whatever it
    begins with, unindented base64 (2.1) and comment lines are dropped. Line breaks and
    folds are found in C (re, bytes.replace); Python sees each unfolded line once."""
    # a line break: CR CR LF (iOS 6), CR LF, a lone CR (classic Mac) or LF
    data = data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    qp_parts: list[bytes] | None = None
    b64 = False
    pos = count = 0
    ends = _BREAK.finditer(data)
    while pos <= len(data):
        m = next(ends, None)
        chunk = data[pos:m.start() if m else len(data)]
        pos = m.end() if m else len(data) + 1
        count += 1
        if count > MAX_LINES:
            raise InvalidInput(_("The file has more than {count} lines; it is not read as "
                                 "vCard.").format(count=MAX_LINES))
        if b"\n" in chunk:
            chunk = chunk.replace(b"\n ", b"").replace(b"\n\t", b"")
        if qp_parts is not None:  # after a quoted-printable soft break
            stripped = chunk.rstrip(b" \t")
            if stripped.endswith(b"="):
                qp_parts.append(stripped[:-1])
                continue
            qp_parts.append(chunk)
            yield b"".join(qp_parts)
            qp_parts = None
            continue
        if _PROP_START.match(chunk):
            colon = chunk.find(b":", 0, MAX_HEADER)
            header = chunk[:colon] if colon >= 0 else chunk[:MAX_HEADER]
            b64 = b";" in header and bool(_B64_HEADER.search(header))
            if b64:
                yield chunk[: colon + 1]  # a photo or key: its data is never read
            elif b";" in header and _QP_HEADER.search(header) and \
                    chunk.rstrip(b" \t").endswith(b"="):
                qp_parts = [chunk.rstrip(b" \t")[:-1]]
            else:
                yield chunk
        elif not (b64 and chunk.strip()):
            b64 = False  # a blank line ends a 2.1 photo; a comment line is dropped
    if qp_parts is not None:
        yield b"".join(qp_parts)


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


def _parse(line: bytes, m: re.Match[bytes] | None = None) -> _Prop | None:
    """One property line split into group, name, parameters and raw value; None for a line
    with no colon (a bare `FN`) or a header longer than MAX_HEADER."""
    m = m or _NAME.match(line)
    if not m or m.end() > 1000:
        return None
    group = m.group(1).decode("ascii").upper() if m.group(1) else ""
    name = m.group(2).decode("ascii").upper()
    colon = _value_start(line, m.end())
    header = line[m.end():colon]
    if colon < 0 or (header and not header.startswith(b";")):
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
    return _Prop(group, name, params, line[colon + 1:])


def _param(prop: _Prop, key: str) -> str:
    """The first value of a parameter, or ""."""
    return (prop.params.get(key) or [""])[0]


def _caret(text: str) -> str:
    """RFC 6868 escapes in a parameter value: ^n newline, ^' quote, ^^ caret."""
    return _CARET.sub(lambda m: _CARETS[m.group(1)], text) if "^" in text else text


def _cards(lines: Iterator[bytes], warnings: list[str]) -> Iterator[tuple[int, list[_Prop]]]:
    """The cards one by one as (number, the properties used); a card nested after AGENT is
    skipped, a card cut short (the file ends, or a new BEGIN comes without END) is kept
    with a warning. One card at a time is held, and at most MAX_PROPS of its properties."""
    number = 0
    props: list[_Prop] | None = None
    nested = 0
    last_name = ""
    for line in lines:
        m = _NAME.match(line)
        if not m:
            continue
        if m.group(2).upper() not in _STRUCTURE or (props is not None and
                                                     len(props) > MAX_PROPS):
            last_name = ""  # an unknown property, or one too many: dropped unparsed
            continue
        prop = _parse(line, m)
        if prop is None:
            continue
        value = prop.raw.strip().upper()
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
        elif props is not None and not nested and prop.name in _USED:
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


def _cut_short(number: int) -> str:
    return _("card {number}: no END:VCARD, the file may be cut short; what was read is "
             "kept").format(number=number)


class _Decoder:
    """Turns raw values into text: quoted-printable first, then the CHARSET given, UTF-8
    when it is valid, else one legacy encoding guessed for the whole file (Polish
    Windows-1250/Latin-2 preferred when it gives Polish letters), once, when first needed."""

    def __init__(self, data: bytes, unicode_file: bool, warnings: list[str]) -> None:
        self.data = data
        self.unicode_file = unicode_file
        self.warnings = warnings
        self.legacy = ""  # the guess, once made
        self.declared = ""  # the first CHARSET that decoded 8-bit text

    def decode(self, prop: _Prop, number: int) -> str:
        raw = _raw_value(prop)
        if raw.isascii():
            return raw.decode("ascii")
        if self.unicode_file:
            return raw.decode("utf-8", "replace")
        charset = _param(prop, "CHARSET").strip()
        if charset:
            try:
                codec = codecs.lookup(charset).name
                text = raw.decode(codec, "replace")
                self.declared = self.declared or codec
                return text
            except (LookupError, ValueError):
                self.warnings.append(_("card {number}: unknown character set {charset}, "
                                       "the text was guessed").format(number=number,
                                                                       charset=charset[:40]))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            if not self.legacy:
                self.legacy = _guess_legacy(_sample(self.data))
            return raw.decode(self.legacy, "replace")


def _raw_value(prop: _Prop) -> bytes:
    """The value's bytes with quoted-printable undone; nothing for binary values (photos,
    sounds, keys are never decoded)."""
    encoding = _param(prop, "ENCODING").upper()
    if encoding in ("B", "BASE64") or _param(prop, "VALUE").lower() == "binary":
        return b""
    if encoding == "QUOTED-PRINTABLE":
        return _QP_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), prop.raw)
    return prop.raw


def _sample(data: bytes) -> bytes:
    """The file's 8-bit text that gave no CHARSET and is not UTF-8 (up to 64 KB), for the
    guess: a second pass over the file, made only for files that need it."""
    sample = bytearray()
    for line in _logical_lines(data):
        m = _NAME.match(line)
        prop = _parse(line, m) if m and m.group(2).upper() in _STRUCTURE else None
        if prop is None or prop.name not in _USED or _param(prop, "CHARSET"):
            continue
        raw = _raw_value(prop)
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            sample += raw + b"\n"
            if len(sample) >= 65536:
                break
    return bytes(sample)


def _guess_legacy(sample: bytes) -> str:
    """The 8-bit encoding of text that gave none: Windows-1250 or Latin-2 when every letter
    it gives is Polish (The Bat!, Polish Outlook), else charset-normalizer's best guess."""
    for codec in ("cp1250", "iso8859_2"):
        letters = {c for c in sample.decode(codec, "replace") if ord(c) > 127}
        if letters and letters <= _POLISH:
            return codec
    from charset_normalizer import from_bytes  # only files that need a guess pay for it

    best = from_bytes(sample).best()
    return codecs.lookup(best.encoding).name if best is not None else "cp1252"


def _unescape(text: str) -> str:
    """vCard backslash escapes (\\n \\, \\; \\: \\\\); an invalid one is kept as written."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _UNESCAPE.get(m.group(1) or "", m.group(0)), text)


def _split(text: str, sep: str, limit: int = MAX_ITEMS) -> list[str]:
    """A structured value split at the separators that are not escaped, in at most
    `limit` parts (the last keeps the rest)."""
    if "\\" not in text:
        return text.split(sep, limit - 1)
    parts, start = [], 0
    for m in re.finditer(r"\\.|" + re.escape(sep), text, re.S):
        if m.group() == sep:
            parts.append(text[start:m.start()])
            start = m.end()
            if len(parts) == limit - 1:
                break
    parts.append(text[start:])
    return parts


def _line(text: str) -> str:
    return one_line(valid_text(text))


def _block(text: str) -> str:
    lines = free_text(valid_text(text).replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _label(prop: _Prop, labels: dict[str, str]) -> str:
    """The label of a phone or e-mail: the X-ABLabel of its group, else its TYPEs in words
    (pref and voice dropped, work/home first)."""
    if prop.group and prop.group in labels:
        return labels[prop.group]
    words: list[str] = []
    for value in prop.params.get("TYPE", []):
        word = value.strip().lower()
        if not word or word in _NOISE_TYPES:
            continue
        word = _TYPE_WORDS.get(word, word)
        if word not in words:
            words.append(word)
    words.sort(key=lambda w: w not in _PLACES)
    return _line(" ".join(words))


def _apple_label(text: str) -> str:
    m = _APPLE_TOKEN.match(text.strip())
    if not m:
        return _line(text)
    return _APPLE_LABELS.get(m.group(1), _line(m.group(1)))


def _name_part(text: str, joiner: str = " ") -> str:
    return _line(joiner.join(p.strip() for p in (_unescape(x) for x in _split(text, ","))
                             if p.strip()))


def _address(text: str) -> str:
    """An ADR as printed lines: street, extended, PO box, "postcode city", region, country."""
    parts = [_unescape(p) for p in _split(text, ";")] + [""] * 7
    pobox, extended, street, city, region, code, country = parts[:7]
    lines = [street, extended, pobox, f"{code.strip()} {city.strip()}", region, country]
    return _block("\n".join(x.strip() for x in "\n".join(lines).split("\n") if x.strip()))


def _birthday(text: str, number: int, warnings: list[str]) -> date | None:
    text = text.strip()
    m = _DATE.match(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    elif text.startswith("--") or not text:
        return None  # a birthday without a year (--0203) or none at all
    warnings.append(_("card {number}: birthday {value} is not a date, left out")
                    .format(number=number, value=_line(text)[:40]))
    return None


def _record(number: int, props: list[_Prop], warnings: list[str]) -> ContactRecord:
    """The card's properties mapped onto a ContactRecord; unknown properties are ignored."""
    labels = {p.group: _apple_label(_unescape(p.text)) for p in props
              if p.name == "X-ABLABEL" and p.group and p.text.strip()}
    seen_alt: set[tuple[str, str]] = set()
    fields: dict[str, str] = {}
    phones: dict[Labelled, None] = {}
    emails: dict[Labelled, None] = {}
    addresses: list[tuple[bool, str]] = []
    label_text = ""
    notes: list[str] = []
    tags: dict[str, None] = {}
    dropped = False
    birthday: date | None = None
    for prop in props:
        altid = prop.params.get("ALTID")
        if altid:
            if (prop.name, altid[0]) in seen_alt:
                continue
            seen_alt.add((prop.name, altid[0]))
        text = prop.text
        if not text.strip():
            continue
        name = prop.name
        if name == "FN" and "display_name" not in fields:
            fields["display_name"] = _line(_unescape(text))
        elif name == "N" and "n" not in fields:
            fields["n"] = "1"
            parts = _split(text, ";") + [""] * 5
            fields["family"] = _name_part(parts[0])
            fields["given"] = _name_part(parts[1])
            fields["additional"] = _name_part(parts[2])
            fields["prefix"] = _name_part(parts[3], ", ")
            fields["suffix"] = _name_part(parts[4], ", ")
        elif name == "ORG" and "company" not in fields:
            units = [_line(_unescape(u)) for u in _split(text, ";")]
            fields["company"] = units[0]
            fields["department"] = ", ".join(u for u in units[1:] if u)
        elif name in ("TITLE", "ROLE") and name not in fields:
            fields[name] = _line(_unescape(text))
        elif name in ("TEL", "EMAIL"):
            value = _line(_unescape(text))
            prefix = "tel:" if name == "TEL" else "mailto:"
            if value.lower().startswith(prefix):
                value = value[len(prefix):].strip()
            item = Labelled(value, _label(prop, labels))
            target = phones if name == "TEL" else emails
            if value and len(target) < MAX_ITEMS:
                target[item] = None
            dropped = dropped or len(target) >= MAX_ITEMS
        elif name == "ADR":
            address = _address(text)
            if address:
                pref = any(t.lower() == "pref" for t in prop.params.get("TYPE", [])) or \
                    "PREF" in prop.params
                addresses.append((pref, address))
        elif name == "LABEL" and not label_text:
            label_text = _block(_unescape(text))
        elif name == "URL" and "website" not in fields:
            fields["website"] = _line(_unescape(text))
        elif name == "BDAY" and birthday is None:
            birthday = _birthday(_unescape(text), number, warnings)
        elif name == "NOTE":
            note = _block(_unescape(text)).strip()
            if note:
                notes.append(note)
        elif name == "CATEGORIES":
            parts = _split(text, ",", MAX_ITEMS + 1)
            dropped = dropped or len(parts) > MAX_ITEMS
            for tag in parts[:MAX_ITEMS]:
                tag = _line(_unescape(tag))
                if tag and len(tags) < MAX_ITEMS:
                    tags[tag] = None
                dropped = dropped or len(tags) >= MAX_ITEMS
    if dropped:
        warnings.append(_("card {number}: more than {count} phones, e-mails or tags, the "
                          "rest is left out").format(number=number, count=MAX_ITEMS))
    address = next((a for pref, a in addresses if pref), addresses[0][1] if addresses else "")
    return ContactRecord(
        source=number,
        display_name=fields.get("display_name", ""),
        given=fields.get("given", ""), family=fields.get("family", ""),
        additional=fields.get("additional", ""), prefix=fields.get("prefix", ""),
        suffix=fields.get("suffix", ""),
        company=fields.get("company", ""), department=fields.get("department", ""),
        position=fields.get("TITLE") or fields.get("ROLE", ""),
        phones=tuple(phones), emails=tuple(emails),
        address=address or label_text,
        website=fields.get("website", ""),
        birthday=birthday,
        notes="\n\n".join(notes),
        tags=tuple(tags),
    )
