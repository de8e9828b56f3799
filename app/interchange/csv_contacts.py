"""Contacts from CSV files as other programs write them: the encoding, the delimiter, a
preamble and the header row are found rather than asked for, columns are mapped from known
layouts and header names (app/interchange/layouts.py), and the user can correct either.

A file from outside is hostile: its size is bounded, its text made valid, and any bytes give a
ReadResult or an InvalidInput, never another exception."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice

from app.errors import InvalidInput
from app.handover.text import free_text, one_line, valid_text
from app.i18n import _, current_locale
from app.interchange import layouts as _layouts
from app.interchange.records import ContactRecord, Labelled, ReadResult

MAX_BYTES = 64 * 1024 * 1024  # a 10,000-contact Outlook export is about 5 MB
MAX_ROWS = 200_000  # contacts in one import: more is a file to split, not a diary
MAX_COLUMNS = 2_000  # Outlook writes 92; a line of 60 million commas is an attack
_SAMPLE = 64 * 1024  # characters looked at to choose the delimiter and the header
_SNIFFER_SAMPLE = 4 * 1024  # csv.Sniffer backtracks: kept small for hostile input
_DELIMITERS = ",;\t|"
_MAX_WARNINGS = 200
_PREAMBLE_ROWS = 20  # LinkedIn writes 3 lines of notes before its header

_SEP_HINT = re.compile(r'\A\ufeff?"?sep=(.)"?[ \t]*(?:\r\n|\r|\n|\Z)', re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s().\-/]{6,}$")
_TAG_SEPARATORS = re.compile(r"\s*(?::::|;|,)\s*")
_VALUE_SEPARATOR = re.compile(r"\s+:::\s+")  # Google joins several values of a cell so


@dataclass
class CsvSniff:
    """What the file looks like, for the import wizard to show and let the user change."""

    encoding: str
    delimiter: str
    header: bool  # whether the first row after any preamble names the columns
    skip: int  # rows before the header (or the first data row): a preamble, a sep= line
    layout: str  # the known layout's key ("outlook", "google-2020"…) or ""
    layout_title: str
    date_order: str  # "dmy", "mdy" or "ymd": how an ambiguous 01/02/2000 reads
    headers: list[str]  # the header row, or "" for each column without one
    mapping: dict[int, str]  # column index -> field ("phone:work", "given"…)
    field_count: int  # columns in most rows
    warnings: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- encoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _guess_encoding(data: bytes) -> tuple[str, int]:
    """The encoding and the BOM's length: BOM, then BOM-less UTF-16 (every other byte 0),
    then strict UTF-8, then charset-normalizer's best guess, else Windows-1252."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    head = data[:4096]
    half = len(head) // 2
    if half >= 2:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 0.3 * half and even < 0.05 * half:
            return "utf-16-le", 0
        if even > 0.3 * half and odd < 0.05 * half:
            return "utf-16-be", 0
    try:
        data.decode("utf-8")
        return "utf-8", 0
    except UnicodeDecodeError:
        pass
    head = data[:256 * 1024]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(head).best()
        guess = best.encoding if best is not None and best.encoding else ""
    except Exception:  # a detector's own bug must not stop the import
        guess = ""
    # a short file fools the detector (Polish read as cp1252, French as cp857): the
    # guess is checked against the usual Windows code pages by how many odd signs
    # stand inside words, the guess winning a tie
    # on a tie Windows-1252 first (a short "Lefèvre" reads as Czech "Lefčvre" too), then
    # the detector's guess
    candidates = ["cp1252"] + ([guess] if guess else [])
    candidates += [c for c in _USUAL_CODEPAGES if c not in candidates]
    scored = []
    for order, name in enumerate(candidates):
        try:
            text = head.decode(name)  # a code page that cannot read it is no candidate
            head_text = text[:32 * 1024]
            scored.append((_oddness(head_text), _misfit(head_text), _capitals(head_text),
                           order, codecs.lookup(name).name))
        except (UnicodeDecodeError, LookupError, ValueError):
            continue
    return (min(scored)[-1] if scored else "cp1252"), 0


