"""What checking a binder costs when it is opened for writing, at 10k and 100k dossiers.

quick_check reads every page; integrity_check also matches every index entry to its row.
Up to app.store.database.CHECK_EVERY_OPEN_PAGES the check runs on every open for writing;
above, on the first open of the day (the day is kept in PRAGMA user_version), so the rows
show both opens.  Uses bench-data/demo-N.rbinder when `make bench` has made it.
"""

from __future__ import annotations

import sqlite3
import sys

from app.store import open_binder
from app.store.database import CHECK_EVERY_OPEN_PAGES
from tests.bench.__main__ import DATA, demo_binder
from tests.bench.timing import report_row, timed

SIZES = (10_000, 100_000)
OPEN_BUDGET_MS = 150.0


def bench(size: int) -> list[tuple[str, float, float, float | None]]:
    path = DATA / f"demo-{size}.rbinder"
    if not path.exists():
        path, _ = demo_binder(size)
    conn = sqlite3.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    print(f"\n{size:,} dossiers, {pages:,} pages of {pages * 4096 / 2**20:,.0f} MiB")
    rows = []
    for pragma in ("quick_check", "integrity_check"):
        first, median = timed(lambda p=pragma: conn.execute(f"PRAGMA {p}").fetchall(), 3)
        rows.append((f"PRAGMA {pragma}", first, median, None))

    def first_open_of_the_day() -> None:
        conn.execute("PRAGMA user_version = 0")  # not checked today yet
        open_binder(path).close()

    rows.append(("open for writing, first of the day",
                 *timed(first_open_of_the_day, 3), OPEN_BUDGET_MS))
    rows.append(("open for writing, later that day",
                 *timed(lambda: open_binder(path).close(), 5), OPEN_BUDGET_MS))
    conn.close()
    return rows


def main() -> int:
    print(f"Checking a binder (checked on every open up to {CHECK_EVERY_OPEN_PAGES:,} pages)")
    for size in SIZES:
        for name, first, median, target in bench(size):
            print(report_row(name, first, median, target, float("nan"),
                             check=target is not None)[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
