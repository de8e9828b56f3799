"""When each dossier's next contact was last set, so that rebalancing can leave alone a date
just agreed with the client and move the longest-standing dates first; and how many days a
date counts as just agreed (a binder setting, default 2).

Plain ALTER TABLE ADD COLUMN: the dossiers table is not copied, so the triggers of 0007 stay.
Existing dossiers get the time of their last change (`updated_at`), the nearest thing known.

Revision ID: 0008_schedule_stamps
Revises: 0007_insert_counts
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_schedule_stamps"
down_revision = "0007_insert_counts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("dossiers", sa.Column("scheduled_at", sa.String(length=27), nullable=True))
    op.execute("UPDATE dossiers SET scheduled_at = updated_at")
    op.add_column("binder_settings", sa.Column("recent_days", sa.Integer(), nullable=False,
                                               server_default="2"))


def downgrade() -> None:
    with op.batch_alter_table("binder_settings", schema=None) as batch_op:
        batch_op.drop_column("recent_days")
    # plain DROP COLUMN (SQLite 3.35+): a batch copy would drop 0007's triggers
    op.execute("ALTER TABLE dossiers DROP COLUMN scheduled_at")
