"""The quick reads of a team binder on a kept connection (app/store/team_keeper.py): what a
user notices — the same output with a keeper as without, a warm command that loads no
psycopg, nothing cached, a lost connection or an idle keeper or another version's keeper
that changes nothing in the output, private sockets, no password where `ps` shows it.

Each command is a process of its own, as a user runs it, with keeping on (3 idle seconds)
and the keepers' sockets in a temporary folder of the test's own; every keeper left is
ended at the end of its test.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.test_cli import run_cli

IDLE = "3"
ROOT = Path(__file__).resolve().parents[2]
# a command as a process, and whether it loaded psycopg (on stderr, after its own output)
COMMAND = ("import sys\nfrom app.cli_early import main\ncode = main(sys.argv[1:])\n"
           "sys.stderr.write(f'psycopg loaded: {\"psycopg\" in sys.modules}\\n')\n"
           "raise SystemExit(code)")

# Linux: keepers are forked there only, and these tests read /proc and SO_PEERCRED
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def psycopg(self) -> bool:
        return "psycopg loaded: True" in self.err


@dataclass
class Team:
    """A team binder with a person (anna) and a few dossiers of hers, and where the keepers'
    sockets go."""

    address: str
    folder: Path  # the temporary folder of the commands: the keepers' sockets are in it
    env: dict[str, str]

    def run(self, *args: str, keep: bool = True, address: str | None = None) -> Ran:
        env = dict(self.env, RINGBINDER_KEEP_SECONDS=IDLE if keep else "0")
        done = subprocess.run(
            [sys.executable, "-c", COMMAND, "--binder", address or self.address,
             "--today", "2026-11-24", *args],
            capture_output=True, text=True, env=env, timeout=60, check=False)
        return Ran(done.returncode, done.stdout, done.stderr)

    def sockets(self) -> list[Path]:
        return sorted((self.folder / "keep").glob("*.sock"))

    def keeper_pid(self) -> int:
        """The pid of the one keeper listening (asked of its socket: SO_PEERCRED), once it
        listens (it starts in the background as a command ends)."""
        assert _until(lambda: len(self.sockets()) == 1)
        [path] = self.sockets()
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(os.fspath(path))
            pid, _uid, _gid = struct.unpack("3i", sock.getsockopt(
                socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
        return int(pid)


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def _open_files(pid: int) -> set[str]:
    """What a process has open (one closed while they are read, as the connection a
    keeper has just served, is left out)."""
    found = set()
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(FileNotFoundError):
            found.add(os.readlink(entry))
    return found


def _until(condition, seconds: float = 12.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def _end_keepers(team: Team) -> None:
    for path in team.sockets():
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.connect(os.fspath(path))
                pid = struct.unpack("3i", sock.getsockopt(
                    socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[0]
            os.kill(pid, signal.SIGTERM)
            _until(lambda p=pid: not _alive(p), 5)
        except OSError:
            pass


@pytest.fixture
def team(pg_binder_url: str):
    from tests.pg import as_login

    anna = as_login(pg_binder_url, "anna")
    assert run_cli(anna, "tabs").code == 0  # the binder's first person
    for name, day in (("Ana Ruiz", "2026-11-24"), ("Łukasz Wróblewski", "2026-11-24"),
                      ("Anabel Ortiz", "2026-11-26"), ("Zoe Kent", "2026-12-03")):
        assert run_cli(anna, "add", "--name", name, "--next", day).code == 0
    folder = Path(tempfile.mkdtemp(prefix="rk-", dir="/tmp"))  # a socket's path is short
    env = dict(os.environ, RINGBINDER_KEEP_DIR=str(folder / "keep"), PYTHONPATH=str(ROOT))
    made = Team(anna.replace("postgresql+psycopg://", "postgresql://"), folder, env)
    yield made
    _end_keepers(made)
    shutil.rmtree(folder, ignore_errors=True)


COMMANDS = [("tabs", "--json"), ("list", "today", "--json"), ("search", "ana", "--json")]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:-1]))
def test_the_same_output_with_a_keeper_and_without(team, args):
    direct = team.run(*args, keep=False)
    assert direct.code == 0 and direct.psycopg and json.loads(direct.out)
    assert team.sockets() == []  # keeping off: no keeper started
    cold = team.run(*args)
    keeper = team.keeper_pid()  # listening
    warm = team.run(*args)
    assert (cold.code, warm.code) == (0, 0)
    assert cold.out == direct.out and warm.out == direct.out
    # the first forked the keeper as it started, and asked it (which loaded psycopg and
    # connected meanwhile); the next asked it too
    assert not cold.psycopg and not warm.psycopg
    assert len(team.sockets()) == 1 and team.keeper_pid() == keeper


def test_commands_started_at_once_each_fork_a_keeper_and_one_keeper_is_left(team):
    """Four first commands at once: each forks a keeper, one takes the lock and the others
    say so at once; every command answers as without a keeper, and one keeper lives on."""
    from concurrent.futures import ThreadPoolExecutor

    expected = team.run("search", "ana", "--json", keep=False).out
    with ThreadPoolExecutor(4) as pool:
        ran = list(pool.map(lambda _n: team.run("search", "ana", "--json"), range(4)))
    assert [(r.code, r.out) for r in ran] == [(0, expected)] * 4
    keeper = team.keeper_pid()
    assert len(team.sockets()) == 1
    assert not team.run("search", "ana", "--json").psycopg and team.keeper_pid() == keeper


def test_a_command_that_forked_its_keeper_ends_before_it_and_is_not_shown_by_it(team):
    """The forked keeper holds none of the command's files: a caller reading the
    command's output to its end (as `team.run` does) has it while the keeper lives on;
    `ps` shows the keeper by its title, not by the command's arguments."""
    assert team.run("search", "anabel", "--json").code == 0
    keeper = team.keeper_pid()
    assert _alive(keeper)
    cmdline = Path(f"/proc/{keeper}/cmdline")
    # its title taken once the command is served (a moment after the command has its rows)
    assert _until(lambda: cmdline.read_bytes().rstrip(b"\0") == b"ringbinder keeper")
    assert b"anabel" not in cmdline.read_bytes() and b"anna" not in cmdline.read_bytes()
    files = {f for f in _open_files(keeper) if not f.startswith(("socket:", "anon_inode:"))}
    assert files <= {"/dev/null", os.fspath(team.sockets()[0].with_suffix(".lock"))}
    assert Path(f"/proc/{keeper}/cwd").resolve() == Path("/")


