"""The team binder's search index as migration 0010 makes it: its table, indexes, function
and extensions, the dossiers already there indexed, all of it gone on the way down; and
words cut as the binder file's FTS5 cuts them. Run against a real server (tests/pg.py)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from app.store.dialect import QmarkCursor
from app.store.pg_search import PgSearchIndex
from app.store.search import index_for
from tests.store.test_migrations_postgres import STAMP, _dossier, migrate, plain


def found(engine: sa.Engine, typed: str) -> list[str]:
    with engine.connect() as conn:
        cur = QmarkCursor(conn.connection.driver_connection.cursor())
        return [row[1] for row in index_for("postgresql").search(cur, typed, 50)]


def _lucja(conn: sa.Connection) -> int:
    """A dossier with a phone, written as rows (any revision's tables hold them)."""
    pk = _dossier(conn, "Łucja Wiśniewska", None)
    conn.execute(plain("phones").insert().values(
        dossier_pk=pk, label="", number="+48 601 222 333", e164="+48601222333",
        position=0, uuid=str(uuid.uuid4()), updated_at=STAMP))
    return pk


def test_the_migration_made_the_index_and_its_extensions(pg_url):
    migrate(pg_url)
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        extensions = set(conn.execute(sa.text("SELECT extname FROM pg_extension")).scalars())
        indexes = dict(conn.execute(sa.text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'dossier_search'"
        )).all())
    assert {"unaccent", "pg_trgm"} <= extensions
    assert "gin (terms)" in indexes["ix_dossier_search_terms"]
    assert "gin (name_terms)" in indexes["ix_dossier_search_names"]
    assert "gin_trgm_ops" in indexes["ix_dossier_search_fragments"]
    engine.dispose()
    assert isinstance(index_for("postgresql"), PgSearchIndex)


def test_the_migration_indexes_the_dossiers_already_there_and_goes_down(pg_url):
    """A team binder at 0009 (no search table) with a dossier: 0010 indexes it; down to 0009
    the table, its function and the extensions go, and up again it is found again."""
    migrate(pg_url, "0009_proposal_templates")
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        _lucja(conn)
    try:
        for _ in range(2):
            migrate(pg_url)
            assert found(engine, "lucja wisn") == ["Łucja Wiśniewska"]
            assert found(engine, "601222") == ["Łucja Wiśniewska"]
            migrate(pg_url, "0009_proposal_templates", down=True)
            with engine.connect() as conn:
                assert not sa.inspect(conn).has_table("dossier_search")
                assert conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_extension WHERE extname IN ('unaccent', 'pg_trgm')"
                ).scalar() == 0
                assert conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_proc WHERE proname = 'dossier_search_count'"
                ).scalar() == 0
    finally:
        engine.dispose()


def test_the_index_keeps_no_text_no_search_reads_and_gives_them_back_on_the_way_down(
        pg_url):
    """0014 leaves empty the texts FTS5 keeps and nothing on PostgreSQL reads (the trigram
    index reads the name and the phones), a row of the previous version's (written as it
    did) still welcome; down to 0013 they are written again as FTS5 holds them, and found
    through 0013's function as through 0014's."""
    from app.store.fts5 import index_row
    from app.store.upkeep import read_texts, refresh

    migrate(pg_url)
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        pk = _lucja(conn)
        conn.exec_driver_sql("UPDATE dossiers SET company = 'Zakłady Mięsne', "
                             "notes = 'wants a hormigonera'")
        refresh(conn, [pk])

    def texts() -> list[tuple]:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(
                "SELECT dossier_pk, name, company, position, phones, emails, notes, history "
                "FROM dossier_search ORDER BY dossier_pk")]

    try:
        assert texts() == [(pk, "lucja wisniewska", "", "", "+48 601 222 333 48601222333 "
                            "601222333", "", "", "")]
        with engine.begin() as conn:  # a window still open on 0013 writes a row as it did
            other = _dossier(conn, "Olga Older", None)
            conn.exec_driver_sql(
                "INSERT INTO dossier_search (dossier_pk, name, company, position, phones, "
                "emails, notes, history, terms, name_terms) VALUES (%s, 'olga older', 'acme', "
                "'', '', '', '', '', CAST(%s AS tsvector), CAST(%s AS tsvector))",
                (other, "'olga':1A 'older':2A 'acme':4B", "'olga' 'older'"))
        for typed in ("lucja wisn", "601222", "zaklady", "hormigon"):
            assert found(engine, typed) == ["Łucja Wiśniewska"], typed
        assert found(engine, "olga acme") == ["Olga Older"]
        migrate(pg_url, "0013_search_plan", down=True)
        with engine.connect() as conn:
            assert texts() == [index_row(t) for t in read_texts(conn, [pk, other])]
        assert texts()[0][2] == "zaklady miesne" and texts()[0][6] == "wants a hormigonera"
        for typed in ("lucja wisn", "601222", "zaklady", "hormigon"):
            assert found(engine, typed) == ["Łucja Wiśniewska"], typed
    finally:
        engine.dispose()


def test_words_are_cut_where_fts5_cuts_them():
    """pg_search.tokens gives the words FTS5's unicode61 tokenizer (the binder file's, see
    migration 0001) makes of the same folded texts. Not of characters newer than FTS5's
    Unicode 6.1 tables (an emoji of 2014 is a letter to FTS5): they are never typed in a
    word (fold.words), so they only part words on PostgreSQL that FTS5 keeps whole."""
    import importlib
    import sqlite3

    from app.store.fold import fold
    from app.store.pg_search import tokens

    baseline = importlib.import_module("app.store.migrations.versions.0001_baseline")

    samples = [
        "Łukasz Wróblewski-Nowak", "john_smith@acme.co.uk", "+48 600 123 456 48600123456",
        "ООО «Север», д. 5/7", "Ἀθῆναι café naïve ß", "東京都 渋谷区 ２丁目", "x\ue000y z",
        "a‐b–c—d", "1.5e3 v2 3½ ² ٣٤", "tab\tnew\nline", "smile ☺ ok", "it's “quoted”",
        "ǅemal Ǆ", "क़ाहिरा", "",
    ]
    conn = sqlite3.connect(":memory:")
    conn.execute(baseline.FTS.replace("dossier_fts", "t"))
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    for n, text in enumerate(samples, 1):
        conn.execute("INSERT INTO t (rowid, name) VALUES (?, ?)", (n, fold(text)))
    for n, text in enumerate(samples, 1):
        cut = [term for (term,) in conn.execute(
            "SELECT term FROM v WHERE doc = ? ORDER BY \"offset\"", (n,))]
        assert tokens(fold(text)) == cut, text
