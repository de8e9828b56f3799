"""What checking a binder costs when it is opened for writing, at 10k and 100k dossiers, and
what the window's open costs the GUI thread now that the check runs off it.

quick_check reads every page; integrity_check also matches every index entry to its row.
Up to app.store.damage.CHECK_EVERY_OPEN_PAGES the check runs on every open for writing;
above, on the first open of the day (the day is kept in PRAGMA user_version), so the rows
show both opens.  The window opens with `check=False` and checks in a thread of its own
(`BinderDB.check`): only that open is held to OPEN_BUDGET_MS (exit 1 when over); the CLI's
open with the check, and the check itself, are shown for comparison.  Uses
bench-data/demo-N.rbinder when `make bench` has made it.
"""

from __future__ import annotations

import sqlite3
import sys

from app.store import open_binder
from app.store.damage import CHECK_EVERY_OPEN_PAGES
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

    def not_checked_today() -> None:
        conn.execute("PRAGMA user_version = 0")

    def first_open_of_the_day(check: bool) -> None:
        not_checked_today()
        open_binder(path, check=check).close()

    def check_of_the_day() -> None:  # the window's check, on its own thread
        with open_binder(path, check=False) as db:
            not_checked_today()
            db.check()

    rows.append(("window: GUI-thread open, first of day",
                 *timed(lambda: first_open_of_the_day(False), 3), OPEN_BUDGET_MS))
    rows.append(("window: GUI-thread open, later",
                 *timed(lambda: open_binder(path, check=False).close(), 5), OPEN_BUDGET_MS))
    rows.append(("window: background check, first of day", *timed(check_of_the_day, 3), None))
    rows.append(("CLI: open with check, first of day",
                 *timed(lambda: first_open_of_the_day(True), 3), None))
    rows.append(("CLI: open with check, later that day",
                 *timed(lambda: open_binder(path).close(), 5), None))
    conn.close()
    return rows


def main() -> int:
    print(f"Checking a binder (checked on every open up to {CHECK_EVERY_OPEN_PAGES:,} pages; "
          f"first, median)")
    over = []
    for size in SIZES:
        for name, first, median, target in bench(size):
            line, late = report_row(name, first, median, target, float("nan"), width=40,
                                    check=target is not None)
            print(line)
            if late:
                over.append(f"{name} at {size:,}")
    if over:
        print("over the open budget: " + "; ".join(over))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
