"""Which format a file is, and the first rows of a table file as written, so that the import
wizard can show them under the mapping the user corrects. Reading the contacts themselves is
csv_contacts / xlsx_contacts; this only looks."""

from __future__ import annotations

import io
import warnings as _warnings
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePath

from app.errors import InvalidInput
from app.i18n import _
from app.interchange.csv_contacts import decode
from app.interchange.csv_sniff import iter_rows, shape_rows, sniff_text
from app.interchange.row_mapping import blank
from app.safe_text import one_line

SUFFIXES = {".vcf": "vcard", ".vcard": "vcard", ".csv": "csv", ".txt": "csv", ".tsv": "csv",
            ".xlsx": "xlsx", ".xlsm": "xlsx", ".ics": "ics", ".ical": "ics", ".vcs": "ics"}
_SNIFF = 64 * 1024  # bytes looked at to tell a calendar or a vCard file from a table


def detect_format(name: str, data: bytes) -> str:
    """vcard, csv, xlsx or ics: from what the bytes begin with, else from the file's suffix,
    else csv (a table of anything)."""
    head = bytes(data[:_SNIFF])
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    probe = head.replace(b"\x00", b"").upper()
    vcard, calendar = probe.find(b"BEGIN:VCARD"), probe.find(b"BEGIN:VCALENDAR")
    if calendar >= 0 and (vcard < 0 or calendar < vcard):
        return "ics"
    if vcard >= 0:
        return "vcard"
    return SUFFIXES.get(PurePath(name).suffix.lower(), "csv")


@dataclass
class Table:
    """How a table file is written and its first data rows, as the wizard shows them."""

    encoding: str = ""
    delimiter: str = ""
    header: bool = False
    layout: str = ""  # the recognised layout's title
    sheets: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    mapping: dict[int, str] = field(default_factory=dict)


def csv_table(data: bytes, *, encoding: str | None = None, delimiter: str | None = None,
              header: bool | None = None, limit: int = 50) -> Table:
    text, name = decode(data, encoding)
    sniff = sniff_text(text, name, delimiter, header)
    first = sniff.skip + (1 if sniff.header else 0)
    rows = [[one_line(cell) for cell in row] for _line, row in islice(
        ((line, row) for i, (line, row) in enumerate(iter_rows(text, sniff.delimiter))
         if i >= first and not blank(row)), limit)]
    return Table(encoding=name, delimiter=sniff.delimiter, header=sniff.header,
                 layout=sniff.layout_title, columns=list(sniff.headers), rows=rows,
                 mapping=dict(sniff.mapping))


def xlsx_table(data: bytes, *, sheet: str | None = None, header: bool | None = None,
               limit: int = 50) -> Table:
    """The sheet's first rows (read_xlsx has checked the workbook is safe to open)."""
    from app.interchange.xlsx_contacts import _text

    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        try:
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # what openpyxl's parsers raise on a damaged workbook
            raise InvalidInput(_("The file is not an XLSX workbook that can be read.")) from None
        try:
            names = [one_line(n) for n in book.sheetnames]
            ws = book[sheet] if sheet in book.sheetnames else book.worksheets[0]
            rows = [(n, [_text(v)[0] for v in values]) for n, values in enumerate(
                ws.iter_rows(max_row=limit + 20, max_col=256, values_only=True), start=1)]
        except Exception:
            raise InvalidInput(_("The sheet cannot be read: the workbook is damaged.")) from None
        finally:
            book.close()
    shape = shape_rows(rows, header)
    first = shape.skip + (1 if shape.header else 0)
    body = [[one_line(c) for c in row] for _n, row in rows[first:] if not blank(row)][:limit]
    return Table(header=shape.header, layout=shape.layout.title if shape.layout else "",
                 sheets=names, columns=list(shape.headers), rows=body,
                 mapping=dict(shape.mapping))
