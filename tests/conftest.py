"""Shared fixtures: real binder files in tmp_path, a stopped clock, offscreen Qt, a real
PostgreSQL (a throw-away cluster for the session, a database per test that asks)."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "en_US.UTF-8")
# the user's own preferences (language) are never read or written by the tests
os.environ["RINGBINDER_PREFERENCES"] = os.path.join(
    tempfile.mkdtemp(prefix="ringbinder-prefs-"), "preferences.json")
# no team binder's connection kept in a background process (app/store/team_keeper.py): no
# test leaves one behind; tests/team/test_keeper.py turns keeping on for its commands
os.environ["RINGBINDER_KEEP_SECONDS"] = "0"

from app.clock import FixedClock
from app.i18n import set_locale
from app.services import Services, attachments, open_services
from app.store import open_binder
from tests.pg import (  # noqa: F401  (a real PostgreSQL, tests/pg.py)
    _pg_binder_template,
    pg_binder_url,
    pg_cluster,
    pg_url,
)

TODAY = date(2026, 11, 24)  # a Tuesday

set_locale("en_US")


@pytest.fixture(scope="session")
def _empty_binder_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty binder, made once; tests get copies (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "empty.rbinder"
    open_binder(path, create=True).close()
    return path


@pytest.fixture
def binder_path(tmp_path: Path, _empty_binder_file: Path) -> Path:
    path = tmp_path / "binder.rbinder"
    shutil.copyfile(_empty_binder_file, path)
    return path


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


# the store and services suites run on both kinds of binder: each of their tests that takes
# `services` (and not a binder file of its own) runs on a file and on a team binder
TWO_DATABASES = ("tests/services/", "tests/store/")
DATABASES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    where = Path(metafunc.definition.fspath).as_posix()
    if ("services" in metafunc.fixturenames and "binder_path" not in metafunc.fixturenames
            and any(f"/{folder}" in where for folder in TWO_DATABASES)
            and metafunc.definition.get_closest_marker("file_binder") is None):
        metafunc.parametrize("database", DATABASES, indirect=True)


@pytest.fixture
def database(request: pytest.FixtureRequest) -> str:
    """Which kind of binder `services` opens: "sqlite" (a file) unless parametrized."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def binder_address(database: str, request: pytest.FixtureRequest) -> Path | str:
    """A new binder's file, or a team binder's URL (a database of its own)."""
    if database == "postgresql":
        return str(request.getfixturevalue("pg_binder_url"))
    return Path(request.getfixturevalue("binder_path"))


@pytest.fixture
def services(binder_address: Path | str, clock: FixedClock) -> Services:
    opened = open_services(binder_address, clock)
    yield opened
    opened.close()


@pytest.fixture
def shared_tmp(tmp_path, monkeypatch):
    """The system's temporary folder, here under tmp_path, and no private folder made yet."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setattr(attachments, "_private", None)
    return folder
