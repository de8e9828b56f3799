"""The people of a binder and whose each dossier is: `users` (a login, a name, a role) and
`dossiers.owner_pk`; the strip's counts are kept per owner, so that a team binder's strip
counts one salesperson's dossiers, or everyone's, from a few hundred rows.

A solo binder gets the same table and column, left empty: its dossiers have no owner (0 in
the counts). The owner is a foreign key on both (people are never deleted, only made
inactive, so their dossiers keep a name); SQLite adds the column in place (no copy of the
dossiers table), and
PostgreSQL indexes it for one person's lists. 0007's triggers are replaced by ones that
also follow the owner.

Revision ID: 0012_team_users
Revises: 0011_postgres_notify
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_team_users"
down_revision = "0011_postgres_notify"
branch_labels = None
depends_on = None

OLD_TRIGGERS = ("dossier_counts_insert", "dossier_counts_delete", "dossier_counts_update")

TABLE = (
    "CREATE TABLE dossier_counts ("
    "owner INTEGER NOT NULL, archived INTEGER NOT NULL, day TEXT NOT NULL, n INTEGER NOT NULL, "
    "PRIMARY KEY (owner, archived, day))"
)
FILL = (
    "INSERT INTO dossier_counts (owner, archived, day, n) "
    "SELECT coalesce(owner_pk, 0), archived, coalesce(next_contact, ''), count(*) "
    "FROM dossiers GROUP BY coalesce(owner_pk, 0), archived, coalesce(next_contact, '')"
)
_KEY_OLD = ("owner = coalesce(OLD.owner_pk, 0) AND archived = OLD.archived "
            "AND day = coalesce(OLD.next_contact, '')")
_ADD = (
    "INSERT INTO dossier_counts (owner, archived, day, n) "
    "VALUES (coalesce(NEW.owner_pk, 0), NEW.archived, coalesce(NEW.next_contact, ''), 1) "
    "ON CONFLICT (owner, archived, day) DO UPDATE SET n = n + 1;"
)
_REMOVE = (
    f"UPDATE dossier_counts SET n = n - 1 WHERE {_KEY_OLD}; "
    f"DELETE FROM dossier_counts WHERE {_KEY_OLD} AND n <= 0;"
)
TRIGGERS = {
    "dossier_counts_insert": f"AFTER INSERT ON dossiers BEGIN {_ADD} END",
    "dossier_counts_delete": f"AFTER DELETE ON dossiers BEGIN {_REMOVE} END",
    "dossier_counts_update": (
        "AFTER UPDATE OF next_contact, archived, owner_pk ON dossiers "
        "WHEN OLD.next_contact IS NOT NEW.next_contact OR OLD.archived IS NOT NEW.archived "
        "OR OLD.owner_pk IS NOT NEW.owner_pk "
        f"BEGIN {_REMOVE} {_ADD} END"),
}

FILL_PG = (
    "INSERT INTO dossier_counts (owner, archived, day, n) "
    "SELECT coalesce(owner_pk, 0), archived::int, coalesce(next_contact::text, ''), count(*) "
    "FROM dossiers GROUP BY coalesce(owner_pk, 0), archived::int, "
    "coalesce(next_contact::text, '')"
)
_KEY_OLD_PG = ("owner = coalesce(OLD.owner_pk, 0) AND archived = OLD.archived::int "
               "AND day = coalesce(OLD.next_contact::text, '')")
COUNT_PG = (
    "CREATE OR REPLACE FUNCTION dossier_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF TG_OP IN ('DELETE', 'UPDATE') THEN "
    f"UPDATE dossier_counts SET n = n - 1 WHERE {_KEY_OLD_PG}; "
    f"DELETE FROM dossier_counts WHERE {_KEY_OLD_PG} AND n <= 0; "
    "END IF; "
    "IF TG_OP IN ('INSERT', 'UPDATE') THEN "
    "INSERT INTO dossier_counts (owner, archived, day, n) "
    "VALUES (coalesce(NEW.owner_pk, 0), NEW.archived::int, "
    "coalesce(NEW.next_contact::text, ''), 1) "
    "ON CONFLICT (owner, archived, day) DO UPDATE SET n = dossier_counts.n + 1; "
    "END IF; "
    "RETURN NULL; "
    "END $$"
)
TRIGGERS_PG = {
    "dossier_counts_insert": "AFTER INSERT ON dossiers FOR EACH ROW",
    "dossier_counts_delete": "AFTER DELETE ON dossiers FOR EACH ROW",
    "dossier_counts_update": (
        "AFTER UPDATE OF next_contact, archived, owner_pk ON dossiers FOR EACH ROW "
        "WHEN (OLD.next_contact IS DISTINCT FROM NEW.next_contact "
        "OR OLD.archived IS DISTINCT FROM NEW.archived "
        "OR OLD.owner_pk IS DISTINCT FROM NEW.owner_pk)"),
}


def _drop_counts(postgres: bool) -> None:
    for name in OLD_TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON dossiers" if postgres else f"DROP TRIGGER {name}")
    op.execute("DROP TABLE dossier_counts")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "users",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("uuid"),
        sa.UniqueConstraint("login"),
        sa.CheckConstraint("role IN ('salesperson', 'manager')", name="ck_users_role"),
    )
    _drop_counts(postgres)
    if postgres:
        op.add_column("dossiers", sa.Column(
            "owner_pk", sa.Integer(), sa.ForeignKey("users.pk", name="fk_dossiers_owner"),
            nullable=True))
        op.create_index("ix_dossiers_owner", "dossiers",
                        ["owner_pk", "archived", "next_contact"])
        op.execute(TABLE)
        op.execute(FILL_PG)
        op.execute(COUNT_PG)
        for name, when in TRIGGERS_PG.items():
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION dossier_counts_keep()")
        return
    # in place (SQLite adds a column with a reference when its default is NULL): no copy
    op.execute("ALTER TABLE dossiers ADD COLUMN owner_pk INTEGER REFERENCES users (pk)")
    op.execute(TABLE + " WITHOUT ROWID")
    op.execute(FILL)
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    """Back to 0007's counts (one owner: everyone's), without the people."""
    import importlib

    counts = importlib.import_module(
        "app.store.migrations.versions.0007_insert_counts")  # its table and triggers
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop_counts(postgres)
    if postgres:
        op.execute("DROP FUNCTION dossier_counts_keep()")
        op.drop_index("ix_dossiers_owner", "dossiers")
        op.drop_constraint("fk_dossiers_owner", "dossiers", type_="foreignkey")
        op.drop_column("dossiers", "owner_pk")
        op.execute(counts.TABLE_PG)
        op.execute(counts.FILL_PG)
        op.execute(counts.COUNT_PG)
        for name, when in counts.TRIGGERS_PG.items():
            op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION dossier_counts_keep()")
    else:
        op.execute("ALTER TABLE dossiers DROP COLUMN owner_pk")
        op.execute(counts.TABLE)
        op.execute(counts.FILL)
        for name, body in counts.TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    op.drop_table("users")
