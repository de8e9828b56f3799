"""The strip's counts kept as the dossiers change: one row per (archived, next-contact date)
with how many dossiers it holds, maintained by triggers on dossiers, so that counting the
tabs reads a few hundred rows however large the binder is instead of grouping all of it.

Every write reaches SQLite through the dossiers table (the ORM, the bulk writer, a merge, an
import, the demo), so the triggers keep the table right whoever writes; a binder restored
from an older copy is migrated here and counted afresh.  An undated dossier is counted under
the day '' (a primary key cannot tell NULLs apart); app.store.queries reads it back as NULL.

A later migration that copies the dossiers table (Alembic's batch mode) drops these triggers
with the old table: it must create them again (TRIGGERS below) and refill the table (FILL).
tests/store/test_counts.py checks they stand at head.

On PostgreSQL the same counts are kept by one plpgsql function (COUNT_PG) behind three triggers
of the same names; `archived` (a boolean there) is counted as 0/1 and the day as the date's
ISO text, so the table holds the same rows as SQLite's for the same writes
(tests/store/test_migrations_postgres.py).

Revision ID: 0007_insert_counts
Revises: 0006_imports
"""

from alembic import op

revision = "0007_insert_counts"
down_revision = "0006_imports"
branch_labels = None
depends_on = None

TABLE = (
    "CREATE TABLE dossier_counts ("
    "archived INTEGER NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL, "
    "PRIMARY KEY (archived, day)) WITHOUT ROWID"
)
FILL = (
    "INSERT INTO dossier_counts (archived, day, n) "
    "SELECT archived, coalesce(next_contact, ''), count(*) FROM dossiers "
    "GROUP BY archived, coalesce(next_contact, '')"
)
_ADD = (
    "INSERT INTO dossier_counts (archived, day, n) "
    "VALUES (NEW.archived, coalesce(NEW.next_contact, ''), 1) "
    "ON CONFLICT (archived, day) DO UPDATE SET n = n + 1;"
)
_REMOVE = (
    "UPDATE dossier_counts SET n = n - 1 "
    "WHERE archived = OLD.archived AND day = coalesce(OLD.next_contact, ''); "
    "DELETE FROM dossier_counts "
    "WHERE archived = OLD.archived AND day = coalesce(OLD.next_contact, '') AND n <= 0;"
)
TRIGGERS = {
    "dossier_counts_insert": f"AFTER INSERT ON dossiers BEGIN {_ADD} END",
    "dossier_counts_delete": f"AFTER DELETE ON dossiers BEGIN {_REMOVE} END",
    "dossier_counts_update": (
        "AFTER UPDATE OF next_contact, archived ON dossiers "
        "WHEN OLD.next_contact IS NOT NEW.next_contact OR OLD.archived IS NOT NEW.archived "
        f"BEGIN {_REMOVE} {_ADD} END"),
}

TABLE_PG = (
    "CREATE TABLE dossier_counts ("
    "archived INTEGER NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL, "
    "PRIMARY KEY (archived, day))"
)
FILL_PG = (
    "INSERT INTO dossier_counts (archived, day, n) "
    "SELECT archived::int, coalesce(next_contact::text, ''), count(*) FROM dossiers "
    "GROUP BY archived::int, coalesce(next_contact::text, '')"
)
COUNT_PG = (
    "CREATE FUNCTION dossier_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP IN ('DELETE', 'UPDATE') THEN "
    "UPDATE dossier_counts SET n = n - 1 "
    "WHERE archived = OLD.archived::int AND day = coalesce(OLD.next_contact::text, ''); "
    "DELETE FROM dossier_counts WHERE archived = OLD.archived::int "
    "AND day = coalesce(OLD.next_contact::text, '') AND n <= 0; "
    "END IF; "
    "IF TG_OP IN ('INSERT', 'UPDATE') THEN "
    "INSERT INTO dossier_counts (archived, day, n) "
    "VALUES (NEW.archived::int, coalesce(NEW.next_contact::text, ''), 1) "
    "ON CONFLICT (archived, day) DO UPDATE SET n = dossier_counts.n + 1; "
    "END IF; "
    "RETURN NULL; "
    "END $$"
)
TRIGGERS_PG = {
    "dossier_counts_insert": "AFTER INSERT ON dossiers FOR EACH ROW",
    "dossier_counts_delete": "AFTER DELETE ON dossiers FOR EACH ROW",
    "dossier_counts_update": (
        "AFTER UPDATE OF next_contact, archived ON dossiers FOR EACH ROW "
        "WHEN (OLD.next_contact IS DISTINCT FROM NEW.next_contact "
        "OR OLD.archived IS DISTINCT FROM NEW.archived)"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(TABLE_PG)
        op.execute(FILL_PG)
        op.execute(COUNT_PG)
        for name, when in TRIGGERS_PG.items():
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION dossier_counts_keep()")
        return
    op.execute(TABLE)
    op.execute(FILL)
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for name in TRIGGERS_PG:
            op.execute(f"DROP TRIGGER {name} ON dossiers")
        op.execute("DROP FUNCTION dossier_counts_keep()")
        op.execute("DROP TABLE dossier_counts")
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE dossier_counts")
