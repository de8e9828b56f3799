"""The CSV layouts other programs write (Google, Outlook in five languages, Thunderbird,
LinkedIn) and the header names people use, read from data/csv_headers.json: the tables grow
by editing data, and a column's header alone says which record field it fills."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# the fields a column can fill; "phone:work" adds a label, "street:home" a group of address parts
FIELDS = frozenset({
    "display_name", "given", "family", "additional", "prefix", "suffix", "company",
    "department", "position", "phone", "email", "street", "city", "postcode", "region",
    "country", "address", "website", "birthday", "notes", "tags",
})
# fields only known layouts use: the label of a numbered phone or e-mail, Thunderbird's
# birthday in three columns
INTERNAL_FIELDS = frozenset({
    "phone-label", "email-label", "birth-year", "birth-month", "birth-day",
})
_SPACES = re.compile(r"\s+")
_NUMBERED = re.compile(r"^(?P<kind>[^\d]+?)\s+(?P<n>\d{1,3})\s+-\s+(?P<part>.+)$")


@dataclass(frozen=True)
class Layout:
    """One program's CSV layout: how to recognise it and how its dates read."""

    name: str
    title: str
    signature: tuple[str, ...]
    date_order: str  # "dmy", "mdy" or "ymd": how an ambiguous 01/02/2000 reads
    columns: dict[str, str]


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    text = resources.files("app.interchange").joinpath("data", "csv_headers.json").read_text(
        encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def layouts() -> tuple[Layout, ...]:
    """The known layouts, most specific first (a Google 2020 file also has "First Name")."""
    return tuple(
        Layout(name, spec["title"], tuple(normalise(h) for h in spec["signature"]),
               spec["date_order"], {normalise(h): f for h, f in spec["columns"].items()})
        for name, spec in _tables()["layouts"].items()
    )


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for layout in layouts():  # every layout's headers are good names anywhere
        for header, field_name in layout.columns.items():
            table.setdefault(header, field_name)
    for field_name, names in _tables()["synonyms"].items():
        for header in names:
            table[normalise(header)] = field_name
    return table


def layout_named(name: str) -> Layout | None:
    """The layout of this key, or None for "" or an unknown key."""
    return next((layout for layout in layouts() if layout.name == name), None)


def normalise(header: str) -> str:
    """A header as compared: case-folded, spaces collapsed, a stray BOM or quotes dropped."""
    return _SPACES.sub(" ", header.replace("\ufeff", "").strip().strip('"').strip()).casefold()


def recognise(headers: list[str]) -> Layout | None:
    """The layout whose signature headers are all present, or None for any other CSV."""
    present = {normalise(h) for h in headers}
    best: Layout | None = None
    for layout in layouts():
        if all(h in present for h in layout.signature) and (
                best is None or len(layout.signature) > len(best.signature)):
            best = layout
    return best


def _numbered(header: str) -> str | None:
    match = _NUMBERED.match(header)
    if not match:
        return None
    numbered = _tables()["numbered"]
    kind = numbered["kinds"].get(match["kind"].strip())
    if kind is None:
        return None
    target = numbered["parts"][kind].get(match["part"].strip())
    return target.replace("#", "#" + match["n"]) if target else None


def field_for(header: str, layout: Layout | None = None) -> str | None:
    """The field a column of this header fills: the layout's own table first, then Google's
    numbered columns, then the synonyms in English, Spanish, Polish, Russian and German."""
    key = normalise(header)
    if not key:
        return None
    if layout is not None and key in layout.columns:
        return layout.columns[key]
    return _numbered(key) or _synonyms().get(key)


def known_header(header: str) -> bool:
    """Whether a cell reads as a column header (used to tell a header row from data)."""
    return field_for(header) is not None


def check_field(spec: str) -> bool:
    """Whether a mapping target ("phone", "email:work", "city:home") names a field."""
    base = spec.split(":", 1)[0]
    return base in FIELDS or base in INTERNAL_FIELDS
