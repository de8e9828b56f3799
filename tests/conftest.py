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

from app.clock import FixedClock
from app.i18n import set_locale
from app.services import Services, attachments, open_services
from app.store import open_binder
from tests.pg import pg_cluster, pg_url  # noqa: F401  (a real PostgreSQL, tests/pg.py)

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


@pytest.fixture
def services(binder_path: Path, clock: FixedClock) -> Services:
    opened = open_services(binder_path, clock)
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
