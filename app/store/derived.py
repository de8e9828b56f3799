"""The two list summaries a dossier row carries so that lists need no joins: its main phone
and the outcome of its last contact.

They are derived from the phones and the history, and two writers store them — the flush
listener (app/store/upkeep.py) and the bulk writer (app/store/bulk.py). Each asks here, so
the rule is written once. This
module imports no SQLAlchemy: the writers hand it plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.store.dialect import run

if TYPE_CHECKING:
    from sqlalchemy import Connection

CONTACT = "contact"  # the kind of history entry whose outcome is the dossier's last outcome
STORE_SQL = "UPDATE dossiers SET main_phone = ?, last_outcome = ? WHERE pk = ?"


def main_phone(numbers: Sequence[str]) -> str:
    """The number shown in lists: the first phone's as it is written (phones in their
    order), or nothing."""
    return numbers[0] if numbers else ""


def last_outcome(history: Sequence[tuple[str, str]]) -> str:
    """The outcome of the latest contact of a history given as (kind, outcome) oldest first;
    other entries (a move, a note) leave it as the contact before them left it."""
    for kind, outcome in reversed(history):
        if kind == CONTACT:
            return outcome
    return ""


def store(conn: Connection, values: list[tuple[str, str, int]]) -> None:
    """Write (main phone, last outcome, dossier key) onto the dossiers, in the caller's
    transaction (on either database)."""
    if values:
        run(conn, STORE_SQL, values)  # SQLite-style SQL, on either database
