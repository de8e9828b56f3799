"""A team binder's search planned once per connection, not once per keystroke: the search
box sends a new text at every key, and written into the statement (pg_search._literal) each
was parsed and planned again, 0.3 ms of a 0.5 ms search. `dossier_search_top` takes the
`tsquery` bound; PL/pgSQL keeps its statements' plans for the connection, and its
`enable_seqscan = off` keeps the plan made for any query (the planner prices `@@` as
nothing, and would read every row) on the GIN index. It gathers the keys of the matches up
to `most` (one index scan), then gives the best `lim` of them ranked (read by key), or, when
there are `most` or more, the first `lim` in key order (`by_name`: the caller sorts those by
name), as 0010's `dossier_search_count` and pg_search.ranked_or_by_name did in one
statement. PostgreSQL only (on SQLite this revision does nothing).

Revision ID: 0013_search_plan
Revises: 0012_team_users
"""

from alembic import op

revision = "0013_search_plan"
down_revision = "0012_team_users"
branch_labels = None
depends_on = None

TOP = """
CREATE FUNCTION dossier_search_top(query tsquery, most integer, lim integer)
RETURNS TABLE (dossier_pk integer, rank real, by_name boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 50 SET enable_seqscan = off AS $$
DECLARE
    hits integer[];
BEGIN
    hits := ARRAY(SELECT s.dossier_pk FROM dossier_search s WHERE s.terms @@ query
                  LIMIT most);
    IF cardinality(hits) < most THEN  -- all of them: ranked, read again by key
        RETURN QUERY SELECT s.dossier_pk, ts_rank(s.terms, query), false
            FROM dossier_search s WHERE s.dossier_pk = ANY(hits) ORDER BY 2 DESC, 1 LIMIT lim;
    ELSE
        RETURN QUERY SELECT s.dossier_pk, 0::real, true
            FROM dossier_search s WHERE s.terms @@ query ORDER BY 1 LIMIT lim;
    END IF;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TOP)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION dossier_search_top(tsquery, integer, integer)")
