"""Benchmarks of printing on a demo binder: one card, and a day pack of 100 cards.

Each figure is printed beside its target (issue 14) and beside a floor measured in the same
run: a bare reportlab page with one line of text in the same TrueType font (101 of them for
the day pack; for the process, a process making those 101 pages), the least any PDF costs.
Wall time is the median; CPU time (this process's, or the child's) is printed beside it, since
the machine may be shared.

The binder (bench-data/pdf-N.rbinder) is made once, then reused while its schema is current:
a demo binder of N dossiers whose 100 open dossiers with the longest history are the only
ones filed under BATCH_DAY.

    python -m tests.bench.pdf [--clients 100000] [--repeat 20] [--quick]
"""

from __future__ import annotations

import argparse
import compileall
import io
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

import app
from app.clock import FixedClock
from app.services import open_services
from app.store.database import SCHEMA_HEAD, SCHEMA_REVISIONS
from tests.bench.timing import report_row, verdict

TODAY = date(2026, 11, 24)
BATCH_DAY = "2026-12-01"
CARDS = 100
DATA = Path(os.environ.get("RINGBINDER_BENCH_DATA", "bench-data"))
TARGETS = {"card": 20.0, "process": 1200.0}  # ms
BUILD_VERSION = 1  # bump when what the binder holds changes

# the floor: `count` reportlab pages with one line of text each in the cards' font
BARE = """
import io, sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
def bare(count, out):
    canvas = Canvas(out, pageCompression=1)
    for _ in range(count):
        canvas.setFont("DejaVuSans", 12)
        canvas.drawString(72, 720, "Hello, Łukasz Żółć")
        canvas.showPage()
    canvas.save()
if __name__ == "__main__":
    pdfmetrics.registerFont(TTFont("DejaVuSans", sys.argv[1]))
    with open(sys.argv[3], "wb") as out:
        bare(int(sys.argv[2]), out)
"""


def _bare_module() -> dict:
    namespace: dict = {"__name__": "bare"}
    exec(BARE, namespace)  # our own constant, shared with the floor process
    return namespace


def font_file() -> str:
    from app.pdf.fonts import _FILES as files
    from app.pdf.fonts import FONT_DIR, REGULAR

    return str(FONT_DIR / files[REGULAR])


def heaviest(path: Path, count: int) -> list[str]:
    """The ids of the open dossiers with the longest history: the cards with most to cut."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT d.uuid FROM dossiers d JOIN contact_events e ON e.dossier_pk = d.pk "
            "WHERE d.archived = 0 GROUP BY d.pk ORDER BY count(*) DESC, d.pk LIMIT ?",
            (count,)).fetchall()
    finally:
        conn.close()
    return [r[0] for r in rows]


def _current(path: Path) -> bool:
    """Whether a kept binder can be used: at this version's schema, or at an older one it is
    migrated to (else it is made again)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    if row is None or row[0] not in SCHEMA_REVISIONS:
        return False
    if row[0] != SCHEMA_HEAD:
        open_services(path, FixedClock(TODAY)).close()  # opened writable: migrated to head
    return True


def bench_binder(clients: int) -> tuple[Path, float | None]:
    """The demo binder of `clients` dossiers with its day of the heaviest hundred, made once
    under bench-data/; and the seconds making it took (None: it was kept)."""
    from app.services.demo import generate_demo

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"pdf-v{BUILD_VERSION}-{clients}.rbinder"
    if path.exists() and _current(path):
        return path, None
    for leftover in DATA.glob(path.name + "*"):
        leftover.unlink()
    part = path.with_name(path.name + ".part")
    for leftover in DATA.glob(part.name + "*"):
        leftover.unlink()
    start = time.perf_counter()
    with open_services(part, FixedClock(TODAY), create=True) as services:
        generate_demo(services, clients, seed=1)
        services.settings.update(owner_name="Anna Nowak")
    ids = heaviest(part, CARDS)
    with open_services(part, FixedClock(TODAY)) as services:
        others = [r.id for r in services.views.list_insert(BATCH_DAY) if r.id not in ids]
        services.filing.move(others, None)  # the day is these hundred, no more
        services.filing.move(ids, date.fromisoformat(BATCH_DAY))
    part.with_name(part.name + ".lock").unlink(missing_ok=True)
    os.replace(part, path)
    return path, time.perf_counter() - start


