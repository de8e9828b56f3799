"""A binder with a damaged page: noticed when it is opened for writing, then read-only.

The damage is real: bytes overwritten in an index page of a closed binder file, so that
SQLite's quick_check complains while the header and the schema still read.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import ReadOnlyBinder
from app.services import open_services
from app.services.dossiers import NewDossier
from app.store import open_binder
from tests.conftest import TODAY
from tests.helpers import binder_digest

ROOT = Path(__file__).resolve().parents[2]
DAMAGED_INDEX = "ix_dossiers_working_order"


def damage_an_index_page(path: Path, index: str = DAMAGED_INDEX) -> None:
    """Overwrite the cells at the end of the index's first leaf page (a closed binder)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (page,) = conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' "
                               "ORDER BY pageno LIMIT 1", (index,)).fetchone()
    finally:
        conn.close()
    with path.open("r+b") as fh:
        fh.seek(page * page_size - 1024)
        fh.write(b"\xa5" * 1024)


def quick_check(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        conn.close()


def run_cli(binder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "--binder", str(binder), "--today", TODAY.isoformat(),
         *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.fixture
def damaged(binder_path: Path, clock) -> Path:
    with open_services(binder_path, clock) as services:
        for n in range(60):
            services.dossiers.create(NewDossier(name=f"Client {n:03d}", company="Damaged S.L.",
                                                next_contact=TODAY))
    damage_an_index_page(binder_path)
    assert quick_check(binder_path) != "ok"
    return binder_path


def test_a_damaged_binder_opens_read_only_and_says_what_is_wrong(damaged, clock):
    before = damaged.read_bytes()
    with open_services(damaged, clock) as services:
        assert services.readonly
        assert services.damaged is not None and "page" in services.damaged
        assert "\n" not in services.damaged
        found = services.views.search("Client 007")
        assert [row.name for row in found] == ["Client 007"]
        with pytest.raises(ReadOnlyBinder, match=r"damaged.*backup restore"):
            services.dossiers.create(NewDossier(name="Written Anyway"))
    assert damaged.read_bytes() == before  # nothing written, not even a migration or a stamp


def test_a_sound_binder_opens_for_writing_with_nothing_damaged(binder_path, clock):
    with open_services(binder_path, clock) as services:
        assert not services.readonly and services.damaged is None


def test_the_cli_refuses_to_write_to_a_damaged_binder_and_points_to_the_backups(damaged):
    digest = binder_digest(damaged)
    refused = run_cli(damaged, "add", "--name", "Written Anyway")
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.count("\n") == 1
    assert "is damaged" in refused.stderr
    assert "ringbinder backup list" in refused.stderr and "backup restore" in refused.stderr
    assert binder_digest(damaged) == digest

    found = run_cli(damaged, "search", "Client 007")  # reading works as far as SQLite can
    assert found.returncode == 0, found.stderr
    assert "Client 007" in found.stdout


def test_a_handover_from_a_damaged_binder_says_the_binder_is_damaged(damaged, tmp_path):
    digest = binder_digest(damaged)
    out = tmp_path / "out.rbh"
    written = run_cli(damaged, "handover", "export", "-o", str(out), "--no-passphrase",
                      "--ids", *[_id_of(damaged, "Client 001")])
    assert written.returncode == 0, written.stderr
    assert "damaged" in written.stderr and "backup restore" in written.stderr
    assert written.stderr.count("\n") == 1 and out.exists()
    assert binder_digest(damaged) == digest


def _id_of(binder: Path, name: str) -> str:
    conn = sqlite3.connect(f"file:{binder}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT uuid FROM dossiers WHERE full_name = ?", (name,)).fetchone()[0]
    finally:
        conn.close()


def test_a_read_that_meets_the_damaged_page_gives_one_line_not_a_traceback(damaged):
    listed = run_cli(damaged, "list", TODAY.isoformat())  # walks the damaged index
    assert listed.returncode == 2, listed.stderr
    assert listed.stderr.count("\n") == 1
    assert "is damaged" in listed.stderr and "cannot be read" in listed.stderr
    # the strip's counts are a table of their own (kept by triggers), which this damage
    # leaves readable: tabs still answers, as reading works as far as SQLite can
    tabs = run_cli(damaged, "tabs", "--json")
    assert tabs.returncode == 0, tabs.stderr


def test_a_large_binder_is_checked_on_its_first_open_of_the_day(damaged, clock, monkeypatch):
    """Above the size checked on every open, the first open of the day still finds damage."""
    monkeypatch.setenv("RINGBINDER_CHECK_PAGES", "1")
    with open_binder(damaged) as db:
        assert db.readonly and db.damaged is not None
