"""The house rules of the design: the core never needs a screen, the filing rules stand alone."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(under: str = "") -> list[Path]:
    return sorted((APP / under).rglob("*.py"))


def test_no_qt_widgets_below_the_ui():
    offenders = {
        str(path.relative_to(APP)): sorted(n for n in _imports(path)
                                           if n.startswith(("PySide6.QtWidgets", "PySide6.QtGui")))
        for path in _modules() if "ui" not in path.relative_to(APP).parts
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_filing_rules_import_nothing_of_ours():
    for path in _modules("binder"):
        ours = {n for n in _imports(path) if n.startswith("app.") and
                not n.startswith("app.binder")}
        assert not ours, f"{path.name} imports {ours}"


def test_ui_writes_no_sql():
    for path in _modules("ui"):
        source = path.read_text(encoding="utf-8")
        assert "sqlalchemy" not in source and "sqlite3" not in source, path.name


def test_cli_runs_without_loading_qt(tmp_path):
    binder = tmp_path / "b.rbinder"
    code = (
        "import sys\n"
        "from app.cli import main\n"
        f"assert main(['--binder', {str(binder)!r}, '--today', '2026-11-24', 'add', "
        "'--name', 'Ana Ruiz']) == 0\n"
        f"assert main(['--binder', {str(binder)!r}, 'tabs']) == 0\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_ui_reaches_the_store_only_through_the_services():
    """Vocabularies and stored formats the window needs come from the core (app.labels,
    the services), never from the store's models."""
    offenders = {str(path.relative_to(APP)): sorted(n for n in _imports(path)
                                                    if n.startswith("app.store"))
                 for path in _modules("ui")}
    assert {k: v for k, v in offenders.items() if v} == {}
