"""The search index of a team binder: a PostgreSQL table (`dossier_search`, made by migration
0010) with one row per dossier, its texts folded as the solo binder's FTS5 table holds them
(app/store/fts5.py `index_row`), and their words as a `tsvector` under a GIN index.

A search finds what Fts5Index finds. The words are cut, and the `tsvector` and `tsquery`
written, here in Python rather than by PostgreSQL's parser, which keeps an e-mail address
or a hyphenated name as one word, treats every non-ASCII character as a letter under the C
locale and tells words apart by the server's locale: `_TOKEN` splits where FTS5's unicode61
tokenizer splits (letters, digits and private-use characters make words; an underscore,
punctuation and spaces part them). Every typed word (fold.words) must match the beginning
of a word (`word:*`); a word FTS5 would cut in parts ("a_b") is a phrase (`a <-> b:*`), in
one column as in FTS5 (the columns' positions are kept apart); a lone word shorter than
SHORT_QUERY letters matches names only (weight A), unranked, as do more than RANKED_MATCHES
matches (by name).

FTS5 ranks by bm25 with every column weighing the same, so a word found in a short column
(the name) outranks one found in long notes. `ts_rank` has no column lengths; the columns'
weights stand in for them: name A, company and position B, phones and e-mails C, notes and
history D. Ties come in key order, as FTS5 gives rows of equal rank.

Importing this module loads no SQLAlchemy (the quick read path may search through it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

from app.store import fts5
from app.store.dialect import run as run_sql
from app.store.fold import words
from app.store.fts5 import SHORT_QUERY, index_row
from app.store.queries import ROW_COLUMNS

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from app.store.search import Cursor, Row, Run, Texts

TABLE = "dossier_search"
COLUMNS = ("name", "company", "position", "phones", "emails", "notes", "history")
WEIGHTS = ("A", "B", "B", "C", "C", "D", "D")  # as COLUMNS; A alone marks a name
NAME_WEIGHT = "A"
INSERT_SQL = (f"INSERT INTO {TABLE} (dossier_pk, {', '.join(COLUMNS)}, terms) "
              "VALUES (?,?,?,?,?,?,?,?,CAST(? AS tsvector))")
# what FTS5's unicode61 tokenizer keeps in a word: letters, digits, private-use characters
_TOKEN = re.compile(
    r"(?:[^\W_]|[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd])+")
MAX_POSITION = 16383  # PostgreSQL's: a later word counts as being there
MAX_POSITIONS = 256  # of one word in one row (PostgreSQL keeps no more)
MAX_WORD_BYTES = 2046  # PostgreSQL's longest lexeme: a longer word is kept as its beginning


def _word(token: str) -> str:
    if len(token) * 4 <= MAX_WORD_BYTES:
        return token
    return token.encode()[:MAX_WORD_BYTES].decode(errors="ignore")


def terms(columns: Sequence[str]) -> str:
    """The `tsvector` (as its text) of an index row's folded columns (COLUMNS' order): each
    word with its positions and its column's weight; one position left empty between
    columns, so that no phrase runs from one into the next."""
    found: dict[str, list[str]] = {}
    position = 1
    for text, weight in zip(columns, WEIGHTS, strict=True):
        for token in _TOKEN.findall(text):
            at = found.get(token)
            if at is None:
                found[token] = [f"{min(position, MAX_POSITION)}{weight}"]
            elif len(at) < MAX_POSITIONS:
                at.append(f"{min(position, MAX_POSITION)}{weight}")
            position += 1
        position += 1
    # a token holds no quote, backslash, colon or space (_TOKEN): quoted as it is
    return " ".join(f"'{_word(token)}':{','.join(at)}" for token, at in found.items())


def with_terms(row: Row) -> Row:
    """An index row (key, then COLUMNS folded) with its `tsvector` last."""
    return (*row, terms(row[1:]))


def ts_query(typed: str) -> tuple[str, bool] | None:
    """(`tsquery` text, worth ranking) for what the user typed, as fts5.match_query reads
    it; the query is "" when no typed word holds a word FTS5 would index (it then finds
    nothing, as FTS5 finds nothing for an empty phrase)."""
    typed_words = words(typed)
    if not typed_words:
        return None
    names_only = len(typed_words) == 1 and len(typed_words[0]) < SHORT_QUERY
    weight = NAME_WEIGHT if names_only else ""
    parts = []
    for word in typed_words:
        tokens = _TOKEN.findall(word)
        if not tokens:  # FTS5 leaves an empty phrase out of the query
            continue
        last = len(tokens) - 1
        phrase = " <-> ".join(
            f"'{_word(t)}':{'*' if n == last else ''}{weight}" if weight or n == last
            else f"'{_word(t)}'" for n, t in enumerate(tokens))
        parts.append(f"({phrase})" if last else phrase)
    return " & ".join(parts), not names_only


def rows_matching(cur: Cursor, query: str, limit: int, ranked: bool = True) -> list[Row]:
    """Dossiers whose index row matches a `tsquery`, best match first (ties in key order);
    unranked: the first `limit` in key order, by name (as FTS5 gives them)."""
    if ranked:
        rows: list[Row] = cur.execute(
            f"SELECT {ROW_COLUMNS} FROM (SELECT s.dossier_pk, ts_rank(s.terms, q.q) AS rank "
            f"FROM {TABLE} s, (SELECT CAST(? AS tsquery) AS q) q WHERE s.terms @@ q.q "
            "ORDER BY rank DESC, s.dossier_pk LIMIT ?) f "
            "JOIN dossiers d ON d.pk = f.dossier_pk ORDER BY f.rank DESC, f.dossier_pk",
            (query, limit)).fetchall()
    else:
        rows = cur.execute(
            f"SELECT {ROW_COLUMNS} FROM (SELECT dossier_pk FROM {TABLE} "
            "WHERE terms @@ CAST(? AS tsquery) ORDER BY dossier_pk LIMIT ?) f "
            "JOIN dossiers d ON d.pk = f.dossier_pk ORDER BY d.sort_name, d.pk",
            (query, limit)).fetchall()
    return rows


def many_matches(cur: Cursor, query: str, over: int | None = None) -> bool:
    """Whether a `tsquery` matches more than `over` dossiers (RANKED_MATCHES: fts5's, read
    when asked), counted no further."""
    over = fts5.RANKED_MATCHES if over is None else over
    counted = cur.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE terms @@ CAST(? AS tsquery) "
        "LIMIT ?) m", (query, over + 1)).fetchone()
    return bool(counted[0] > over)


def _keys(pks: Sequence[int]) -> str:
    return ",".join(str(int(pk)) for pk in pks)


class PgSearchIndex:
    """The SearchIndex of a team binder (see app/store/search.py for what each does)."""

    def wants(self, typed: str) -> bool:
        return ts_query(typed) is not None

    def search(self, cur: Cursor, typed: str, limit: int) -> list[Row]:
        match = ts_query(typed)
        if match is None or not match[0]:
            return []
        query, ranked = match
        ranked = ranked and not many_matches(cur, query)
        return rows_matching(cur, query, limit, ranked)

    def many_matches(self, cur: Cursor, typed: str, over: int | None = None) -> bool:
        match = ts_query(typed)
        return match is not None and bool(match[0]) and many_matches(cur, match[0], over)

    def refresh(self, conn: Connection, pks: Sequence[int], texts: Sequence[Texts]) -> None:
        self.drop(conn, pks)
        if texts:
            run_sql(conn, INSERT_SQL, [with_terms(index_row(t)) for t in texts])

    def add(self, run: Run, rows: list[Row]) -> None:
        run(INSERT_SQL, [with_terms(row) for row in rows])

    def drop(self, conn: Connection, pks: Sequence[int]) -> None:
        for start in range(0, len(pks), 500):
            conn.exec_driver_sql(
                f"DELETE FROM {TABLE} WHERE dossier_pk IN ({_keys(pks[start:start + 500])})")

    def clear(self, conn: Connection) -> None:
        conn.exec_driver_sql(f"DELETE FROM {TABLE}")

    def bulk(self, conn: Connection) -> AbstractContextManager[None]:
        return nullcontext()
