"""Screenshots of the reports for the README: the Activity and the Workload tabs over a demo
binder made on the spot (the demo writes months of history before today).

    python packaging/shoot_reports.py packaging/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from shoot_handover import wait  # beside this script

from app.clock import FixedClock
from app.services import open_services
from app.services.demo import generate_demo
from app.ui.main_window import MainWindow
from app.ui.reports_window import ReportsWindow

TODAY = date(2026, 11, 24)


def main(out: Path) -> None:
    app = QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    clock = FixedClock(TODAY)
    services = open_services(folder / "binder.rbinder", clock, create=True)
    generate_demo(services, 1000, seed=1)
    window = MainWindow(services, clock, QSettings(str(folder / "ui.ini"),
                                                   QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    reports = ReportsWindow(window.parts, window)
    reports.resize(900, 720)
    reports.show()
    for kind in ("activity", "workload"):
        reports.tabs.setCurrentIndex(reports.KINDS.index(kind))
        wait(app, lambda k=kind: k in reports.shown)
        app.processEvents()
        reports.grab().save(str(out / f"reports-{kind}.png"))
    reports.close()
    window.close()
    services.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "packaging/screenshots"))
