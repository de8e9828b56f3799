"""The keeper's side (see app/store/team_keeper.py): a small background process that holds
one read-only connection to a team binder and answers the quick reads of this user's next
commands over a Unix socket, until idle for its given seconds, its connection lost, another
version's command met, or SIGTERM; it removes its socket as it ends.

Also the one way a quick read connects to a team binder (`connect_team`), the direct way's
and the keeper's alike.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import select
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.store.team_keeper import (
    MAX_KEEP_SECONDS,
    READ_TIMEOUT,
    open_lock,
    socket_path,
    version,
)

# the binder's revision and the login's person, in one statement (one round trip)
CHECK_SQL = ("SELECT (SELECT version_num FROM alembic_version), "
             "(SELECT pk FROM users WHERE login = current_user)")
_PLAIN = (str, int, float, bool, type(None))  # what JSON carries back exactly
_WAKE = 5.0  # seconds between looks at whether the socket is still this keeper's


def connect_team(address: str) -> tuple[Any, int] | None:
    """A read-only psycopg connection on an up-to-date team binder, and the key of the
    person whose login it is; None for anything else (the full path then says what, or
    makes them a person of the binder)."""
    import psycopg

    from app.store.dialect import as_sqlite_rows
    from app.team_address import sqlalchemy_url

    dsn = sqlalchemy_url(address).replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        conn = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
    except psycopg.Error:
        return None
    try:
        conn.execute("SET default_transaction_read_only = on")
        owner = current_owner(conn)
        if owner is not None:
            as_sqlite_rows(conn)
            return conn, owner
    except psycopg.Error:
        pass
    conn.close()
    return None


def current_owner(conn: Any) -> int | None:
    """The login's person on a binder at this version's schema; None when the binder was
    migrated since or the person is gone."""
    from app.store.schema import SCHEMA_HEAD

    found = conn.execute(CHECK_SQL).fetchone()
    if found is not None and found[0] == SCHEMA_HEAD and found[1] is not None:
        return int(found[1])
    return None


class _End(BaseException):
    """The keeper ends (after its reply)."""


class Keeper:
    """One connection, one socket, one client at a time."""

    def __init__(self, conn: Any, listener: socket.socket, path: Path, inode: int,
                 seconds: float) -> None:
        from app.store.dialect import QmarkCursor

        self.conn = conn
        self.cursor = QmarkCursor(conn.cursor(), converted=True)
        self.listener = listener
        self.path = path
        self.inode = inode
        self.seconds = seconds
        self.served: Callable[[], None] | None = None  # called after the first command

    def run(self) -> None:
        last = born = time.monotonic()
        while True:
            now = time.monotonic()
            left = min(last + self.seconds, born + MAX_KEEP_SECONDS) - now
            if left <= 0 or not self._still_ours():
                return
            ready, _w, _x = select.select([self.listener], [], [], min(left, _WAKE))
            if not ready:
                continue
            try:
                client, _addr = self.listener.accept()
            except OSError:
                continue
            with client:
                if _peer_is_us(client):
                    self.serve(client)
            if self.served is not None:
                self.served()
                self.served = None
            last = time.monotonic()

    def _still_ours(self) -> bool:
        """Whether the socket's name still leads here (a client may have taken it for a
        stale one, or the folder been cleaned): else no one can reach this keeper."""
        return _inode(self.path) == self.inode

    def serve(self, client: socket.socket) -> None:
        """One command's requests, until it closes; _End raised after the last reply."""
        client.settimeout(READ_TIMEOUT)  # a command stopped halfway holds it no longer
        requests = client.makefile("rb")
        try:
            greeted = False
            for line in requests:
                reply, end = self.answer(line, greeted)
                greeted = greeted or "owner" in reply
                if end and self._still_ours():  # gone before the command reads the direct
                    self.path.unlink(missing_ok=True)  # way and starts a keeper of its own
                client.sendall(json.dumps(reply, allow_nan=False).encode() + b"\n")
                if end:
                    raise _End
        except (OSError, ValueError):
            pass  # the command gone or slow: it reads the direct way
        finally:
            requests.close()
            self._end_transaction()

    def _end_transaction(self) -> None:
        """The command's read-only transaction let go (its snapshot, anything it set)."""
        import psycopg

        try:
            self.conn.rollback()
        except psycopg.Error as exc:  # the connection lost: the keeper ends
            raise _End from exc

    def answer(self, line: bytes, greeted: bool) -> tuple[dict[str, Any], bool]:
        """The reply to one request, and whether the keeper ends after it."""
        import psycopg

        try:
            request = json.loads(line)
        except ValueError:
            return {"error": "not JSON"}, False
        if not isinstance(request, dict):
            return {"error": "not a request"}, False
        try:
            if not greeted:
                if request.get("hello") != version():
                    return {"refused": "version"}, True
                owner = current_owner(self.conn)
                if owner is None:
                    return {"refused": "binder"}, True
                return {"owner": owner}, False
            return self.rows(request), False
        except psycopg.OperationalError as exc:
            return {"error": str(exc)}, True
        except psycopg.Error as exc:  # the command then reads the direct way
            with contextlib.suppress(psycopg.Error):
                self.conn.rollback()  # the failed statement aborted the transaction
            return {"error": str(exc)}, bool(self.conn.closed)
        except Exception as exc:  # unforeseen: said, and the keeper ends
            return {"error": repr(exc)}, True

    def rows(self, request: dict[str, Any]) -> dict[str, Any]:
        sql, params = request.get("sql"), request.get("params")
        if not isinstance(sql, str) or not sql.lstrip()[:6].upper().startswith(
                ("SELECT", "WITH")):
            return {"error": "only reads"}
        if params is not None and not isinstance(params, list):
            return {"error": "parameters"}
        # always with parameters: one statement (PostgreSQL's extended protocol), in the
        # command's read-only transaction, which refuses a write, even in a WITH
        rows = self.cursor.execute(sql, [] if params is None else params).fetchall()
        for row in rows:
            for value in row:
                if not isinstance(value, _PLAIN) or (
                        isinstance(value, float) and not math.isfinite(value)):
                    return {"error": f"a value of type {type(value).__name__}"}
        return {"rows": rows}