_USUAL_CODEPAGES = ("cp1252", "cp1250", "cp1251", "koi8_r", "iso8859_2", "cp1257")


# the letters beyond ASCII of the languages whose files come in legacy code pages: a right
# reading uses the letters of one language, a wrong one mixes (Lefčvre, Muńoz, Dvoøák)
_ALPHABETS = (
    "àâæçéèêëîïôœùûüÿ",  # French
    "áéíñóúü",  # Spanish
    "äöüß",  # German
    "àèéìíîòóù",  # Italian
    "áâãàçéêíóôõú",  # Portuguese
    "åäöæøé",  # Nordic
    "ëïéèöü",  # Dutch
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "ăâîșțşţ",  # Romanian
    "čćđšž",  # Croatian, Slovenian
    "ąčęėįšųūž",  # Lithuanian
    "āčēģīķļņšūž",  # Latvian
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґўђјљњћџѓќѕ",  # Cyrillic
)


def _misfit(text: str) -> int:
    """How many of the text's letters beyond ASCII no single language uses together."""
    letters = {ch for ch in text.lower() if not ch.isascii() and ch.isalpha()}
    if not letters:
        return 0
    return min(len(letters.difference(alphabet)) for alphabet in _ALPHABETS)


def _capitals(text: str) -> bool:
    """Whether most letters beyond ASCII are capitals: text is mostly small letters, so a
    reading that makes them capitals (KOI8-R as Windows-1251: "РЕФТПЧ") is likely wrong."""
    upper = sum(1 for ch in text if ch.isupper() and not ch.isascii())
    lower = sum(1 for ch in text if ch.islower() and not ch.isascii())
    return upper > lower


