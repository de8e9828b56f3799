"""Opening binder files: the settings every connection needs, the writer lock, refusals that
change nothing, crash safety, migrations and the search index's transactions.

Everything here runs on real SQLite files in tmp_path; a second Ringbinder is a real process.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError

from app.clock import FixedClock
from app.errors import BinderLocked, BinderTooNew, BinderUnavailable
from app.services import open_services
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from app.store import open_binder
from app.store.database import (
    APPLICATION_ID,
    MIGRATIONS_DIR,
    SCHEMA_HEAD,
    SCHEMA_REVISIONS,
    creating_marker,
    lock_path,
)
from app.store.fts import FTS_TABLE
from app.store.models import Base, ContactEvent, Dossier
from tests.conftest import TODAY
from tests.helpers import binder_digest, raw_sql

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CHILD_TIMEOUT = 30

# A second Ringbinder: opens the binder for writing, says so, and holds it until told to go.
HOLDER = """
import sys
from app.store import open_binder
db = open_binder(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
db.close()
print("released", flush=True)
"""


@contextmanager
def held_by_another_process(path: Path) -> Iterator[subprocess.Popen]:
    """A child process holding `path` open for writing for the length of the block."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = child.stdout.readline()
        assert line == "holding\n", child.stderr.read()
        yield child
    finally:
        with suppress(BrokenPipeError):
            child.stdin.close()  # EOF: the child closes the binder and exits
        child.wait(timeout=CHILD_TIMEOUT)
        child.stdout.close()
        child.stderr.close()


def file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def sqlite_rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def fts_rowids(db, word: str) -> list[int]:
    with db.read() as session:
        return list(session.execute(text(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"), {"q": word}).scalars())


# -- a new binder ---------------------------------------------------------------------------

def test_a_new_binder_is_wal_with_foreign_keys_and_a_search_index(tmp_path):
    path = tmp_path / "new.rbinder"
    db = open_binder(path, create=True)
    try:
        with db.read() as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        with pytest.raises(IntegrityError), db.write() as session:  # a phone of no dossier
            session.execute(text(
                "INSERT INTO phones (dossier_pk, label, number, e164, position, uuid, "
                "updated_at) VALUES (4242, '', '+34 612 345 678', '', 0, 'u', 'now')"))
        binder_id = sqlite_rows(path, "SELECT uuid FROM binder_settings")
    finally:
        db.close()

    assert sqlite_rows(path, "PRAGMA journal_mode") == [("wal",)]  # kept in the file
    (fts_sql,) = sqlite_rows(path, f"SELECT sql FROM sqlite_master WHERE name = '{FTS_TABLE}'")
    assert "USING fts5" in fts_sql[0]

    for kwargs in ({}, {"create": True}, {"readonly": True}):  # again: the same binder
        with open_binder(path, **kwargs) as again, again.read() as session:
            assert session.execute(text("SELECT uuid FROM binder_settings")).all() == binder_id


@pytest.mark.parametrize("name", ["Binder #2.rbinder", "what?.rbinder", "Q4 100%.rbinder",
                                  "plan%20b.rbinder", "Łukasz ñ.rbinder"])
def test_a_binder_name_is_taken_literally(tmp_path, name):
    """'?', '#' and '%' in a file name are not URL syntax: the binder is the file named."""
    path = tmp_path / name
    with open_services(path, FixedClock(TODAY), create=True) as services:
        services.dossiers.create(NewDossier(name="Ana Ruiz"))
    assert sorted(os.listdir(tmp_path)) == sorted([name, name + ".lock"])
    with open_services(path, FixedClock(TODAY), readonly=True) as services:
        assert [r.name for r in services.views.list_insert("undated")] == ["Ana Ruiz"]
    # a reader may leave the WAL's side files (it cannot remove them); nothing else appears
    assert set(os.listdir(tmp_path)) <= {name, name + ".lock", name + "-wal", name + "-shm"}


# -- the writer lock -------------------------------------------------------------------------

def test_a_binder_held_by_another_process_is_refused_for_writing_but_can_be_read(binder_path):
    with open_services(binder_path, FixedClock(TODAY)) as services:
        services.dossiers.create(NewDossier(name="Ana Ruiz", next_contact=TODAY))

    with held_by_another_process(binder_path):
        before = binder_digest(binder_path)
        with pytest.raises(BinderLocked, match="already open by another Ringbinder"):
            open_binder(binder_path)
        with pytest.raises(BinderLocked):
            open_binder(binder_path, create=True)
        with open_services(binder_path, FixedClock(TODAY), readonly=True) as services:
            assert [r.name for r in services.views.list_insert("today")] == ["Ana Ruiz"]
        assert binder_digest(binder_path) == before

    # the other Ringbinder has gone: the binder opens for writing again
    with open_services(binder_path, FixedClock(TODAY)) as services:
        services.dossiers.create(NewDossier(name="Jan Nowak", next_contact=TODAY))
        assert [r.name for r in services.views.list_insert("today")] == ["Ana Ruiz", "Jan Nowak"]


def test_a_binder_held_by_a_process_that_was_killed_is_free(binder_path):
    with held_by_another_process(binder_path) as child:
        child.kill()
        child.wait(timeout=CHILD_TIMEOUT)
    with open_binder(binder_path) as db, db.write() as session:
        session.add(Dossier(full_name="Ana Ruiz", sort_name="ana ruiz"))


# -- refusals that change nothing ----------------------------------------------------------

def test_a_binder_from_a_newer_version_is_refused_untouched(binder_path):
    with open_services(binder_path, FixedClock(TODAY)) as services:
        services.dossiers.create(NewDossier(name="Ana Ruiz", next_contact=TODAY))
    conn = sqlite3.connect(binder_path)
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()
    digest, state = binder_digest(binder_path), file_state(binder_path)

    for readonly in (False, True):
        with pytest.raises(BinderTooNew, match="newer Ringbinder"):
            open_binder(binder_path, readonly=readonly)

    assert file_state(binder_path) == state  # byte for byte, and not even touched
    assert binder_digest(binder_path) == digest
    assert sqlite_rows(binder_path, "SELECT version_num FROM alembic_version") == [
        ("0099_from_the_future",)]
    assert not list(binder_path.parent.glob("*.bak"))  # no "backup before migrating" either


def _text_file(path: Path) -> None:
    path.write_text("Call Ana on Tuesday\n", encoding="utf-8")


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)  # rollback-journal mode, as most SQLite files are
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ana Ruiz')")
    conn.commit()
    conn.close()


def _damaged_binder(path: Path) -> None:
    open_binder(path, create=True).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page is garbage
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("make", [_text_file, _empty_file, _foreign_sqlite, _damaged_binder],
                         ids=["text", "empty", "foreign-sqlite", "damaged"])
@pytest.mark.parametrize("readonly", [False, True], ids=["write", "read"])
def test_a_file_that_is_not_a_binder_is_refused_untouched(tmp_path, make, readonly):
    path = tmp_path / "notes.rbinder"
    make(path)
    state = file_state(path)
    before = set(os.listdir(tmp_path))
    with pytest.raises(BinderUnavailable) as refused:
        open_binder(path, readonly=readonly)
    assert not isinstance(refused.value, BinderLocked | BinderTooNew)
    assert "\n" not in str(refused.value)
    assert file_state(path) == state
    assert set(os.listdir(tmp_path)) == before  # no lock file, journal or index left beside it


def test_a_folder_is_not_a_binder(tmp_path):
    folder = tmp_path / "clients.rbinder"
    folder.mkdir()
    for kwargs in ({}, {"create": True}, {"readonly": True}):
        with pytest.raises(BinderUnavailable, match="folder"):
            open_binder(folder, **kwargs)
    assert os.listdir(folder) == []
    assert os.listdir(tmp_path) == ["clients.rbinder"]


def test_a_missing_binder_is_not_created_unless_asked(tmp_path):
    path = tmp_path / "sub" / "binder.rbinder"
    for readonly in (False, True):
        with pytest.raises(BinderUnavailable, match="There is no binder"):
            open_binder(path, readonly=readonly)
    with pytest.raises(BinderUnavailable):  # read-only never creates, even when asked to
        open_binder(path, readonly=True, create=True)
    assert os.listdir(tmp_path) == []


def test_a_binder_cannot_be_created_inside_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder", encoding="utf-8")
    for kwargs in ({}, {"create": True}, {"readonly": True}):
        with pytest.raises(BinderUnavailable, match=r"notes\.txt is a file, not a folder") as no:
            open_binder(tmp_path / "notes.txt" / "sub" / "binder.rbinder", **kwargs)
        assert "Errno" not in str(no.value)
    assert os.listdir(tmp_path) == ["notes.txt"]


def _empty_foreign_database(path: Path) -> None:
    """Another application's SQLite file with no tables (yet): a header and nothing else."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE settings (key TEXT)")
    conn.execute("DROP TABLE settings")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kwargs", [{}, {"create": True}, {"readonly": True}],
                         ids=["write", "create", "read"])
def test_an_empty_database_of_another_application_is_not_taken_over(tmp_path, kwargs):
    path = tmp_path / "other.db"
    _empty_foreign_database(path)
    state = file_state(path)
    with pytest.raises(BinderUnavailable, match="another application") as refused:
        open_binder(path, **kwargs)
    assert "\n" not in str(refused.value)
    assert file_state(path) == state
    assert os.listdir(tmp_path) == ["other.db"]  # no lock file, journal or index beside it


def test_an_empty_file_is_not_taken_over_even_when_creating(tmp_path):
    path = tmp_path / "notes.rbinder"
    path.touch()  # someone's file, kept empty for later: not ours to fill
    with pytest.raises(BinderUnavailable, match="empty file"):
        open_binder(path, create=True)
    assert path.read_bytes() == b"" and os.listdir(tmp_path) == ["notes.rbinder"]


def test_an_empty_file_left_by_a_creation_killed_before_its_first_write_is_finished(
        tmp_path):
    path = tmp_path / "new.rbinder"
    path.touch()  # SQLite made the file, the process died before it wrote to it
    lock_path(path).touch()
    creating_marker(path).touch()  # made before the file, removed once it is a binder
    with open_services(path, FixedClock(TODAY), create=True) as services:
        services.dossiers.create(NewDossier(name="Ana Ruiz"))
    assert sqlite_rows(path, "SELECT full_name FROM dossiers") == [("Ana Ruiz",)]
    assert not creating_marker(path).exists()


def test_a_used_binder_truncated_to_nothing_is_not_silently_replaced(tmp_path):
    path = tmp_path / "used.rbinder"
    with open_services(path, FixedClock(TODAY), create=True) as services:
        services.dossiers.create(NewDossier(name="Ana Ruiz"))
    assert lock_path(path).exists() and not creating_marker(path).exists()
    path.write_bytes(b"")  # an accident: a sync tool, a full disk
    with pytest.raises(BinderUnavailable, match="empty file"):
        open_binder(path, create=True)
    assert path.read_bytes() == b""


def test_a_binder_whose_creation_was_cut_short_is_finished_on_the_next_open(tmp_path):
    path = tmp_path / "new.rbinder"
    conn = sqlite3.connect(path)  # what a creation killed after its first write leaves
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.close()
    with open_services(path, FixedClock(TODAY), create=True) as services:
        services.dossiers.create(NewDossier(name="Ana Ruiz"))
    assert sqlite_rows(path, "SELECT full_name FROM dossiers") == [("Ana Ruiz",)]


# A Ringbinder creating a binder on a disk that fills up (a file-size limit) half-way through.
DISK_FULL = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
from app.store import open_binder
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), resource.RLIM_INFINITY))
try:
    open_binder(sys.argv[1], create=True)
except Exception as exc:
    print("failed:", type(exc).__name__)
else:
    print("created")
"""


def test_a_create_that_fails_half_way_leaves_no_binder_behind(tmp_path):
    path = tmp_path / "binder.rbinder"
    result = subprocess.run(
        [sys.executable, "-c", DISK_FULL, str(path), str(48 * 1024)], cwd=ROOT,
        capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    assert result.stdout.startswith("failed: BinderUnavailable"), result.stdout + result.stderr
    # no half-made binder, nor its -wal, -shm or lock file
    assert os.listdir(tmp_path) == []
    with pytest.raises(BinderUnavailable, match="There is no binder"):
        open_binder(path)
    open_binder(path, create=True).close()  # with room on the disk it works


# -- a crash in the middle of a transaction --------------------------------------------------

CRASH = """
import sys
from datetime import date
from app.clock import FixedClock
from app.services import open_services
from app.services.dossiers import NewDossier
from app.store.models import Dossier

services = open_services(sys.argv[1], FixedClock(date(2026, 11, 24)))
services.dossiers.create(NewDossier(name="Carla Committed", company="Saved S.A.",
                                    next_contact=date(2026, 11, 24)))
notes = "lorem ipsum dolor sit amet " * 80  # enough pages to spill into the WAL file
with services.db.write() as session:
    for n in range(1500):
        session.add(Dossier(full_name=f"Ghost Uncommitted {n}", sort_name=f"ghost {n}",
                            notes=notes, next_contact=date(2026, 11, 24)))
    session.flush()
    print("inside", flush=True)
    sys.stdin.readline()  # killed here, before the commit
"""


def test_a_process_killed_inside_a_transaction_loses_only_that_transaction(binder_path):
    child = subprocess.Popen(
        [sys.executable, "-c", CRASH, str(binder_path)], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout.readline() == "inside\n", child.stderr.read()
        wal = binder_path.with_name(binder_path.name + "-wal")
        assert wal.stat().st_size > 1_000_000  # the uncommitted pages did reach the disk
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=CHILD_TIMEOUT) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            stream.close()

    with open_services(binder_path, FixedClock(TODAY)) as services:
        with services.db.read() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            session.execute(text(  # raises if the index is damaged
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"))
            names = session.execute(select(Dossier.full_name)).scalars().all()
        assert names == ["Carla Committed"]
        assert [r.name for r in services.views.search("carla saved")] == ["Carla Committed"]
        assert services.views.search("ghost") == []
        assert [t.count for t in services.views.tabs() if t.key == "2026-11-24"] == [1]
        services.dossiers.create(NewDossier(name="Dana After"))  # and it takes writes again
    assert sqlite_rows(binder_path, "SELECT count(*) FROM dossiers") == [(2,)]


# -- migrations ------------------------------------------------------------------------------

def test_the_known_revisions_are_the_migration_scripts_in_order():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    assert scripts.get_heads() == [SCHEMA_HEAD]
    oldest_first = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(oldest_first) == SCHEMA_REVISIONS
    assert scripts.get_revision(SCHEMA_REVISIONS[0]).down_revision is None


EXPRESSION_INDEX = "ix_dossiers_working_order"  # SQLAlchemy cannot reflect it; checked below


def _not_the_search_index(name: str | None, type_: str, _parents: dict) -> bool:
    if type_ == "index" and name == EXPRESSION_INDEX:
        return False
    if type_ == "table" and name == "dossier_counts":  # derived, kept by triggers (0007)
        return False
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def test_the_models_match_the_migrated_schema(binder_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = create_engine(f"sqlite:///{binder_path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "include_name": _not_the_search_index, "compare_type": True,
                "render_as_batch": True})
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", ".*expression-based index")
                differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
    ((sql,),) = sqlite_rows(binder_path, "SELECT sql FROM sqlite_master WHERE name = ?",
                            (EXPRESSION_INDEX,))
    assert "coalesce(next_time, '99:99')" in sql
    # what autogenerate cannot see: the search index and the append-only trigger
    names = {r[0] for r in sqlite_rows(binder_path, "SELECT name FROM sqlite_master")}
    assert {FTS_TABLE, "contact_events_append_only"} <= names


@pytest.mark.file_binder  # SQLite's query plan
def test_insert_lists_are_read_in_index_order(services):
    """A page of a large insert is read straight from the index, without sorting it all."""
    from app.store.queries import ROW_COLUMNS, WORKING_ORDER

    conn = sqlite3.connect(services.path)
    try:
        plan = conn.execute(
            f"EXPLAIN QUERY PLAN SELECT {ROW_COLUMNS} FROM dossiers d WHERE d.archived = 0 "
            "AND d.next_contact IS NOT NULL AND d.next_contact >= ? AND d.next_contact <= ? "
            f"ORDER BY {WORKING_ORDER} LIMIT 200", ("2026-11-24", "2026-11-24")).fetchall()
    finally:
        conn.close()
    details = " ".join(row[-1] for row in plan)
    assert EXPRESSION_INDEX in details and "TEMP B-TREE" not in details


def test_a_binder_made_by_the_first_version_opens_and_shows_its_dossiers(tmp_path):
    path = tmp_path / "binder-0001.rbinder"
    shutil.copyfile(DATA / "binder-0001.rbinder", path)
    assert sqlite_rows(path, "SELECT version_num FROM alembic_version") == [("0001_baseline",)]

    with open_services(path, FixedClock(TODAY)) as services:  # migrates to head if it must
        tabs = {t.key: t.count for t in services.views.tabs()}
        assert tabs["2026-11-24"] == 1 and tabs["2026-12-02"] == 1 and tabs["2027-02"] == 1
        assert tabs["undated"] == 1 and tabs["archive"] == 1 and sum(tabs.values()) == 5
        (ana,) = services.views.list_insert("today")
        assert (ana.name, ana.time, ana.phone) == ("Ana Ruiz", "09:30", "+34 612 34 56 78")
        detail = services.dossiers.get(ana.id)
        assert [(e.summary, e.amount) for e in detail.events] == [
            ("Sent the autumn price list", "1250.50")]
        assert [r.name for r in services.views.search("елкин")] == ["Олег Ёлкин"]
        assert [r.name for r in services.views.search("lukasz 600123")] == ["Łukasz Wiśniewski"]
        assert [r.name for r in services.views.list_insert("archive")] == ["Pedro Gómez"]
        services.dossiers.create(NewDossier(name="New Client"))

    assert sqlite_rows(path, "SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    backups = list(tmp_path.glob("*.bak"))
    assert len(backups) == (0 if SCHEMA_HEAD == "0001_baseline" else 1)
    with open_services(path, FixedClock(TODAY), readonly=True) as services:
        assert len(services.views.list_insert("undated")) == 2


# -- the search index and the history inside transactions ------------------------------------

def test_a_rolled_back_dossier_leaves_no_search_row(binder_path):
    with open_binder(binder_path) as db:
        with pytest.raises(RuntimeError, match="changed my mind"), db.write() as session:
            session.add(Dossier(full_name="Ghost Rollback", sort_name="ghost rollback"))
            session.flush()
            inside = session.execute(text(
                f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'ghost'")).scalar()
            assert inside == 1  # indexed in the same transaction...
            raise RuntimeError("changed my mind")
        assert fts_rowids(db, "ghost") == []  # ...and gone with it
        with db.read() as session:
            assert session.execute(select(Dossier)).first() is None

        with db.write() as session:
            kept = Dossier(full_name="Ana Ruiz", sort_name="ana ruiz", notes="likes olives")
            session.add(kept)
        assert fts_rowids(db, "olives") == [kept.pk]
        with pytest.raises(RuntimeError), db.write() as session:  # a rolled-back edit
            session.get(Dossier, kept.pk).notes = "prefers figs"
            session.flush()
            raise RuntimeError
        assert fts_rowids(db, "olives") == [kept.pk]
        assert fts_rowids(db, "figs") == []
    assert sqlite_rows(binder_path, f"SELECT count(*) FROM {FTS_TABLE}") == [(1,)]


def test_contact_events_cannot_be_changed(services):
    dossier_id, _ = services.dossiers.create(NewDossier(name="Ana Ruiz"))
    services.filing.log_contact(dossier_id, ContactLog("call", "Price list", "Wants a quote"),
                                NextStep(date(2026, 11, 30)))
    with pytest.raises(IntegrityError, match="append-only"), services.db.write() as session:
        event_row = session.execute(select(ContactEvent)).scalar_one()
        event_row.outcome = "Ordered 500 units"
    # nor by another program writing to the database behind the app's back
    with pytest.raises(IntegrityError, match="append-only"):
        raw_sql(services, "UPDATE contact_events SET summary = 'rewritten'")

    (event_view,) = services.dossiers.get(dossier_id).events
    assert (event_view.summary, event_view.outcome) == ("Price list", "Wants a quote")
    assert [r.name for r in services.views.search("quote")] == ["Ana Ruiz"]


def test_deleting_a_dossier_takes_its_phones_and_history_with_it(services):
    dossier_id, _ = services.dossiers.create(NewDossier(name="Ana Ruiz",
                                                        phones=["+34 612 345 678"]))
    services.filing.log_contact(dossier_id, ContactLog("call", "Hello", "Fine"))
    with services.db.write() as session:
        session.execute(text("DELETE FROM dossiers"))
    with services.db.read() as session:
        assert session.execute(text("SELECT count(*) FROM phones")).scalar() == 0
        assert session.execute(text("SELECT count(*) FROM contact_events")).scalar() == 0
    assert services.views.search("ana") == []
