"""A team binder's reads against a binder file's: the same demo of 100,000 dossiers shared by
10 people, on a local PostgreSQL (a throw-away cluster, tests/pg.py) and in a SQLite file.

    python -m tests.bench.team [--clients 100000] [--people 10] [--repeat 20]

The strip's counts (`tabs`, one person's and everyone's), a day's list and search (a name's
beginning, a phone's beginning, and every keystroke of names and numbers typed in the
window's search box, which searches at each key) in-process, wall time (the server works in
another process), median of `--repeat`, the runs on the file and on the server taken in
turns of five. Each must be within 2x its SQLite figure plus a round trip to the server for
each of its reads (a search, a strip): a read on a server pays one, 0.04-0.14 ms on this
shared host depending on its load (measured in the run), a file pays none.

Then `tabs`, `list` and `search` as commands (a process each: the first cold, the next ones
with the connection kept by a keeper). A warm command must be within 2x its SQLite figure.
A cold one loads the network database's driver, which a binder file never does (`import
psycopg`, ~80 ms, about a whole command on a file, whatever the binder holds): it must cost
no more than the warm command plus that load (its connection and the command's own loading
hidden: the keeper forked as it starts, app/cli_early.py), the load measured here too.
Every row also prints its plain ratio to SQLite. Exits 1 at the end when one is over.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from tests.bench.team_keeper import _ms, end_keepers, keeping_env, wait_keeper
from tests.bench.timing import report_row, timed_pair, verdict

TODAY = date(2026, 11, 24)
TARGET_RATIO = 2.0


def _share(services, people: int) -> None:
    """`people` persons, and every dossier given to one of them in turn (by key): the same
    owners on both databases. Written in SQL: a bench sets its data up, the app does not."""
    from sqlalchemy import text

    from app.store.dialect import run

    with services.db.write() as session:
        conn = session.connection()
        first = conn.execute(text("SELECT coalesce(max(pk), 0) FROM users")).scalar_one()
        run(conn, "INSERT INTO users (pk, login, name, role, active, uuid, updated_at) "
                  "VALUES (?, ?, ?, 'salesperson', ?, ?, '2026-11-24T00:00:00.000000Z')",
            [(first + n, f"seller{n}", f"Seller {n}", True, f"00000000-0000-4000-8000-{n:012d}")
             for n in range(1, people + 1)])
        run(conn, f"UPDATE dossiers SET owner_pk = {first} + 1 + (pk % {people})")


def _vacuum(url: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _binders(clients: int, people: int, cluster) -> tuple[Path, str, float, float]:
    from app.clock import FixedClock
    from app.services import open_services
    from app.services.demo import generate_demo
    from tests.pg import create_database

    folder = Path(tempfile.mkdtemp(prefix="ringbinder-team-bench-"))
    path = folder / "solo.rbinder"
    url = create_database(cluster, "team_bench")
    made = []
    for where in (path, url):
        start = time.perf_counter()
        with open_services(where, FixedClock(TODAY), create=True) as services:
            generate_demo(services, clients, seed=1)
            _share(services, people)
        if where == url:  # as autovacuum leaves a binder after a day's work: the bench's
            _vacuum(url)  # one UPDATE of every owner left every count row dead 20 times
        made.append(time.perf_counter() - start)
    return path, url, made[0], made[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.team")
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)

    from app.clock import FixedClock
    from app.services import open_services
    from tests.pg import as_login, start_cluster

    cluster = start_cluster()
    try:
        path, url, solo_s, team_s = _binders(args.clients, args.people, cluster)
        print(f"{args.clients:,} dossiers shared by {args.people} people: the file made in "
              f"{solo_s:.0f} s, the team binder in {team_s:.0f} s; median of {args.repeat}, "
              "wall time")
        print(f"  {'measure':<40} {'first':>10} {'median':>10} {'target':>9} {'SQLite':>10}")
        figures: dict[str, dict[str, tuple[float, float]]] = {}
        reads: dict[str, int] = {}  # each measure's reads (searches, a strip): round trips
        with (open_services(path, FixedClock(TODAY)) as solo,
              open_services(url, FixedClock(TODAY)) as team):
            solo.scope = None  # everyone's, to choose the words
            today = solo.views.list_insert("today")
            word, digits, typed = _words(today)
            names, numbers = _many(today)

            def measures(services) -> dict:
                return {
                    "tabs, one person's": services.views.tabs,
                    "list today, one person's": lambda: services.views.list_insert("today"),
                    f"search '{word}'": lambda: services.views.search(word),
                    f"search '{digits}' (a phone's beginning)":
                        lambda: services.views.search(digits),
                    f"search {len(names)} names' beginnings, once each":
                        lambda: [services.views.search(k) for k in names],
                    f"search {len(numbers)} phones' beginnings, once each":
                        lambda: [services.views.search(k) for k in numbers],
                    f"search as typed, {len(typed)} keystrokes":
                        lambda: [services.views.search(k) for k in typed],
                    "tabs, everyone's": lambda: services.views.tabs(),
                }

            for services in (solo, team):
                services.scope = _first_seller(services)
            reads = {name: len(many) for name, many in (
                (f"search {len(names)} names' beginnings, once each", names),
                (f"search {len(numbers)} phones' beginnings, once each", numbers),
                (f"search as typed, {len(typed)} keystrokes", typed))}
            for (name, on_solo), on_team in zip(measures(solo).items(),
                                                measures(team).values(), strict=True):
                if name == "tabs, everyone's":
                    solo.scope = team.scope = None
                solo_figures, team_figures = timed_pair(on_solo, on_team, args.repeat)
                figures[name] = {"sqlite": solo_figures, "postgresql": team_figures}
            trip = _round_trip_ms(team)
        print(f"  (targets: 2x the file's figure and one round trip to the server a read, "
              f"`SELECT 1`: {trip:.3f} ms here;\n  it varies on a shared host, and a file "
              "makes none)")
        seller = as_login(url, "seller1")  # the first seller's own login (quick reads)
        failed = []
        for name, by_kind in figures.items():
            solo, (first, team) = by_kind["sqlite"][1], by_kind["postgresql"]
            line, over = report_row(f"{name} (PostgreSQL)", first, team,
                                    solo * TARGET_RATIO + reads.get(name, 1) * trip, solo,
                                    width=40)
            print(f"{line} ({team / solo:.1f}x SQLite)")
            if over:
                failed.append(name)
        driver = _driver_ms()
        print("  as commands (wall time of the process, median of 5; cold: no keeper yet, the "
              "command forks one;\n  warm: its connection kept, app/store/team_keeper.py; "
              f"a cold one's target: the warm one's\n  figure plus the driver's load, "
              f"`import psycopg` in a process, {driver:.0f} ms):")
        keepers = Path(tempfile.mkdtemp(prefix="rk-bench-", dir="/tmp"))
        env = keeping_env(keepers, "60")
        try:
            for name, command in (("tabs --json", ["tabs", "--json"]),
                                  ("list today --json", ["list", "today", "--json"]),
                                  ("search WORD --json", ["search", word, "--json"])):
                solo = statistics.median(_ms(str(path), command, env) for _ in range(5))
                colds = []
                for _ in range(5):
                    end_keepers(keepers)
                    colds.append(_ms(seller, command, env))  # their own login
                wait_keeper(keepers)
                warm = statistics.median(_ms(seller, command, env) for _ in range(5))
                cold = statistics.median(colds)
                for when, team, target in (("cold", cold, warm + driver),
                                           ("warm", warm, solo * TARGET_RATIO)):
                    line, over = report_row(f"`{name}` {when} (PostgreSQL)", team, team,
                                            target, solo, width=40)
                    print(f"{line} ({team / solo:.1f}x SQLite)")
                    if over:
                        failed.append(f"{name} {when}")
        finally:
            end_keepers(keepers)
            shutil.rmtree(keepers, ignore_errors=True)
        shutil.rmtree(path.parent, ignore_errors=True)
    finally:
        cluster.stop()
    return verdict(failed)


def _round_trip_ms(services) -> float:
    """The median time of the plainest statement on the team binder's read connection."""
    runs = []
    with services.db.reader() as cur:
        for _ in range(200):
            start = time.perf_counter()
            cur.execute("SELECT 1").fetchone()
            runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def _driver_ms() -> float:
    """What loading psycopg adds to a process, in ms (median of 5)."""
    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return (time.perf_counter() - start) * 1000

    return statistics.median(run("import psycopg") - run("pass") for _ in range(5))


