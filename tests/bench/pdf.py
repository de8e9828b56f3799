"""Benchmarks of printing on a demo binder: one card, and an insert's batch of 100 cards.

Each figure is printed beside its target (from the issue) and beside a floor measured in the
same run: a bare reportlab page with one line of text (101 of them for the batch), the least
any PDF costs.

    python -m tests.bench.pdf [--clients 2000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from app.clock import FixedClock
from app.pdf import PrintInfo, register_fonts, render_card
from app.services import open_services
from app.services.demo import generate_demo
from tests.bench.timing import report_row, timed

TODAY = date(2026, 11, 24)
BATCH_DAY = "2026-12-01"
TARGETS = {"card": 50.0, "batch": 3000.0}  # ms


def bare_pages(count: int) -> Callable[[], object]:
    """The floor: `count` reportlab pages with one line of text each, in memory."""
    def make() -> None:
        canvas = Canvas(io.BytesIO())
        for _ in range(count):
            canvas.setFont("Helvetica", 12)
            canvas.drawString(72, 720, "Hello")
            canvas.showPage()
        canvas.save()
    return make


def heaviest(services: object, count: int) -> list[str]:
    """The ids of the open dossiers with the longest history: the cards with most to cut."""
    with services.db.read() as session:  # type: ignore[attr-defined]
        rows = session.connection().exec_driver_sql(
            "SELECT d.uuid FROM dossiers d JOIN contact_events e ON e.dossier_pk = d.pk "
            "WHERE d.archived = 0 GROUP BY d.pk ORDER BY count(*) DESC, d.pk LIMIT ?",
            (count,)).all()
    return [r[0] for r in rows]


def bench(clients: int, repeat: int) -> list[tuple[str, float, float, float, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        services = open_services(tmp / "bench.rbinder", FixedClock(TODAY), create=True)
        try:
            generate_demo(services, clients, seed=1)
            services.settings.update(owner_name="Anna Nowak")
            ids = heaviest(services, 100)
            others = [r.id for r in services.views.list_insert(BATCH_DAY) if r.id not in ids]
            services.filing.move(others, None)  # the batch is these hundred, no more
            services.filing.move(ids, date.fromisoformat(BATCH_DAY))

            start = time.perf_counter()
            register_fonts()
            fonts = (time.perf_counter() - start) * 1000
            rows.append(("fonts loaded (once a process)", fonts, fonts, float("nan"), ""))

            floor = timed(bare_pages(1), repeat)[1]
            info = PrintInfo("Anna Nowak", TODAY)
            detail = services.dossiers.get(ids[0])
            first, median = timed(lambda: render_card(io.BytesIO(), detail, info), repeat)
            rows.append((f"card, rendered ({len(detail.events)} events)", first, median, floor,
                         "card"))
            first, median = timed(lambda: services.printing.card(ids[0], tmp / "card.pdf"),
                                  repeat)
            rows.append(("card, read + rendered + written", first, median, floor, "card"))

            floor = timed(bare_pages(101), 3)[1]
            first, median = timed(lambda: services.printing.day(BATCH_DAY, tmp / "day.pdf"), 3)
            rows.append(("batch: agenda + 100 cards, to a file", first, median, floor, "batch"))
        finally:
            services.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.pdf")
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    print(f"Ringbinder printing benchmarks (demo binder of {args.clients:,} dossiers, "
          f"median of {args.repeat} runs, 3 for the batch)")
    print(f"  {'operation':<40} {'first':>10} {'median':>10} {'target':>9} {'floor':>10}")
    failed = []
    for name, first, median, floor, key in bench(args.clients, args.repeat):
        line, over = report_row(name, first, median, TARGETS.get(key), floor, width=40)
        print(line)
        if over:
            failed.append(name)
    if failed:
        print("\nover target: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
