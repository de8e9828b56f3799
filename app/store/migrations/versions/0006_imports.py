"""Contacts come in from other programs: a dossier keeps the name parts, department and
birthday a vCard or a CSV row gives (so they go back out unchanged), and each import is
recorded with the dossiers it made and what it changed, so that one action undoes it.

Revision ID: 0006_imports
Revises: 0005_safe_document_names
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_imports"
down_revision = "0005_safe_document_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ALTER TABLE ADD COLUMN: a 100,000-dossier binder is not copied to add them
    for name in ("given_name", "family_name", "department"):
        op.add_column("dossiers", sa.Column(name, sa.String(length=200), nullable=False,
                                            server_default=""))
    op.add_column("dossiers", sa.Column("birthday", sa.Date(), nullable=True))
    op.create_table(
        "imports",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("done_at", sa.String(length=27), nullable=False),
        sa.Column("created", sa.JSON(), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("uuid"),
    )


def downgrade() -> None:
    op.drop_table("imports")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("birthday")
        batch_op.drop_column("department")
        batch_op.drop_column("family_name")
        batch_op.drop_column("given_name")
