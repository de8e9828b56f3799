"""The store is the one boundary to the database (issue 17): the services say what to read
and write and call the store, which alone holds SQL and talks to the driver, so that another
database can be put behind it without touching them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SERVICES = Path(__file__).resolve().parent.parent / "app" / "services"
# the write paths: the demo, the handover (export, merge and its log), the import
WRITES = ("demo.py", "demo_data.py", "demo_documents.py", "demo_history.py", "demo_notes.py",
          "handover.py", "handover_rows.py", "handover_log.py", "importing.py",
          "import_rows.py", "import_apply.py", "import_events.py", "import_types.py")
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|PRAGMA|WITH|CREATE|DROP)\s",
                 re.IGNORECASE)
DRIVER = {"sqlite3", "sqlite_of", "cursor_of", "exec_driver_sql", "executemany",
          "driver_connection", "text"}


def _offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and SQL.match(node.value):
            found.append(f"SQL {node.value[:40]!r} on line {node.lineno}")
        elif isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name in DRIVER]
        elif isinstance(node, ast.ImportFrom):
            if node.module == "sqlite3" or node.module == "app.store.driver":
                found.append(f"imports {node.module}")
            found += [f"imports {a.name}" for a in node.names
                      if a.name in DRIVER and node.module == "sqlalchemy"]
        elif isinstance(node, ast.Attribute) and node.attr in DRIVER - {"text"}:
            found.append(f".{node.attr} on line {node.lineno}")
    return found


def test_the_write_paths_hold_no_sql_and_no_driver():
    offenders = {name: _offences(SERVICES / name) for name in WRITES}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_service_holds_sql_or_the_driver():
    offenders = {path.name: _offences(path) for path in sorted(SERVICES.glob("*.py"))}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_sees_sql_and_the_driver(tmp_path):
    """The check above would notice what it guards against."""
    sample = tmp_path / "sample.py"
    sample.write_text('import sqlite3\nfrom sqlalchemy import text\n'
                      'def f(conn):\n    conn.exec_driver_sql("SELECT max(pk) FROM x")\n',
                      encoding="utf-8")
    assert len(_offences(sample)) == 4
