"""Child process of the UI benchmark: starts the real app (or a bare QMainWindow) and says
when the window is shown and usable and the CPU it took, then (mode `app`) times what a user
does all day, each as p50/p95 of 50 runs, wall and CPU, with a floor measured in the same
process:

- switch insert: a click on another tab until the window has painted the new list and card
  (floor: the bare SQLite query for the same rows);
- search keystroke: a letter typed until the results are shown (floor: the bare FTS query);
- scroll of a 1,000-row insert by a page, painted (floor: a bare QListView of as many plain
  strings, scrolled the same);
- autosave edit: a field of the card typed into and saved, the row and the card updated
  (floor: the bare UPDATE of that column in its own transaction).

    python -m tests.bench.ui_child BINDER app|bare|start
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TODAY = date(2026, 11, 24)
RUNS = 50


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1,
                                                   round(0.95 * (len(ordered) - 1)))]


def runs(action: Callable[[int], object], count: int = RUNS) -> dict[str, float]:
    """p50 and p95 of `count` runs, wall and CPU, in ms."""
    wall, cpu = [], []
    for n in range(count):
        start, start_cpu = time.perf_counter(), time.process_time()
        action(n)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    (p50, p95), (c50, c95) = percentiles(wall), percentiles(cpu)
    return {"p50": p50, "p95": p95, "cpu50": c50, "cpu95": c95}


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.repaint()
    print(json.dumps({"shown": time.time(), "cpu": cpu_s()}), flush=True)


def real(binder: Path, measure: bool) -> None:
    import tempfile

    from PySide6.QtCore import QSettings, QStringListModel
    from PySide6.QtWidgets import QApplication, QLineEdit, QListView

    from app.clock import FixedClock
    from app.ui.app import AppController

    app = QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "b.ini"), QSettings.Format.IniFormat)
    controller = AppController(FixedClock(TODAY), settings)
    controller.daily_backup = False  # the day's copy (once a day, in the background) aside
    controller.open(binder)
    window = controller.window
    assert window is not None
    app.processEvents()
    window.repaint()
    figures: dict[str, object] = {"shown": time.time(), "cpu": cpu_s()}
    if not measure:
        print(json.dumps(figures), flush=True)
        controller.shut_down()
        return

    def settle() -> None:
        app.processEvents()  # layouts, then the paint of what changed

    # the user's first action comes after the warm-up (the ORM and the writers made off the
    # GUI thread once the window is shown) and the damage check (off the GUI thread too):
    # measured after them, as the window is used all day

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (controller.warmed_up()
                                                and controller.checking is None):
        app.processEvents()
        time.sleep(0.01)

    bare_db = sqlite3.connect(binder)
    from app.store.queries import ROW_COLUMNS, WORKING_ORDER

    keys = [t.key for t in window.strip.tabs() if t.count and len(t.key) == 10][:25]
    order = keys + keys

    def switch(n: int) -> None:
        window.strip.set_current(order[n % len(order)])
        settle()

    figures["switch"] = runs(switch)
    figures["switch_floor"] = runs(lambda n: bare_db.execute(
        f"SELECT {ROW_COLUMNS} FROM dossiers d WHERE d.archived = 0 AND d.next_contact = ? "
        f"ORDER BY {WORKING_ORDER} LIMIT 200", (order[n % len(order)],)).fetchall())

    words = [w[:k] for w in ("Łukasz", "María", "Иван", "Peña", "600 12", "Kowal", "Sánch",
                              "Ольга", "Nowak", "Gómez") for k in range(1, len(w) + 1)]

    def keystroke(n: int) -> None:
        text = words[n % len(words)]
        window.search.setText(text)
        window.search.textEdited.emit(text)
        settle()

    figures["keystroke"] = runs(keystroke)
    figures["keystroke_floor"] = runs(lambda n: bare_db.execute(
        "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ? LIMIT 50",
        (f'"{words[n % len(words)]}"*',)).fetchall())
    window.search.clear()
    window.search.textEdited.emit("")
    settle()

    # the fullest insert (a month of thousands at 100k), its rows fetched to a thousand
    month = max(window.strip.tabs(), key=lambda t: t.count).key
    window.strip.set_current(month)
    settle()
    view = window.list
    while view.model_.rowCount() < 1000 and view.model_.canFetchMore():
        view.model_.fetchMore()
    bar = view.verticalScrollBar()

    def scroll(n: int) -> None:
        bar.setValue((n * bar.pageStep()) % max(1, bar.maximum()))
        settle()

    figures["scroll"] = runs(scroll)
    figures["scroll_rows"] = view.model_.rowCount()
    plain = QListView()
    plain.setModel(QStringListModel([r.name for r in view.model_.rows()]))
    plain.resize(view.size())
    plain.show()
    settle()
    plain_bar = plain.verticalScrollBar()
    figures["scroll_floor"] = runs(lambda n: (
        plain_bar.setValue((n * plain_bar.pageStep()) % max(1, plain_bar.maximum())),
        settle()))
    plain.close()

    # the autosave of a field typed into the card, on today's insert
    window.go_today()
    settle()
    field = window.pane.fields.fields["company"].widget
    assert isinstance(field, QLineEdit)
    dossier = window.pane.dossier_id

    def edit(n: int) -> None:
        field.setText(f"Frutas Peña S.L. {n}")
        window.pane.fields.flush()
        settle()

    figures["edit"] = runs(edit)
    writer = sqlite3.connect(binder, isolation_level=None)

    def bare_edit(n: int) -> None:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE dossiers SET company = ? WHERE uuid = ?",
                       (f"Frutas Peña S.L. {n}", dossier))
        writer.execute("COMMIT")

    figures["edit_floor"] = runs(bare_edit)
    writer.close()
    figures["rss_mb"] = rss_mb()
    print(json.dumps(figures), flush=True)
    controller.shut_down()


if __name__ == "__main__":
    mode = sys.argv[2]
    if mode == "bare":
        bare()
    else:
        real(Path(sys.argv[1]), measure=mode == "app")
