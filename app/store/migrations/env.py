"""Alembic environment: migrations always run on the connection the binder opener hands in,
SQLite (a solo binder) or PostgreSQL (a team binder)."""

from alembic import context

from app.store.models import Base

connection = context.config.attributes["connection"]
postgres = connection.dialect.name == "postgresql"
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters tables by copying them; PostgreSQL alters them in place
    render_as_batch=not postgres,
)
with context.begin_transaction():
    context.run_migrations()
    if postgres:  # text ordered as SQLite orders it, whichever locale the server has
        from app.store.pg_schema import byte_order

        byte_order(connection)
