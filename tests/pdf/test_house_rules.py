"""Printing stays in its place: app/pdf renders from plain records without a database or Qt,
and opening a binder does not load reportlab (the app and every CLI command start without
it; the first print pays for it)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PDF = Path(__file__).resolve().parents[2] / "app" / "pdf"


def _runtime_imports(path: Path) -> set[str]:
    """Modules imported when the file runs (not those under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
              and ast.unparse(block.test) == "TYPE_CHECKING" for node in ast.walk(block)}
    names = set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_pdf_rendering_needs_no_database_services_or_qt():
    for path in sorted(PDF.glob("*.py")):
        bad = {n for n in _runtime_imports(path)
               if n.startswith(("app.store", "app.services", "sqlalchemy", "PySide6"))}
        assert not bad, f"{path.name} imports {bad}"


def test_opening_a_binder_does_not_load_reportlab(tmp_path):
    code = (
        "import sys\n"
        "from app.services import open_services\n"
        f"open_services({str(tmp_path / 'b.rbinder')!r}, create=True).close()\n"
        "assert not any(m.startswith('reportlab') for m in sys.modules), 'reportlab loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
