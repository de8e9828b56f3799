"""The strip's counts in-process and the read commands as processes, on a demo binder.

    python -m tests.bench.cli [--clients 100000]

Printed beside a floor measured in the same run: `tabs` in-process (CPU time, median of 20)
beside the bare `GROUP BY archived, next_contact` it replaced (target 10 ms); `ringbinder
tabs`, `list`
and `search` as processes, the CPU time of the child (user + sys, median of 5) beside
`python -c 'import sqlite3'` (target 4× that floor). CPU time, not wall time: the machine
may be shared. Exits 1 at the end when a figure is over its target.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tests.bench.timing import report_row, verdict

TODAY = date(2026, 11, 24)
DATA = Path(os.environ.get("RINGBINDER_BENCH_DATA", "bench-data"))
TABS_TARGET_MS = 10.0
PROCESS_TARGET_FLOORS = 4.0
GROUPED = "SELECT archived, next_contact, count(*) FROM dossiers GROUP BY archived, next_contact"


def cli_binder(size: int) -> tuple[Path, float]:
    """bench-data/cli-SIZE.rbinder, made once (a demo binder of SIZE dossiers) and reused
    while it is at this version's schema; and the seconds it took to make (0: reused)."""
    from app.clock import FixedClock
    from app.services import open_services
    from app.store.schema import SCHEMA_HEAD

    path = DATA / f"cli-{size}.rbinder"
    if path.exists():
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
                (SCHEMA_HEAD,)] and conn.execute("SELECT count(*) FROM dossiers").fetchone()[
                0] == size
        except sqlite3.Error:
            ok = False
        finally:
            conn.close()
        if ok:
            return path, 0.0
    from app.services.demo import generate_demo

    DATA.mkdir(parents=True, exist_ok=True)
    for leftover in DATA.glob(path.name + "*"):
        leftover.unlink()
    start = time.perf_counter()
    with open_services(path, FixedClock(TODAY), create=True) as services:
        generate_demo(services, size, seed=1)
    return path, time.perf_counter() - start


def _median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(first, median of `repeat` more) in ms of this process's CPU time: the machine may be
    shared, and a read of cached pages is all CPU."""
    times = []
    for _ in range(repeat + 1):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return times[0], statistics.median(times[1:])


def child_cpu_ms(argv: list[str], env: dict[str, str]) -> float:
    """User + system CPU time of one child process, in ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')}")
    return ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000


def _cpu(argv: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    runs = [child_cpu_ms(argv, env) for _ in range(repeat)]
    return runs[0], statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.cli")
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20, help="in-process runs (tabs)")
    parser.add_argument("--processes", type=int, default=5, help="runs of each process")
    args = parser.parse_args(argv)

    from app.clock import FixedClock
    from app.services import open_services

    path, made = cli_binder(args.clients)
    print(f"`tabs` counts and the read commands on {path} ({args.clients:,} dossiers"
          + (f", made in {made:.0f} s" if made else ", reused") + f"; today {TODAY})")
    print(f"  {'measure':<40} {'first':>10} {'median':>10} {'target':>9} {'floor':>10}")
    failed = []

    # as the window has it: open for writing (a pooled connection), its settings read once
    with open_services(path, FixedClock(TODAY), check=False) as services:
        services.views.tabs()
        first, median = _median_ms(services.views.tabs, args.repeat)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        floor = _median_ms(lambda: conn.execute(GROUPED).fetchall(), args.repeat)[1]
        word = conn.execute("SELECT full_name FROM dossiers ORDER BY pk LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    line, over = report_row("tabs in-process CPU (floor: GROUP BY)", first, median,
                            TABS_TARGET_MS, floor, width=40)
    print(line)
    if over:
        failed.append("tabs in-process")

    with tempfile.TemporaryDirectory() as folder:  # the user's own language file left alone
        env = {**os.environ, "XDG_CONFIG_HOME": folder, "LANG": "en_US.UTF-8"}
        for name in ("LC_ALL", "LC_MESSAGES", "RINGBINDER_PREFERENCES"):
            env.pop(name, None)
        python = [sys.executable]
        floor = _cpu([*python, "-c", "import sqlite3"], env, args.processes)[1]
        target = floor * PROCESS_TARGET_FLOORS
        base = [*python, "-m", "app", "--binder", str(path), "--today", TODAY.isoformat()]
        for name, command in (("tabs --json", ["tabs", "--json"]),
                              ("tabs", ["tabs"]),
                              ("list KEY --json", ["list", TODAY.isoformat(), "--json"]),
                              ("search WORDS --json", ["search", word, "--json"])):
            first, median = _cpu([*base, *command], env, args.processes)
            line, over = report_row(f"`ringbinder {name}` CPU", first, median, target, floor,
                                    width=40)
            print(line.replace(f"<{target:.0f}ms", f"<{target:.0f}ms CPU"))
            if over:
                failed.append(name)
    print(f"  (process target: {PROCESS_TARGET_FLOORS:g}x the CPU time of "
          "`python -c 'import sqlite3'`, the floor)")
    return verdict(failed)


if __name__ == "__main__":
    sys.exit(main())
