"""Benchmarks of importing and exporting on a 100,000-dossier demo binder: a 10,000-contact
CSV (Google layout) and a 10,000-card vCard file imported (read, mapped, checked for
duplicates against the binder, written in one transaction), and the 100,000 dossiers
exported as vCard. Each import is printed beside the floor measured in the same run: the csv
module reading the file and executemany into a bare SQLite table, the least an import could
cost; the export beside reading the names out and writing one line each.

    python -m tests.bench.interchange [--size 100000] [--count 10000]
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from app.clock import FixedClock
from app.services import open_services
from app.services.demo import generate_demo
from app.services.import_types import ImportOptions
from tests.bench.interchange_read import csv_file, vcard_file
from tests.bench.timing import report_row

TODAY = date(2026, 11, 24)
DATA = Path(os.environ.get("RINGBINDER_BENCH_DATA", "bench-data"))
TARGETS = {"import csv": 10_000.0, "import vcard": 10_000.0, "export vcard": 10_000.0}


def base_binder(size: int) -> Path:
    """A demo binder of `size` dossiers, made once and kept under bench-data/."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"interchange-{size}.rbinder"
    if not path.exists():
        for leftover in DATA.glob(path.name + "*"):
            leftover.unlink()
        with open_services(path, FixedClock(TODAY), create=True) as services:
            generate_demo(services, size, seed=1)
    return path


_PHONE = re.compile(rb"\+(34|48) [0-9][0-9 ]{5,14}[0-9]")


def real(data: bytes) -> bytes:
    """The readers' bench files as a real export is: every phone a valid number of its own
    (theirs repeat, and a repeated number is parsed once), every address at a real domain
    (an import leaves out addresses at a reserved one, example.invalid, without checking)."""
    numbers = itertools.count(1)

    def unique(match: re.Match[bytes]) -> bytes:
        n = next(numbers)
        if match[1] == b"34":
            return b"+34 6%02d %03d %03d" % (n // 1_000_000 % 100, n // 1000 % 1000, n % 1000)
        return b"+48 5%02d %03d %03d" % (n // 1_000_000 % 100, n // 1000 % 1000, n % 1000)

    return _PHONE.sub(unique, data.replace(b"example.invalid", b"example.com"))


def floor_import(data: bytes, folder: Path) -> float:
    """ms for the csv module to read the file and executemany its rows into a bare table."""
    target = folder / "floor.sqlite"
    target.unlink(missing_ok=True)
    start = time.perf_counter()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    width = max(len(r) for r in rows)
    conn = sqlite3.connect(target)
    conn.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(width))})")
    conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * width)})",
                     [r + [""] * (width - len(r)) for r in rows])
    conn.commit()
    conn.close()
    return (time.perf_counter() - start) * 1000


def timed_import(base: Path, source: Path, folder: Path) -> tuple[float, int]:
    binder = folder / "binder.rbinder"
    for leftover in folder.glob("binder.rbinder*"):
        leftover.unlink()
    shutil.copyfile(base, binder)
    with open_services(binder, FixedClock(TODAY)) as services:
        start = time.perf_counter()
        # the generated names repeat: every contact is imported (each still checked)
        outcome = services.imports.run(services.imports.preview(
            source, ImportOptions(on_duplicate="new")))
        return (time.perf_counter() - start) * 1000, outcome.created


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args(argv)
    base = base_binder(args.size)
    lines, failed = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for key, data, name in (("import csv", real(csv_file(args.count, "google")), "c.csv"),
                                ("import vcard", real(vcard_file(args.count)), "c.vcf")):
            source = folder / name
            source.write_bytes(data)
            took, created = timed_import(base, source, folder)
            floor = floor_import(data if name.endswith(".csv") else
                                 csv_file(args.count, "google"), folder)
            line, over = report_row(f"{key} {args.count} into {args.size}", took, took,
                                    TARGETS[key], floor)
            lines.append(line + ("" if created >= args.count * 0.9 else
                                 f"  WRONG: {created} created"))
            if over or created < args.count * 0.9:
                failed.append(key)
        with open_services(base, FixedClock(TODAY), readonly=True) as services:
            start = time.perf_counter()
            written = services.exports.write("vcard", folder / "all.vcf")
            took = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            conn = sqlite3.connect(base)
            with open(folder / "floor.txt", "w", encoding="utf-8") as out:
                for (name,) in conn.execute("SELECT full_name FROM dossiers WHERE NOT archived"):
                    out.write(f"FN:{name}\r\n")
            conn.close()
            floor = (time.perf_counter() - start) * 1000
        line, over = report_row(f"export vcard {written}", took, took,
                                TARGETS["export vcard"], floor)
        lines.append(line)
        if over:
            failed.append("export vcard")
    print(f"  {'':<36} {'time':>10} {'':>10} {'target':>9} {'floor':>10}")
    print("\n".join(lines))
    if failed:
        print("over target or wrong: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
