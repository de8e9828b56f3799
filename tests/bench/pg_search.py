"""Benchmark of the team binder's search (app/store/pg_search.py) beside the solo binder's
(FTS5): a demo binder of N dossiers (default 10,000) is made in a SQLite file, its dossiers,
phones, e-mails and history copied into a throw-away PostgreSQL (tests/pg.py), and the
PostgreSQL index made from the tables (upkeep.rebuild, timed). Then each typed query is
searched on both (first call, median of `--repeat`), and the matches compared: the same
dossiers on both (up to 1,000), in the same order where they come by name; a difference is
printed as WRONG and fails the run.

    python -m tests.bench.pg_search [--dossiers 10000] [--repeat 20]

The target: a search in a few milliseconds on PostgreSQL (TARGET_MS, checked at 10,000).
Measured on a shared 2-CPU machine, 10,000 dossiers: medians 0.3-1.7 ms, first calls up to
3.4 ms (FTS5: 0.03-0.5 ms); 100,000: medians 0.4-6 ms, 14 ms for "48 600" (two common
beginnings of phone digits; FTS5 6.7 ms).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from app.clock import FixedClock
from app.services import open_services
from app.services.demo import generate_demo
from app.store import fts5, upkeep
from app.store.dialect import QmarkCursor
from app.store.fts5 import Fts5Index
from app.store.models import Base
from app.store.pg_search import PgSearchIndex, condition, ts_query
from tests.bench.timing import report_row, timed, verdict
from tests.pg import create_database, start_cluster
from tests.store.test_migrations_postgres import migrate

TARGET_MS = 10.0
LIMIT = 50  # the window's (app/services/views.py SEARCH_LIMIT)
TABLES = ("dossiers", "phones", "emails", "contact_events")
TYPED = ("m", "ma", "ан", "q", "ю", "mar", "kowal", "nowak", "lukasz", "garcia", "смирнов",
         "maria lopez", "600", "600 12", "48 600", "presupuesto", "oferta", "@", "zzzz")


def _copy(sqlite_path: Path, pg: sa.Engine) -> None:
    """The indexed tables' rows, from the binder file into PostgreSQL, keys kept."""
    source = sa.create_engine(f"sqlite:///{sqlite_path}")
    with source.connect() as src, pg.begin() as dst:
        for name in TABLES:
            table = Base.metadata.tables[name]
            rows = [dict(r._mapping) for r in src.execute(sa.select(table))]
            for start in range(0, len(rows), 5000):
                dst.execute(table.insert(), rows[start:start + 5000])
            dst.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'pk'), "
                f"(SELECT coalesce(max(pk), 1) FROM {name}))")
    source.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.pg_search")
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="pg-search-bench-"))
    path = folder / "demo.rbinder"
    start = time.perf_counter()
    with open_services(path, FixedClock(date(2026, 11, 24)), create=True) as services:
        generate_demo(services, args.dossiers)
    print(f"demo binder of {args.dossiers} dossiers: {time.perf_counter() - start:.1f}s")
    cluster = start_cluster()
    failed: list[str] = []
    wrong = False
    try:
        url = create_database(cluster, "pg_search_bench")
        migrate(url)
        pg = sa.create_engine(url)
        start = time.perf_counter()
        _copy(path, pg)
        print(f"copied to PostgreSQL: {time.perf_counter() - start:.1f}s")
        with pg.begin() as conn:
            start = time.perf_counter()
            upkeep.rebuild(conn)
            print(f"PostgreSQL index made from the tables (upkeep.rebuild): "
                  f"{time.perf_counter() - start:.2f}s")
            conn.exec_driver_sql("ANALYZE")
        with pg.connect() as conn:
            size = conn.exec_driver_sql(
                "SELECT pg_size_pretty(pg_total_relation_size('dossier_search'))").scalar()
        print(f"dossier_search with its indexes: {size}\n")
        lite = sqlite3.connect(path)
        fts, team = Fts5Index(), PgSearchIndex()
        raw = pg.raw_connection()
        cur = QmarkCursor(raw.driver_connection.cursor())  # type: ignore[union-attr]
        print(f"  {'typed':<26} {'first':>10} {'median':>10} {'target':>9} {'FTS5':>10}")
        lite_cur = lite.cursor()
        for typed in TYPED:
            _, floor = timed(lambda t=typed: fts.search(lite_cur, t, LIMIT), args.repeat)
            first, median = timed(lambda t=typed: team.search(cur, t, LIMIT), args.repeat)
            line, over = report_row(f"{typed!r} ({_matches(cur, typed)})", first, median,
                                    TARGET_MS, floor, width=26,
                                    check=args.dossiers == 10_000)
            every = [sorted(r[0] for r in index.search(c, typed, 1000))
                     for index, c in ((fts, lite_cur), (team, cur))]
            by_name = fts.many_matches(lite_cur, typed) or len(typed) < fts5.SHORT_QUERY
            same = every[0] == every[1] and (not by_name or (
                fts.search(lite_cur, typed, LIMIT) == team.search(cur, typed, LIMIT)))
            print(line + ("" if same else "  WRONG: other matches than FTS5's"))
            wrong = wrong or not same
            if over:
                failed.append(typed)
        raw.close()
        pg.dispose()
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return verdict(failed, wrong)


def _matches(cur: QmarkCursor, typed: str) -> str:
    """How many dossiers match (up to 1,001), for the line's name."""
    match = ts_query(typed)
    if match is None or not match[0]:
        return "0"
    n = cur.execute("SELECT count(*) FROM (SELECT 1 FROM dossier_search "
                    f"WHERE {condition(match[0], not match[1])} LIMIT 1001) m").fetchone()[0]
    return f"{n}{'+' if n > 1000 else ''}"


if __name__ == "__main__":
    sys.exit(main())
