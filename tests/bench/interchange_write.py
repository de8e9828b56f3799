"""Benchmarks of the writers: 100,000 contacts written as vCard 4.0 and 3.0 and as Google
and Outlook CSV files, and 10,000 events as ICS, each to a real file in a temporary folder
(encoding included). Each figure is printed beside its target and a floor measured in the
same run: one f-string line per contact written to the same kind of file, the least any
writing costs. The first 1,000 records of each file are read back and compared: a wrong
result is printed as WRONG and fails the run.

    python -m tests.bench.interchange_write [--count 100000] [--repeat 3]

Targets are checked at 100,000 contacts and above (10,000 events).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.interchange.csv_contacts import read_csv
from app.interchange.csv_write import write_csv
from app.interchange.ics import read_ics
from app.interchange.ics_write import write_ics
from app.interchange.records import ContactRecord, EventRecord, Labelled
from app.interchange.vcard import read_vcard
from app.interchange.vcard_write import write_vcard
from tests.bench.timing import report_row, timed

# ms: "well under 5 s" for 100,000 vCards on a 2-core machine; the CSV the same; ICS per
# 10,000 events (the icalendar library, an object per property)
TARGETS = {"vcard 4.0": 3000.0, "vcard 3.0": 3000.0, "csv google": 3000.0,
           "csv outlook": 3000.0, "ics": 5000.0}

_GIVEN = ["Łukasz", "Małgorzata", "Ольга", "Дмитрий", "María José", "Íñigo", "Anna", "Jörg"]
_FAMILY = ["Żółtowski", "Wiśniewska", "Кузнецова", "Иванов", "Núñez de Arce", "Peña", "Smith"]
_LABELS = ["mobile", "work", "home", "work fax", "", "Oficina", "iPhone"]


def contacts(count: int, seed: int = 1) -> list[ContactRecord]:
    """Seeded contacts like a salesperson's: two or three phones, an e-mail or two, an
    address of three lines, a short note, a tag or two."""
    rng = random.Random(seed)
    made = []
    for n in range(1, count + 1):
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
        phones = tuple(Labelled(f"+48 {rng.randrange(10**8, 10**9)}", rng.choice(_LABELS))
                       for _ in range(rng.randint(1, 3)))
        emails = tuple(Labelled(f"{family.lower()}{n}.{k}@example.pl", rng.choice(_LABELS[:3]))
                       for k in range(rng.randint(1, 2)))
        made.append(ContactRecord(
            source=n, display_name=f"{given} {family}", given=given, family=family,
            company=f"Firma {rng.choice(_FAMILY)} sp. z o.o.", department="Sprzedaż",
            position="Kierownik, region Północ", phones=phones, emails=emails,
            address=f"ul. Długa {n % 200}, lok. {n % 30}\n00-{n % 1000:03d} Warszawa\nPolska",
            website="https://example.pl", birthday=date(1950 + n % 50, 1 + n % 12, 1 + n % 28),
            notes="Dzwonić po 10:00; nie w poniedziałki.\nPreferuje e-mail.",
            tags=("Klienci", rng.choice(["VIP", "Pomorze", "Mazowsze"]))))
    return made


def events(count: int, seed: int = 2) -> list[EventRecord]:
    rng = random.Random(seed)
    zone = ZoneInfo("Europe/Warsaw")
    made = []
    for n in range(1, count + 1):
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
        if n % 5 == 0:
            made.append(EventRecord(n, f"ev{n}@bench", f"Urlop {n}", day, day + timedelta(1),
                                    all_day=True))
            continue
        zone_n = zone if n % 2 else UTC
        start = datetime(day.year, day.month, day.day, 8 + n % 9, tzinfo=zone_n)
        made.append(EventRecord(n, f"ev{n}@bench", f"Spotkanie z klientem {n}", start,
                                start + timedelta(minutes=45), description="Oferta; cennik"))
    return made


def _file_writer(folder: Path, name: str, write: Callable[[io.TextIOBase], object],
                 encoding: str = "utf-8") -> Callable[[], Path]:
    path = folder / name

    def run() -> Path:
        with path.open("w", newline="", encoding=encoding) as out:
            write(out)
        return path
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    records = contacts(args.count)
    calendar = events(max(args.count // 10, 1))
    sample = records[:1000]
    failed = False
    print(f"writing {args.count} contacts, {len(calendar)} events "
          "(first, median; target; floor)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        floor_run = _file_writer(folder, "floor.txt", lambda out: out.writelines(
            f"{r.display_name};{r.company};{r.address}\r\n" for r in records))
        floor = timed(floor_run, args.repeat)[1]
        jobs: list[tuple[str, Callable[[], Path], Callable[[bytes], list[object]], list]] = [
            ("vcard 4.0", _file_writer(folder, "c4.vcf", lambda o: write_vcard(records, o)),
             lambda b: read_vcard(b).contacts, sample),
            ("vcard 3.0", _file_writer(folder, "c3.vcf",
                                       lambda o: write_vcard(records, o, "3.0")),
             lambda b: read_vcard(b).contacts, sample),
            ("csv google", _file_writer(folder, "g.csv", lambda o: write_csv(records, o),
                                        "utf-8-sig"), lambda b: read_csv(b).contacts, sample),
            ("csv outlook", _file_writer(folder, "o.csv",
                                         lambda o: write_csv(records, o, "outlook"),
                                         "utf-8-sig"), lambda b: read_csv(b).contacts, sample),
            ("ics", _file_writer(folder, "e.ics", lambda o: write_ics(calendar, o)),
             lambda b: read_ics(b, start=date(2025, 1, 1), end=date(2027, 1, 1)).events,
             calendar[:1000]),
        ]
        for name, run, read, expected in jobs:
            first, median = timed(run, args.repeat)
            check = args.count >= 100_000
            row, over = report_row(name, first, median, TARGETS[name], floor, check=check)
            read_back = read(run().read_bytes())
            right = len(read_back) == (len(calendar) if name == "ics" else len(records)) and \
                _same(name, expected, read_back)
            print(row + ("" if right else "  WRONG"))
            failed = failed or over or not right
    return 1 if failed else 0


def _same(name: str, expected: list, read_back: list) -> bool:
    if name == "ics":
        found = {e.uid: e for e in read_back}
        return all(found[e.uid].start == e.start and found[e.uid].end == e.end
                   for e in expected)
    if name == "csv outlook":
        return [(r.given, r.family, r.address) for r in read_back[:len(expected)]] == \
            [(r.given, r.family, r.address) for r in expected]
    return [r.__class__(**{**r.__dict__, "source": 0}) for r in read_back[:len(expected)]] \
        == [r.__class__(**{**r.__dict__, "source": 0}) for r in expected]


if __name__ == "__main__":
    sys.exit(main())
