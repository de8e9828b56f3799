"""What the binder needs of a full-text index, and the index a binder uses.

Search is the one part of the store whose SQL differs most between databases (SQLite's FTS5
here; PostgreSQL's `tsvector` for a team binder), so the services and the store's writers
speak to it through `SearchIndex` and never name its tables. The index holds rows derived
from the dossiers' texts (`Texts`), kept in step in the same transaction as the change that
made them stale (app/store/upkeep.py for ORM writes; the bulk writers for new dossiers).

This module imports no SQLAlchemy: the command line's quick read path searches through it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from app.store.fts5 import Fts5Index

if TYPE_CHECKING:
    from sqlalchemy import Connection

Row = tuple[Any, ...]
Run = Callable[[str, list[Row]], None]  # executemany(sql, rows), as the bulk writers run it


class Cursor(Protocol):
    """A DB-API cursor, as far as the reads use one (sqlite3's, or another driver's)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...


class Texts:
    """What a dossier's index row and list summaries are made of: its texts, its phones
    (number as written, E.164) in order, its e-mails, and its history (kind, summary,
    outcome, offer) oldest first. A plain class: a dataclass would cost the quick read
    path, which imports this module, most of a millisecond to make."""

    __slots__ = ("company", "emails", "history", "name", "notes", "phones", "pk", "position")

    def __init__(self, pk: int, name: str, company: str, position: str, notes: str) -> None:
        self.pk = pk
        self.name = name
        self.company = company
        self.position = position
        self.notes = notes
        self.phones: list[tuple[str, str]] = []
        self.emails: list[str] = []
        self.history: list[tuple[str, str, str, str]] = []


class SearchIndex(Protocol):
    """A full-text index over names, companies, positions, phones, e-mails, notes and
    history, searched as the user types: every word must match, each also as a beginning."""

    def wants(self, typed: str) -> bool:
        """Whether what the user typed has anything to look for (else no read at all)."""
        ...

    def search(self, cur: Cursor, typed: str, limit: int) -> list[Row]:
        """The list rows (app.store.queries.ROW_COLUMNS) of the dossiers matching what the
        user typed, best match first, at most `limit`."""
        ...

    def many_matches(self, cur: Cursor, typed: str, over: int | None = None) -> bool:
        """Whether what the user typed matches more dossiers than are worth ranking."""
        ...

    def refresh(self, conn: Connection, pks: Sequence[int], texts: Sequence[Texts]) -> None:
        """Replace the index rows of the dossiers `pks` by rows made of `texts` (those of
        them still there), in the caller's transaction."""
        ...

    def add(self, run: Run, rows: list[Row]) -> None:
        """Write the index rows of new dossiers in bulk: (key, name, company, position,
        phones, emails, notes, history), each text as `document` folds it."""
        ...

    def drop(self, conn: Connection, pks: Sequence[int]) -> None:
        """Remove the index rows of these dossiers."""
        ...

    def clear(self, conn: Connection) -> None:
        """Remove every index row (before a rebuild from the tables)."""
        ...

    def bulk(self, conn: Connection) -> AbstractContextManager[None]:
        """A block in which many rows are added at once, tuned for that."""
        ...


INDEX: SearchIndex = Fts5Index()  # a solo binder's index: a SQLite file's
_team: SearchIndex | None = None


def index_for(dialect: str) -> SearchIndex:
    """The index of a binder on this database ("sqlite", "postgresql": SQLAlchemy's
    dialect name)."""
    global _team
    if dialect != "postgresql":
        return INDEX
    if _team is None:
        from app.store.pg_search import PgSearchIndex

        _team = PgSearchIndex()
    return _team
