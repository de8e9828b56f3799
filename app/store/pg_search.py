"""The search index of a team binder: a PostgreSQL table (`dossier_search`, made by migration
0010, made lean by 0014) with one row per dossier: the words of its texts folded as the solo
binder's FTS5 table holds them (app/store/fts5.py `index_row`) as a `tsvector` under a GIN
index, and its folded name and phones (for the trigram index).

A search finds what Fts5Index finds. The words are cut, and the `tsvector` and `tsquery`
written, here in Python rather than by PostgreSQL's parser, which keeps an e-mail address
or a hyphenated name as one word, treats every non-ASCII character as a letter under the C
locale and tells words apart by the server's locale: `_TOKEN` splits where FTS5's unicode61
tokenizer splits (letters, digits and private-use characters make words; an underscore,
punctuation and spaces part them). Every typed word (fold.words) must match the beginning
of a word (`word:*`); a word FTS5 would cut in parts ("a_b") is a phrase (`a <-> b:*`), in
one column as in FTS5 (the columns' positions are kept apart); a lone word shorter than
SHORT_QUERY letters matches names only (their words are also a `tsvector` of their own,
under its own index), unranked, as do more than RANKED_MATCHES matches (by name).

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
INSERT_SQL = (f"INSERT INTO {TABLE} (dossier_pk, name, phones, terms, name_terms) "
              "VALUES (?,?,?,CAST(? AS tsvector),CAST(? AS tsvector))")
# what FTS5's unicode61 tokenizer keeps in a word: letters, digits, private-use characters
_PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_TOKEN = re.compile(rf"(?:[^\W_]|[{_PRIVATE_USE}])+")
_WORD_TOKEN = re.compile(r"[^\W_]+")  # the same without private-use characters
_ASCII_TOKEN = re.compile(r"[A-Za-z0-9]+")  # the same in ASCII text
_HAS_PRIVATE_USE = re.compile(f"[{_PRIVATE_USE}]")
TOP_SQL = (f"SELECT {ROW_COLUMNS} FROM dossier_search_top(CAST(? AS tsquery), ?, ?) f "
           "JOIN dossiers d ON d.pk = f.dossier_pk ORDER BY CASE WHEN f.by_name THEN "
           "d.sort_name END, CASE WHEN f.by_name THEN d.pk END, f.rank DESC, f.dossier_pk")
MAX_WORD_BYTES = 2046  # PostgreSQL's longest lexeme: a longer word is kept as its beginning


def tokens(text: str) -> list[str]:
    """The words FTS5's unicode61 tokenizer makes of a folded text (the quickest pattern
    that gives them: most texts are ASCII, few hold private-use characters)."""
    if text.isascii():
        return _ASCII_TOKEN.findall(text)
    if _HAS_PRIVATE_USE.search(text) is None:
        return _WORD_TOKEN.findall(text)
    return _TOKEN.findall(text)


def _word(token: str) -> str:
    if len(token) * 4 <= MAX_WORD_BYTES:
        return token
    return token.encode()[:MAX_WORD_BYTES].decode(errors="ignore")


def terms(columns: Sequence[str]) -> str:
    """The `tsvector` (as its text) of an index row's folded columns (COLUMNS' order): each
    word with its positions and its column's weight; one position left empty between
    columns, so that no phrase runs from one into the next. PostgreSQL keeps the first 256
    positions of a word and counts those past 16,383 as 16,383."""
    found: dict[str, str] = {}
    position = 1
    for text, weight in zip(columns, WEIGHTS, strict=True):
        if text:
            for token in tokens(text):
                at = found.get(token)
                found[token] = (f"{position}{weight}" if at is None
                                else f"{at},{position}{weight}")
                position += 1
        position += 1
    # a word holds no quote, backslash, colon or space (_TOKEN): quoted as it is
    return " ".join([f"'{_word(token)}':{at}" for token, at in found.items()])


def name_terms(name: str) -> str:
    """The `tsvector` (as its text) of a folded name's words, without positions: what a
    lone short word is looked for in."""
    return " ".join([f"'{_word(token)}'" for token in dict.fromkeys(tokens(name))])


def stored(row: Row) -> Row:
    """What the table keeps of an index row (key, then COLUMNS folded): the key, the name
    and the phones, every column's words (`terms`) and the name's (`name_terms`)."""
    return (row[0], row[1], row[4], terms(row[1:]), name_terms(row[1]))


def ts_query(typed: str) -> tuple[str, bool] | None:
    """(`tsquery` text, worth ranking) for what the user typed, as fts5.match_query reads
    it: not worth ranking, a lone short word, looked for among names only (`condition`).
    The query is "" when no typed word holds a word FTS5 would index (it then finds
    nothing, as FTS5 finds nothing for an empty phrase)."""
    typed_words = words(typed)
    if not typed_words:
        return None
    parts = []
    for word in typed_words:
        parts_of_word = tokens(word)
        if not parts_of_word:  # FTS5 leaves an empty phrase out of the query
            continue
        last = len(parts_of_word) - 1
        phrase = " <-> ".join(f"'{_word(t)}'" + (":*" if n == last else "")
                              for n, t in enumerate(parts_of_word))
        parts.append(f"({phrase})" if last else phrase)
    return " & ".join(parts), not (len(typed_words) == 1 and len(typed_words[0]) < SHORT_QUERY)


def condition(query: str, names_only: bool = False) -> str:
    """The SQL condition of the rows matching a `tsquery`; among the names only, in the
    names' own `tsvector` and index (a weight in the query, `:*A`, would be checked on
    every row having the word in any column: a name's first letter, "q", is in 3,000 of
    10,000 dossiers' texts and 30 of their names)."""
    return f"{'name_terms' if names_only else 'terms'} @@ {_literal(query)}"


