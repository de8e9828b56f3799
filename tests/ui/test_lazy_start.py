"""The window's first screen is read in plain SQL: SQLAlchemy, the ORM and the writers are
loaded after it is shown (or by the first edit), and nothing the user does changes for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from app.clock import FixedClock
from app.services import open_services
from app.services.demo import generate_demo
from app.services.dossiers import NewDossier

TODAY = date(2026, 11, 24)

CHILD = """
import json, sys
from datetime import date
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLineEdit
from app.clock import FixedClock
from app.ui.app import AppController

app = QApplication([])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
controller = AppController(FixedClock(date(2026, 11, 24)), settings)
controller.daily_backup = False  # the damage check stays off the GUI thread, as in use
controller.open(Path(sys.argv[1]))
window = controller.window
app.processEvents()
window.repaint()
shown = {"sqlalchemy": "sqlalchemy" in sys.modules, "tabs": len(window.strip.tabs()),
         "rows": window.list.model_.rowCount(), "card": window.pane.dossier_id,
         "header": window.pane.header.text()}
field = window.pane.fields.fields["company"].widget
field.setText("Frutas Peña S.L.")
window.pane.fields.flush()  # the first edit: the writer made now if the warm-up was not done
edited = window.services.views.card(window.pane.dossier_id).company
print(json.dumps({"shown": shown, "edited": edited,
                  "row": window.list.model_.rows()[window.list.currentIndex().row()].company}))
controller.shut_down()
"""


def test_the_window_shows_its_first_screen_without_sqlalchemy(tmp_path: Path) -> None:
    binder = tmp_path / "b.rbinder"
    with open_services(binder, FixedClock(TODAY), create=True) as services:
        generate_demo(services, 60, seed=3)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD, str(binder), str(tmp_path / "s.ini")],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    shown = figures["shown"]
    assert not shown["sqlalchemy"], "the first screen loaded SQLAlchemy"
    assert shown["tabs"] > 30 and shown["rows"] > 0 and shown["card"]  # all of it there
    assert figures["edited"] == "Frutas Peña S.L." == figures["row"]  # and the edit saved
    with open_services(binder, FixedClock(TODAY)) as services:
        assert services.views.card(shown["card"]).company == "Frutas Peña S.L."


def test_plain_reads_see_each_commit_and_read_beside_an_open_write(services) -> None:
    """The reads' own connection sees what the engine committed, and reads the binder as
    committed while a write transaction is open on the engine (no waiting on its lock)."""
    dossier_id, _changes = services.dossiers.create(_new("Ana Ruiz"))
    assert [r.name for r in services.views.list_insert("today")] == ["Ana Ruiz"]
    with services.db.write():
        services.dossiers  # noqa: B018
        assert services.views.rows_by_id([dossier_id])[0].company == ""
    services.dossiers.update(dossier_id, company="Frutas Ruiz S.L.")
    assert services.views.card(dossier_id).company == "Frutas Ruiz S.L."
    assert services.views.rows_by_id([dossier_id])[0].company == "Frutas Ruiz S.L."


def _new(name: str) -> NewDossier:
    return NewDossier(name=name, next_contact=TODAY)
