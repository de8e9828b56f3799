"""The handovers a binder wrote and took over, so a colleague can return one in one action.

Revision ID: 0004_handover_log
Revises: 0003_handover_bases
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_handover_log"
down_revision = "0003_handover_bases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handovers",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("from_name", sa.String(length=200), nullable=False),
        sa.Column("to_name", sa.String(length=200), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("file_created_at", sa.String(length=27), nullable=False),
        sa.Column("dossier_uuids", sa.JSON(), nullable=False),
        sa.Column("dossiers", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.create_index("ix_handovers_handover_id", ["handover_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.drop_index("ix_handovers_handover_id")
    op.drop_table("handovers")
