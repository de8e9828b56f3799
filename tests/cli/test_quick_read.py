"""`tabs`, `list` and `search` read an up-to-date binder on a plain sqlite3 connection
(app/cli_read.py): the same output as the full path through the services, byte for byte, in
each language and strip mode; anything unusual goes to the full path, which says what it
always said; and the processes load neither SQLAlchemy, Qt nor Babel."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import app.cli_read
from app.cli_read import _flat_records
from app.clock import FixedClock
from app.i18n import set_locale
from app.services import open_services
from app.services.dossiers import NewDossier
from app.store.schema import SCHEMA_HEAD
from tests.cli.test_cli import run_cli
from tests.conftest import TODAY
from tests.helpers import undo_team_users

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [
    ("tabs",), ("tabs", "--json"),
    ("list", "today"), ("list", TODAY.isoformat(), "--json"), ("list", "overdue", "--json"),
    ("list", "undated"), ("list", "archive", "--json"), ("list", "2027-02", "--json"),
    ("list", "later"), ("list", "no-such-insert"), ("list", "2026-11-25"),
    ("search", "pena"), ("search", "łu", "--json"), ("search", "иван", "--json"),
    ("search", "acme corp"), ("search", "nobody-at-all"), ("search", "  ", "--json"),
]


@pytest.fixture
def filled(binder_path: Path) -> Path:
    """A binder with dossiers under most inserts: accents, times, priorities, fixed
    appointments, undated, archived; a capacity of 2 so that a day is over it."""
    with open_services(binder_path, FixedClock(TODAY)) as services:
        people = [("María Peña", "Acme Corp", TODAY, "09:30", "high", True),
                  ("Łukasz Żółć", "Hurtownia", TODAY, None, "low", False),
                  ("Иван Иванов", "Acme Corp", TODAY, "14:00", None, False),
                  ("Ana Ruiz", "", TODAY + timedelta(days=1), None, None, False),
                  ("Zoë Ölund", "Nord", TODAY + timedelta(days=75), None, None, False),
                  ("Pat Later", "", TODAY + timedelta(days=800), None, None, False),
                  ("Undated One", "Acme Corp", None, None, None, False)]
        for name, company, when, time, priority, fixed in people:
            services.dossiers.create(NewDossier(
                name=name, company=company, next_contact=when, time=time, priority=priority,
                fixed=fixed, phones=["+48 600 123 456"] if "Ł" in name else [],
                purpose="call back" if when else ""))
        gone, _changes = services.dossiers.create(NewDossier(name="Gone Away"))
        services.filing.archive(gone, "moved abroad")
        late, _changes = services.dossiers.create(NewDossier(name="Late Payer"))
        services.filing.move([late], TODAY + timedelta(days=1))
        services.settings.update(daily_capacity=2)
    conn = sqlite3.connect(binder_path)  # one dossier overdue, as time passing leaves it
    conn.execute("UPDATE dossiers SET next_contact = ? WHERE full_name = 'Late Payer'",
                 ((TODAY - timedelta(days=3)).isoformat(),))
    conn.commit()
    conn.close()
    return binder_path


@pytest.fixture
def full_path_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(app.cli_read, "run_quick", lambda args, clock: None)
    yield


def _both(binder: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch,
          today: str = TODAY.isoformat()) -> tuple[tuple, tuple]:
    calls: list[object] = []
    real = app.cli_read.run_quick

    def counted(*a: object) -> int | None:
        calls.append("asked")
        answered = real(*a)  # type: ignore[arg-type]
        calls.append(answered)  # not reached when it refuses the input (as the full path)
        return answered

    monkeypatch.setattr(app.cli_read, "run_quick", counted)
    quick = run_cli(binder, *args, today=today)
    assert calls[:1] == ["asked"] and calls[1:] != [None], "the quick path was not taken"
    monkeypatch.setattr(app.cli_read, "run_quick", lambda *a: None)
    full = run_cli(binder, *args, today=today)
    monkeypatch.setattr(app.cli_read, "run_quick", real)
    return (quick.code, quick.out, quick.err), (full.code, full.out, full.err)


@pytest.mark.parametrize("language", ["en_US", "pl_PL", "ru_RU", "es_ES"])
def test_the_quick_path_prints_what_the_full_path_prints(filled, monkeypatch, language):
    set_locale(language)
    try:
        for args in COMMANDS:
            quick, full = _both(filled, args, monkeypatch)
            assert quick == full, args
    finally:
        set_locale("en_US")


def test_the_same_in_working_days_mode_with_holidays(filled, monkeypatch):
    with open_services(filled, FixedClock(TODAY)) as services:
        services.settings.update(tab_mode="working_days", horizon_months=2,
                                 holiday_country="PL", daily_capacity=1)
    for today in ("2026-12-24", TODAY.isoformat(), "2027-01-01"):
        for args in COMMANDS[:6]:
            quick, full = _both(filled, args, monkeypatch, today=today)
            assert quick == full, (today, args)


def _revision(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.commit()
    conn.close()


def test_unusual_binders_go_the_full_path_and_get_its_answer(filled, tmp_path, full_path_only):
    missing = run_cli(tmp_path / "nothing.rbinder", "tabs")
    assert missing.code == 2 and "There is no binder at" in missing.err

    text = tmp_path / "notes.rbinder"
    text.write_text("hello")
    assert run_cli(text, "list", "today").code == 2

    newer = tmp_path / "newer.rbinder"
    shutil.copyfile(filled, newer)
    _revision(newer, "0099_from_the_future")
    refused = run_cli(newer, "search", "pena")
    assert refused.code == 2 and "newer Ringbinder" in refused.err


def test_the_quick_path_declines_what_it_does_not_read(filled, tmp_path):
    from argparse import Namespace

    def quick(path: Path, command: str = "tabs") -> int | None:
        return app.cli_read.run_quick(
            Namespace(binder=path, command=command, json=True, key="today", text="x"),
            FixedClock(TODAY))

    assert quick(tmp_path / "nothing.rbinder") is None
    older = tmp_path / "older.rbinder"
    shutil.copyfile(filled, older)
    _revision(older, "0006_imports")
    assert quick(older) is None  # the full path migrates it first, as before
    newer = tmp_path / "newer.rbinder"
    shutil.copyfile(filled, newer)
    _revision(newer, "0099_from_the_future")
    assert quick(newer) is None
    empty = tmp_path / "empty.rbinder"
    empty.touch()
    assert quick(empty) is None


def test_an_older_binder_is_migrated_by_the_full_path_and_then_listed(filled, monkeypatch):
    conn = sqlite3.connect(filled)  # back to 0006, as an older Ringbinder left it
    undo_team_users(conn)
    conn.execute("DROP TABLE proposal_templates")  # 0009's
    conn.execute("ALTER TABLE dossiers DROP COLUMN scheduled_at")  # 0008's
    conn.execute("ALTER TABLE binder_settings DROP COLUMN recent_days")
    for name in ("dossier_counts_insert", "dossier_counts_delete", "dossier_counts_update"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE dossier_counts")
    conn.execute("UPDATE alembic_version SET version_num = '0006_imports'")
    conn.commit()
    conn.close()
    listed = run_cli(filled, "tabs", "--json")
    assert listed.code == 0, listed.err
    conn = sqlite3.connect(filled)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_HEAD,)]
    conn.close()
    quick, full = _both(filled, ("tabs", "--json"), monkeypatch)
    assert quick == full and quick[1] == listed.out


def test_a_binder_held_by_another_ringbinder_is_read_as_before(filled, monkeypatch):
    with open_services(filled, FixedClock(TODAY)):  # holds the lock, as the window does
        for args in (("tabs", "--json"), ("list", "today"), ("search", "acme")):
            quick, full = _both(filled, args, monkeypatch)
            assert quick == full and quick[0] == 0, args


scalars = st.one_of(st.text(), st.none(), st.booleans(), st.integers(), st.floats())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=5), scalars, max_size=5), max_size=4))
def test_the_records_writer_writes_what_json_dumps_writes(records):
    written = _flat_records(records)
    if written is not None:
        assert written == json.dumps(records, ensure_ascii=False, indent=2)


HEAVY = ("sqlalchemy", "PySide6", "alembic", "babel", "holidays", "phonenumbers", "filelock")


def _loaded(binder: Path, *args: str) -> set[str]:
    """The heavy packages a `ringbinder ARGS…` process loaded (it prints its output first)."""
    code = (
        "import sys\n"
        "from app.cli import main\n"
        f"code = main(['--binder', {str(binder)!r}, '--today', {TODAY.isoformat()!r}, "
        f"*{list(args)!r}])\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)), file=sys.stderr)\n"
        "sys.exit(code)\n")
    env = {**os.environ, "LANG": "en_US.UTF-8", "PYTHONPATH": str(ROOT),
           "RINGBINDER_PREFERENCES": str(binder.with_name("no-preferences.json"))}
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"')))


def test_the_read_commands_load_no_database_layer_nor_qt(filled):
    for args in (("list", "today", "--json"), ("list", "today"), ("search", "acme", "--json"),
                 ("search", "pena"), ("tabs", "--json"), ("tabs",)):  # tabs: app/i18n_names.py
        assert _loaded(filled, *args) == set(), args


def test_a_binder_with_a_holiday_country_loads_the_holiday_tables_too(filled):
    with open_services(filled, FixedClock(TODAY)) as services:
        services.settings.update(holiday_country="ES")
    assert _loaded(filled, "list", "today", "--json") == {"holidays"}
