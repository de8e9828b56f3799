"""Child process of the UI benchmark: starts the real app (or a bare QMainWindow) and says
when the window is shown and usable, then measures tab switches, search and memory.

    python -m tests.bench.ui_child BINDER app|bare
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TODAY = date(2026, 11, 24)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.repaint()
    print(json.dumps({"shown": time.time()}), flush=True)


def real(binder: Path) -> None:
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from app.clock import FixedClock
    from app.ui.app import AppController

    app = QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "b.ini"), QSettings.Format.IniFormat)
    controller = AppController(FixedClock(TODAY), settings)
    controller.open(binder)
    window = controller.window
    assert window is not None
    app.processEvents()
    window.repaint()
    shown = time.time()
    rows = window.list.model_.rowCount()

    switches = []
    keys = [t.key for t in window.strip.tabs()]
    for key in keys[:30] + keys[:30]:
        start = time.perf_counter()
        window.strip.set_current(key)
        window.repaint()
        switches.append((time.perf_counter() - start) * 1000)
    month = next(k for k in keys if len(k) == 7)
    start = time.perf_counter()
    window.strip.set_current(month)
    window.repaint()
    month_ms = (time.perf_counter() - start) * 1000

    keystrokes = []
    for word in ("Łukasz", "María", "Иван", "Peña", "600 12"):
        for n in range(1, len(word) + 1):
            start = time.perf_counter()
            window.search.setText(word[:n])
            window.search.textEdited.emit(word[:n])
            app.processEvents()
            keystrokes.append((time.perf_counter() - start) * 1000)
    print(json.dumps({
        "shown": shown, "rows_today": rows, "switch_median": statistics.median(switches),
        "switch_max": max(switches), "month_switch": month_ms, "month_rows":
        window.list.model_.rowCount(), "search_median": statistics.median(keystrokes),
        "search_max": max(keystrokes), "rss_mb": rss_mb()}), flush=True)
    controller.shut_down()


if __name__ == "__main__":
    if sys.argv[2] == "bare":
        bare()
    else:
        real(Path(sys.argv[1]))
