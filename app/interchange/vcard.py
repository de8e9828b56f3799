"""Reading vCard 2.1, 3.0 and 4.0 files as phones, mail clients and address books really write
them, into ContactRecords.

A reader of our own rather than `vobject` (which would be a new dependency): vobject parses
text that is already decoded, while the quirks real files hold must be undone on the bytes,
before any decoding: a fold that splits a UTF-8 character (ownCloud), a quoted-printable soft
break inside an escape (`=D0=9A=` + `D0`) or before a line beginning with `=` or `#`, 8-bit
text without CHARSET (The Bat!'s Latin-2), BOM-less UTF-16, CR CR LF; and a file must never
end in an exception (bare FN lines, truncated photos, a missing END:VCARD). A layer doing all
that has done most of the parsing; the rest of the format is small. So the bytes are split
into lines and unfolded first (vcard_lines), the lines gathered into cards of properties
(vcard_props), the values decoded per property (vcard_charset: quoted-printable, CHARSET,
UTF-8, or one guess for the whole file), and only then mapped onto records here.

Hostile files: the size is bounded (InvalidInput beyond max_bytes), and so are the lines,
cards, properties and items read (the MAX_* here and in vcard_lines and vcard_props), so the
work and memory stay linear; any bytes give a ReadResult or an InvalidInput, and every text
is made valid and safe (one-line fields lose controls; notes and the address keep their line
breaks only).

Decisions: photos, logos, sounds and keys are skipped (never decoded, so a truncated photo
costs nothing); of ALTID alternatives the first is taken; a card nested after AGENT (2.1) is
the assistant of the outer card and is skipped, while a BEGIN:VCARD without AGENT inside an
open card means the previous card was cut short: it is kept with a warning. A card without
FN keeps display_name empty, and ContactRecord.name falls back to N, then ORG.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from app.errors import InvalidInput, RingbinderError
from app.i18n import _
from app.interchange.records import ContactRecord, Labelled, ReadResult
from app.interchange.vcard_charset import Decoder
from app.interchange.vcard_lines import logical_lines, to_bytes
from app.interchange.vcard_props import Prop, cards
from app.safe_text import free_text, one_line, valid_text

MAX_BYTES = 64 * 1024 * 1024  # a 10,000-card export with photos is ~30 MB
MAX_CARDS = 200_000  # more is no address book: refused rather than filling the memory
MAX_ITEMS = 100  # phones, e-mails or tags of one card; more are dropped with a warning

_ESCAPE = re.compile(r"\\(.)|\\$", re.S)
_APPLE_TOKEN = re.compile(r"^_\$!<(.*)>!\$_$")
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:$|T)")

# a separator of a structured value, or an escape (which it may not split)
_SEPARATORS = {sep: re.compile(r"\\.|" + re.escape(sep), re.S) for sep in ";,"}
_UNESCAPE = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}
# TYPE values that say nothing a salesperson needs, and the words for the others
_NOISE_TYPES = {"pref", "voice", "internet", "x400", "text", "dom", "intl", "postal",
                "parcel", "uri", "msg"}
_TYPE_WORDS = {"cell": "mobile", "iphone": "iPhone"}
_PLACES = ("work", "home", "other")
_APPLE_LABELS = {"Mobile": "mobile", "Home": "home", "Work": "work", "Main": "main",
                 "HomeFAX": "home fax", "WorkFAX": "work fax", "OtherFAX": "fax",
                 "Pager": "pager", "Other": "other", "iPhone": "iPhone",
                 "HomePage": "homepage", "AppleWatch": "Apple Watch"}


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
    data, result.encoding, unicode_file = to_bytes(data)
    decoder = Decoder(data, unicode_file, result.warnings)
    for number, props in cards(logical_lines(data), result.warnings):
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
    for m in _SEPARATORS[sep].finditer(text):
        if m.group() == sep:
            parts.append(text[start:m.start()])
            start = m.end()
            if len(parts) == limit - 1:
                break
    parts.append(text[start:])
    return parts


def _line(text: str) -> str:
    # printable text holds no lone surrogate: valid_text has nothing to do
    return one_line(text if text.isprintable() else valid_text(text))


def _block(text: str) -> str:
    if text.replace("\n", "").isprintable():  # no surrogate, CR or control: nothing to clean
        lines = text.split("\n")
    else:
        lines = free_text(valid_text(text).replace("\r\n", "\n").replace("\r", "\n")
                          ).split("\n")
    return "\n".join([line.rstrip() for line in lines]).strip("\n")


def _label(prop: Prop, labels: dict[str, str]) -> str:
    """The label of a phone or e-mail: the X-ABLabel of its group, else its TYPEs in words
    (pref and voice dropped, work/home first)."""
    if prop.group and prop.group in labels:
        return labels[prop.group]
    return _type_label(tuple(prop.params.get("TYPE", ())))


@lru_cache(maxsize=256)
def _type_label(types: tuple[str, ...]) -> str:
    """TYPE values in words, worked out once per file for the few combinations it uses."""
    words: list[str] = []
    for value in types:
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
    if "," not in text and "\\" not in text:  # one value, nothing escaped
        return _line(text.strip())
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


def _record(number: int, props: list[Prop], warnings: list[str]) -> ContactRecord:
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
