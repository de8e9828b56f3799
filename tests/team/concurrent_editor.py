"""One of the writers of tests/team/test_concurrency.py, as a process of its own: it edits the
notes of the given dossiers, each edit typed over the card as it read it a moment before,
and writes one JSON line per edit: landed (with the value it was based on) or refused as a
conflict.

    python -m tests.team.concurrent_editor URL NAME EDITS SEED OUT IDS...
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date

from app.clock import FixedClock
from app.errors import EditConflict
from app.services import open_services


def main(argv: list[str]) -> int:
    url, name, edits, seed, out, *ids = argv
    rng = random.Random(int(seed))
    with open_services(url, FixedClock(date(2026, 11, 24))) as services, \
            open(out, "w", encoding="utf-8") as log:
        for n in range(int(edits)):
            dossier = rng.choice(ids)
            base = services.dossiers.get(dossier).notes
            typed = f"{name}-{n}"
            time.sleep(rng.random() * 0.004)  # the other writer gets in between, now and then
            try:
                services.dossiers.update(dossier, base={"notes": base}, notes=typed)
                record = {"id": dossier, "landed": True, "base": base, "typed": typed}
            except EditConflict as exc:
                (_field, _typed, there), = exc.conflicts
                record = {"id": dossier, "landed": False, "base": base, "typed": typed,
                          "there": there}
            log.write(json.dumps(record) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
