"""Contacts from CSV files as other programs write them: the encoding, the delimiter, a
preamble and the header row are found rather than asked for, columns are mapped from known
layouts and header names (app/interchange/layouts.py), and the user can correct either. The
encoding is found in encoding.py, the delimiter, header and layout in csv_sniff.py, and rows
become contacts in row_mapping.py.

A file from outside is hostile: its size is bounded, its text made valid, and any bytes give a
ReadResult or an InvalidInput, never another exception."""

from __future__ import annotations

from itertools import islice

from app.errors import InvalidInput
from app.i18n import _
from app.interchange import layouts as _layouts
from app.interchange.csv_sniff import CsvSniff, iter_rows, sniff_text
from app.interchange.encoding import decode_bytes
from app.interchange.records import ReadResult
from app.interchange.row_mapping import blank, check_mapping, date_order, record_from_row

MAX_BYTES = 64 * 1024 * 1024  # a 10,000-contact Outlook export is about 5 MB
MAX_ROWS = 200_000  # contacts in one import: more is a file to split, not a diary


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The file's text and the encoding it was read with. Undecodable bytes become U+FFFD
    and NULs are dropped, so whatever the bytes the text can be kept and shown."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidInput(_("A CSV file is read from bytes."))
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("The file is larger than {limit} MB; split it first.").format(
            limit=MAX_BYTES // (1024 * 1024)))
    return decode_bytes(data, encoding)


def sniff_csv(data: bytes, *, encoding: str | None = None) -> CsvSniff:
    """How the file is written: encoding, delimiter, preamble, header and the layout it
    matches, so the wizard can show them before reading and let the user change them."""
    text, name = decode(data, encoding)
    return sniff_text(text, name, None, None)


def read_csv(data: bytes, mapping: dict[int, str] | None = None, *,
             encoding: str | None = None, delimiter: str | None = None,
             header: bool | None = None) -> ReadResult:
    """The contacts of a CSV file, mapped automatically or by the user's corrected mapping
    (column index -> field); rows that cannot be read are listed in the warnings by their
    line, the rest are imported."""
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise InvalidInput(_("The delimiter must be one character other than a quote."))
    text, name = decode(data, encoding)
    sniff = sniff_text(text, name, delimiter, header)
    roles = check_mapping(sniff.mapping if mapping is None else mapping)
    result = ReadResult(encoding=name, warnings=list(sniff.warnings))
    first = sniff.skip + (1 if sniff.header else 0)
    order = sniff.date_order if mapping is None else date_order(
        islice(iter_rows(text, sniff.delimiter), first, None),
        roles, _layouts.layout_named(sniff.layout))
    for index, (line, row) in enumerate(iter_rows(text, sniff.delimiter)):
        if index < first or blank(row):
            continue
        if len(result.contacts) >= MAX_ROWS:
            raise InvalidInput(_("The file has more than {count} contacts; split it first.")
                               .format(count=MAX_ROWS))
        record = record_from_row(line, row, roles, order, result.warnings)
        if record is not None:
            result.contacts.append(record)
    return result
