"""A team binder's search reads each match's row once, and a narrower row.

A search's cost on 100,000 dossiers is in touching the rows of its matches, each on a page
of its own: 0013's `dossier_search_top` read every match twice (its key, then again through
the key's index to rank it) and, past `most` matches, went through the index a second
time. Now one pass gathers the matches' row addresses (`ctid`, up to 2 × `most`), and
the second reads those rows again by address, pages just read: ranked when fewer than
`most`; the first `lim` by key when fewer than 2 × `most` (all of them gathered); past
that, where a common beginning matches one dossier in fifty or more, in key order through
the key's index, which soon meets `lim` of them. One statement's snapshot holds the rows
still there at their addresses (the function is STABLE: both passes see the same rows).

The texts FTS5 keeps in its table were copied into `dossier_search`, though nothing on
PostgreSQL reads them but the trigram index (the name and the phones): the others are
dropped, and the table rewritten (CLUSTER: in key order, the dropped columns' bytes gone),
so a row is its words and little else. PostgreSQL only (on SQLite this revision does
nothing).

Revision ID: 0014_search_lean
Revises: 0013_search_plan
"""

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0014_search_lean"
down_revision = "0013_search_plan"
branch_labels = None
depends_on = None

TOP = """
CREATE OR REPLACE FUNCTION dossier_search_top(query tsquery, most integer, lim integer)
RETURNS TABLE (dossier_pk integer, rank real, by_name boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 50 SET enable_seqscan = off AS $$
DECLARE
    found tid[];
BEGIN
    found := ARRAY(SELECT s.ctid FROM dossier_search s WHERE s.terms @@ query
                   LIMIT 2 * most);
    IF cardinality(found) < most THEN  -- all of them: ranked, read again by address
        RETURN QUERY SELECT s.dossier_pk, ts_rank(s.terms, query), false
            FROM dossier_search s WHERE s.ctid = ANY(found) ORDER BY 2 DESC, 1 LIMIT lim;
    ELSIF cardinality(found) < 2 * most THEN  -- all of them: the first by key
        RETURN QUERY SELECT s.dossier_pk, 0::real, true
            FROM dossier_search s WHERE s.ctid = ANY(found) ORDER BY 1 LIMIT lim;
    ELSE
        RETURN QUERY SELECT s.dossier_pk, 0::real, true
            FROM dossier_search s WHERE s.terms @@ query ORDER BY 1 LIMIT lim;
    END IF;
END $$
"""
DROPPED = ("company", "position", "emails", "notes", "history")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(TOP)
    op.execute("ALTER TABLE dossier_search "
               + ", ".join(f"DROP COLUMN {column}" for column in DROPPED))
    op.execute("CLUSTER dossier_search USING dossier_search_pkey")
    op.execute("ANALYZE dossier_search")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    before = importlib.import_module("app.store.migrations.versions.0013_search_plan")
    op.execute("DROP FUNCTION dossier_search_top(tsquery, integer, integer)")
    op.execute(before.TOP)
    op.execute("ALTER TABLE dossier_search " + ", ".join(
        f"ADD COLUMN {column} text COLLATE \"C\" NOT NULL DEFAULT ''" for column in DROPPED))
    op.execute("ALTER TABLE dossier_search "
               + ", ".join(f"ALTER COLUMN {column} DROP DEFAULT" for column in DROPPED))
    _refill(conn)


def _refill(conn: sa.Connection) -> None:
    """The dropped texts written again, as 0013 kept them (folded as FTS5 holds them)."""
    from app.store.dialect import run
    from app.store.fts5 import index_row
    from app.store.upkeep import read_texts

    pks = list(conn.execute(sa.text("SELECT dossier_pk FROM dossier_search")).scalars())
    for start in range(0, len(pks), 500):
        rows = [index_row(texts) for texts in read_texts(conn, pks[start:start + 500])]
        run(conn, "UPDATE dossier_search SET company = ?, position = ?, emails = ?, "
                  "notes = ?, history = ? WHERE dossier_pk = ?",
            [(company, position, emails, notes, history, pk)
             for pk, _name, company, position, _phones, emails, notes, history in rows])
