"""Reading the binder: the strip with its counts, the dossiers of an insert, search.

The reads are functions of a strip and the store's read cursor (app.store.reading), shared
by ViewService (BinderDB.reader) and the command line's quick read path (app/cli_read.py,
its own read-only connection): one copy of each. This module imports neither SQLAlchemy nor Babel.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from app.binder import Insert, InsertKind, Strip, build_strip, load_level
from app.binder.capacity import Load
from app.errors import InvalidInput
from app.i18n import _, insert_label
from app.services.rows import DossierRow, Tab
from app.store import queries
from app.store.search import INDEX, SearchIndex

if TYPE_CHECKING:
    from app.services.binder import Services
    from app.services.dto import DossierDetail
    from app.store.reading import Cursor

SEARCH_LIMIT = 50


_parse_date = lru_cache(maxsize=4096)(date.fromisoformat)


def _row(r: tuple) -> DossierRow:
    return DossierRow(r[0], r[1], r[2], r[3], r[4], _parse_date(r[5]) if r[5] else None,
                      r[6], r[7], r[8], bool(r[9]), bool(r[10]), r[11])


def resolve(strip: Strip, key: str) -> Insert:
    """The insert named KEY as in `tabs` ('2026-11-24', '2026-12', 'overdue', …, 'today')."""
    key = key.strip().lower()
    if key == "today":
        key = strip.insert_for(strip.today).key
    insert = strip.get(key)
    if insert is None:
        raise InvalidInput(_(
            "There is no insert '{key}' in the binder today; `ringbinder tabs` lists them."
        ).format(key=key))
    return insert


def tabs_of(cur: Cursor, strip: Strip, capacity: int, owner: int | None = None) -> list[Tab]:
    """Every insert in strip order with its count and whether the day is over capacity (of
    one person's dossiers in a team binder, or everyone's)."""
    counts = strip.tally(queries.counts_by_date(cur, owner))
    tabs = []
    first_day = True
    for insert in strip:
        count = counts.get(insert.key, 0)
        is_day = insert.kind is InsertKind.DAY
        tabs.append(Tab(
            insert.key, insert.kind, insert_label(insert, first_day and is_day), count,
            is_day and load_level(count, capacity) is Load.OVER,
            insert.day, insert.first, insert.last, insert.working))
        first_day = first_day and not is_day
    return tabs


def rows_of(cur: Cursor, insert: Insert, limit: int | None = None, offset: int = 0,
            owner: int | None = None) -> list[DossierRow]:
    """The dossiers filed under an insert, in working order (date, time, priority, name)."""
    if insert.kind is InsertKind.ARCHIVE:
        rows = queries.rows_archived(cur, limit, offset, owner)
    else:
        rows = queries.rows_filed(cur, insert.first, insert.last,
                                  insert.kind is InsertKind.UNDATED, limit, offset, owner)
    return [_row(r) for r in rows]


def found(cur: Cursor, query: str, limit: int = SEARCH_LIMIT,
          index: SearchIndex = INDEX) -> list[DossierRow]:
    """Dossiers matching every word typed (each also as a beginning), best match first."""
    return [_row(r) for r in index.search(cur, query, limit)]


def index_for_team() -> SearchIndex:
    """A team binder's search index (the command line's quick reads search with it)."""
    from app.store.search import index_for

    return index_for("postgresql")


class ViewService:
    def __init__(self, services: Services) -> None:
        self._s = services

    def strip(self, today: date | None = None) -> Strip:
        return build_strip(today or self._s.clock.today(), self._s.settings.get().strip)

    def resolve(self, key: str, strip: Strip | None = None) -> Insert:
        """The insert named KEY as in `tabs` ('2026-11-24', '2026-12', 'overdue', …, 'today')."""
        return resolve(strip or self.strip(), key)

    def tabs(self, strip: Strip | None = None) -> list[Tab]:
        """Every insert in strip order with its count and whether the day is over capacity
        (of `strip`, the window's, when given: else today's)."""
        strip = strip or self.strip()
        capacity = self._s.settings.get().daily_capacity
        with self._s.db.reader() as cur:
            return tabs_of(cur, strip, capacity, self._s.scope)

    def list_insert(self, key: str, limit: int | None = None, offset: int = 0,
                    strip: Strip | None = None) -> list[DossierRow]:
        """The dossiers filed under an insert, in working order (date, time, priority, name);
        a page of them with `limit` and `offset`; the key resolved on `strip` when given (the
        window's: making one is a third of a page's read)."""
        insert = self.resolve(key, strip)
        with self._s.db.reader() as cur:
            return rows_of(cur, insert, limit, offset, self._s.scope)

    def rows_by_id(self, ids: list[str]) -> list[DossierRow]:
        """The list rows of these dossiers (those that exist), in no particular order: what
        the window needs to update rows in place after an operation."""
        if not ids:
            return []
        with self._s.db.reader() as cur:
            return [_row(r) for r in queries.rows_by_id(cur, ids)]

    def card(self, dossier_id: str) -> DossierDetail:
        """A dossier's whole card, read in plain SQL (six statements, no ORM: the window reads
        one on every selection), as a day pack reads its cards; a beginning of an id is
        resolved by DossierService.resolve (which says when there is no such dossier)."""
        from app.services.print_reads import details_on

        with self._s.db.reader() as cur:
            detail = details_on(cur, [dossier_id.strip().lower()])[0]
            if detail is None:
                detail = details_on(cur, [self._s.dossiers.resolve(dossier_id)])[0]
        assert detail is not None  # resolved above
        return detail

    def search(self, query: str, limit: int = SEARCH_LIMIT) -> list[DossierRow]:
        """Dossiers matching every word typed (each also as a beginning), best match first."""
        index = self._s.db.search_index
        if not index.wants(query):  # nothing to look for: no read at all
            return []
        with self._s.db.reader() as cur:
            return found(cur, query, limit, index)
