"""Screenshots of the handover for the README: a return file opened read-only in its window,
the merge preview, and the conflict dialog, over real binders made on the spot.

    python packaging/shoot_handover.py packaging/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.clock import FixedClock
from app.services import open_services
from app.services.demo import generate_demo
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from app.ui.app import _grab_with_dialog
from app.ui.main_window import MainWindow

TODAY = date(2026, 11, 24)
SECRET = "shot-passphrase"


def wait(app: QApplication, ready: Callable[[], bool], timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.02)


def main(out: Path) -> None:
    app = QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    clock = FixedClock(TODAY)
    owner = open_services(folder / "owner.rbinder", clock, create=True)
    generate_demo(owner, 400, seed=1)
    owner.settings.update(owner_name="Łucja Kowalczyk")
    out_file, back_file = folder / "out.rbh", folder / "back.rbh"
    owner.handover.export(out_file, start=TODAY, end=TODAY + timedelta(days=14), overdue=True,
                          to_person="Piotr Nowak", passphrase=SECRET)
    colleague = open_services(folder / "colleague.rbinder", clock, create=True)
    colleague.settings.update(owner_name="Piotr Nowak")
    colleague.handover.merge(out_file, SECRET)
    ids = [r.id for r in colleague.views.list_insert("today")]
    for i, dossier_id in enumerate(ids[:4]):
        colleague.filing.log_contact(dossier_id, ContactLog(
            "call", "Rozmowa w zastępstwie", "Prosi o ofertę do piątku"),
            NextStep(TODAY + timedelta(days=3 + i), purpose="Wysłać ofertę"))
    colleague.dossiers.update(ids[0], notes="Piotr: the buyer changed; ask for Ms Ortega.")
    colleague.dossiers.update(ids[1], company="Grupa Nowa Sp. z o.o.")
    colleague.dossiers.create(NewDossier(name="Inés Ortega Ruiz", company="Fábrica Casas S.L.L.",
                                         phones=["+34 612 000 111"],
                                         next_contact=TODAY + timedelta(days=2)))
    colleague.handover.return_handover(back_file, passphrase=SECRET)
    colleague.close()
    owner.dossiers.update(ids[0], notes="Łucja: prefers e-mail; never call before 10.")
    owner.dossiers.update(ids[1], company="Grupa Stara S.A.")

    window = MainWindow(owner, clock, QSettings(str(folder / "ui.ini"),
                                                QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    window.handover.ask_passphrase = lambda _path, _retry: SECRET
    window.handover.open_file(back_file)
    wait(app, lambda: window.handover.viewer is not None)
    viewer = window.handover.viewer
    viewer.resize(1366, 768)
    app.processEvents()
    viewer.grab().save(str(out / "handover-window.png"))
    viewer.take_over.trigger()
    wait(app, lambda: window.handover.preview is not None)
    preview = window.handover.preview
    viewer.dialog = preview
    app.processEvents()
    _grab_with_dialog(viewer).save(str(out / "handover-preview.png"))
    conflicts = preview.resolve_conflicts()
    app.processEvents()
    conflicts.grab().save(str(out / "handover-conflicts.png"))
    conflicts.reject()
    preview.reject()
    viewer.close()
    window.close()
    owner.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "packaging/screenshots"))