def test_a_keeper_that_cannot_connect_leaves_the_command_to_say_why(team):
    """A forked keeper that cannot connect ends; the command then takes the full path,
    which says why, and no keeper is left."""
    nowhere = team.address.rsplit("/", 1)[0] + "/no_such_binder"
    failed = team.run("tabs", "--json", address=nowhere)
    assert failed.code != 0 and "no_such_binder" in failed.err
    assert team.sockets() == []


def test_a_change_between_two_commands_shows_in_the_second(team):
    before = team.run("list", "today", "--json")
    team.keeper_pid()
    assert sorted(r["name"] for r in json.loads(before.out)) == ["Ana Ruiz",
                                                                 "Łukasz Wróblewski"]
    moved = team.run("search", "anabel", "--json")
    [anabel] = json.loads(moved.out)
    assert team.run("move", anabel["id"], "2026-11-24").code == 0
    assert team.run("add", "--name", "Nina New", "--next", "2026-11-24").code == 0
    after = team.run("list", "today", "--json")
    assert not after.psycopg
    assert sorted(r["name"] for r in json.loads(after.out)) == [
        "Ana Ruiz", "Anabel Ortiz", "Nina New", "Łukasz Wróblewski"]
    assert after.out == team.run("list", "today", "--json", keep=False).out


def test_a_lost_connection_changes_nothing_in_the_output(team, pg_cluster):
    import psycopg

    expected = team.run("tabs", "--json", keep=False).out
    team.run("tabs", "--json")
    keeper = team.keeper_pid()
    with psycopg.connect(host="127.0.0.1", port=pg_cluster.port, user="postgres",
                         dbname="postgres", autocommit=True) as admin:
        ended = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE usename = 'anna'").fetchall()
    assert (True,) in ended  # the keeper's connection (the commands' are closed)
    after = team.run("tabs", "--json")
    assert after.code == 0 and after.out == expected
    assert _until(lambda: not _alive(keeper))


def test_a_keeper_killed_leaves_a_socket_that_changes_nothing(team):
    expected = team.run("search", "ana", "--json", keep=False).out
    team.run("search", "ana", "--json")
    killed = team.keeper_pid()
    os.kill(killed, signal.SIGKILL)
    assert _until(lambda: not _alive(killed))
    assert len(team.sockets()) == 1  # left behind: no keeper listens on it
    after = team.run("search", "ana", "--json")
    assert after.out == expected and not after.psycopg  # a new keeper's, forked
    assert team.keeper_pid() != killed  # the stale socket gone, a new keeper's in its place
    warm = team.run("search", "ana", "--json")
    assert warm.out == expected and not warm.psycopg


def test_an_idle_keeper_ends_and_removes_its_socket(team):
    team.run("tabs", "--json")
    keeper = team.keeper_pid()
    [path] = team.sockets()
    assert _until(lambda: not _alive(keeper))
    assert not path.exists()


