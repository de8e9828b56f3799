"""A team binder tells the windows open on it what changed: every committed statement on the
dossiers and what hangs from them, the templates and the settings sends a short JSON note
on the channel "ringbinder" (pg_notify), which app/store/team_listen.py turns into a
`Changes` for the window. PostgreSQL only: a binder file has one writer, the window itself
(on SQLite this revision does nothing).

Statement-level triggers with transition tables: one note per statement (an empty
statement sends none), naming the dossiers' uuids ("d"), the next-contact dates they left
or reached ("t", null for undated; only the dossiers table moves dates; a dossier given to
someone else leaves and reaches its date in two strips), "a" when the Archive insert's
content changed, "s" for the settings, "f" for the templates. A note that
would name more than LIMIT dossiers or dates says {"all": 1} instead (read everything
again), which keeps it far below PostgreSQL's 8000-byte limit; so does a transaction past
PER_TRANSACTION notes (an import written row by row): one {"all": 1}, then nothing more.
PostgreSQL sends the notes at commit, only for committed work, each distinct note once.

Revision ID: 0011_postgres_notify
Revises: 0010_postgres_search
"""

from alembic import op

revision = "0011_postgres_notify"
down_revision = "0010_postgres_search"
branch_labels = None
depends_on = None

CHANNEL = "ringbinder"
LIMIT = 100  # dossiers (or dates) one note names at most: 100 uuids are about 4 KB
PER_TRANSACTION = 50  # notes one transaction sends before it says "all" and stops

# sends a note, or {"all":1} once the transaction has sent PER_TRANSACTION of them
SEND = f"""
CREATE FUNCTION ringbinder_send(note jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    sent int := coalesce(nullif(current_setting('ringbinder.sent', true), ''), '0')::int;
BEGIN
    IF sent > {PER_TRANSACTION} THEN
        RETURN;
    END IF;
    PERFORM set_config('ringbinder.sent', (sent + 1)::text, true);
    IF sent = {PER_TRANSACTION} THEN
        note := '{{"all": 1}}';
    END IF;
    PERFORM pg_notify('{CHANNEL}', note::text);
END $$
"""

# the dossiers: who, the dates left or reached (by a dossier not archived), the archive
DOSSIERS = f"""
CREATE FUNCTION ringbinder_notify_dossiers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text[];
    days date[];
    archive boolean;
    any_day boolean;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT uuid), array_agg(DISTINCT next_contact) FILTER
            (WHERE NOT archived), bool_or(archived), bool_or(NOT archived)
            INTO ids, days, archive, any_day FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT uuid), array_agg(DISTINCT next_contact) FILTER
            (WHERE NOT archived), bool_or(archived), bool_or(NOT archived)
            INTO ids, days, archive, any_day FROM old_rows;
    ELSE
        SELECT array_agg(DISTINCT uuid) INTO ids FROM new_rows;
        IF cardinality(ids) > {LIMIT} THEN
            PERFORM ringbinder_send('{{"all": 1}}');
            RETURN NULL;
        END IF;
        WITH moved AS (
            SELECT o.next_contact AS old_day, o.archived AS old_archived,
                n.next_contact AS new_day, n.archived AS new_archived
            FROM new_rows n JOIN old_rows o ON o.pk = n.pk
            WHERE o.next_contact IS DISTINCT FROM n.next_contact
                OR o.archived IS DISTINCT FROM n.archived
                -- given to someone else (0012_team_users): it leaves one strip for another
                OR to_jsonb(o) -> 'owner_pk' IS DISTINCT FROM to_jsonb(n) -> 'owner_pk'),
        sides AS (
            SELECT old_day AS day, old_archived AS archived FROM moved
            UNION ALL SELECT new_day, new_archived FROM moved)
        SELECT array_agg(DISTINCT day) FILTER (WHERE NOT archived), bool_or(archived),
            bool_or(NOT archived) INTO days, archive, any_day FROM sides;
    END IF;
    IF ids IS NULL THEN
        RETURN NULL;  -- the statement changed no row
    END IF;
    IF cardinality(ids) > {LIMIT} OR coalesce(cardinality(days), 0) > {LIMIT} THEN
        PERFORM ringbinder_send('{{"all": 1}}');
    ELSE
        PERFORM ringbinder_send(jsonb_strip_nulls(jsonb_build_object(
            'd', to_jsonb(ids),
            't', CASE WHEN any_day THEN to_jsonb(days) END,
            'a', CASE WHEN archive THEN 1 END)));
    END IF;
    RETURN NULL;
END $$
"""

# what hangs from a dossier (its phones, e-mails, history, documents, forms): who
CHILDREN = f"""
CREATE FUNCTION ringbinder_notify_children() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT d.uuid) INTO ids
            FROM new_rows c LEFT JOIN dossiers d ON d.pk = c.dossier_pk;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT d.uuid) INTO ids
            FROM old_rows c LEFT JOIN dossiers d ON d.pk = c.dossier_pk;
    ELSE
        SELECT array_agg(DISTINCT d.uuid) INTO ids
            FROM (SELECT dossier_pk FROM new_rows UNION SELECT dossier_pk FROM old_rows) c
            LEFT JOIN dossiers d ON d.pk = c.dossier_pk;
    END IF;
    ids := array_remove(ids, NULL);  -- a dossier deleted with them sends its own note
    IF coalesce(cardinality(ids), 0) = 0 THEN  -- no row, or no dossier left
        RETURN NULL;
    END IF;
    IF cardinality(ids) > {LIMIT} THEN
        PERFORM ringbinder_send('{{"all": 1}}');
    ELSE
        PERFORM ringbinder_send(jsonb_build_object('d', to_jsonb(ids)));
    END IF;
    RETURN NULL;
END $$
"""

# a table read whole by the window (the templates, the settings): the note is TG_ARGV[0]
WHOLE = """
CREATE FUNCTION ringbinder_notify_whole() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM 1 FROM old_rows LIMIT 1;
    ELSE
        PERFORM 1 FROM new_rows LIMIT 1;
    END IF;
    IF FOUND THEN
        PERFORM ringbinder_send(TG_ARGV[0]::jsonb);
    END IF;
    RETURN NULL;
END $$
"""

FUNCTIONS = {"ringbinder_send(jsonb)": SEND, "ringbinder_notify_dossiers()": DOSSIERS,
             "ringbinder_notify_children()": CHILDREN, "ringbinder_notify_whole()": WHOLE}
# table -> (function, its argument)
TABLES = {
    "dossiers": ("ringbinder_notify_dossiers", ""),
    "phones": ("ringbinder_notify_children", ""),
    "emails": ("ringbinder_notify_children", ""),
    "contact_events": ("ringbinder_notify_children", ""),
    "attachments": ("ringbinder_notify_children", ""),
    "filled_forms": ("ringbinder_notify_children", ""),
    "form_templates": ("ringbinder_notify_whole", "'{\"f\": 1}'"),
    "proposal_templates": ("ringbinder_notify_whole", "'{\"f\": 1}'"),
    "binder_settings": ("ringbinder_notify_whole", "'{\"s\": 1}'"),
}
# a trigger with transition tables names one event
EVENTS = {
    "insert": "AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows",
    "update": "AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for body in FUNCTIONS.values():
        op.execute(body)
    for table, (function, argument) in TABLES.items():
        for event, when in EVENTS.items():
            op.execute(f"CREATE TRIGGER ringbinder_notify_{event} {when.format(table=table)} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION {function}({argument})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER ringbinder_notify_{event} ON {table}")
    for name in reversed(FUNCTIONS):
        op.execute(f"DROP FUNCTION {name}")
