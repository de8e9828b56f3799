"""The window on a team binder: its title (the database, who is working and where), and the
Team menu: whose dossiers the strip and lists show, reassigning the selection or someone's
inserts for a period, the team's load and its people. A solo binder has none of it.

Everything goes through `services.people` and, for what changes the strip, the window's
bridge, so the strip, the list and the card update as after any other operation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QUndoCommand

from app.i18n import _, n_
from app.services.dto import Changes

if TYPE_CHECKING:
    from app.services import Services
    from app.ui.main_window import MainWindow

    Act = Callable[..., QAction]

EVERYONE = "everyone"  # what people.show takes for everyone's dossiers


def window_title(services: Services) -> str:
    """'sales — anna @ server — Ringbinder' on a team binder (and whose dossiers are shown
    when they are not one's own), 'name.rbinder — Ringbinder' on a file; never a password."""
    name = services.path.name
    if services.team:
        people = services.people
        me = people.me
        name = _("{binder} — {login} @ {server}").format(
            binder=name, login=me.login if me else "", server=services.path.parent.name)
        if me is not None and services.scope != me.key:
            shown = people.shown
            whom = _("everyone") if shown is None else shown.name
            name += " " + _("(showing {whom})").format(whom=whom)
    if services.readonly:
        name += " " + _("[read-only]")
    return _("{binder} — Ringbinder").format(binder=name)


def _relisted(changes: Changes) -> Changes:
    """A reassignment's changes as the window must take them: the dossiers left (or
    reached) the strip without a date changing, so their rows cannot be updated in place;
    naming only the dates and the archive has each touched insert listed again."""
    return Changes(set(), set(changes.dates), archive=changes.archive)


class TeamMenu(QObject):
    """The Team menu of one window, built when the binder is a team binder."""

    def __init__(self, window: MainWindow, act: Act) -> None:
        super().__init__(window)
        self.setObjectName("team-menu")
        self.window = window
        self.services = window.services
        people = self.services.people
        self.menu = window.menuBar().addMenu(_("&Team"))
        self.menu.setObjectName("team-menu")
        self.show_menu = self.menu.addMenu(_("&Show"))
        self.group = QActionGroup(self.show_menu)
        self.mine = act("show_mine", _("&My dossiers"), "Ctrl+Shift+M",
                        lambda: self.show_of(people.me.login if people.me else ""))
        self.everyone = act("show_everyone", _("&Everyone's dossiers"), None,
                            lambda: self.show_of(EVERYONE))
        for action in (self.mine, self.everyone):
            action.setCheckable(True)
            self.group.addAction(action)
        self.colleagues: list[QAction] = []
        self.show_menu.addActions([self.mine, self.everyone])  # colleagues come between
        self.menu.addSeparator()
        self.reassign = act("reassign", _("&Reassign selected dossiers to…"), "Ctrl+Shift+G",
                            self.reassign_selected)
        self.menu.addAction(self.reassign)
        self.period = act("reassign_period", _("Reassign someone's &inserts for a period…"),
                          None, self.reassign_period)
        self.menu.addAction(self.period)
        self.menu.addSeparator()
        self.load = act("team_load", _("Team &load…"), "Ctrl+Shift+L", self.team_load)
        self.menu.addAction(self.load)
        self.menu.addAction(act("people", _("&People…"), None, self.people))
        self.menu.aboutToShow.connect(self.fill)
        self.allow()  # the colleagues are read when the menu is first shown

    def fill(self) -> None:
        """The Show items (colleagues may have been added) and what a role allows."""
        from app.ui.team_dialogs import person_text

        people = self.services.people
        if people.refresh():  # made a salesperson in another window: their own dossiers
            self.window.bridge.run(Changes.all)
            self.window.setWindowTitle(window_title(self.services))
        manager = people.is_manager
        for action in self.colleagues:
            self.group.removeAction(action)
            action.deleteLater()
        self.colleagues = []
        self.show_menu.clear()
        self.show_menu.addAction(self.mine)
        me = people.me
        if manager:
            for person in people.people():
                if me is not None and person.key == me.key:
                    continue
                action = QAction(person_text(person).replace("&", "&&"), self.show_menu)
                action.setCheckable(True)
                action.setData(person.key)
                action.triggered.connect(lambda _on=False, login=person.login:
                                         self.show_of(login))
                self.group.addAction(action)
                self.show_menu.addAction(action)
                self.colleagues.append(action)
            self.show_menu.addSeparator()
            self.show_menu.addAction(self.everyone)
        scope = self.services.scope
        self.everyone.setChecked(scope is None)
        self.mine.setChecked(me is not None and scope == me.key)
        for action in self.colleagues:
            action.setChecked(action.data() == scope)
        self.allow()

    def allow(self) -> None:
        """What the role allows (the manager's items hidden from a salesperson)."""
        manager = self.services.people.is_manager
        for action in (self.everyone, self.period, self.load):
            action.setVisible(manager)
            action.setEnabled(manager)
        writable = not self.services.readonly
        self.reassign.setEnabled(writable)
        self.period.setEnabled(manager and writable)

    # -- whose dossiers ------------------------------------------------------------------
    def show_of(self, login: str) -> None:
        """Show someone's (or everyone's) dossiers: the strip, the list and the card read
        again, as after a bulk change."""
        self.window.bridge.run(lambda: self.services.people.show(login))
        self.window.setWindowTitle(window_title(self.services))
        self.fill()

    # -- reassigning ---------------------------------------------------------------------
    def reassign_selected(self) -> None:
        from app.ui.team_dialogs import ReassignDialog

        window = self.window
        ids = window.selected_ids()
        if not ids or self.services.readonly:
            window.show_status(_("Select the dossiers to reassign first."))
            return
        people = self.services.people
        me = people.me.login if people.me else ""
        names = window.list.selected_names() if window.list.selected_ids() else \
            [r.name for r in self.services.views.rows_by_id(ids)]
        dialog = ReassignDialog(people.people(), me, names,
                                lambda login: self._give(lambda: people.reassign(ids, login),
                                                         login),
                                window)
        window.open_dialog(dialog)

    def reassign_period(self) -> None:
        from app.ui.team_dialogs import ReassignPeriodDialog

        people = self.services.people

        def give(source: str, first: date, last: date, target: str) -> None:
            self._give(lambda: people.reassign_period(source, first, last, target), target)

        me = people.me.login if people.me else ""
        self.window.open_dialog(ReassignPeriodDialog(
            people.people(), me, self.services.clock.today(), give, self.window))

    def _give(self, work: Callable[[], tuple[int, Changes]], target: str) -> None:
        """Run a reassignment (its refusal raised to the dialog), say how many moved, and
        put it on the undo stack (Ctrl+Z gives each dossier back to whoever had it)."""
        moved = self.window.bridge.write(lambda: _with_relisting(work()))
        self.window.show_status(n_("{count} dossier reassigned.", "{count} dossiers reassigned.",
                                   moved))
        before = dict(self.services.people.last_moved)
        if before:
            self.window.undo_stack.push(ReassignCommand(
                self.window, before, target, n_("Reassign {count} dossier",
                                                "Reassign {count} dossiers", len(before))
                .format(count=len(before))))

    # -- the team ------------------------------------------------------------------------
    def team_load(self) -> None:
        from app.ui.team_dialogs import TeamLoadDialog

        services = self.services
        if not services.people.is_manager:
            return
        settings = services.settings.get()
        calendar = services.loads.calendar()
        self.window.open_dialog(TeamLoadDialog(
            services.people.people(), services.people.loads, services.clock.today(),
            settings.daily_capacity, calendar.is_working, self.window,
            open_day=self.open_day))

    def open_day(self, login: str, day: date) -> None:
        """Someone's dossiers of a day (from the team load): shown, and that day's insert."""
        self.show_of(login)
        window = self.window
        window.show_insert(self.services.views.strip(window.today).insert_for(day).key)
        window.list.setFocus()

    def people(self) -> None:
        from app.ui.team_dialogs import PeopleDialog

        dialog = PeopleDialog(self.services, self.window)
        shown = self.services.scope
        dialog.finished.connect(lambda _r: self._after_people(shown))
        self.window.open_dialog(dialog)

    def _after_people(self, shown: int | None) -> None:
        """A manager who made themselves a salesperson sees their own dossiers again."""
        if self.services.scope != shown:
            self.window.bridge.run(Changes.all)
            self.window.setWindowTitle(window_title(self.services))
        self.fill()


class ReassignCommand(QUndoCommand):
    """A reassignment already made; undo gives each dossier back, redo gives them again."""

    def __init__(self, window: MainWindow, before: dict[str, int | None], target: str,
                 text: str) -> None:
        super().__init__(text)
        self._window, self._before, self._target = window, before, target
        self._skip = True  # made before it was pushed

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        people = self._window.services.people
        self._run(lambda: people.reassign(list(self._before), self._target))

    def undo(self) -> None:
        people = self._window.services.people
        self._run(lambda: people.give_back(self._before, self._target))

    def _run(self, work: Callable[[], tuple[int, Changes]]) -> None:
        bridge = self._window.bridge
        if bridge.run(lambda: _with_relisting(work())[1]) is None:
            self.setObsolete(True)  # refused: reassigned meanwhile by someone else


def _with_relisting(result: tuple[int, Changes]) -> tuple[int, Changes]:
    moved, changes = result
    return moved, _relisted(changes)
