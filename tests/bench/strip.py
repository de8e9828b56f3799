"""Benchmarks of the date-tab strip at 1366×768: painting it whole, and a switch of insert
(set_current and the repaint Qt then does of what it was told to update).

Each figure is printed beside its target (the issue's: a switch within 2 ms) and a floor
measured in the same run: a widget of the same size whose paint is one fillRect. The
machine may be shared, so the times are CPU times of this process (wall times printed
after, unchecked).

    QT_QPA_PLATFORM=offscreen python -m tests.bench.strip [--repeat 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QMessageLogContext, QObject, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from app.binder import InsertKind, build_strip
from app.binder.capacity import Load, load_level
from app.i18n import insert_label, set_locale
from app.services.dto import Tab
from app.ui import theme
from app.ui.tab_strip import STRIP_HEIGHT, TabStrip
from tests.bench.timing import report_row, verdict

TODAY = date(2026, 11, 24)
CAPACITY = 20
WIDTH = 1366
TARGETS = {"switch": 2.0}  # ms


def demo_tabs(today: date = TODAY) -> list[Tab]:
    """The strip of `today` with made-up counts (a few days over capacity, one in thousands)."""
    tabs = []
    for n, insert in enumerate(build_strip(today)):
        count = 1264 if n == 3 else (n * 7) % 31
        is_day = insert.kind is InsertKind.DAY
        tabs.append(Tab(insert.key, insert.kind, insert_label(insert, n == 1), count,
                        is_day and load_level(count, CAPACITY) is Load.OVER,
                        insert.day, insert.first, insert.last, insert.working))
    return tabs


class Floor(QWidget):
    """The least a repaint of the strip's area can cost: one fillRect."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.TAB_FACE)
        painter.end()


class Paints(QObject):
    """Counts the paint events a widget gets (so that a switch is known to have painted)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """(first call wall, median CPU, median wall) in milliseconds."""
    start = time.perf_counter()
    fn()
    first = (time.perf_counter() - start) * 1000
    cpu, wall = [], []
    for _ in range(repeat):
        start_cpu, start = time.process_time(), time.perf_counter()
        fn()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(cpu), statistics.median(wall)


def shown(widget: QWidget) -> QWidget:
    """`widget` laid out across the top of a 1366×768 window, shown and painted once."""
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    layout.addStretch(1)
    window.resize(WIDTH, 768)
    window.show()
    for _ in range(3):
        QApplication.processEvents()
    return window


def bench(repeat: int) -> list[tuple[str, float, float, float, float, str]]:
    """(name, first, median CPU, median wall, floor CPU, target key) per figure."""
    tabs = demo_tabs()
    strip = TabStrip()
    strip.set_tabs(tabs, TODAY, CAPACITY)
    strip.set_current(TODAY.isoformat(), notify=False)
    floor = Floor()
    floor.setFixedHeight(STRIP_HEIGHT)
    windows = [shown(strip), shown(floor)]
    assert strip.width() == floor.width() == WIDTH, (strip.width(), floor.width())

    rows = []
    _first, floor_grab, _wall = measure(floor.grab, repeat)
    first, cpu, wall = measure(strip.grab, repeat)
    rows.append(("paint the whole strip (grab)", first, cpu, wall, floor_grab, ""))
    cache = getattr(strip, "_pixmaps", {})

    def cold() -> None:
        cache.clear()  # as after a resize, a new day or a new palette
        strip.grab()

    first, cpu, wall = measure(cold, repeat)
    rows.append(("paint the whole strip, no pixmaps kept", first, cpu, wall, floor_grab, ""))

    def floor_update() -> None:
        floor.update()
        QApplication.processEvents()

    _first, floor_switch, _wall = measure(floor_update, repeat)
    paints = Paints(strip)
    keys = [t.key for t in tabs if t.kind is InsertKind.DAY][:10]
    turn = [0]

    def switch() -> None:
        turn[0] += 1
        strip.set_current(keys[turn[0] % len(keys)], notify=False)
        QApplication.processEvents()

    first, cpu, wall = measure(switch, repeat)
    assert paints.count >= repeat, paints.count  # every switch painted
    rows.append(("set_current + repaint", first, cpu, wall, floor_switch, "switch"))

    def recount() -> None:
        turn[0] += 1
        changed = list(tabs)
        changed[5] = replace(tabs[5], count=tabs[5].count + turn[0] % 2)
        strip.set_tabs(changed, TODAY, CAPACITY)
        QApplication.processEvents()

    first, cpu, wall = measure(recount, repeat)
    rows.append(("set_tabs, one count changed + repaint", first, cpu, wall, floor_switch, ""))
    for window in windows:
        window.close()
    return rows


def quiet_offscreen(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's messages, but for what the offscreen platform says it cannot do."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.strip")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    set_locale("en_US")
    qInstallMessageHandler(quiet_offscreen)
    app = QApplication.instance() or QApplication([])
    del app  # kept alive by Qt
    print(f"Ringbinder tab strip benchmarks ({WIDTH}×768, {len(demo_tabs())} tabs, "
          f"median of {args.repeat} runs; CPU ms, wall ms after)")
    print(f"  {'operation':<40} {'first':>10} {'median':>10} {'target':>9} {'floor':>10}")
    failed = []
    for name, first, cpu, wall, floor, key in bench(args.repeat):
        line, over = report_row(name, first, cpu, TARGETS.get(key), floor, width=40)
        print(f"{line}   (wall {wall:.2f}ms)")
        if over:
            failed.append(name)
    return verdict(failed)


if __name__ == "__main__":
    sys.exit(main())