Row = tuple[str, float, float, float, float, float, str]  # name, first, wall, cpu, floor wall,
#                                                            floor cpu, target key


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """(first call, median wall of the next `repeat`, median CPU of them) in ms."""
    start = time.perf_counter()
    fn()
    first = (time.perf_counter() - start) * 1000
    walls, cpus = [], []
    for _i in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return first, statistics.median(walls), statistics.median(cpus)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process(argv: list[str], repeat: int) -> tuple[float, float, float]:
    """(first run, median wall, median CPU) in ms of a process run `repeat` + 1 times."""
    walls, cpus = [], []
    for _i in range(repeat + 1):
        start, cpu = time.perf_counter(), _children_cpu()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((_children_cpu() - cpu) * 1000)
    return walls[0], statistics.median(walls[1:]), statistics.median(cpus[1:])


def bench(clients: int, repeat: int, process_repeat: int) -> list[Row]:
    from app.pdf import PrintInfo, register_fonts, render_card

    path, made = bench_binder(clients)
    if made is not None:
        print(f"  (made {path} in {made:.0f} s)")
    rows: list[Row] = []
    bare = _bare_module()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        start = time.perf_counter()
        register_fonts()
        fonts = (time.perf_counter() - start) * 1000
        nan = float("nan")
        rows.append(("fonts loaded (once a process)", fonts, fonts, nan, nan, nan, ""))
        bare["pdfmetrics"].registerFont(bare["TTFont"]("DejaVuSans", font_file()))

        with open_services(path, FixedClock(TODAY), readonly=True) as services:
            ids = [r.id for r in services.views.list_insert(BATCH_DAY)]
            assert len(ids) == CARDS, len(ids)
            _f, floor, floor_cpu = timed(lambda: bare["bare"](1, io.BytesIO()), repeat)
            info = PrintInfo("Anna Nowak", TODAY)
            detail = services.dossiers.get(ids[0])
            first, wall, cpu = timed(lambda: render_card(io.BytesIO(), detail, info), repeat)
            rows.append((f"card, rendered ({len(detail.events)} events)", first, wall, cpu,
                         floor, floor_cpu, ""))
            first, wall, cpu = timed(lambda: services.printing.card(ids[0], tmp / "card.pdf"),
                                     repeat)
            rows.append(("card, read + rendered + written", first, wall, cpu, floor, floor_cpu,
                         "card"))

            _f, floor, floor_cpu = timed(lambda: bare["bare"](CARDS + 1, io.BytesIO()), 3)
            first, wall, cpu = timed(
                lambda: services.printing.day(BATCH_DAY, tmp / "day.pdf"), 3)
            rows.append((f"day pack: agenda + {CARDS} cards, in-process", first, wall, cpu,
                         floor, floor_cpu, ""))

        # as installed: the package's bytecode compiled, as pip does on install (a checkout
        # being edited, run with PYTHONDONTWRITEBYTECODE, compiles changed modules at every
        # start, which is not what printing costs)
        compileall.compile_dir(str(Path(app.__file__).parent), quiet=1)
        script = tmp / "bare.py"
        script.write_text(BARE, encoding="utf-8")
        floor_run = [sys.executable, str(script), font_file(), str(CARDS + 1),
                     str(tmp / "bare.pdf")]
        _f, floor, floor_cpu = process(floor_run, process_repeat)
        ringbinder = Path(sys.executable).with_name("ringbinder")
        run = ([str(ringbinder)] if ringbinder.exists() else [sys.executable, "-m", "app"])
        run += ["--binder", str(path), "--today", TODAY.isoformat(), "print", "day", BATCH_DAY,
                "-o", str(tmp / "day-process.pdf")]
        first, wall, cpu = process(run, process_repeat)
        rows.append(("day pack as a process (ringbinder print)", first, wall, cpu, floor,
                     floor_cpu, "process"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.pdf")
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--quick", action="store_true",
                        help="a quick run: 2,000 dossiers, 5 repeats")
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.repeat = 2000, 5
    process_repeat = max(3, args.repeat // 4)
    print(f"Ringbinder printing benchmarks (demo binder of {args.clients:,} dossiers, "
          f"median of {args.repeat} runs, 3 for the day pack, {process_repeat} for the "
          f"process; CPU in brackets)")
    print(f"  {'operation':<44} {'first':>10} {'median':>10} {'target':>9} {'floor':>10}")
    failed = []
    for name, first, wall, cpu, floor, floor_cpu, key in bench(args.clients, args.repeat,
                                                                 process_repeat):
        line, over = report_row(name, first, wall, TARGETS.get(key), floor, width=44)
        if cpu == cpu:
            line += f"  [cpu {cpu:.1f}ms, floor {floor_cpu:.1f}ms]"
        print(line)
        if over:
            failed.append(name)
    return verdict(failed)


if __name__ == "__main__":
    sys.exit(main())
