"""What tells a binder file, without SQLAlchemy: the schema revisions this version reads,
SQLite's header, and the URI a binder is opened read-only with. Shared by the store
(database.py) and the command line's quick reads (app/cli_read.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from app.store.readonly import immutable

# Every schema revision this version can read, oldest first; the last is the head.
SCHEMA_REVISIONS = ("0001_baseline", "0002_list_order", "0003_handover_bases",
                    "0004_handover_log", "0005_safe_document_names", "0006_imports",
                    "0007_insert_counts", "0008_schedule_stamps",
                    "0009_proposal_templates", "0010_postgres_search", "0011_postgres_notify",
                    "0012_team_users", "0013_search_plan", "0014_search_lean")
SCHEMA_HEAD = SCHEMA_REVISIONS[-1]
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def readonly_uri(path: Path) -> str:
    """The sqlite3 URI that reads a binder without writing to it: the path escaped (a name
    with '?', '#' or '%' must not be read as a query, a fragment or an escape), `immutable`
    when its folder cannot hold SQLite's side files (see readonly.immutable)."""
    uri_path = quote(str(path), safe="/:\\")  # drive letters and separators stay as they are
    return f"file:{uri_path}?mode=ro" + ("&immutable=1" if immutable(path) else "")
