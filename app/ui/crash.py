"""When something goes wrong: log it where the user can find it, and say where.

Every edit is already committed to the binder when it is made, so an unexpected error loses
nothing typed; the message tells the user the work is safe and where the log is.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_path

log = logging.getLogger("ringbinder")
_shown: list[object] = []


def log_file() -> Path:
    return user_log_path("Ringbinder", appauthor=False) / "ringbinder.log"


def install() -> Path:
    """Log to a file, dump native crashes there too, and report Python errors in a dialog."""
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    faulthandler.enable(handler.stream)
    sys.excepthook = _report
    return path


def _report(kind: type[BaseException], error: BaseException,
            tb: TracebackType | None) -> None:
    log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, error, tb)))
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, tb)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, QApplication.translate("Crash", "Ringbinder"),
                      QApplication.translate(
                          "Crash", "Something went wrong: {error}\n\nEverything you entered "
                          "is saved in the binder. The details are in {log}.").format(
                          error=error, log=log_file()),
                      parent=QApplication.activeWindow())
    _shown.append(box)  # keep it alive after this hook returns
    box.finished.connect(lambda _result: _shown.remove(box))
    box.open()
