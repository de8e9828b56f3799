"""The entry point to the services: open a binder once, use its services, close it."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, cast, overload

from app.clock import Clock, SystemClock
from app.preferences import BINDER_SUFFIX as BINDER_SUFFIX  # named here as before
from app.preferences import default_binder_path as default_binder_path
from app.store import BinderDB, open_binder, open_damaged

if TYPE_CHECKING:
    from app.services.attachments import AttachmentService
    from app.services.dossiers import DossierService
    from app.services.dto import Changes
    from app.services.exporting import ExportService
    from app.services.filing import FilingService
    from app.services.forms import FormService
    from app.services.handover import HandoverService
    from app.services.importing import ImportService
    from app.services.loads import LoadService
    from app.services.printing import PrintService
    from app.services.proposals import ProposalService
    from app.services.reminders import ReminderService
    from app.services.reports import ReportService
    from app.services.team import TeamService
    from app.store.team_db import TeamDB

_T = TypeVar("_T")
HANDOVER_SUFFIX = ".rbh"
SNAPSHOT_WAIT_S = 0.05  # at most this long on the GUI thread for the day's copy to start


class _Family(Generic[_T]):
    """A family of services made (and its module imported) when first asked for, once per
    Services, whichever thread asks first."""

    def __init__(self, module: str, name: str) -> None:
        self._module, self._name = module, name
        self._lock = threading.Lock()

    def __set_name__(self, owner: type, attribute: str) -> None:
        self._attribute = attribute

    @overload
    def __get__(self, services: None, owner: type) -> _Family[_T]: ...
    @overload
    def __get__(self, services: Services, owner: type) -> _T: ...

    def __get__(self, services: Services | None, owner: type) -> _Family[_T] | _T:
        if services is None:
            return self
        with self._lock:  # workers may ask first
            made = services.__dict__.get(self._attribute)
            if made is None:
                family = getattr(importlib.import_module(self._module), self._name)
                made = services.__dict__[self._attribute] = family(services)
            return cast(_T, made)


class Services:
    """The use-case families of one open binder, sharing its database and clock."""

    def __init__(self, db: BinderDB | TeamDB, clock: Clock | None = None) -> None:
        from app.services.settings import SettingsService
        from app.services.views import ViewService

        self.db = db
        self.clock = clock or SystemClock()
        db.now = self.clock.now  # every stamp the services write is dated by this clock
        # the day's backup before the first write of the day: the front ends (CLI, window)
        # turn it on; screenshots, demo binders, tests and benchmarks leave it off
        self.daily_backup = False
        self.backup_in_background = False  # the window: never on the GUI thread
        self._backup_checked: date | None = None
        self._backup_lock = threading.Lock()
        db.on_write = self.back_up_today
        # in a team binder: the person working (a user's key) and whose dossiers the strip
        # shows (None: everyone's, as always in a solo binder); see app/services/team.py
        self.me: int | None = None
        self.scope: int | None = None
        self._watches: list[Callable[[], None]] = []  # stopped at close
        self.settings = SettingsService(self)
        self.views = ViewService(self)
        # read now, so that no operation opens a second connection inside its transaction
        self.settings.get()
        if db.team:
            self.people.sign_in()
        if db.created and not db.readonly:  # a new binder counts in the user's own money
            from app.i18n import default_currency

            self.settings.update(currency=default_currency())

    # the other families are made (and their modules imported) on first use: the window
    # and each command start with only what their first screen or answer needs; the writers
    # (and the ORM) too, as the window's first screen is read in plain SQL
    dossiers: _Family[DossierService] = _Family("app.services.dossiers", "DossierService")
    filing: _Family[FilingService] = _Family("app.services.filing", "FilingService")
    attachments: _Family[AttachmentService] = _Family("app.services.attachments",
                                                      "AttachmentService")
    forms: _Family[FormService] = _Family("app.services.forms", "FormService")
    printing: _Family[PrintService] = _Family("app.services.printing", "PrintService")
    proposals: _Family[ProposalService] = _Family("app.services.proposals", "ProposalService")
    handover: _Family[HandoverService] = _Family("app.services.handover", "HandoverService")
    imports: _Family[ImportService] = _Family("app.services.importing", "ImportService")
    exports: _Family[ExportService] = _Family("app.services.exporting", "ExportService")
    loads: _Family[LoadService] = _Family("app.services.loads", "LoadService")
    reminders: _Family[ReminderService] = _Family("app.services.reminders", "ReminderService")
    reports: _Family[ReportService] = _Family("app.services.reports", "ReportService")
    people: _Family[TeamService] = _Family("app.services.team", "TeamService")

    def changed_elsewhere(self, changes: Changes) -> None:
        """What another window or person changed in a team binder (its notifications): what
        the services keep of it is read again (the settings, whose strip rules they hold)."""
        if changes.settings or changes.everything:
            self.settings.forget()

    def warm_up(self) -> None:
        """The ORM, the engine and the writers made now: the window calls it off the GUI
        thread once it is shown, so that the first edit costs only itself."""
        self.db.warm_up()
        self.dossiers  # noqa: B018
        self.filing  # noqa: B018

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def salesperson(self) -> str:
        """Who signs letters, heads printouts and hands work over: in a team binder the one
        working (each their own name), in a file its owner's name from the settings."""
        me = self.people.me if self.team else None
        return me.name if me is not None else self.settings.get().owner_name

    @property
    def new_owner(self) -> int | None:
        """Whose a dossier made now is in a team binder: the shown person's (a manager
        filing for them), else the one working's; None in a solo binder."""
        return self.scope if self.scope is not None else self.me

    @property
    def team(self) -> bool:
        """Whether this is a team binder (on a server), not a binder file."""
        return self.db.team

    @property
    def readonly(self) -> bool:
        """Opened read-only, or a team binder whose server is out of reach just now."""
        db = self.db
        return db.readonly or (db.team and getattr(db, "offline", False))

    def watch(self, on_change: Callable[[Changes], None],
              on_connection: Callable[[bool], None] | None = None) -> Callable[[], None]:
        """Others' changes to a team binder as they commit them, and word when its server
        is lost and back (app/services/team_watch.py); a no-op on a binder file. Returns
        the function that stops watching (closing the binder stops it too)."""
        from app.services.team_watch import watch

        stop = watch(self, on_change, on_connection)
        self._watches.append(stop)
        return stop

    @property
    def damaged(self) -> str | None:
        """SQLite's first complaint when the binder was found damaged (it is then read-only)."""
        return self.db.damaged

    def refuse_if_damaged(self) -> None:
        """Refuse (BinderDamaged, one line with the way back) work meant to write to a
        damaged binder, before any of it is done."""
        from app.store.damage import damaged_error

        if self.db.damaged is not None:
            raise damaged_error(self.path, self.db.damaged)

    def check_damage(self) -> str | None:
        """SQLite's first complaint if the binder is damaged, else None: the check made at an
        open for writing, for a binder opened with `check=False`.  Safe off the GUI thread
        (its own read-only connection); a binder open read-only is not checked again."""
        return self.db.check()

    def back_up_today(self) -> None:
        """Make the day's copy once a day, before the first write (BinderDB.on_write calls it).

        Checked once per day in this process; the copy itself is due when the newest copy
        is from an earlier day, so a window left open past midnight makes the next day's."""
        today = self.clock.today()
        if not self.daily_backup or self.readonly or self._backup_checked == today:
            return
        self._backup_checked = today
        if self.backup_in_background:
            # the copy runs on its own thread; the write waits only until the state to copy
            # is fixed (a few ms), so the copy still holds the binder as it was before it
            ready = threading.Event()
            threading.Thread(target=self.back_up, args=(ready.set,), name="backup",
                             daemon=True).start()
            ready.wait(SNAPSHOT_WAIT_S)
        else:
            self.back_up()

    def back_up(self, on_snapshot: Callable[[], None] | None = None) -> Path | None:
        """Today's copy of the binder, if not made yet (rotating; see app.store.backup)."""
        from app.store.backup import COPY_ERRORS, backup_if_due

        if self.readonly or self.team:  # a damaged binder is read-only too; a team binder
            return None  # is the server's to keep safe
        # the copy is named after the clock's day (`--today`, tests) at the local time of day
        when = datetime.combine(self.clock.today(), datetime.now().time())
        with self._backup_lock:  # the open-time copy and a first write may ask together
            try:
                return backup_if_due(self.path, when, on_snapshot=on_snapshot)
            except COPY_ERRORS:  # a copy that cannot be made must not stop work
                return None
            finally:
                if on_snapshot is not None:  # whatever happened, the writer need not wait
                    on_snapshot()

    def close(self) -> None:
        for stop in self._watches:
            stop()
        self._watches.clear()
        self.db.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_services(
    path: Path | str, clock: Clock | None = None, *, create: bool = False,
    readonly: bool = False, check: bool = True
) -> Services:
    """The services of a binder; `check=False`: not checked for damage at the open (the
    caller runs `check_damage` later, off the GUI thread), see app.store.open_binder."""
    return Services(open_binder(path, create=create, readonly=readonly, check=check), clock)


def open_damaged_services(path: Path | str, detail: str, clock: Clock | None = None) -> Services:
    """A binder that `Services.check_damage` found damaged, open read-only as one found
    damaged at its open (`damaged` set to SQLite's complaint)."""
    return Services(open_damaged(path, detail), clock)
