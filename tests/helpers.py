"""Small helpers shared by the tests."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any


def binder_digest(where: Any) -> str:
    """A digest of a binder's whole contents, to show that a refused command changed nothing:
    of a binder file (a path), or of the binder open in `Services` (a file or a team binder)."""
    if not isinstance(where, (str, Path)):
        if where.team:
            return _team_digest(where)
        where = where.path
    conn = sqlite3.connect(f"file:{where}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode())
        return digest.hexdigest()
    finally:
        conn.close()


def _team_digest(services: Any) -> str:
    """Every row of every table of a team binder, in a fixed order."""
    from sqlalchemy import text

    digest = hashlib.sha256()
    with services.db.engine.connect() as conn:
        tables = conn.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")).scalars()
        for table in list(tables):
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            digest.update(f"{table}\n".encode())
            for row in sorted(repr(tuple(row)) for row in rows):
                digest.update(row.encode())
    return digest.hexdigest()


def raw_sql(services: Any, sql: str, params: Any = None) -> list[tuple]:
    """Run SQLite-style SQL on the binder behind the services' back (as another program, or
    an older version, would have written it), committed; the rows it returns."""
    from app.store.dialect import run

    with services.db.engine.begin() as conn:
        result = run(conn, sql, params)
        return [tuple(r) for r in result] if result.returns_rows else []


def undo_team_users(conn: sqlite3.Connection) -> None:
    """What 0012_team_users' downgrade leaves of a binder file (no people, no owners, the
    counts as 0007 keeps them): the first step back to an older version's binder."""
    import importlib

    counts = importlib.import_module("app.store.migrations.versions.0007_insert_counts")
    for name in ("dossier_counts_insert", "dossier_counts_delete", "dossier_counts_update"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE dossier_counts")
    conn.execute("ALTER TABLE dossiers DROP COLUMN owner_pk")
    conn.execute("DROP TABLE users")
    conn.execute(counts.TABLE)
    conn.execute(counts.FILL)
    for name, body in counts.TRIGGERS.items():
        conn.execute(f"CREATE TRIGGER {name} {body}")
