"""The search index of a SQLite binder: an FTS5 table (`dossier_fts`, made by the baseline
migration) with one row per dossier, its columns folded (app/store/fold.py) so that
"lukasz" finds "Łukasz".

Every statement that names the table is here; the services and the writers reach it through
app/store/search.py's `SearchIndex`. Importing this module loads no SQLAlchemy (the quick
read path searches through it); the writes take the caller's SQLAlchemy connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

from app.store.fold import fold, words
from app.store.queries import ROW_COLUMNS

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from app.store.search import Cursor, Row, Run, Texts

FTS_TABLE = "dossier_fts"
SHORT_QUERY = 3  # a single word shorter than this is looked up among names only
RANKED_MATCHES = 1000  # more matches than this are listed by name, not ranked
HASH_BYTES = 1024 * 1024  # FTS5's own hashsize, when its %_config table names none
ROOMY_HASH_BYTES = 16 * 1024 * 1024  # while many rows are indexed at once (roomy_hash)
INSERT_SQL = (f"INSERT INTO {FTS_TABLE} (rowid, name, company, position, phones, emails, "
              "notes, history) VALUES (?,?,?,?,?,?,?,?)")


def phone_terms(number: str, e164: str) -> str:
    """A phone as it is written plus its bare digits, with and without the country code,
    so "600 123", "48600123" and "600123" all match "+48 600 123 456"."""
    digits = "".join(c for c in e164 or number if c.isdigit())
    code, _sep, rest = number.strip().partition(" ")
    national = "".join(c for c in rest if c.isdigit()) if code.startswith("+") else ""
    return f"{number} {digits} {national}".rstrip()


def document(
    name: str, company: str, position: str, phones: Iterable[str], emails: Iterable[str],
    notes: str, history: Iterable[str],
) -> tuple[str, ...]:
    """The folded columns of one dossier's index row."""
    return (fold(name), fold(company), fold(position), fold(" ".join(phones)),
            fold(" ".join(emails)), fold(notes), fold(" ".join(history)))


def index_row(texts: Texts) -> Row:
    """The index row of one dossier, key first, from its texts."""
    return (texts.pk, *document(
        texts.name, texts.company, texts.position,
        [phone_terms(number, e164) for number, e164 in texts.phones], texts.emails,
        texts.notes, [f"{summary} {outcome} {offer}"
                      for _kind, summary, outcome, offer in texts.history]))


def match_query(user_text: str) -> tuple[str, bool] | None:
    """(FTS5 query, worth ranking) for what the user typed: every word must match, each as
    a beginning.  A lone word of one or two letters matches names only, unranked: it is the
    first keystroke of a name, and ranking the thousands of matches would cost a pause."""
    terms = words(user_text)
    if not terms:
        return None
    if len(terms) == 1 and len(terms[0]) < SHORT_QUERY:
        return f'name : "{terms[0]}"*', False
    return " ".join(f'"{t}"*' for t in terms), True


def rows_matching(cur: Cursor, match: str, limit: int, ranked: bool = True) -> list[Row]:
    """Dossiers whose index row matches an FTS5 query, best match first; unranked (by name)
    for queries so short that ranking every match would cost more than it tells."""
    if ranked:
        inner, order = "rowid, rank", "f.rank"
        ranking = "ORDER BY rank "
    else:
        inner, order, ranking = "rowid", "d.sort_name", ""
    rows: list[Row] = cur.execute(
        f"SELECT {ROW_COLUMNS} FROM (SELECT {inner} FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH ? {ranking}LIMIT ?) f "
        f"JOIN dossiers d ON d.pk = f.rowid ORDER BY {order}", (match, limit)).fetchall()
    return rows


def many_matches(cur: Cursor, match: str, over: int | None = None) -> bool:
    """Whether an FTS5 query matches more than `over` dossiers (counted no further): ranking
    thousands of matches of a common beginning ("mar", "nowa") costs a pause and tells
    little, so they come by name, as the first keystrokes' do."""
    over = RANKED_MATCHES if over is None else over
    counted = cur.execute(f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} "
                          f"WHERE {FTS_TABLE} MATCH ? LIMIT ?)", (match, over + 1)).fetchone()
    return bool(counted[0] > over)


@contextmanager
def roomy_hash(conn: Connection, size: int = ROOMY_HASH_BYTES) -> Iterator[None]:
    """A larger FTS5 `hashsize` (the pending terms held in memory before a segment is
    written) for the block, in the caller's write transaction: many index rows make fewer,
    larger segments, merged less. The setting is stored in the index's config table, so it
    is put back as it was (the row left out if none was there) before the block's end; on a
    failure the transaction's rollback undoes it, and FTS5 reloads its config from the file
    (the structure's cookie changes back)."""
    config = f"{FTS_TABLE}_config"
    before = conn.exec_driver_sql(
        f"SELECT v FROM {config} WHERE k = 'hashsize'").scalar()
    command = f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('hashsize', ?)"
    conn.exec_driver_sql(command, (size,))
    yield
    conn.exec_driver_sql(command, (HASH_BYTES if before is None else before,))
    if before is None:  # the value FTS5 uses without a row: the row left out as it was
        conn.exec_driver_sql(f"DELETE FROM {config} WHERE k = 'hashsize'")


def _keys(pks: Sequence[int]) -> str:
    return ",".join(str(int(pk)) for pk in pks)


class Fts5Index:
    """The SearchIndex of a SQLite binder (see app/store/search.py for what each does)."""

    def wants(self, typed: str) -> bool:
        return match_query(typed) is not None

    def search(self, cur: Cursor, typed: str, limit: int) -> list[Row]:
        match = match_query(typed)
        if match is None:
            return []
        fts_query, ranked = match
        ranked = ranked and not many_matches(cur, fts_query)
        return rows_matching(cur, fts_query, limit, ranked)

    def many_matches(self, cur: Cursor, typed: str, over: int | None = None) -> bool:
        match = match_query(typed)
        return match is not None and many_matches(cur, match[0], over)

    def refresh(self, conn: Connection, pks: Sequence[int], texts: Sequence[Texts]) -> None:
        self.drop(conn, pks)
        if texts:
            conn.exec_driver_sql(INSERT_SQL, [index_row(t) for t in texts])

    def add(self, run: Run, rows: list[Row]) -> None:
        run(INSERT_SQL, rows)

    def drop(self, conn: Connection, pks: Sequence[int]) -> None:
        for start in range(0, len(pks), 500):
            conn.exec_driver_sql(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({_keys(pks[start:start + 500])})")

    def clear(self, conn: Connection) -> None:
        conn.exec_driver_sql(f"DELETE FROM {FTS_TABLE}")

    def bulk(self, conn: Connection) -> AbstractContextManager[None]:
        return roomy_hash(conn)