def _oddness(text: str) -> int:
    """Signs that are no letter but stand next to one (£ukasz, premi×re), controls, and a
    capital after a small letter beyond ASCII: how wrong a reading of a legacy file looks."""
    odd = 0
    for i, ch in enumerate(text):
        if ch.isupper() and i and text[i - 1].islower() and not (ch + text[i - 1]).isascii():
            odd += 1  # KOI8-R read as Windows-1251: "йЧБО" for "Иван"
        if ch.isalnum() or ch.isspace() or (ch.isascii() and ch.isprintable()):
            continue
        if not ch.isprintable() or (i and text[i - 1].isalpha()) or (
                i + 1 < len(text) and text[i + 1].isalpha()):
            odd += 1
    return odd


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding it was read with. Undecodable bytes become U+FFFD
    and NULs are dropped, so whatever the bytes the text can be kept and shown."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidInput(_("A CSV file is read from bytes."))
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("The file is larger than {limit} MB; split it first.").format(
            limit=MAX_BYTES // (1024 * 1024)))
    skip = 0
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except (LookupError, ValueError):
            raise InvalidInput(_("Unknown text encoding: {name}").format(
                name=one_line(str(encoding))[:40])) from None
    else:
        name, skip = _guess_encoding(data)
    try:
        text = data[skip:].decode(name, errors="replace")
    except (LookupError, UnicodeError, TypeError, ValueError):
        raise InvalidInput(_("The file cannot be read as {name}.").format(name=name)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not name.startswith(("utf-8", "utf-16", "utf-32")):  # utf-7 and escapes can
        text = valid_text(text)  # decode to lone surrogates
    return text.replace("\x00", ""), name


# ----------------------------------------------------------------------------- rows


def _iter_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Every row with the line it starts on; quoted fields may hold newlines (bare CR too).
    A line of more than MAX_COLUMNS fields is refused before the csv module makes a list
    of them."""
    d = re.escape(delimiter)
    too_wide = re.compile(f"(?m)^(?:[^\\n{d}]*{d}){{{MAX_COLUMNS}}}")
    found = too_wide.search(text)
    if found:
        raise InvalidInput(_("Line {line} of the CSV file has more than {count} columns.")
                           .format(line=text.count("\n", 0, found.start()) + 1,
                                   count=MAX_COLUMNS))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=False)
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error:
        raise InvalidInput(_("Line {line} of the CSV file cannot be read (a field too long?)")
                           .format(line=line)) from None


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    return list(_iter_rows(text, delimiter))


def _sample(text: str) -> tuple[str, bool]:
    """The start of the text cut after a whole line, and whether it was cut."""
    if len(text) <= _SAMPLE:
        return text, False
    cut = text.rfind("\n", 0, _SAMPLE)
    return text[:cut + 1] if cut > 0 else text[:_SAMPLE], True


def blank(row: list[str]) -> bool:
    """A row with nothing but spaces in it."""
    return not "".join(row).strip()


def _consistency(text: str, delimiter: str, cut: bool) -> tuple[float, int]:
    """The share of non-blank rows with the usual field count, and that count."""
    try:
        rows = [r for _line, r in _rows(text, delimiter) if not blank(r)]
    except InvalidInput:
        return 0.0, 0
    if cut and len(rows) > 1:
        rows = rows[:-1]  # may end inside a quoted field
    if not rows:
        return 0.0, 0
    counts = Counter(len(r) for r in rows[:500])
    mode, seen = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return seen / sum(counts.values()), mode


def _choose_delimiter(sample: str, cut: bool) -> str:
    """csv.Sniffer's opinion when most rows agree with it, else the delimiter that gives
    the most rows the same field count (ties: more fields)."""
    scores = {d: _consistency(sample, d, cut) for d in _DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample[:_SNIFFER_SAMPLE], delimiters=_DELIMITERS).delimiter
    except (csv.Error, Exception):  # Sniffer raises plain Errors on odd input
        sniffed = ""
    if sniffed in scores:
        share, count = scores[sniffed]
        if count > 1 and share >= 0.9:
            return sniffed
    best = max(_DELIMITERS, key=lambda d: (scores[d][1] > 1, round(scores[d][0], 2),
                                           scores[d][1]))
    return best if scores[best][1] > 1 else ","


def _preamble(rows: list[tuple[int, list[str]]], count: int) -> int:
    """How many rows come before the first with the usual field count (LinkedIn's notes)."""
    for index, (_line, row) in enumerate(rows[:_PREAMBLE_ROWS]):
        if len(row) >= count and not blank(row):
            return index
    return 0


def _is_header(row: list[str], data: list[list[str]]) -> bool:
    """A row of known column names, or of labels above rows holding e-mails and numbers."""
    cells = [c for c in row if c.strip()]
    if not cells:
        return False
    known = sum(1 for c in cells if _layouts.known_header(c))
    if known >= 2 or (known and len(cells) <= 2):
        return True
    if any(_EMAIL.match(c.strip()) or _PHONE.match(c.strip()) for c in cells):
        return False
    below = [c.strip() for r in data[:20] for c in r if c.strip()]
    return bool(below) and sum(1 for c in below if _EMAIL.match(c) or _PHONE.match(c)) > 0 \
        and len(set(cells)) == len(cells)


def _guess_mapping(data: list[list[str]], count: int) -> dict[int, str]:
    """Columns of a file without a header, from their contents: e-mails, phone numbers, and
    the first other text column as the name (Palm exports have no header row)."""
    mapping: dict[int, str] = {}
    for col in range(count):
        values = [r[col].strip() for r in data[:50] if col < len(r) and r[col].strip()]
        if not values:
            continue
        if sum(1 for v in values if _EMAIL.match(v)) >= 0.6 * len(values):
            mapping[col] = "email"
        elif sum(1 for v in values if _PHONE.match(v)
                 and sum(ch.isdigit() for ch in v) >= 6) >= 0.6 * len(values):
            mapping[col] = "phone"
    for col in range(count):
        if col not in mapping and any(col < len(r) and r[col].strip() for r in data[:50]):
            mapping[col] = "display_name"
            break
    return mapping


@dataclass
class Shape:
    """Where the contacts start in a table of rows and what its columns hold (shared by the
    CSV and the spreadsheet readers)."""

    header: bool
    skip: int  # rows before the header or the first data row
    layout: _layouts.Layout | None
    headers: list[str]
    mapping: dict[int, str]
    field_count: int
    date_order: str
    warnings: list[str]


def shape_rows(body: list[tuple[int, list[str]]], header: bool | None) -> Shape:
    """A preamble skipped (LinkedIn's notes, blank lines), the header row found or its
    absence noticed, and the columns mapped from the layout, header names or contents."""
    warnings: list[str] = []
    counts = Counter(len(r) for _line, r in body if not blank(r))
    count = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0] if counts else 0
    skip = _preamble(body, count)
    if skip:
        warnings.append(_("lines 1 to {last}: notes before the header, skipped").format(
            last=body[skip][0] - 1))
    body = body[skip:]
    empty = next((i for i, (_line, row) in enumerate(body) if not blank(row)), len(body))
    body, skip = body[empty:], skip + empty  # blank lines before the header
    first = body[0][1] if body else []
    data = [r for _line, r in body[1:] if not blank(r)]
    if header is None:
        header = _is_header(first, data)
    headers = [one_line(h.replace("\ufeff", "")) for h in first] if header else []
    count = max(count, len(headers))
    headers += [""] * (count - len(headers))
    layout = _layouts.recognise(headers) if header else None
    if header:
        mapping = {i: f for i, h in enumerate(headers)
                   if (f := _layouts.field_for(h, layout)) is not None}
    else:
        mapping = _guess_mapping([r for _line, r in body if not blank(r)], count)
    order = date_order(body[1:] if header else body, check_mapping(mapping), layout)
    return Shape(bool(header), skip, layout, headers, mapping, count, order, warnings)


def _sniff_text(text: str, encoding: str, delimiter: str | None,
                header: bool | None) -> CsvSniff:
    skip = 0
    hint = _SEP_HINT.match(text)
    if hint and hint[1] not in "\r\n\"":
        delimiter = delimiter or hint[1]
        skip = 1
    sample, cut = _sample(text)
    if delimiter is None:
        delimiter = _choose_delimiter(sample[hint.end():] if hint else sample, cut)
    rows = _rows(sample, delimiter)
    if cut and len(rows) > 1:
        rows = rows[:-1]
    shape = shape_rows(rows[skip:], header)
    layout = shape.layout
    return CsvSniff(
        encoding=encoding, delimiter=delimiter, header=shape.header, skip=skip + shape.skip,
        layout=layout.name if layout else "", layout_title=layout.title if layout else "",
        date_order=shape.date_order, headers=shape.headers,
        mapping=shape.mapping, field_count=shape.field_count, warnings=shape.warnings)


def sniff_csv(data: bytes, *, encoding: str | None = None) -> CsvSniff:
    """How the file is written: encoding, delimiter, preamble, header and the layout it
    matches, so the wizard can show them before reading and let the user change them."""
    text, name = decode(data, encoding)
    return _sniff_text(text, name, None, None)


# ----------------------------------------------------------------------------- values


def _pivot(year: int) -> int:
    if year >= 100:
        return year
    return 2000 + year if 2000 + year <= date.today().year else 1900 + year


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:[T ].*)?$")
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")
_PLACEHOLDER = re.compile(r"^[0./-]+$")  # Outlook's 0/0/00
_NAMED = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%d-%b-%Y")


def parse_date(text: str, order: str = "") -> tuple[date | None, bool]:
    """A birthday as CSV files write it: ISO, 19751212, d/m/Y or m/d/Y (by the layout's
    order when both read, d.m.Y always day first), an Excel serial, "12 Dec 1975". Returns
    the date and whether the text was understood (empty and 0/0/00 are: no date)."""
    value = text.strip()
    if not value or _PLACEHOLDER.match(value):
        return None, True
    try:
        if m := (_ISO.match(value) or _COMPACT.match(value)):
            return date(int(m[1]), int(m[2]), int(m[3])), True
        if m := _NUMERIC.match(value):
            a, b, year = int(m[1]), int(m[3]), _pivot(int(m[4]))
            if m[2] == "." or a > 12 or (b <= 12 and order != "mdy"):
                return date(year, b, a), True
            return date(year, a, b), True
        if m := _SERIAL.match(value):
            return date(1899, 12, 30) + timedelta(days=int(m[1])), True
    except (ValueError, OverflowError):
        return None, False
    for fmt in _NAMED:
        try:
            return datetime.strptime(value, fmt).date(), True
        except ValueError:
            continue
    return None, False


def date_order(rows: Iterable[tuple[int, list[str]]], roles: list[tuple[int, str, str]],
               layout: _layouts.Layout | None) -> str:
    """How an ambiguous 01/02/1991 reads: the layout's way, else the way the file's own
    birthdays show (a 20/01/1991 is day first), else the user's locale's (US: month first)."""
    if layout is not None:
        return layout.date_order
    columns = [col for col, base, _slot in roles if base == "birthday"]
    if columns:
        for _line, row in islice(rows, 2000):
            for col in columns:
                m = _NUMERIC.match(row[col].strip()) if col < len(row) else None
                if m and m[2] != ".":
                    first, second = int(m[1]), int(m[3])
                    if first > 12 >= second:
                        return "dmy"
                    if second > 12 >= first:
                        return "mdy"
    return "mdy" if current_locale().startswith("en_US") else "dmy"


def _label(text: str) -> str:
    """Google marks the primary value "* Home"; the star is not part of the label."""
    return one_line(text).lstrip("*").strip()


def _address(parts: dict[str, list[str]]) -> str:
    if parts.get("address"):
        return "\n".join(parts["address"])
    city = " ".join(v for v in (*parts.get("postcode", []), *parts.get("city", [])) if v)
    lines = [*parts.get("street", []), city, *parts.get("region", []), *parts.get("country", [])]
    return "\n".join(line for line in lines if line)


def _split_spec(spec: str) -> tuple[str, str]:
    base, _sep, slot = spec.partition(":")
    return base, slot


def record_from_row(line: int, row: list[str], roles: list[tuple[int, str, str]], order: str,
                    warnings: list[str]) -> ContactRecord | None:
    """One contact from one row by the column roles, or None (with a warning) for a row
    holding no name, phone or e-mail."""
    singles: dict[str, str] = {}
    notes: list[str] = []
    tags: list[str] = []
    labels: dict[tuple[str, str], list[str]] = {}
    values: dict[str, list[tuple[str, str]]] = {"phone": [], "email": []}
    groups: dict[str, dict[str, list[str]]] = {}
    birth: dict[str, str] = {}
    for col, base, slot in roles:
        if col >= len(row):
            continue
        raw = row[col]
        if not raw.strip():
            continue
        multiline = base in ("notes", "address", "street")
        cell = free_text(raw).strip() if multiline else one_line(raw)
        if not cell:
            continue
        if base == "notes":
            notes.append(cell)
        elif base == "tags":
            tags += [_label(t) for t in _TAG_SEPARATORS.split(cell) if _label(t)]
        elif base in ("phone-label", "email-label"):
            labels[(base[:-6], slot)] = [_label(v) for v in _VALUE_SEPARATOR.split(cell)]
        elif base in ("phone", "email"):
            values[base] += [(v, slot) for v in _VALUE_SEPARATOR.split(cell) if v.strip()]
        elif base in ("address", "street", "city", "postcode", "region", "country"):
            groups.setdefault(slot, {}).setdefault(base, []).append(cell)
        elif base.startswith("birth-"):
            birth[base] = cell
        else:
            singles.setdefault(base, cell)

    def labelled(kind: str) -> tuple[Labelled, ...]:
        out: list[Labelled] = []
        seen: Counter[str] = Counter()
        for value, slot in values[kind]:
            if slot.startswith("#"):
                names = labels.get((kind, slot), [""])
                label = names[min(seen[slot], len(names) - 1)]
                seen[slot] += 1
            else:
                label = slot
            out.append(Labelled(value, label))
        return tuple(out)

    birthday = None
    if "birthday" in singles:
        birthday, ok = parse_date(singles["birthday"], order)
        if not ok and singles["birthday"].startswith("--"):
            warn(warnings, _("row {row}: birthday {value} has no year; left empty").format(
                row=line, value=singles["birthday"][:40]))
        elif not ok:
            warn(warnings, _("row {row}: birthday {value} is not a date; left empty").format(
                row=line, value=singles["birthday"][:40]))
    elif birth.get("birth-year") and birth.get("birth-month") and birth.get("birth-day"):
        try:
            birthday = date(int(birth["birth-year"]), int(birth["birth-month"]),
                            int(birth["birth-day"]))
        except ValueError:
            warn(warnings, _("row {row}: birthday is not a date; left empty").format(row=line))
    address = next((a for parts in groups.values() if (a := _address(parts))), "")
    record = ContactRecord(
        source=line,
        display_name=singles.get("display_name", ""), given=singles.get("given", ""),
        family=singles.get("family", ""), additional=singles.get("additional", ""),
        prefix=singles.get("prefix", ""), suffix=singles.get("suffix", ""),
        company=singles.get("company", ""), department=singles.get("department", ""),
        position=singles.get("position", ""), phones=labelled("phone"),
        emails=labelled("email"), address=address, website=singles.get("website", ""),
        birthday=birthday, notes="\n".join(notes), tags=tuple(dict.fromkeys(tags)))
    if not (record.name or record.phones or record.emails):
        warn(warnings, _("row {row}: no name, phone or e-mail; skipped").format(row=line))
        return None
    return record


def warn(warnings: list[str], message: str) -> None:
    """A problem noted, the list kept short for a file with a problem on every row."""
    if len(warnings) < _MAX_WARNINGS:
        warnings.append(message)
    elif len(warnings) == _MAX_WARNINGS:
        warnings.append(_("… more problems not listed"))


def check_mapping(mapping: dict[int, str]) -> list[tuple[int, str, str]]:
    """The user's mapping as (column, field, label) roles, or InvalidInput naming the
    column whose field is unknown."""
    roles = []
    for col, spec in sorted(mapping.items(), key=lambda kv: kv[0]):
        if not isinstance(col, int) or col < 0 or not isinstance(spec, str) \
                or not _layouts.check_field(spec):
            raise InvalidInput(_("Column {column}: unknown field {field}").format(
                column=col, field=one_line(str(spec))[:40]))
        base, slot = _split_spec(spec)
        roles.append((col, base, one_line(slot)))
    return roles


def read_csv(data: bytes, mapping: dict[int, str] | None = None, *,
             encoding: str | None = None, delimiter: str | None = None,
             header: bool | None = None) -> ReadResult:
    """The contacts of a CSV file, mapped automatically or by the user's corrected mapping
    (column index -> field); rows that cannot be read are listed in the warnings by their
    line, the rest are imported."""
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise InvalidInput(_("The delimiter must be one character other than a quote."))
    text, name = decode(data, encoding)
    sniff = _sniff_text(text, name, delimiter, header)
    roles = check_mapping(sniff.mapping if mapping is None else mapping)
    result = ReadResult(encoding=name, warnings=list(sniff.warnings))
    first = sniff.skip + (1 if sniff.header else 0)
    order = sniff.date_order if mapping is None else date_order(
        islice(_iter_rows(text, sniff.delimiter), first, None),
        roles, _layouts.layout_named(sniff.layout))
    for index, (line, row) in enumerate(_iter_rows(text, sniff.delimiter)):
        if index < first or blank(row):
            continue
        if len(result.contacts) >= MAX_ROWS:
            raise InvalidInput(_("The file has more than {count} contacts; split it first.")
                               .format(count=MAX_ROWS))
        record = record_from_row(line, row, roles, order, result.warnings)
        if record is not None:
            result.contacts.append(record)
    return result
