"""Indexes that give the insert lists their working order straight from the index, so the
first page of a large insert is read without sorting the whole insert.

Revision ID: 0002_list_order
Revises: 0001_baseline
"""

from alembic import op

revision = "0002_list_order"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # untimed dossiers after the timed ones of a day: coalesce(next_time, '99:99')
    op.execute(
        "CREATE INDEX ix_dossiers_working_order ON dossiers "
        "(archived, next_contact, coalesce(next_time, '99:99'), priority, sort_name)")
    op.execute("CREATE INDEX ix_dossiers_archived_at ON dossiers (archived, archived_at)")
    op.execute("DROP INDEX ix_dossiers_agenda")  # the new index leads with the same columns


def downgrade() -> None:
    op.execute("CREATE INDEX ix_dossiers_agenda ON dossiers "
               "(archived, next_contact, next_time, priority, sort_name)")
    op.execute("DROP INDEX ix_dossiers_archived_at")
    op.execute("DROP INDEX ix_dossiers_working_order")
