"""Daily copies of the binder: whole, rotating, made while it is in use."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from app.services.dossiers import NewDossier
from app.store.backup import backup_folder, backup_if_due, backups

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_a_copy_is_made_once_a_day_and_holds_the_binder(services):
    services.dossiers.create(NewDossier(name="Ana Ruiz"))  # the binder is open and in use
    first = backup_if_due(services.path, NOON)
    assert first is not None and first.exists()
    assert backup_if_due(services.path, NOON + timedelta(hours=5)) is None
    conn = sqlite3.connect(first)
    try:
        assert conn.execute("SELECT full_name FROM dossiers").fetchall() == [("Ana Ruiz",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    assert backup_if_due(services.path, NOON + timedelta(days=1)) is not None
    assert len(backups(services.path)) == 2


def test_only_the_last_copies_are_kept(services):
    for day in range(10):
        backup_if_due(services.path, NOON + timedelta(days=day), keep=7)
    kept = backups(services.path)
    assert len(kept) == 7 and kept[0].name.endswith("20261127-120000.rbinder")
    assert not list(backup_folder(services.path).glob("*.part"))


def test_the_services_make_todays_copy_and_a_reader_makes_none(services, clock):
    from app.services import open_services

    copy = services.back_up()
    assert copy is not None and copy.exists()
    assert services.back_up() is None  # already made today
    services.close()
    with open_services(services.path, clock, readonly=True) as reader:
        assert reader.back_up() is None
