"""A dossier's own columns edited in plain SQL: the card's autosave (a name, a company, the
notes…) is one UPDATE and its index row, without loading the dossier as ORM objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.store import upkeep
from app.store.dialect import run

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# the columns an autosave may set (the values checked by the services), and those indexed
EDITABLE = ("full_name", "sort_name", "status", "position", "company", "department",
            "address", "website", "source", "segment", "tags", "notes")
_INDEXED = {"full_name", "company", "position", "notes"}


def current(session: Session, dossier_id: str, columns: list[str]) -> tuple | None:
    """(pk, uuid, *the columns' values) of the dossier with exactly this id, or None, read
    inside the session's transaction (the one set_columns then writes in), its row held
    until then on a team binder's server (SQLite's one writer holds the file already)."""
    assert set(columns) <= set(EDITABLE), columns
    conn = session.connection()
    lock = " FOR UPDATE" if conn.dialect.name == "postgresql" else ""
    return run(conn,
        f"SELECT pk, uuid{''.join(', ' + c for c in columns)} FROM dossiers WHERE uuid = ?"
        f"{lock}", (dossier_id,)).first()


def set_columns(session: Session, pk: int, values: dict[str, str], updated_at: str) -> None:
    """Write these columns and the time of the change, in the session's transaction; the
    index row and the derived columns made again when an indexed column changed (as the
    ORM's flush does)."""
    assert values and set(values) <= set(EDITABLE), values
    conn = session.connection()
    assignments = ", ".join(f"{column} = ?" for column in values)
    run(conn, f"UPDATE dossiers SET {assignments}, updated_at = ? WHERE pk = ?",
        (*values.values(), updated_at, pk))
    if _INDEXED & values.keys():
        upkeep.refresh(conn, [pk])
