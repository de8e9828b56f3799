"""What a team binder's schema needs beyond the migrations' tables: text compared and
ordered byte by byte, as SQLite compares it.

A PostgreSQL database orders text by its locale (en_US ignores spaces and punctuation at
first sight, ru_RU puts Cyrillic first), so lists, the search's ties and every `ORDER BY`
of a team binder would come out in another order than a solo binder's. Every text column
of the binder's tables is given the "C" collation (code point order of UTF-8, SQLite's
BINARY) after each migration run (app/store/migrations/env.py): a column a later migration
adds is covered without naming it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy import Connection

_NOT_BYTE_ORDERED = text(
    "SELECT c.table_name, c.column_name, c.data_type, c.character_maximum_length "
    "FROM information_schema.columns c JOIN information_schema.tables t "
    "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
    "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
    "AND c.data_type IN ('character varying', 'text') "
    "AND c.collation_name IS DISTINCT FROM 'C' AND c.table_name <> 'alembic_version' "
    "ORDER BY c.table_name, c.ordinal_position")


def byte_order(conn: Connection) -> None:
    """Give every text column of the current schema's tables the "C" collation (a no-op
    for those that have it)."""
    for table, column, kind, length in conn.execute(_NOT_BYTE_ORDERED).all():
        sql_type = f"varchar({int(length)})" if kind == "character varying" and length \
            else "varchar" if kind == "character varying" else "text"
        conn.execute(text(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" '
                          f'TYPE {sql_type} COLLATE "C"'))
