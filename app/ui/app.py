"""Starting the Qt application.  The main window arrives with the next issue; until then this
shows the binder's inserts and today's work so that `make run` opens something useful."""

from __future__ import annotations

import argparse
import sys

from app.clock import Clock
from app.services import open_services
from app.services.binder import default_binder_path

FIRST_RUN_DEMO_CLIENTS = 1000


def run_gui(args: argparse.Namespace, clock: Clock) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    path = args.binder or default_binder_path()
    first_run = not path.exists()
    services = open_services(path, clock, create=True)
    if first_run and args.binder is None:
        from app.services.demo import generate_demo

        generate_demo(services, FIRST_RUN_DEMO_CLIENTS)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle(QApplication.translate("MainWindow", "Ringbinder — {path}").format(
        path=path.name))
    lines = [f"{t.label}: {t.count}" for t in services.views.tabs() if t.count]
    window.setCentralWidget(QLabel("\n".join(lines)))
    window.resize(900, 700)
    if args.screenshot:
        window.grab().save(str(args.screenshot))
        services.close()
        return 0
    window.show()
    try:
        return app.exec()
    finally:
        services.close()
