"""Proposal templates: the letters a sales manager defines, which "New proposal" fills for a
dossier.  A new table only; nothing else is touched.

Revision ID: 0009_proposal_templates
Revises: 0008_schedule_stamps
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_proposal_templates"
down_revision = "0008_schedule_stamps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal_templates",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=False),
        sa.Column("tax_rate", sa.String(length=12), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("updated_at", sa.String(length=27), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("uuid"),
    )


def downgrade() -> None:
    op.drop_table("proposal_templates")
