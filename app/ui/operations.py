"""The one change path: every write the window makes, from the window itself, a dialog, a
worker or a merge, goes through the bridge, which announces what changed with one signal.
The strip, the list and the card each subscribe and update only what they show.

Also the operations the window can undo, as commands.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TypeVar, overload

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from app.errors import RingbinderError
from app.services import Services
from app.services.dto import Changes

T = TypeVar("T")


class BinderBridge(QObject):
    """Runs service operations; `changed(Changes)` says what they touched, `failed(str)`
    why one was refused. `serial` counts the announcements, so that a part that already
    read what changed during one of them does not read it twice."""

    changed = Signal(object)  # Changes
    failed = Signal(str)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.serial = 0

    def run(self, operation: Callable[[], Changes]) -> Changes | None:
        """A write whose refusal the window shows (`failed`)."""
        try:
            changes = operation()
        except RingbinderError as exc:
            self.failed.emit(str(exc))
            return None
        self.announce(changes)
        return changes

    @overload
    def write(self, operation: Callable[[], Changes]) -> Changes: ...
    @overload
    def write(self, operation: Callable[[], tuple[T, Changes]]) -> T: ...

    def write(self, operation: Callable[[], object]) -> object:
        """A write whose refusal the caller shows itself (a dialog, under its fields): its
        error is raised, its Changes announced; an operation returning (value, Changes)
        gives back the value."""
        result = operation()
        if isinstance(result, Changes):
            self.announce(result)
            return result
        assert isinstance(result, tuple) and isinstance(result[-1], Changes), result
        self.announce(result[-1])
        return result[0]

    def announce(self, changes: Changes) -> None:
        """What a write done elsewhere changed (a worker's import or merge, finished)."""
        self.serial += 1
        self.changed.emit(changes)


def bridge_of(services: Services, bridge: BinderBridge | None, owner: QObject) -> BinderBridge:
    """The window's bridge, or one of the dialog's own when it is used alone (a test)."""
    return bridge if bridge is not None else BinderBridge(services, owner)


class RefileCommand(QUndoCommand):
    """Refile dossiers to new dates; undo puts each back exactly where it was."""

    def __init__(self, bridge: BinderBridge, targets: Mapping[str, date | None],
                 text: str, keep_time: bool = True) -> None:
        super().__init__(text)
        self._bridge = bridge
        self._targets = dict(targets)
        self._keep_time = keep_time  # False: the binder chose the days (see move_each)
        self._before = bridge.services.filing.schedules(list(targets))

    def redo(self) -> None:
        filing = self._bridge.services.filing
        if self._bridge.run(lambda: filing.move_each(
                self._targets, keep_time=self._keep_time)) is None:
            self.setObsolete(True)

    def undo(self) -> None:
        filing = self._bridge.services.filing
        if self._bridge.run(lambda: filing.put_back(self._before, self._targets)) is None:
            self.setObsolete(True)  # refused: refiled meanwhile by someone else


class ArchiveCommand(QUndoCommand):
    """Archive dossiers with a reason; undo brings them back where they were filed."""

    def __init__(self, bridge: BinderBridge, ids: Sequence[str], reason: str,
                 text: str, undo_reason: str) -> None:
        super().__init__(text)
        self._bridge = bridge
        self._reason = reason
        self._undo_reason = undo_reason
        self._before = bridge.services.filing.schedules(list(ids))

    def redo(self) -> None:
        filing = self._bridge.services.filing
        ids = [item.id for item in self._before]
        if self._bridge.run(lambda: filing.archive_many(ids, self._reason)) is None:
            self.setObsolete(True)

    def undo(self) -> None:
        filing = self._bridge.services.filing
        if self._bridge.run(lambda: filing.unarchive(self._before, self._undo_reason)) is None:
            self.setObsolete(True)