def test_the_socket_is_private_and_no_password_is_shown(team, pg_cluster):
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=pg_cluster.port, user="postgres",
                         dbname="postgres", autocommit=True) as admin:
        admin.execute("ALTER ROLE anna PASSWORD 'sekrit-word'")
    user, at, rest = team.address.partition("@")
    with_password = f"{user}:sekrit-word{at}{rest}"
    expected = team.run("tabs", "--json", keep=False).out
    assert team.run("tabs", "--json", address=with_password).out == expected
    assert _until(lambda: len(team.sockets()) == 1)
    keeper = team.keeper_pid()
    assert b"sekrit" not in Path(f"/proc/{keeper}/cmdline").read_bytes()
    assert b"sekrit" not in Path(f"/proc/{keeper}/environ").read_bytes()
    [path] = team.sockets()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    warm = team.run("tabs", "--json", address=with_password)
    assert warm.out == expected and not warm.psycopg
    shown = team.run("tabs", "--json")  # the same keeper: the same login and server
    assert shown.out == expected and not shown.psycopg


def test_a_keeper_of_another_version_is_not_used(team):
    expected = team.run("search", "ana", "--json", keep=False).out
    code = ("import app; app.__version__ = '0.0.0-other'\n"
            "from app.store.team_keeper_serve import main; main()")
    other = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, env=team.env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert other.stdin is not None
        other.stdin.write(json.dumps({"address": team.address, "seconds": 30}).encode())
        other.stdin.close()
        assert _until(lambda: len(team.sockets()) == 1)
        found = team.run("search", "ana", "--json")  # refused by it: a keeper of its own
        assert found.code == 0 and found.out == expected
        assert other.wait(timeout=10) == 0  # it refused, and ended
        assert team.keeper_pid() != other.pid  # the command's own keeper
        warm = team.run("search", "ana", "--json")
        assert warm.out == expected and not warm.psycopg
    finally:
        other.kill()
        other.wait()


def test_of_keepers_started_at_once_one_listens_and_sigterm_ends_it(team):
    expected = team.run("list", "today", "--json", keep=False).out
    code = "from app.store.team_keeper_serve import main; main()"
    given = json.dumps({"address": team.address, "seconds": 30}).encode()
    started = [subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                env=team.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for _ in range(3)]
    try:
        for keeper in started:
            assert keeper.stdin is not None
            keeper.stdin.write(given)
            keeper.stdin.close()
        assert _until(lambda: sum(k.poll() is None for k in started) == 1)
        assert [k.returncode for k in started if k.poll() is not None] == [0, 0]
        assert team.keeper_pid() in [k.pid for k in started]
        warm = team.run("list", "today", "--json")
        assert warm.out == expected and not warm.psycopg
        for keeper in started:
            keeper.terminate()  # SIGTERM: it ends, and its socket goes with it
            assert keeper.wait(timeout=10) == 0
        assert team.sockets() == []
    finally:
        for keeper in started:
            keeper.kill()
            keeper.wait()


def test_the_keeper_reads_only_plain_values_and_says_so(team, monkeypatch):
    """What a cursor on the keeper gives, and refuses (the command then reads the direct
    way): a write, a value JSON does not carry exactly, a statement's error."""
    from app.store import team_keeper

    team.run("tabs")
    pid = team.keeper_pid()
    monkeypatch.setenv("RINGBINDER_KEEP_DIR", str(team.folder / "keep"))
    monkeypatch.setenv("RINGBINDER_KEEP_SECONDS", IDLE)
    kept = team_keeper.kept_reader(team.address)
    assert kept is not None
    cursor, owner = kept
    try:
        assert owner == 1
        rows = cursor.execute(
            "SELECT full_name, next_contact, archived, 1.5::float8, NULL FROM dossiers "
            "WHERE full_name LIKE ? ORDER BY full_name", ["Ana%"]).fetchall()
        assert rows == [("Ana Ruiz", "2026-11-24", 0, 1.5, None),
                        ("Anabel Ortiz", "2026-11-26", 0, 1.5, None)]
        assert cursor.execute("SELECT 2 WHERE FALSE").fetchone() is None
        for refused in ("DELETE FROM dossiers", "SELECT now()", "SELECT 1.5",
                        "SELECT no_such_column"):
            with pytest.raises(team_keeper.KeptError):
                cursor.execute(refused)
        assert cursor.execute("WITH n AS (SELECT count(*) FROM dossiers) SELECT * FROM n"
                              ).fetchone() == (4,)
        # nothing written through it, even by a same-user process that tries: each
        # command's reads are one read-only transaction, one statement at a time
        assert cursor.execute("SELECT set_config('default_transaction_read_only', 'off', "
                              "false)").fetchone() == ("off",)
        for write in ("WITH d AS (UPDATE dossiers SET full_name = 'X' RETURNING 1) "
                      "SELECT count(*) FROM d", "SELECT 1; DELETE FROM dossiers",
                      "SELECT set_config('transaction_read_only', 'off', false)"):
            with pytest.raises(team_keeper.KeptError):
                cursor.execute(write)
    finally:
        cursor.close()
    assert team.keeper_pid() == pid  # all that did not end it
    again = team_keeper.kept_reader(team.address)
    assert again is not None
    try:
        assert again[0].execute("SELECT current_setting('transaction_read_only'), "
                                "count(*) FILTER (WHERE full_name = 'X') FROM dossiers"
                                ).fetchone() == ("on", 0)
    finally:
        again[0].close()
