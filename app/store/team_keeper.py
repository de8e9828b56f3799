"""A team binder's connection kept warm between commands, as ssh's ControlPersist keeps one:
the quick reads (`tabs`, `list`, `search`) of a team binder cost a process ~100 ms of
importing psycopg and a connection's set-up (more against a remote server) before the first
query. A small keeper process (team_keeper_serve) holds a read-only connection for
RINGBINDER_KEEP_SECONDS idle seconds (300; 0: no keeping) and answers the commands'
queries over a Unix socket in a folder of the user's own. A command that finds none forks
one as it starts (`reach`, from app/cli_early.py), which connects while the command loads
and then serves it; for an address holding its password none is forked, and one is
started as a program after the command's read made the direct way (`start_keeper`).

This is the client's side. It imports only the standard library's light modules — never
psycopg, which is the cost saved — and gives up (None, then the command goes the direct
way) whenever no keeper answers as expected: no socket, a stale one, a slow or other
version's keeper, any error.

The protocol: one line of JSON per request, one per reply. A hello carrying the client's
version and schema head -> `{"owner": pk}` or `{"refused": why}`; then `{"sql", "params"}`
-> `{"rows"}` or `{"error"}`.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import socket

    from app.store.team_keeper_fork import Starting

KEEP_SECONDS = "RINGBINDER_KEEP_SECONDS"
KEEP_DIR = "RINGBINDER_KEEP_DIR"  # the sockets' folder, instead of the runtime folder
DEFAULT_KEEP_SECONDS = 300.0
MAX_KEEP_SECONDS = 3600.0  # idle, and the longest a keeper lives whatever its use
PROTOCOL = 1  # raised when the requests or replies change meaning
HELLO_TIMEOUT = 2.0  # a keeper slower than this to say hello is not waited for
READ_TIMEOUT = 30.0  # one query's answer (a keeper serves one command at a time)
_MAX_PATH = 100  # a Unix socket's path is at most 104-108 bytes, by system


def keep_seconds() -> float:
    """How long a keeper waits idle before it ends; 0: no keeper started, none asked."""
    text = os.environ.get(KEEP_SECONDS, "").strip()
    if not text:
        return DEFAULT_KEEP_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        return DEFAULT_KEEP_SECONDS
    return min(seconds, MAX_KEEP_SECONDS) if seconds > 0 and seconds == seconds else 0.0


def keeping() -> bool:
    """Whether this system and the user let a connection be kept (a Unix system: its
    sockets and users; not 0)."""
    return hasattr(os, "getuid") and keep_seconds() > 0


def version() -> str:
    """What a client and its keeper must share: the app's version, the protocol's and the
    schema's (a keeper of another install or version is not used)."""
    from app import __version__
    from app.store.schema import SCHEMA_HEAD

    return f"{__version__}/{PROTOCOL}/{SCHEMA_HEAD}"


def _private(folder: Path, create: bool) -> bool:
    """Whether `folder` is a real folder (no link) of this user's, that only they can
    enter (0700); made so when `create` and missing."""
    if create:
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError:
            return False
    try:
        found = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid()
            and stat.S_IMODE(found.st_mode) == 0o700)


def runtime_folder() -> Path | None:
    """The user's private folder for the keepers' sockets: `ringbinder` in the runtime folder
    (XDG_RUNTIME_DIR, else /run/user/UID, when it is the user's own and 0700, as platformdirs'
    user_runtime_path takes it, without importing it: it warns, and a command's start
    counts), else `ringbinder-UID` in the temporary folder; RINGBINDER_KEEP_DIR before
    them all; None when it is not private."""
    uid = os.getuid()
    chosen = os.environ.get(KEEP_DIR, "")
    if chosen:  # the tests' and benches' own folder
        folder = Path(chosen)
        return folder if folder.is_absolute() and _private(folder, create=True) else None
    for base in (os.environ.get("XDG_RUNTIME_DIR", ""), f"/run/user/{uid}"):
        if base and Path(base).is_absolute() and _private(Path(base), create=False):
            folder = Path(base) / "ringbinder"
            return folder if _private(folder, create=True) else None
    import tempfile

    folder = Path(tempfile.gettempdir()) / f"ringbinder-{uid}"
    return folder if _private(folder, create=True) else None


def socket_path(address: str) -> Path | None:
    """The keeper's socket of this user for this address (named by a hash of the user, the
    address without its password and the PG* variables libpq reads); None: no keeping."""
    from app.team_address import shown

    folder = runtime_folder()
    if folder is None:
        return None
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("PG"))
    key = json.dumps([os.getuid(), shown(address), env])
    path = folder / (hashlib.sha256(key.encode()).hexdigest()[:24] + ".sock")
    return path if len(os.fsencode(path)) <= _MAX_PATH else None


