"""A binder that cannot be written (read-only media, a read-only file or folder) can still be
viewed, from the command line and in the window, and every write is refused with one line.

File modes bind only an unprivileged process: the CLI runs as `nobody` when that user can
run this Python, else as root without the capabilities that override file modes
(CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), which the kernel then enforces just the same.  The
folders are made under /tmp with tempfile (pytest's own are 0700, closed to other users).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.services import open_services
from app.services.dossiers import NewDossier
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
# Run before the command, in its own process (no preexec_fn: no fork of the threaded pytest
# process): drops the capabilities from the bounding set, then becomes the command, so that
# root keeps its uid but obeys file modes.
DROP_MODE_OVERRIDE = """
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
    if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
os.execv(sys.argv[1], sys.argv[1:])
"""


def _shared_folder(mode: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ringbinder-ro-", dir="/tmp"))
    folder.chmod(mode)
    return folder


class OrdinaryUser:
    """Runs commands as a user to whom file modes apply."""

    def __init__(self, how: dict, label: str, home: Path, prefix: list[str]) -> None:
        self.how, self.label, self.home, self.prefix = how, label, home, prefix

    def run(self, argv: list[str]) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(self.home),
               "XDG_RUNTIME_DIR": str(self.home), "QT_QPA_PLATFORM": "offscreen"}
        return subprocess.run([*self.prefix, *argv], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=TIMEOUT, **self.how)

    def cli(self, binder: Path, *args: str) -> subprocess.CompletedProcess:
        return self.run([sys.executable, "-m", "app.cli", "--binder", str(binder),
                         "--today", TODAY.isoformat(), *args])


@pytest.fixture(scope="module")
def user() -> Iterator[OrdinaryUser]:
    home = _shared_folder(0o777)  # caches of Qt and fontconfig
    ways: list[tuple[dict, str, list[str]]] = []
    if os.geteuid() != 0:
        ways.append(({}, "this user", []))
    else:
        try:
            nobody = pwd.getpwnam("nobody")
            ways.append(({"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []},
                         "nobody", []))
        except KeyError:
            pass
        ways.append(({}, "root without CAP_DAC_OVERRIDE",
                     [sys.executable, "-c", DROP_MODE_OVERRIDE]))
    closed = _shared_folder(0o555)
    try:
        for how, label, prefix in ways:
            candidate = OrdinaryUser(how, label, home, prefix)
            try:  # nobody may not reach this Python (e.g. one installed under /root)
                probe = candidate.run([sys.executable, "-c", (
                    "import sys, app.cli\n"
                    "try:\n    open(sys.argv[1] + '/probe', 'w')\nexcept PermissionError:\n"
                    "    print('modes apply')"), str(closed)])
            except OSError:
                continue
            if probe.stdout.strip() == "modes apply":
                yield candidate
                return
        pytest.skip("no unprivileged user can run this Python (and root cannot drop the "
                    "capabilities that override file modes), so read-only files cannot be "
                    "tested here")
    finally:
        shutil.rmtree(closed, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


def _make_binder(folder: Path) -> tuple[Path, str]:
    path = folder / "binder.rbinder"
    with open_services(path, FixedClock(TODAY), create=True) as services:
        dossier_id, _ = services.dossiers.create(NewDossier(
            name="Ana Ruiz", company="Read Only S.L.", next_contact=TODAY))
        services.dossiers.create(NewDossier(name="Jan Nowak", next_contact=TODAY))
    return path, dossier_id


@pytest.fixture
def folder() -> Iterator[Path]:
    made = _shared_folder(0o755)
    yield made
    made.chmod(0o755)
    shutil.rmtree(made)


def _assert_viewable_not_changeable(user: OrdinaryUser, path: Path, dossier_id: str,
                                    every_command: bool = True) -> None:
    listed = user.cli(path, "list", TODAY.isoformat())
    assert listed.returncode == 0, listed.stderr
    assert "Ana Ruiz" in listed.stdout and "Jan Nowak" in listed.stdout
    before = path.read_bytes()  # (as root here, a SQLite look would make side files)
    refused = user.cli(path, "add", "--name", "Written Anyway")
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert "read-only" in refused.stderr and "can be viewed but not changed" in refused.stderr
    if not every_command:
        assert path.read_bytes() == before
        return

    tabs = user.cli(path, "tabs")
    assert tabs.returncode == 0, tabs.stderr
    assert "Tue 24 Nov" in tabs.stdout and " 2" in tabs.stdout
    found = user.cli(path, "search", "Nowak")
    assert found.returncode == 0 and "Jan Nowak" in found.stdout, found.stderr
    shown = user.cli(path, "show", dossier_id)
    assert shown.returncode == 0 and "Read Only S.L." in shown.stdout, shown.stderr
    pdf = user.home / f"card-{os.getpid()}.pdf"
    printed = user.cli(path, "print", "card", dossier_id, "-o", str(pdf))
    assert printed.returncode == 0, printed.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    pdf.unlink()

    for write in (["log", dossier_id, "--channel", "call", "--summary", "Price list",
                   "--outcome", "Wants a quote", "--next", "2026-12-01"],
                  ["settings", "--owner", "Somebody Else"]):
        refused = user.cli(path, *write)
        assert refused.returncode == 2, (write, refused.stdout, refused.stderr)
        assert refused.stderr.count("\n") == 1, refused.stderr
        assert "read-only" in refused.stderr
        assert "can be viewed but not changed" in refused.stderr
    assert path.read_bytes() == before


def test_a_read_only_binder_in_a_read_only_folder_is_viewed_without_side_files(user, folder):
    """Like a binder on a CD or a write-protected stick: SQLite reads it as immutable."""
    path, dossier_id = _make_binder(folder)
    before = sorted(os.listdir(folder))
    assert not [name for name in before if name.endswith(("-wal", "-shm"))]
    path.chmod(0o444)
    folder.chmod(0o555)

    _assert_viewable_not_changeable(user, path, dossier_id)
    assert sorted(os.listdir(folder)) == before  # no -wal, -shm or lock file was made


def test_a_read_only_binder_file_in_a_writable_folder_is_viewed_not_changed(user, folder):
    path, dossier_id = _make_binder(folder)
    path.chmod(0o444)
    folder.chmod(0o777)  # writable by this user, whoever it is

    _assert_viewable_not_changeable(user, path, dossier_id, every_command=False)


def test_a_binder_cannot_be_created_in_a_folder_that_cannot_be_written(user, folder):
    folder.chmod(0o555)
    refused = user.cli(folder / "new.rbinder", "add", "--name", "Ana Ruiz")
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.count("\n") == 1 and "cannot be written" in refused.stderr
    assert os.listdir(folder) == []


WINDOW = """
import sys
from datetime import date
from PySide6.QtWidgets import QApplication
from app.clock import FixedClock
from app.ui.app import AppController, _make_settings

app = QApplication([])
controller = AppController(FixedClock(date(2026, 11, 24)), _make_settings(True))
controller.open(__import__("pathlib").Path(sys.argv[1]))
window = controller.window
print(window.windowTitle())
print(window.banner.isVisibleTo(window), window.banner.text())
print(window.actions_["postpone_day"].isEnabled())
controller.shut_down()
"""


def test_the_window_opens_a_binder_on_read_only_media_read_only_with_a_banner(user, folder):
    path, _ = _make_binder(folder)
    before = sorted(os.listdir(folder))
    path.chmod(0o444)
    folder.chmod(0o555)

    shown = user.run([sys.executable, "-c", WINDOW, str(path)])
    assert shown.returncode == 0, shown.stderr
    title, banner, can_postpone = shown.stdout.splitlines()[-3:]
    assert "[read-only]" in title
    assert banner.startswith("True") and "read-only media" in banner
    assert can_postpone == "False"
    assert sorted(os.listdir(folder)) == before