def _words(today: list) -> tuple[str, str, list[str]]:
    """What is searched for, from a day's dossiers: a name's beginning (4 letters), the
    beginning of a phone's national number (6 digits: how a number is found, see
    fts5.phone_terms), and every keystroke of five names and five numbers typed in the
    window's search box (a search at each key: `Jan Kow` is J, Ja, Jan, "Jan ", Jan K…)."""
    word = today[0].name.split()[0][:4]
    numbers = ["".join(c for c in r.phone.partition(" ")[2] if c.isdigit())
               for r in today if r.phone]
    names = [" ".join(r.name.split()[:1] + [w[:3] for w in r.name.split()[1:2]])
             for r in today[:5]]
    typed = [text[:n] for text in names + [n[:7] for n in numbers[:5]]
             for n in range(1, len(text) + 1)]
    return word, numbers[0][:6], typed


def _many(today: list) -> tuple[list[str], list[str]]:
    """Fifty names' beginnings and fifty phones' (a search for each of a day's clients,
    rather than one text searched again and again, which an in-process cache favours)."""
    names = [r.name.split()[0][:4] for r in today][:50]
    numbers = ["".join(c for c in r.phone.partition(" ")[2] if c.isdigit())[:6]
               for r in today if r.phone][:50]
    return names, numbers


def _first_seller(services) -> int:
    with services.db.reader() as cur:
        return int(cur.execute("SELECT min(pk) FROM users WHERE login LIKE 'seller%'")
                   .fetchone()[0])


if __name__ == "__main__":
    raise SystemExit(main())
