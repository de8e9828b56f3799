"""The damage check left for later: a binder opened for writing with `check=False` is not
checked at its open (the window then checks it off the GUI thread with `BinderDB.check`),
except when a migration is due; a damaged binder is never migrated."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.errors import BinderDamaged, ReadOnlyBinder
from app.services import open_services
from app.services.binder import open_damaged_services
from app.services.dossiers import NewDossier
from app.store import open_binder, open_damaged
from tests.conftest import TODAY
from tests.store.test_damage import damage_an_index_page, quick_check

DATA = Path(__file__).resolve().parent.parent / "data"


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def filled(binder_path: Path, clock) -> Path:
    with open_services(binder_path, clock) as services:
        for n in range(60):
            services.dossiers.create(NewDossier(name=f"Client {n:03d}", next_contact=TODAY))
    return binder_path


@pytest.fixture
def damaged(filled: Path) -> Path:
    damage_an_index_page(filled)
    assert quick_check(filled) != "ok"
    return filled

def test_an_open_without_the_check_does_not_look_and_the_later_check_finds_the_damage(
        damaged):
    with open_binder(damaged, check=False) as db:
        assert not db.readonly and db.damaged is None  # quick_check did not run
        found = db.check()
        assert found is not None and "page" in found and "\n" not in found
    with open_damaged(damaged, found) as view:  # the view an open with the check gives
        assert view.readonly and view.damaged == found


def test_the_damaged_view_refuses_writes_and_leaves_the_file_as_it_was(damaged, clock):
    with open_services(damaged, clock, check=False) as services:
        found = services.check_damage()
    assert found is not None
    before = damaged.read_bytes()
    with open_damaged_services(damaged, found, clock) as services:
        assert services.readonly and services.damaged == found
        assert [row.name for row in services.views.search("Client 007")] == ["Client 007"]
        with pytest.raises(ReadOnlyBinder, match=r"damaged.*backup restore"):
            services.dossiers.create(NewDossier(name="Written Anyway"))
    assert damaged.read_bytes() == before


def test_a_sound_binder_checks_sound_and_stays_writable(binder_path, clock):
    with open_services(binder_path, clock, check=False) as services:
        assert services.check_damage() is None
        assert not services.readonly
        services.dossiers.create(NewDossier(name="Ana Ruiz"))


def test_the_later_check_of_a_large_binder_marks_the_day_through_the_writable_binder(
        filled, monkeypatch):
    monkeypatch.setenv("RINGBINDER_CHECK_PAGES", "1")  # every binder is a large one
    with open_binder(filled, check=False) as db:
        assert user_version(filled) == 0  # not checked at the open, so not marked
        assert db.check() is None
        assert user_version(filled) == date.today().toordinal()
    damage_an_index_page(filled)
    with open_binder(filled) as db:  # checked today already: not read again today
        assert not db.readonly


def test_a_check_finishing_after_the_close_marks_nothing(binder_path, monkeypatch):
    monkeypatch.setenv("RINGBINDER_CHECK_PAGES", "1")
    db = open_binder(binder_path, check=False)
    db.close()  # the window closed while its check still ran
    assert db.check() is None
    assert user_version(binder_path) == 0


def test_a_binder_due_for_a_migration_is_checked_at_the_open_all_the_same(tmp_path):
    old = tmp_path / "binder-0001.rbinder"
    shutil.copyfile(DATA / "binder-0001.rbinder", old)
    damage_an_index_page(old, "ix_dossiers_agenda")
    assert quick_check(old) != "ok"
    before = old.read_bytes()
    # found at the open; an old binder cannot be read before its migration, so refused
    with pytest.raises(BinderDamaged, match="is damaged"):
        open_binder(old, check=False)
    assert old.read_bytes() == before  # neither migrated nor written
    assert not list(tmp_path.glob("*.bak"))  # no copy before a migration: none was made
