"""The first schema of a binder: dossiers and everything they carry, settings, search index.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-24 22:42:01.236113
"""
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

FTS = (
    "CREATE VIRTUAL TABLE dossier_fts USING fts5("
    "name, company, position, phones, emails, notes, history, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)
APPEND_ONLY = (
    "CREATE TRIGGER contact_events_append_only BEFORE UPDATE ON contact_events "
    "BEGIN SELECT RAISE(ABORT, 'contact events are append-only'); END"
)
# the same rule on PostgreSQL: a trigger runs a function there
APPEND_ONLY_PG = (
    "CREATE FUNCTION contact_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'contact events are append-only' "
    "USING ERRCODE = 'integrity_constraint_violation'; END $$",  # IntegrityError, as SQLite's
    "CREATE TRIGGER contact_events_append_only BEFORE UPDATE ON contact_events "
    "FOR EACH ROW EXECUTE FUNCTION contact_events_append_only()",
)


revision = '0001_baseline'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('binder_settings',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('owner_name', sa.String(length=200), nullable=False),
    sa.Column('tab_mode', sa.String(length=20), nullable=False),
    sa.Column('horizon_months', sa.Integer(), nullable=False),
    sa.Column('daily_capacity', sa.Integer(), nullable=False),
    sa.Column('holiday_country', sa.String(length=8), nullable=False),
    sa.Column('phone_region', sa.String(length=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.String(length=27), nullable=False),
    sa.CheckConstraint('pk = 1', name='ck_settings_single_row'),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('uuid')
    )
    op.create_table('dossiers',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('sort_name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('segment', sa.String(length=200), nullable=False),
    sa.Column('tags', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('next_contact', sa.Date(), nullable=True),
    sa.Column('next_time', sa.String(length=5), nullable=True),
    sa.Column('purpose', sa.String(length=500), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('fixed', sa.Boolean(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('archived_at', sa.String(length=27), nullable=True),
    sa.Column('archive_reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.String(length=27), nullable=False),
    sa.Column('main_phone', sa.String(length=50), nullable=False),
    sa.Column('last_outcome', sa.Text(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.String(length=27), nullable=False),
    sa.CheckConstraint('priority BETWEEN 1 AND 3', name='ck_dossiers_priority'),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index('ix_dossiers_agenda', ['archived', 'next_contact', 'next_time', 'priority', 'sort_name'], unique=False)

    op.create_table('form_templates',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.String(length=27), nullable=False),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('uuid')
    )
    op.create_table('attachments',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('dossier_pk', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('added_at', sa.String(length=27), nullable=False),
    sa.Column('trashed_at', sa.String(length=27), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.String(length=27), nullable=False),
    sa.ForeignKeyConstraint(['dossier_pk'], ['dossiers.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_dossier_pk'), ['dossier_pk'], unique=False)

    op.create_table('contact_events',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('dossier_pk', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=27), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('offer', sa.Text(), nullable=False),
    sa.Column('amount', sa.String(length=32), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('next_contact', sa.Date(), nullable=True),
    sa.Column('amends_uuid', sa.String(length=36), nullable=True),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.String(length=27), nullable=False),
    sa.ForeignKeyConstraint(['dossier_pk'], ['dossiers.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('contact_events', schema=None) as batch_op:
        batch_op.create_index('ix_events_dossier_at', ['dossier_pk', 'at'], unique=False)

    op.create_table('emails',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('dossier_pk', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=50), nullable=False),
    sa.Column('address', sa.String(length=320), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.String(length=27), nullable=False),
    sa.ForeignKeyConstraint(['dossier_pk'], ['dossiers.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emails_dossier_pk'), ['dossier_pk'], unique=False)

    op.create_table('filled_forms',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('dossier_pk', sa.Integer(), nullable=False),
    sa.Column('template_uuid', sa.String(length=36), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.String(length=27), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.String(length=27), nullable=False),
    sa.ForeignKeyConstraint(['dossier_pk'], ['dossiers.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('filled_forms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_filled_forms_dossier_pk'), ['dossier_pk'], unique=False)

    op.create_table('phones',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('dossier_pk', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=50), nullable=False),
    sa.Column('number', sa.String(length=50), nullable=False),
    sa.Column('e164', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('updated_at', sa.String(length=27), nullable=False),
    sa.ForeignKeyConstraint(['dossier_pk'], ['dossiers.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('phones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phones_dossier_pk'), ['dossier_pk'], unique=False)

    op.create_table('attachment_blobs',
    sa.Column('attachment_pk', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['attachment_pk'], ['attachments.pk'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('attachment_pk')
    )

    if op.get_bind().dialect.name == "sqlite":
        op.execute(FTS)
        op.execute(APPEND_ONLY)
    else:
        # no search table on PostgreSQL yet: its SearchIndex (tsvector, unaccent, pg_trgm)
        # comes with its own migration, not this FTS5 one
        for statement in APPEND_ONLY_PG:
            op.execute(statement)
    settings = sa.table(
        "binder_settings",
        *(sa.column(name) for name in (
            "pk", "owner_name", "tab_mode", "horizon_months", "daily_capacity",
            "holiday_country", "phone_region", "currency", "uuid", "updated_at")),
    )
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    op.bulk_insert(settings, [{
        "pk": 1, "owner_name": "", "tab_mode": "calendar", "horizon_months": 1,
        "daily_capacity": 20, "holiday_country": "", "phone_region": "", "currency": "EUR",
        "uuid": str(uuid.uuid4()), "updated_at": now,
    }])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER contact_events_append_only")
        op.execute("DROP TABLE dossier_fts")
    else:
        op.execute("DROP TRIGGER contact_events_append_only ON contact_events")
        op.execute("DROP FUNCTION contact_events_append_only()")
    op.drop_table('attachment_blobs')
    with op.batch_alter_table('phones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phones_dossier_pk'))

    op.drop_table('phones')
    with op.batch_alter_table('filled_forms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_filled_forms_dossier_pk'))

    op.drop_table('filled_forms')
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_emails_dossier_pk'))

    op.drop_table('emails')
    with op.batch_alter_table('contact_events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_dossier_at')

    op.drop_table('contact_events')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_dossier_pk'))

    op.drop_table('attachments')
    op.drop_table('form_templates')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_agenda')

    op.drop_table('dossiers')
    op.drop_table('binder_settings')
