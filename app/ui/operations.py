"""Operations the window performs on the binder, as undoable commands.

Every operation goes through the bridge, which announces what changed with one signal; the
strip, the list and the card each decide in one place whether to redraw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from app.errors import RingbinderError
from app.services import Services
from app.services.dto import Changes


class BinderBridge(QObject):
    """Runs service operations; `changed` says what they touched, `failed` why one was refused."""

    changed = Signal(object)  # Changes
    failed = Signal(str)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services

    def run(self, operation: Callable[[], Changes]) -> Changes | None:
        try:
            changes = operation()
        except RingbinderError as exc:
            self.failed.emit(str(exc))
            return None
        self.changed.emit(changes)
        return changes


class RefileCommand(QUndoCommand):
    """Refile dossiers to new dates; undo puts each back exactly where it was."""

    def __init__(self, bridge: BinderBridge, targets: Mapping[str, date | None],
                 text: str) -> None:
        super().__init__(text)
        self._bridge = bridge
        self._targets = dict(targets)
        self._before = bridge.services.filing.schedules(list(targets))

    def redo(self) -> None:
        filing = self._bridge.services.filing
        if self._bridge.run(lambda: filing.move_each(self._targets)) is None:
            self.setObsolete(True)

    def undo(self) -> None:
        filing = self._bridge.services.filing
        if self._bridge.run(lambda: filing.put_back(self._before)) is None:
            self.setObsolete(True)


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
