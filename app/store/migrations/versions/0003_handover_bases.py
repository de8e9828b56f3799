"""What each dossier looked like when it last crossed a handover (exported or merged), so a
later merge can tell a change made on one side from a change made on both.

Revision ID: 0003_handover_bases
Revises: 0002_list_order
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_handover_bases"
down_revision = "0002_list_order"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handover_bases",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("dossier_uuid", sa.String(length=36), nullable=False),
        sa.Column("handover_id", sa.String(length=64), nullable=False),
        sa.Column("base", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("handover_bases", schema=None) as batch_op:
        batch_op.create_index("ix_handover_bases_dossier", ["dossier_uuid", "pk"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("handover_bases", schema=None) as batch_op:
        batch_op.drop_index("ix_handover_bases_dossier")
    op.drop_table("handover_bases")
