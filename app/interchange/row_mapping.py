"""Rows of a table (a CSV file or a spreadsheet) made into contacts: the user's or the sniffed
mapping checked into column roles, birthdays read in the file's date order, and each row
mapped to a ContactRecord, with problems noted as bounded warnings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from itertools import islice

from app.errors import InvalidInput
from app.i18n import _, current_locale
from app.interchange import layouts as _layouts
from app.interchange.records import ContactRecord, Labelled
from app.safe_text import free_text, one_line

_MAX_WARNINGS = 200
_TAG_SEPARATORS = re.compile(r"\s*(?::::|;|,)\s*")
_VALUE_SEPARATOR = re.compile(r"\s+:::\s+")  # Google joins several values of a cell so


def blank(row: list[str]) -> bool:
    """A row with nothing but spaces in it."""
    return not "".join(row).strip()


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
            year = _pivot(int(m[4])) if len(m[4]) == 2 else int(m[4])  # 0099 is not 1999
            a, b = int(m[1]), int(m[3])
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


# what record_from_row does with a column's field; any other field is a single value
_SINGLE = "single"
_KINDS = {"notes": "notes", "tags": "tags", "phone-label": "label", "email-label": "label",
          "phone": "value", "email": "value", "address": "address", "street": "address",
          "city": "address", "postcode": "address", "region": "address", "country": "address",
          "birth-year": "birth", "birth-month": "birth", "birth-day": "birth"}
_MULTILINE = frozenset({"notes", "address", "street"})


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
    width = len(row)
    for col, base, slot in roles:
        if col >= width:
            continue
        raw = row[col]
        if not raw or raw.isspace():
            continue
        kind = _KINDS.get(base, _SINGLE)  # one lookup rather than a chain of comparisons
        cell = free_text(raw).strip() if base in _MULTILINE else one_line(raw)
        if not cell:
            continue
        if kind is _SINGLE:
            singles.setdefault(base, cell)
        elif kind == "notes":
            notes.append(cell)
        elif kind == "tags":
            tags += [_label(t) for t in _TAG_SEPARATORS.split(cell) if _label(t)]
        elif kind == "label":
            labels[(base[:-6], slot)] = [_label(v) for v in _values(cell)]
        elif kind == "value":
            values[base] += [(v, slot) for v in _values(cell) if v.strip()]
        elif kind == "address":
            groups.setdefault(slot, {}).setdefault(base, []).append(cell)
        else:
            birth[base] = cell

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
        position=singles.get("position", ""), phones=_labelled("phone", values, labels),
        emails=_labelled("email", values, labels), address=address,
        website=singles.get("website", ""),
        birthday=birthday, notes="\n".join(notes), tags=tuple(dict.fromkeys(tags)))
    if not (record.name or record.phones or record.emails):
        warn(warnings, _("row {row}: no name, phone or e-mail; skipped").format(row=line))
        return None
    return record


def _values(cell: str) -> list[str]:
    """The values Google joined in one cell (" ::: "), or the cell as one value."""
    return _VALUE_SEPARATOR.split(cell) if ":::" in cell else [cell]


def _labelled(kind: str, values: dict[str, list[tuple[str, str]]],
              labels: dict[tuple[str, str], list[str]]) -> tuple[Labelled, ...]:
    """The phones or e-mails of a row with their labels: a numbered slot ("#1") takes its
    label column's values in turn, a named one ("work") is its own label."""
    out: list[Labelled] = []
    seen: dict[str, int] = {}
    for value, slot in values[kind]:
        if slot.startswith("#"):
            names = labels.get((kind, slot), [""])
            count = seen.get(slot, 0)
            label = names[min(count, len(names) - 1)]
            seen[slot] = count + 1
        else:
            label = slot
        out.append(Labelled(value, label))
    return tuple(out)


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