def open_lock(sock: Path) -> IO[bytes]:
    """The file a keeper holds locked while it lives (one keeper per socket), opened."""
    return os.fdopen(os.open(sock.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600), "r+b")


class KeptError(Exception):
    """The keeper could not answer (gone, slow, an error): redo the read the direct way."""


class KeptCursor:
    """A cursor over the keeper's connection: what `QmarkCursor(conn.cursor(),
    converted=True)` gives over a direct one, each execute one request."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._replies = sock.makefile("rb")
        self._rows: list[tuple[Any, ...]] = []
        self._at = 0

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """One request, one reply (a dict); KeptError for anything else."""
        try:
            self._sock.sendall(json.dumps(request).encode() + b"\n")
            line = self._replies.readline()
            reply = json.loads(line) if line.endswith(b"\n") else None
        except (OSError, ValueError, TypeError) as exc:  # TypeError: a value not JSON's
            raise KeptError(str(exc)) from None
        if not isinstance(reply, dict):
            raise KeptError("no reply")
        return reply

    def execute(self, sql: str, params: Any = None, /) -> KeptCursor:
        reply = self.ask({"sql": sql, "params": None if params is None else list(params)})
        rows = reply.get("rows")
        if not isinstance(rows, list):
            raise KeptError(str(reply.get("error", "no rows")))
        self._rows = [tuple(row) for row in rows]
        self._at = 0
        return self

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._at >= len(self._rows):
            return None
        self._at += 1
        return self._rows[self._at - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows, self._at = self._rows[self._at:], len(self._rows)
        return rows

    def close(self) -> None:
        self._replies.close()
        self._sock.close()


def kept_reader(address: str) -> tuple[KeptCursor, int] | None:
    """A cursor on the keeper of this address and the key of the login's person; None when
    no keeper answers as expected (the caller then reads the direct way)."""
    if not keeping():
        return None
    path = socket_path(address)
    if path is None or not path.exists():  # (the first command's case: quickly known)
        return None
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(HELLO_TIMEOUT)
        sock.connect(os.fspath(path))
    except (FileNotFoundError, ConnectionRefusedError) as exc:
        sock.close()
        if isinstance(exc, ConnectionRefusedError):
            _remove_stale(path)
        return None
    except OSError:
        sock.close()
        return None
    cursor = KeptCursor(sock)
    try:
        owner = cursor.ask({"hello": version()}).get("owner")
    except KeptError:
        owner = None
    if type(owner) is not int:
        cursor.close()
        return None
    sock.settimeout(READ_TIMEOUT)
    return cursor, owner


def _remove_stale(path: Path) -> None:
    """A socket no keeper listens on: removed, unless a keeper holds the lock (it is about
    to listen on it, or has just)."""
    try:
        import fcntl

        with open_lock(path) as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path.unlink(missing_ok=True)
    except OSError:
        pass


def reach(address: str) -> tuple[KeptCursor, int] | Starting | None:
    """The keeper of this address: its cursor when one answers, else one forked now, as
    the command starts, to connect while the command loads the rest of itself (a second
    CPU at work) and to serve it (its reads, then the next commands'); None when none is
    kept or none can be forked (`start_keeper` then starts one after the read)."""
    kept = kept_reader(address)
    if kept is not None:
        return kept
    from app.store.team_keeper_fork import fork_keeper

    return fork_keeper(address)


def start_keeper(address: str) -> None:
    """A keeper for this address, started in the background (detached: it outlives the
    command) after a read made the direct way (none forked, or the forked one lost the
    lock or failed midway: one already there makes it end at once). The
    address goes through its stdin, never its arguments, which every user can read
    (`ps`)."""
    import subprocess

    if not keeping() or getattr(sys, "frozen", False) or socket_path(address) is None:
        return  # (a frozen app's executable runs no `-c`)
    top = os.fspath(Path(__file__).resolve().parents[2])  # where `app` is imported from
    code = (f"import sys; sys.path.insert(0, {top!r}); "
            "from app.store.team_keeper_serve import main; main()")
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True,
            start_new_session=True, cwd="/")
        assert proc.stdin is not None
        proc.stdin.write(json.dumps({"address": address, "seconds": keep_seconds()}).encode())
        proc.stdin.close()
        proc.returncode = 0  # not waited for: it lives on after the command (no warning)
    except (OSError, ValueError):
        pass
