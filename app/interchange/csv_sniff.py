"""How a CSV file is written, found rather than asked for: the delimiter (a sep= hint, else
csv.Sniffer checked against how many rows agree), a preamble, the header row and the known
layout its columns match; the rows of the text, bounded in width. The shape of a table of
rows (skip, header, layout, mapping) is shared with the spreadsheet reader."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.errors import InvalidInput
from app.i18n import _
from app.interchange import layouts as _layouts
from app.interchange.row_mapping import blank, check_mapping, date_order
from app.safe_text import one_line

MAX_COLUMNS = 2_000  # Outlook writes 92; a line of 60 million commas is an attack
_SAMPLE = 64 * 1024  # characters looked at to choose the delimiter and the header
_SNIFFER_SAMPLE = 4 * 1024  # csv.Sniffer backtracks: kept small for hostile input
_DELIMITERS = ",;\t|"
_PREAMBLE_ROWS = 20  # LinkedIn writes 3 lines of notes before its header

_SEP_HINT = re.compile(r'\A\ufeff?"?sep=(.)"?[ \t]*(?:\r\n|\r|\n|\Z)', re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s().\-/]{6,}$")


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


def iter_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
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
    return list(iter_rows(text, delimiter))


def _sample(text: str) -> tuple[str, bool]:
    """The start of the text cut after a whole line, and whether it was cut."""
    if len(text) <= _SAMPLE:
        return text, False
    cut = text.rfind("\n", 0, _SAMPLE)
    return text[:cut + 1] if cut > 0 else text[:_SAMPLE], True


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


def sniff_text(text: str, encoding: str, delimiter: str | None,
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
