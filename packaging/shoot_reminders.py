"""Screenshots of the reminders for the README: the window at 14:15 with the day's summary and
the 14:30 visit announced (in the status bar, where the offscreen platform has no tray; on a
desktop the same words come as the tray's notification), a double booking marked in the list,
and the tray icon's menu with the day's coming appointments.

    python packaging/shoot_reminders.py packaging/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from app.clock import FixedClock
from app.services import open_services
from app.services.demo import generate_demo
from app.services.dossiers import NewDossier
from app.ui.main_window import MainWindow
from app.ui.tray import Reminders

TODAY = date(2026, 11, 24)


def main(out: Path) -> None:
    app = QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    clock = FixedClock(TODAY, at=time(14, 15))
    services = open_services(folder / "binder.rbinder", clock, create=True)
    generate_demo(services, 400, seed=1)
    services.dossiers.create(NewDossier(
        "Ana López", company="Fábrica Casas S.L.L.", phones=["+34 612 000 111"],
        next_contact=TODAY, time="14:30", purpose="Visit: bring the samples", fixed=True))
    for name, at in (("Jan Kowalczyk", "13:30"), ("Олег Ёлкин", "13:45")):
        services.dossiers.create(NewDossier(name, next_contact=TODAY, time=at,
                                            purpose="Call about the offer"))
    window = MainWindow(services, clock, QSettings(str(folder / "ui.ini"),
                                                   QSettings.Format.IniFormat))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.reminders = Reminders(window.parts, window.jump_to, tray=False)
    app.processEvents()
    window.grab().save(str(out / "reminders-1366x768.png"))

    tray = Reminders(window.parts, window.jump_to, tray=True)
    menu = tray.menu
    menu.adjustSize()
    shot = QPixmap(menu.width() + 84, max(menu.height(), 72) + 8)
    shot.fill(QColor("#e8e8e8"))
    painter = QPainter(shot)
    assert tray.tray is not None  # its icon carries today's count
    painter.drawPixmap(4, 4, tray.tray.icon().pixmap(64, 64))
    painter.drawPixmap(80, 4, menu.grab())
    painter.end()
    shot.save(str(out / "tray-menu.png"))
    tray.stop()
    window.reminders.stop()
    window.close()
    services.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "packaging/screenshots"))