def _peer_is_us(client: socket.socket) -> bool:
    """Whether the other end is this user (Linux: SO_PEERCRED); elsewhere the folder's
    0700 is what keeps others out."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True
    try:
        creds = client.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    except OSError:
        return False
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def _stop(signum: int, frame: object) -> None:
    raise _End


def main() -> None:
    """The keeper started as a program: `{"address", "seconds"}` read from stdin (never
    argv: `ps` shows argv to every user, and an address may hold a password)."""
    try:
        given = json.loads(sys.stdin.buffer.read())
        address, seconds = str(given["address"]), float(given["seconds"])
    except (ValueError, KeyError, TypeError, OSError):
        return
    serve(address, seconds)


def serve(address: str, seconds: float, tell: Callable[[bool], None] | None = None,
          served: Callable[[], None] | None = None) -> None:
    """Keep a connection to `address` and serve it until the keeper's end; `tell(True)`
    once it listens, `tell(False)` when another keeper holds the address's lock (the
    command that forked it waits to be told); `served()` after its first command."""
    with contextlib.suppress(_End):  # SIGTERM before it listened
        _keep(address, seconds, tell, served)


def _keep(address: str, seconds: float, tell: Callable[[bool], None] | None,
          served: Callable[[], None] | None) -> None:
    import fcntl

    path = socket_path(address)
    if path is None or seconds <= 0:
        return
    signal.signal(signal.SIGTERM, _stop)
    with open_lock(path) as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            if tell is not None:
                tell(False)
            return  # another keeper holds it: it serves this address
        import psycopg  # (after the lock: a keeper already there is told of at once)

        team = connect_team(address)
        if team is None:
            return
        conn, _owner = team
        # each command's reads in one read-only transaction: one snapshot, nothing written
        # (SET, set_config and a WITH … UPDATE refused or rolled back with it)
        conn.autocommit = False
        conn.read_only = True
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        inode = None
        try:
            path.unlink(missing_ok=True)  # a stale one: its keeper gone (we hold the lock)
            old = os.umask(0o177)  # the socket made 0600, with no moment of anything else
            try:
                listener.bind(os.fspath(path))
            finally:
                os.umask(old)
            inode = _inode(path)
            listener.listen(8)
            if tell is not None:
                tell(True)
            if inode is not None:
                keeper = Keeper(conn, listener, path, inode, seconds)
                keeper.served = served
                keeper.run()
        except (OSError, _End):
            pass
        finally:
            if inode is not None and _inode(path) == inode:
                path.unlink(missing_ok=True)
            listener.close()
            conn.close()


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None
