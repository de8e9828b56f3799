"""The records of the hot reads: a dossier as a line of a list, an insert as a tab.

Apart from app.services.dto so that the command line's quick read path (app/cli_read.py)
makes them without building the services' other records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from app.binder import InsertKind


class DossierRow(NamedTuple):
    """A dossier as a line of an insert or of search results (a named tuple: lists of
    thousands are built on every tab switch, and tuples are the cheapest to make)."""

    id: str
    name: str
    company: str
    position: str
    phone: str
    next_contact: date | None
    time: str | None
    purpose: str
    priority: int
    fixed: bool
    archived: bool = False
    last_outcome: str = ""


@dataclass(frozen=True)
class Tab:
    """An insert as the strip shows it."""

    key: str
    kind: InsertKind
    label: str
    count: int
    over_capacity: bool
    day: date | None = None
    first: date | None = None
    last: date | None = None
    working: bool = True