def _literal(query: str) -> str:
    """A `tsquery` written into the statement rather than bound: bound, psycopg prepares a
    statement run five times, and PostgreSQL's generic plan for `terms @@ $1` (the query
    unknown) reads every row (8 ms at 10,000 dossiers, not 1)."""
    return "'" + query.replace("'", "''") + "'::tsquery"


def rows_matching(cur: Cursor, query: str, limit: int, ranked: bool = True,
                  names_only: bool = False) -> list[Row]:
    """Dossiers whose index row matches a `tsquery`, best match first (ties in key order);
    unranked: the first `limit` in key order, by name (as FTS5 gives them)."""
    where = condition(query, names_only)
    if ranked:
        sql = (f"SELECT {ROW_COLUMNS} FROM (SELECT dossier_pk, "
               f"ts_rank(terms, {_literal(query)}) AS rank "
               f"FROM {TABLE} WHERE {where} ORDER BY rank DESC, dossier_pk "
               f"LIMIT {int(limit)}) f "
               "JOIN dossiers d ON d.pk = f.dossier_pk ORDER BY f.rank DESC, f.dossier_pk")
    else:
        sql = (f"SELECT {ROW_COLUMNS} FROM (SELECT dossier_pk FROM {TABLE} "
               f"WHERE {where} ORDER BY dossier_pk LIMIT {int(limit)}) f "
               "JOIN dossiers d ON d.pk = f.dossier_pk ORDER BY d.sort_name, d.pk")
    rows: list[Row] = cur.execute(sql).fetchall()
    return rows


def ranked_or_by_name(cur: Cursor, query: str, limit: int) -> list[Row]:
    """As `rows_matching` ranked, or unranked when the query matches more than
    RANKED_MATCHES dossiers (`many_matches`), in one statement: one round trip to the
    server rather than two, and one plan for every query (migration 0013's function, as
    0014 made it: each match's row read once and again by its address)."""
    rows: list[Row] = cur.execute(TOP_SQL, (query, int(fts5.RANKED_MATCHES) + 1,
                                            int(limit))).fetchall()
    return rows


def many_matches(cur: Cursor, query: str, over: int | None = None,
                 names_only: bool = False) -> bool:
    """Whether a `tsquery` matches more than `over` dossiers (RANKED_MATCHES: fts5's, read
    when asked), counted no further, through the indexes (migration 0010's function)."""
    over = fts5.RANKED_MATCHES if over is None else over
    counted = cur.execute("SELECT dossier_search_count(CAST(? AS tsquery), ?, ?)",
                          (query, names_only, int(over) + 1)).fetchone()
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
        if not ranked:  # a lone short word: among the names, by name
            return rows_matching(cur, query, limit, False, names_only=True)
        return ranked_or_by_name(cur, query, limit)

    def many_matches(self, cur: Cursor, typed: str, over: int | None = None) -> bool:
        match = ts_query(typed)
        if match is None or not match[0]:
            return False
        return many_matches(cur, match[0], over, names_only=not match[1])

    def refresh(self, conn: Connection, pks: Sequence[int], texts: Sequence[Texts]) -> None:
        self.drop(conn, pks)
        if texts:
            run_sql(conn, INSERT_SQL, [stored(index_row(t)) for t in texts])

    def add(self, run: Run, rows: list[Row]) -> None:
        run(INSERT_SQL, [stored(row) for row in rows])

    def drop(self, conn: Connection, pks: Sequence[int]) -> None:
        for start in range(0, len(pks), 500):
            conn.exec_driver_sql(
                f"DELETE FROM {TABLE} WHERE dossier_pk IN ({_keys(pks[start:start + 500])})")

    def clear(self, conn: Connection) -> None:
        conn.exec_driver_sql(f"DELETE FROM {TABLE}")

    def bulk(self, conn: Connection) -> AbstractContextManager[None]:
        return nullcontext()
