"""Writers killed with SIGKILL at random moments: the binder stays sound, every write that was
acknowledged is there, and the next start is not blocked by the dead writer's lock (the lock
is an flock, which the kernel releases when the process dies).

`make test` kills 50 writers; `make bench` 1,000 (RINGBINDER_KILLS).
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from app.store import open_binder

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("RINGBINDER_KILLS", "50"))
WAIT = 60  # seconds for any one line from the writer: only a hang takes that long


class Writers:
    """tests/store/crash_writer.py, and its stdout read line by line on a thread."""

    def __init__(self, binder: Path, errors: Path) -> None:
        self.errors = errors.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.store.crash_writer", str(binder)], cwd=ROOT,
            text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put("")

    def next_line(self) -> str:
        try:
            line = self.lines.get(timeout=WAIT)
        except queue.Empty:
            ps = subprocess.run(["ps", "-o", "pid,ppid,stat,wchan:30,cmd", "--ppid",
                                 str(self.proc.pid), "-p", str(self.proc.pid)],
                                capture_output=True, text=True).stdout
            raise AssertionError(f"no word from the writers in {WAIT} s:\n{ps}") from None
        assert line.endswith("\n"), f"the writers stopped: {line!r}"
        return line.rstrip("\n")

    def start(self, seed: int) -> int:
        self.proc.stdin.write(f"{seed}\n")
        self.proc.stdin.flush()
        word, pid = self.next_line().split()
        assert word == "pid"
        return int(pid)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=WAIT)
        self.proc.stdout.close()
        self.errors.close()


@pytest.mark.slow
def test_writers_killed_at_random_moments_lose_no_acknowledged_write(binder_path, tmp_path):
    rng = random.Random(20261124)
    dossiers: set[str] = set()
    events: set[tuple[str, str]] = set()
    killed_while_writing = 0
    writers = Writers(binder_path, tmp_path / "writer-errors.txt")
    try:
        for seed in range(KILLS):
            pid = writers.start(seed)
            acked: list[str] = []
            if rng.random() < 0.2:  # while it opens the binder (recovery, check, first write)
                threading.Event().wait(rng.uniform(0, 0.03))
            else:  # after some writes, at any point of the next one
                assert writers.next_line() == "open"
                for _ in range(rng.randint(0, 12)):
                    acked.append(writers.next_line())
                threading.Event().wait(rng.uniform(0, 0.004))
                killed_while_writing += 1
            os.kill(pid, signal.SIGKILL)
            while (line := writers.next_line()) != f"dead {signal.SIGKILL}":
                assert not line.startswith("dead"), (
                    f"writer {seed} ended by itself ({line}): "
                    + (tmp_path / "writer-errors.txt").read_text())
                acked.append(line)  # printed after its commit, before the kill
            for line in acked:
                kind, *rest = line.split(" ", 2)
                if kind == "dossier":
                    dossiers.add(rest[0])
                elif kind == "event":
                    events.add((rest[0], rest[1]))

            # the next start: not held by the dead writer's lock, sound, nothing lost
            with open_binder(binder_path) as db, db.read() as session:
                assert not db.readonly and db.damaged is None
                assert session.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
                present = set(session.execute(text("SELECT uuid FROM dossiers")).scalars())
                logged = {(uuid, summary) for uuid, summary in session.execute(text(
                    "SELECT d.uuid, e.summary FROM contact_events e "
                    "JOIN dossiers d ON d.pk = e.dossier_pk"))}
            assert dossiers <= present, f"round {seed}: {len(dossiers - present)} dossiers lost"
            assert events <= logged, f"round {seed}: {len(events - logged)} contacts lost"
    finally:
        writers.close()
    assert killed_while_writing >= KILLS // 2 and len(dossiers) > KILLS  # the kills did hit work
