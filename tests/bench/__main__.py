"""Benchmarks of the binder engine on demo binders of 1k, 10k and 100k dossiers.

Each figure is printed beside its target and beside a floor measured in the same run on the
same file: a bare SQLite query through the sqlite3 module, the least the operation could cost.

    python -m tests.bench [--sizes 1000 10000 100000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.clock import FixedClock
from app.services import open_services
from app.services.demo import generate_demo
from app.store import open_binder
from app.store.queries import ROW_COLUMNS
from tests.bench.timing import report_row, timed

TODAY = date(2026, 11, 24)
DATA = Path(os.environ.get("RINGBINDER_BENCH_DATA", "bench-data"))
# targets at 100k dossiers (ms), from the issue
TARGETS = {"open": 150.0, "tabs": 20.0, "list": 10.0, "search": 20.0, "demo": 60_000.0,
           "window": 1500.0, "switch": 50.0, "keystroke": 50.0, "memory": 300.0}


def ui_bench(path: Path) -> list[tuple]:
    """The main window on this binder, in a fresh process, beside a bare QMainWindow's start."""
    def start(mode: str) -> tuple[float, dict]:
        began = time.time()
        out = subprocess.run([sys.executable, "-m", "tests.bench.ui_child", str(path), mode],
                             capture_output=True, text=True, check=True)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        return (figures["shown"] - began) * 1000, figures

    bare = min(start("bare")[0] for _ in range(3))
    runs = [start("app") for _ in range(3)]
    shown = statistics.median(r[0] for r in runs)
    f = runs[-1][1]
    return [
        ("window shown and usable", shown, shown, bare),
        (f"switch insert + repaint (max {f['switch_max']:.0f})", f["switch_median"],
         f["switch_median"], float("nan")),
        (f"search keystroke (max {f['search_max']:.0f})", f["search_median"],
         f["search_median"], float("nan")),
        ("memory resident", f["rss_mb"], f["rss_mb"], float("nan")),
    ]


def demo_binder(size: int) -> tuple[Path, float]:
    """A fresh demo binder of `size` dossiers under bench-data/, and the ms it took to make."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"demo-{size}.rbinder"
    for leftover in DATA.glob(path.name + "*"):
        leftover.unlink()
    start = time.perf_counter()
    with open_services(path, FixedClock(TODAY), create=True) as services:
        generate_demo(services, size, seed=1)
    return path, (time.perf_counter() - start) * 1000


def floor_query(path: Path, sql: str, params: tuple = ()) -> Callable[[], object]:
    conn = sqlite3.connect(path)
    return lambda: conn.execute(sql, params).fetchall()


def bench(size: int, repeat: int) -> list[tuple]:
    path, made = demo_binder(size)
    rows: list[tuple] = [("demo (create + generate)", made, made, float("nan"))]

    def open_close() -> None:
        open_binder(path).close()

    first, median = timed(open_close, repeat)
    floor = timed(lambda: sqlite3.connect(path).execute(
        "SELECT version_num FROM alembic_version").fetchall(), repeat)[1]
    rows.append(("open", first, median, floor))

    services = open_services(path, FixedClock(TODAY))
    try:
        first, median = timed(services.views.tabs, repeat)
        floor = timed(floor_query(
            path, "SELECT archived, next_contact, count(*) FROM dossiers "
            "GROUP BY archived, next_contact"), repeat)[1]
        rows.append(("tabs", first, median, floor))

        today = services.views.list_insert("today")
        first, median = timed(lambda: services.views.list_insert("today"), repeat)
        floor = timed(floor_query(
            path, f"SELECT {ROW_COLUMNS} FROM dossiers d WHERE archived = 0 AND "
            "next_contact = ?", (TODAY.isoformat(),)), repeat)[1]
        rows.append((f"list today ({len(today):,} rows)", first, median, floor))

        for word in ("peña", "łuk", "иван", "600"):
            found = services.views.search(word)
            first, median = timed(lambda w=word: services.views.search(w), repeat)
            floor = timed(floor_query(
                path, "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ? LIMIT 50",
                (f'"{word}"*',)), repeat)[1]
            rows.append((f"search '{word}' ({len(found)} hits)", first, median, floor))
    finally:
        services.close()

    # the whole command as a user runs it, interpreter start and imports included
    cli = [sys.executable, "-m", "app", "--binder", str(path), "--today", TODAY.isoformat(),
           "tabs", "--json"]
    first, median = timed(lambda: subprocess.run(cli, check=True, capture_output=True), 3)
    floor = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 3)[1]
    rows.append(("`ringbinder tabs` process", first, median, floor))
    return rows + ui_bench(path)


def _target_key(name: str) -> str:
    for prefix, key in (("list", "list"), ("switch", "switch"), ("search keystroke", "keystroke"),
                        ("search", "search"), ("window", "window"), ("memory", "memory")):
        if name.startswith(prefix):
            return key
    return name.split()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    print(f"Ringbinder engine benchmarks (today {TODAY}, median of {args.repeat} runs; "
          "targets apply at 100k)")
    failed = []
    for size in args.sizes:
        print(f"\n{size:,} dossiers")
        print(f"  {'operation':<36} {'first':>10} {'median':>10} {'target':>9} {'floor':>10}")
        for name, first, median, floor in bench(size, args.repeat):
            target = TARGETS.get(_target_key(name))
            line, over = report_row(name, first, median, target, floor,
                                    "MB" if name.startswith("memory") else "ms",
                                    check=size >= 100_000)
            print(line)
            if over:
                failed.append(f"{name} at {size:,}")
    if failed:
        print("\nover target: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
