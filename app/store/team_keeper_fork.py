"""A keeper forked by the command that needs it, as it starts (app/cli_early.py): the child
has the command's modules already loaded, imports psycopg and connects on another CPU
while the command loads the rest of itself, then serves it and the next commands
(app/store/team_keeper_serve.py). The command waits for a byte on a pipe: "1" once the
keeper listens, "0" when another keeper holds the address's lock (that one then serves, or
the command reads the direct way), nothing when it ended (it could not connect: the
command's full path says why, or asks for the password).

Only on Linux, not from a frozen app, and from a process running no other thread: where
a fork without an exec is safe and tested. Once its first command is served (which showed
its own arguments while it ran), the keeper's process title becomes "ringbinder keeper"
(setproctitle): the command's arguments (a searched name, the address) are not shown by
`ps` while it lives on; a keeper that cannot take the title ends there. An address holding
its password is not forked for at all (`start_keeper` then starts one as a program,
reading it from its stdin).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

from app.store.team_keeper import (
    KeptCursor,
    keep_seconds,
    keeping,
    kept_reader,
    socket_path,
    version,
)

READY_TIMEOUT = 12.0  # a forked keeper's connection (its connect_timeout is 10 s)
LISTENING, LOCKED = b"1", b"0"  # what a forked keeper tells the command
_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
TITLE = "ringbinder keeper"


class Starting:
    """A keeper forked at the command's start, connecting meanwhile."""

    def __init__(self, address: str, ready: int) -> None:
        self.address = address
        self._ready = ready  # the pipe's end its keeper writes to
        self.locked = False  # another keeper held the lock: read the direct way if need be

    def reader(self) -> tuple[KeptCursor, int] | None:
        """Its cursor, once it listens (or the other keeper's, when it held the lock);
        None when there is none to ask."""
        import select
        import socket  # noqa: F401

        version()  # what asking it loads (the socket module, the schema's head), loaded
        told = b""  # while it connects, not after
        try:
            if select.select([self._ready], [], [], READY_TIMEOUT)[0]:
                told = os.read(self._ready, 1)
        except OSError:
            pass
        finally:
            os.close(self._ready)
        self.locked = told == LOCKED
        return kept_reader(self.address) if told else None


def fork_keeper(address: str) -> Starting | None:
    """A keeper forked from this process, the address only in its memory; None where it
    is not forked (see above)."""
    import threading

    from app.team_address import holds_password

    if (not sys.platform.startswith("linux") or getattr(sys, "frozen", False)
            or not keeping() or threading.active_count() > 1 or holds_password(address)
            or socket_path(address) is None):
        return None
    ready, told = os.pipe()
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)  # none lands mid-fork
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
        os.close(ready)
        os.close(told)
        return None
    if pid == 0:  # the keeper: never back into the command
        try:
            os.close(ready)
            _detach(told)
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
            _keep(address, told)
        finally:
            os._exit(0)
    signal.pthread_sigmask(signal.SIG_SETMASK, old)
    os.close(told)
    return Starting(address, ready)


def _detach(keep_fd: int) -> None:
    """The forked keeper let go of the command's terminal, session and files (a caller
    reading the command's output to its end must not wait for the keeper's)."""
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, 1 << 16)
    os.chdir("/")


def _keep(address: str, told: int) -> None:
    from app.store.team_keeper_serve import serve

    def tell(listening: bool) -> None:
        """The command told what came of its keeper."""
        with contextlib.suppress(OSError):  # the command gone: not told
            os.write(told, LISTENING if listening else LOCKED)
        os.close(told)

    def served() -> None:
        """Its first command served (while it ran, it showed its arguments itself): they
        are shown no longer, by the keeper either."""
        from setproctitle import setproctitle

        setproctitle(TITLE)

    serve(address, keep_seconds(), tell, served)
