"""The quick commands of a team binder as processes, cold and warm (a keeper holding the
connection, app/store/team_keeper.py), against a binder file's: the same demo shared by 10
people on a local PostgreSQL (a throw-away cluster, tests/pg.py) and in a SQLite file.

    python -m tests.bench.team_keeper [--clients 3000] [--runs 7]

Wall time of `ringbinder --binder WHERE COMMAND --json` as a process, median of `--runs`:
cold with keeping off (as before keepers: psycopg loaded and a connection made by the
command), cold with keeping on (`cold+start`: the command forks a keeper as it starts, which
connects while the command loads, and is served by it; every keeper ended before each run),
warm (a keeper listening). The warm figure must be within 2x the file's; exits 1 when one
is not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = "2026-11-24"
TARGET_RATIO = 2.0


def _ms(where: str, command: list[str], env: dict[str, str], before=None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app", "--binder", where, "--today", TODAY,
                    *command], check=True, stdout=subprocess.DEVNULL, env=env)
    return (time.perf_counter() - start) * 1000


def _median(runs: int, *args, **kwargs) -> float:
    return statistics.median(_ms(*args, **kwargs) for _ in range(runs))


def _keepers(folder: Path) -> list[int]:
    pids = []
    for path in (folder / "keep").glob("*.sock"):
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.connect(os.fspath(path))
                pids.append(struct.unpack("3i", sock.getsockopt(
                    socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[0])
        except OSError:
            pass
    return pids


def _busy(folder: Path) -> bool:
    """Whether a keeper lives: each holds its lock file from its start (before it listens)
    to its end."""
    import fcntl

    for lock in (folder / "keep").glob("*.lock"):
        with open(lock, "rb") as held:
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
    return False


def end_keepers(folder: Path) -> None:
    """Every keeper ended, those still starting too (once they listen)."""
    end = time.monotonic() + 20
    while time.monotonic() < end and _busy(folder):
        for pid in _keepers(folder):
            os.kill(pid, signal.SIGTERM)
        time.sleep(0.02)


def wait_keeper(folder: Path) -> None:
    end = time.monotonic() + 10
    while time.monotonic() < end and not _keepers(folder):
        time.sleep(0.02)


def keeping_env(folder: Path, seconds: str) -> dict[str, str]:
    """The commands' environment: keepers for `seconds`, their sockets in `folder`."""
    return dict(os.environ, RINGBINDER_KEEP_DIR=str(folder / "keep"),
                RINGBINDER_KEEP_SECONDS=seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.team_keeper")
    parser.add_argument("--clients", type=int, default=3000)
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    from app.clock import FixedClock
    from app.services import open_services
    from tests.bench.team import _binders
    from tests.pg import as_login, start_cluster

    cluster = start_cluster()
    folder = Path(tempfile.mkdtemp(prefix="rk-bench-", dir="/tmp"))
    off, on = keeping_env(folder, "0"), keeping_env(folder, "60")
    failed = []
    try:
        path, url, _solo_s, _team_s = _binders(args.clients, args.people, cluster)
        seller = as_login(url, "seller1").replace("postgresql+psycopg://", "postgresql://")
        with open_services(path, FixedClock(date.fromisoformat(TODAY))) as services:
            services.scope = None
            word = services.views.list_insert("today")[0].name.split()[0][:4]
        print(f"{args.clients:,} dossiers shared by {args.people} people; process wall time, "
              f"median of {args.runs}")
        print(f"  {'command':<22} {'file':>8} {'team cold':>10} {'cold+start':>11} "
              f"{'team warm':>10} {'warm/file':>10}")
        for name, command in (("tabs --json", ["tabs", "--json"]),
                              ("list today --json", ["list", "today", "--json"]),
                              (f"search {word} --json", ["search", word, "--json"])):
            _ms(str(path), command, off)  # the page cache warmed
            solo = _median(args.runs, str(path), command, off)
            cold = _median(args.runs, seller, command, off)
            started = _median(args.runs, seller, command, on,
                              before=lambda: end_keepers(folder))
            _ms(seller, command, on)
            wait_keeper(folder)
            warm = _median(args.runs, seller, command, on)
            ratio = warm / solo
            print(f"  {name:<22} {solo:6.0f}ms {cold:8.0f}ms {started:9.0f}ms "
                  f"{warm:8.0f}ms {ratio:9.2f}x {'ok' if ratio < TARGET_RATIO else 'OVER'}")
            if ratio >= TARGET_RATIO:
                failed.append(name)
        shutil.rmtree(path.parent, ignore_errors=True)
    finally:
        end_keepers(folder)
        shutil.rmtree(folder, ignore_errors=True)
        cluster.stop()
    if failed:
        print("\nover target: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
