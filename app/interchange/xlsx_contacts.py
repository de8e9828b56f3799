"""Contacts from an XLSX workbook: the first sheet or a chosen one, read like a CSV file
(header, layout and mapping as in csv_sniff and row_mapping), with date cells as dates and
phone numbers stored as numbers flagged, since the spreadsheet dropped their leading 0 or +.

A workbook is a zip from outside: its declared unpacked size is bounded before openpyxl
opens it, and any bytes give a ReadResult or an InvalidInput."""

from __future__ import annotations

import io
import warnings as _warnings
import zipfile
from datetime import date, datetime, time

from app.errors import InvalidInput
from app.i18n import _
from app.interchange.csv_contacts import MAX_BYTES, MAX_ROWS
from app.interchange.csv_sniff import shape_rows
from app.interchange.records import ReadResult
from app.interchange.row_mapping import blank, check_mapping, date_order, record_from_row, warn
from app.safe_text import one_line

MAX_UNPACKED = 512 * 1024 * 1024  # sum of the declared sizes of the workbook's parts
MAX_SHEET_COLUMNS = 256  # a contact sheet is narrower; wider sheets are cut with a warning


def _check_zip(data: bytes) -> None:
    """A zip bomb refused from its directory: zipfile never unpacks more than a member's
    declared size, so bounding the declared sizes bounds what openpyxl can unpack."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError):  # a damaged header may claim a zip version from the future
        raise InvalidInput(_("The file is not an XLSX workbook.")) from None
    if len(members) > 10_000 or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise InvalidInput(_("The workbook is too large once unpacked; split it first."))


def _text(value: object) -> tuple[str, bool]:
    """A cell as text, and whether it was a number (a phone that may have lost a 0 or +)."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat(), False
        return value.isoformat(sep=" "), False
    if isinstance(value, date | time):
        return value.isoformat(), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value)), True
        return repr(value), True
    return str(value), False


def read_xlsx(data: bytes, sheet: str | None = None, mapping: dict[int, str] | None = None,
              *, header: bool | None = None) -> ReadResult:
    """The contacts of one sheet (the first unless named), mapped like a CSV file's."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidInput(_("A workbook is read from bytes."))
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("The file is larger than {limit} MB; split it first.").format(
            limit=MAX_BYTES // (1024 * 1024)))
    _check_zip(data)
    rows: list[tuple[int, list[str]]] = []
    numeric: set[tuple[int, int]] = set()
    warnings: list[str] = []
    with _warnings.catch_warnings():  # openpyxl warns about styles and extensions it
        _warnings.simplefilter("ignore")  # skips; they say nothing about the contacts
        try:
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except InvalidInput:
            raise
        except Exception:  # openpyxl raises what its parsers raise on a damaged workbook
            raise InvalidInput(_("The file is not an XLSX workbook that can be read.")) from None
        try:
            if sheet is None:
                sheets = book.worksheets
                if not sheets:
                    raise InvalidInput(_("The workbook has no sheet."))
                ws = sheets[0]
            elif sheet in book.sheetnames:
                ws = book[sheet]
            else:
                names = ", ".join(one_line(n) for n in book.sheetnames)
                raise InvalidInput(_("No sheet {name} in the workbook (it has {names}).")
                                   .format(name=one_line(str(sheet))[:60], names=names))
            if not hasattr(ws, "iter_rows"):  # a chart sheet
                raise InvalidInput(_("The sheet {name} holds no cells.").format(name=ws.title))
            width = ws.max_column if isinstance(ws.max_column, int) else MAX_SHEET_COLUMNS
            if width > MAX_SHEET_COLUMNS:
                warnings.append(_("only the first {count} columns are read").format(
                    count=MAX_SHEET_COLUMNS))
            for number, values in enumerate(
                    ws.iter_rows(max_row=MAX_ROWS + 1000, max_col=MAX_SHEET_COLUMNS,
                                 values_only=True), start=1):
                row = []
                for col, value in enumerate(values):
                    text, is_number = _text(value)
                    if is_number:
                        numeric.add((number, col))
                    row.append(text)
                rows.append((number, row))
        except InvalidInput:
            raise
        except Exception:
            raise InvalidInput(_("The sheet cannot be read: the workbook is damaged.")) from None
        finally:
            book.close()
    shape = shape_rows(rows, header)
    roles = check_mapping(shape.mapping if mapping is None else mapping)
    phone_columns = {col for col, base, _slot in roles if base == "phone"}
    first = shape.skip + (1 if shape.header else 0)
    order = shape.date_order if mapping is None else date_order(rows[first:], roles, shape.layout)
    result = ReadResult(encoding="", warnings=warnings + shape.warnings)
    for line, row in rows[first:]:
        if blank(row):
            continue
        if len(result.contacts) >= MAX_ROWS:
            raise InvalidInput(_("The file has more than {count} contacts; split it first.")
                               .format(count=MAX_ROWS))
        record = record_from_row(line, row, roles, order, result.warnings)
        if record is None:
            continue
        result.contacts.append(record)
        for col in sorted(phone_columns):
            if (line, col) in numeric and row[col].strip():
                warn(result.warnings, _(
                    "row {row}: phone {value} was stored as a number; check its leading 0 or +"
                ).format(row=line, value=row[col]))
    return result
