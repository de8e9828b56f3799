"""A command on a team binder whose server wants a password nobody gave (no PGPASSWORD, no
~/.pgpass): at a terminal it is asked for, unechoed, as psql asks; in a script the command
says why it cannot connect. Run in a real pseudo-terminal against a real server."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import pytest

from app.clock import FixedClock
from app.services import open_services
from app.services.dossiers import NewDossier
from tests.conftest import TODAY
from tests.pg import database_owned_by, password_login

SECRET = "tajne hasło:1"
NO_PASSFILE = "/nonexistent/ringbinder/.pgpass"  # libpq's ~/.pgpass out of the way


@pytest.fixture
def address(pg_cluster, request) -> str:
    password_login(pg_cluster, "kasia_pw", SECRET)
    url = database_owned_by(pg_cluster, request.node.name, "kasia_pw")
    made = url.replace("kasia_pw@", f"kasia_pw:{quote(SECRET, safe='')}@")
    with open_services(made, FixedClock(TODAY), create=True) as services:
        services.dossiers.create(NewDossier(name="Katarzyna Wójcik", next_contact=TODAY))
    return url.replace("postgresql+psycopg://", "postgresql://")


def _at_a_terminal(args: list[str], typed: bytes | None) -> tuple[str, int]:
    """What a command prints in a terminal, `typed` answering its password question."""
    env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "PGPASSFILE")}
    env.update(PGPASSFILE=NO_PASSFILE, LANG="C.UTF-8", LC_ALL="C.UTF-8")  # English asked
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, its terminal the pseudo-terminal
        os.execve(sys.executable, [sys.executable, "-m", "app", *args], env)
    seen, answered, end = b"", False, time.monotonic() + 60
    while time.monotonic() < end:
        if not select.select([fd], [], [], 0.2)[0]:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:  # the command ended: the terminal closed
            break
        if not data:
            break
        seen += data
        if typed is not None and not answered and b"Password for" in seen:
            os.write(fd, typed + b"\n")
            answered = True
    ended, status = os.waitpid(pid, os.WNOHANG)
    while not ended and time.monotonic() < end:
        time.sleep(0.05)
        ended, status = os.waitpid(pid, os.WNOHANG)
    if not ended:  # still waiting for an answer after a minute: ended
        os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
    os.close(fd)
    return seen.decode("utf-8", "replace"), os.waitstatus_to_exitcode(status)


def test_the_password_is_asked_at_a_terminal_and_not_shown(address):
    said, code = _at_a_terminal(["--binder", address, "--today", TODAY.isoformat(),
                                 "list", "today"], SECRET.encode())
    assert code == 0, said
    assert f"Password for {address}: " in said and "Katarzyna Wójcik" in said
    assert SECRET not in said and quote(SECRET, safe="") not in said  # not echoed


def test_a_wrong_password_is_refused_in_one_line(address):
    said, code = _at_a_terminal(["--binder", address, "tabs"], b"Zq9-nope")
    assert code == 2 and "password authentication failed" in said and "Zq9" not in said


def test_a_script_without_a_terminal_is_told_why(address):
    env = {k: v for k, v in os.environ.items() if k != "PGPASSWORD"}
    env["PGPASSFILE"] = NO_PASSFILE
    done = subprocess.run([sys.executable, "-m", "app", "--binder", address, "tabs"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 2 and "no password supplied" in done.stderr
    assert "Password for" not in done.stderr
