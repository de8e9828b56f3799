"""The writer that tests/store/test_crash_kill.py kills: it imports the app once, then forks
one writer process per line read from stdin (the round's seed), so that each of the many
rounds starts in milliseconds.  A writer opens the binder and creates dossiers and logs
contacts until it is killed, printing each write on stdout only after its commit:

    pid 1234 / open / dossier <id> / event <dossier id> <summary>, then (from here) dead <status>
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, timedelta

from app.clock import FixedClock
from app.services import open_services
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep

TODAY = date(2026, 11, 24)


def say(line: str) -> None:
    """One line in one write(2): a kill cannot cut it in two (print may write the text and its
    newline separately, e.g. under PYTHONUNBUFFERED)."""
    os.write(1, f"{line}\n".encode())


def write_until_killed(path: str, seed: int) -> None:
    rng = random.Random(seed)
    services = open_services(path, FixedClock(TODAY))
    say("open")
    ids: list[str] = []
    for n in range(1_000_000):
        if ids and rng.random() < 0.5:
            dossier_id = rng.choice(ids)
            summary = f"Call {seed}-{n}"
            services.filing.log_contact(
                dossier_id, ContactLog("call", summary, "Wants a quote " * rng.randint(1, 40)),
                NextStep(TODAY + timedelta(days=rng.randint(1, 90))))
            say(f"event {dossier_id} {summary}")
        else:
            dossier_id, _ = services.dossiers.create(NewDossier(
                name=f"Client {seed}-{n}", company="Crash Test S.L.",
                notes="lorem ipsum " * rng.randint(0, 400), next_contact=TODAY))
            ids.append(dossier_id)
            say(f"dossier {dossier_id}")


def main() -> None:
    path = sys.argv[1]
    for line in sys.stdin:
        seed = int(line)
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(path, seed)
            finally:
                os._exit(1)  # only a kill is expected to end a writer
        say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"dead {status}")


if __name__ == "__main__":
    main()
