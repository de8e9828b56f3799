"""Regenerate the binders kept under tests/data as they were written by an older version.

    python -m tests.data.make_binders

binder-0001.rbinder: a binder at schema revision 0001_baseline with five dossiers (on a day
insert, with a time and a logged call; on a later day; in a month insert; undated; archived),
made on 2026-11-24.  Tests copy it to a temporary folder before opening it: opening a binder
writes beside it.  Do not regenerate a file once a newer revision exists: it stands for the
binders users already have.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from app.clock import FixedClock
from app.i18n import set_locale
from app.services import open_services
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep

DATA = Path(__file__).resolve().parent
TODAY = date(2026, 11, 24)


def make_0001(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / target.name
        with open_services(path, FixedClock(TODAY), create=True) as services:
            ana, _ = services.dossiers.create(NewDossier(
                name="Ana Ruiz", company="Frutas Ruiz S.L.", position="Directora de compras",
                phones=["mobile: +34 612 345 678"], emails=["ana@frutasruiz.es"],
                next_contact=date(2026, 11, 24), time="09:30", purpose="Call about the quote",
                priority="high"))
            services.filing.log_contact(
                ana, ContactLog("call", "Sent the autumn price list", "Wants a quote",
                                "Quote 2026-117", "1250.50", "EUR"),
                NextStep(date(2026, 11, 24), "09:30", "Call about the quote", "high"))
            services.dossiers.create(NewDossier(
                name="Łukasz Wiśniewski", company="Hurtownia Wiśnia", phones=["+48 600 123 456"],
                next_contact=date(2026, 12, 2), purpose="Visit with samples"))
            services.dossiers.create(NewDossier(
                name="Олег Ёлкин", company="ООО Ромашка", next_contact=date(2027, 2, 15),
                purpose="Spring catalogue"))
            services.dossiers.create(NewDossier(
                name="Jane Doe", company="Doe & Sons", emails=["jane@doe.co.uk"]))
            lost, _ = services.dossiers.create(NewDossier(name="Pedro Gómez", company="Gómez"))
            services.filing.archive(lost, "lost: went with a competitor")
        conn = sqlite3.connect(path)  # fold the WAL in and make the file small
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM")
        conn.close()
        shutil.copyfile(path, target)


def main() -> None:
    set_locale("en_US")
    make_0001(DATA / "binder-0001.rbinder")


if __name__ == "__main__":
    main()
