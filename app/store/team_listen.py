"""Hearing what the others change in a team binder, and noticing when the server is lost.

Every committed write to a team binder sends a short note on the channel "ringbinder"
(the triggers of migration 0011_postgres_notify). A `TeamListener` waits for them on a
psycopg connection of its own (autocommit, LISTEN), on a thread of its own, and hands each
batch of notes, merged into one `Notice`, to a callback; the notes of this binder handle's
own writes are left out (the window has shown those already), told apart by the backend
that sent them (`Notify.pid`) among those its pooled connections were handed out on.

A connection that fails (the server restarted, the backend killed, the network gone: TCP
keepalives and an idle ping find the last one) is reported lost: the binder handle turns
read-only (`TeamDB.offline`) and the listener tries again, waiting longer each time. Once
back, every thread's read connection is renewed, the binder is writable again and the
callback hears it: whatever happened meanwhile is only known by reading everything again.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.store.team_db import TeamDB

CHANNEL = "ringbinder"
WAIT_S = 0.5  # one wait for notes: how soon `stop` is heard
GATHER_S = 0.05  # notes arriving this soon after one are handed over with it
PING_S = 10.0  # an idle listener asks the server this often whether it is still there
RETRY_S = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)  # the waits between tries to reconnect; then the last
MAX_NAMED = 500  # a batch naming more dossiers or dates than this: read everything again
STOP_WAIT_S = 2 * WAIT_S + 1
# a network gone without a word: found by TCP within about 25 s, idle or not
KEEPALIVE: dict[str, Any] = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                             "keepalives_count": 3, "tcp_user_timeout": 25_000}

log = logging.getLogger("ringbinder")


@dataclass
class Notice:
    """What one or more notes say changed (the fields of the services' `Changes`)."""

    dossiers: set[str] = field(default_factory=set)  # uuids
    dates: set[date | None] = field(default_factory=set)  # next-contact dates left or reached
    archive: bool = False
    settings: bool = False
    templates: bool = False
    everything: bool = False

    @classmethod
    def of(cls, payload: str) -> Notice:
        """A note as the triggers write it; one that cannot be read says: everything."""
        try:
            note = json.loads(payload)
            return cls(dossiers={str(d) for d in note.get("d", ())},
                       dates={None if t is None else date.fromisoformat(t)
                              for t in note.get("t", ())},
                       archive=bool(note.get("a")), settings=bool(note.get("s")),
                       templates=bool(note.get("f")), everything=bool(note.get("all")))
        except (ValueError, TypeError, AttributeError):
            return cls(everything=True)

    def merge(self, other: Notice) -> Notice:
        self.dossiers |= other.dossiers
        self.dates |= other.dates
        self.archive |= other.archive
        self.settings |= other.settings
        self.templates |= other.templates
        self.everything |= other.everything
        if len(self.dossiers) > MAX_NAMED or len(self.dates) > MAX_NAMED:
            self.everything = True
            self.dossiers, self.dates = set(), set()
        return self


class TeamListener:
    """Listens to one team binder until stopped. `on_notice(Notice)`: others' changes;
    `on_state(reachable)`: False when the server was lost, True when it is back. Both are
    called on the listener's thread."""

    def __init__(self, db: TeamDB, on_notice: Callable[[Notice], None],
                 on_state: Callable[[bool], None]) -> None:
        self.db = db
        self.on_notice, self.on_state = on_notice, on_state
        self._stopping = threading.Event()
        self._calling = threading.RLock()  # held while a callback runs: `stop` waits for it
        self._thread: threading.Thread | None = None
        self._own: set[int] = set()  # the backends this handle's writes run on
        self.lost = False

    def start(self) -> TeamListener:
        from sqlalchemy import event

        event.listen(self.db.engine, "checkout", self._checked_out)
        self._thread = threading.Thread(target=self._run, name="team-listener", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening: no callback is made once this returns (a callback under way is
        waited for); the thread closes its connection within WAIT_S, unwaited."""
        from sqlalchemy import event

        self._stopping.set()
        with self._calling:
            if self.lost:  # no longer watched: left to fail, or not, as any binder's writes
                self.db.offline = False
        if event.contains(self.db.engine, "checkout", self._checked_out):
            event.remove(self.db.engine, "checkout", self._checked_out)

    def join(self, timeout: float = STOP_WAIT_S) -> None:
        """Wait for the thread to end (after `stop`)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _checked_out(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        pid = getattr(getattr(dbapi_connection, "info", None), "backend_pid", None)
        if pid:
            self._own.add(int(pid))

    # -- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        import psycopg

        tries = 0
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self.db.dsn, autocommit=True,
                                     connect_timeout=int(min(RETRY_S[-1], 10)),
                                     **KEEPALIVE) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    tries = 0
                    if self.lost:
                        self._back()
                    self._listen(conn)
            except psycopg.Error as exc:
                if self._stopping.is_set():
                    break
                if not self.lost:
                    log.info("team binder %s lost: %s", self.db.location, exc)
                    self._lose()
                self._stopping.wait(RETRY_S[min(tries, len(RETRY_S) - 1)])
                tries += 1
            except Exception:  # a fault of its own: logged, and the listening goes on
                log.exception("team binder listener")
                self._stopping.wait(RETRY_S[-1])

    def _listen(self, conn: Any) -> None:
        quiet_since = time.monotonic()
        while not self._stopping.is_set():
            notes = list(conn.notifies(timeout=WAIT_S, stop_after=1))
            if notes:  # the rest of a burst (a transaction's notes, an import's) comes along
                notes += conn.notifies(timeout=GATHER_S)
            if self._stopping.is_set():
                return
            notice: Notice | None = None
            for note in notes:
                if note.pid not in self._own:  # this handle's own writes are shown already
                    found = Notice.of(note.payload)
                    notice = found if notice is None else notice.merge(found)
            if notice is not None:
                with self._calling:
                    if self._stopping.is_set():
                        return
                    _safely(self.on_notice, notice)
            if notes:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since > PING_S:
                conn.execute("SELECT 1")  # a connection gone without a word fails here
                quiet_since = time.monotonic()

    def _lose(self) -> None:
        with self._calling:
            if self._stopping.is_set():
                return
            self.lost = True
            self.db.offline = True
            self._own.clear()  # a backend's pid may be another's once the server is back
            _safely(self.on_state, False)

    def _back(self) -> None:
        with self._calling:
            if self._stopping.is_set():
                return
            self.lost = False
            self._own.clear()
            self.db.renew_readers()
            self.db.offline = False
            _safely(self.on_state, True)


def _safely(callback: Callable[[Any], None], value: object) -> None:
    """A callback's own fault is logged; the listening goes on."""
    try:
        callback(value)
    except Exception:
        log.exception("team binder listener: a callback failed")
