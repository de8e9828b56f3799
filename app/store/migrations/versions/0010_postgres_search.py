"""The search index of a team binder (PostgreSQL): one row per dossier with its texts folded
as the solo binder's FTS5 table holds them (app/store/fold.py), and their words as a
`tsvector` (made in Python by app/store/pg_search.py, so that words split where FTS5's
unicode61 tokenizer splits them) under a GIN index, the names' words alone as another
`tsvector` under another; a trigram index (pg_trgm) over the names and phones serves
fragments of them. `unaccent` is there for SQL that folds on the server. A function
counts the matches through the indexes (COUNT_PG).

On SQLite nothing changes: the baseline migration made its FTS5 table. The index is filled
from the tables (`_fill`, this revision's rows) when this migration runs on a binder that
already holds dossiers.

Revision ID: 0010_postgres_search
Revises: 0009_proposal_templates
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_postgres_search"
down_revision = "0009_proposal_templates"
branch_labels = None
depends_on = None

# the texts byte-ordered as every text column of a team binder (app/store/pg_schema.py)
_TEXT = 'text COLLATE "C" NOT NULL'
# How many rows match a tsquery, up to `most` (`names`: among the names' words), read
# through the GIN indexes. A plain `SELECT ... WHERE terms @@ q LIMIT n` is planned as a
# sequential scan when more than n rows are expected to match (the planner prices `@@` as
# nothing, and it is a microsecond a row): 8 ms for 10,000 dossiers, 1 through the index.
COUNT_PG = (
    "CREATE FUNCTION dossier_search_count(query tsquery, names boolean, most integer) "
    "RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off AS $$ "
    "SELECT count(*) FROM ("
    "(SELECT 1 FROM dossier_search WHERE names AND name_terms @@ query "
    "LIMIT most) UNION ALL "
    "(SELECT 1 FROM dossier_search WHERE NOT names AND terms @@ query LIMIT most)) m $$"
)
UPGRADE_PG = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE dossier_search ("
    "dossier_pk integer PRIMARY KEY REFERENCES dossiers (pk) ON DELETE CASCADE, "
    f"name {_TEXT}, company {_TEXT}, position {_TEXT}, phones {_TEXT}, emails {_TEXT}, "
    f"notes {_TEXT}, history {_TEXT}, terms tsvector NOT NULL, "
    "name_terms tsvector NOT NULL)",
    # a pending list of at most 256 kB (not 4 MB): every search reads all of it, until
    # (auto)vacuum merges it into the index
    "CREATE INDEX ix_dossier_search_terms ON dossier_search USING gin (terms) "
    "WITH (gin_pending_list_limit = 256)",
    # the names' words alone: a lone short word is looked up among them
    "CREATE INDEX ix_dossier_search_names ON dossier_search USING gin (name_terms) "
    "WITH (gin_pending_list_limit = 256)",
    "CREATE INDEX ix_dossier_search_fragments ON dossier_search "
    "USING gin (name gin_trgm_ops, phones gin_trgm_ops)",
    COUNT_PG,
)
DOWNGRADE_PG = (
    "DROP FUNCTION dossier_search_count(tsquery, boolean, integer)",
    "DROP TABLE dossier_search",
    "DROP EXTENSION IF EXISTS pg_trgm",
    "DROP EXTENSION IF EXISTS unaccent",
)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    for statement in UPGRADE_PG:
        op.execute(statement)
    _fill(conn)


def _fill(conn: sa.Connection) -> None:
    """The index rows of the dossiers already there, as this revision's table holds them
    (every text; 0014 keeps fewer), and their list summaries."""
    from app.store import derived
    from app.store.dialect import run
    from app.store.fts5 import index_row
    from app.store.pg_search import name_terms, terms
    from app.store.upkeep import read_texts

    pks = list(conn.execute(sa.text("SELECT pk FROM dossiers ORDER BY pk")).scalars())
    for start in range(0, len(pks), 500):
        texts = read_texts(conn, pks[start:start + 500])
        run(conn, "INSERT INTO dossier_search (dossier_pk, name, company, position, phones, "
                  "emails, notes, history, terms, name_terms) VALUES "
                  "(?,?,?,?,?,?,?,?,CAST(? AS tsvector),CAST(? AS tsvector))",
            [(*row, terms(row[1:]), name_terms(row[1])) for row in map(index_row, texts)])
        derived.store(conn, [
            (derived.main_phone([number for number, _e164 in t.phones]),
             derived.last_outcome([(kind, outcome) for kind, _s, outcome, _o in t.history]),
             t.pk) for t in texts])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in DOWNGRADE_PG:
        op.execute(statement)
