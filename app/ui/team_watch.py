"""A team binder's window keeps up with the others: what they commit is shown within moments,
applied as an operation's result is (the strip's counts, the list's rows, the card unless
its fields are being typed into: the card keeps what is typed, app/ui/card_fields.py).

When the server is lost the window says so in its banner and turns read-only, the card
keeping what was typed; the listener keeps trying, and once the server is back the banner
goes, the window is writable again, everything is read again and what was typed is saved.

The services' listener calls from its own thread: each call is handed to the GUI thread as
a Qt signal (queued across threads).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.i18n import _
from app.services.dto import Changes

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def lost_text() -> str:
    return _("The team binder cannot be reached. This window is read-only until Ringbinder "
             "reconnects, which it keeps trying to do; what you typed is kept.")


class TeamWatch(QObject):
    """Watches the window's team binder until `stop` (the window's close)."""

    changed = Signal(object)  # Changes, from the listener's thread
    reachable = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.lost = False
        self._held: list[QWidget] = []  # what was greyed when the server was lost
        self._banner: tuple[str, bool] | None = None  # the banner as it was before
        self._save_typed = False  # back: save the card's typed fields once all is read
        self.changed.connect(self._apply)
        self.reachable.connect(self._reachable)
        self._stop = window.services.watch(self._heard, self._heard_state)

    def stop(self) -> None:
        self._stop()

    # on the listener's thread: straight to the GUI thread
    def _heard(self, changes: Changes) -> None:
        if isValid(self):
            self.changed.emit(changes)

    def _heard_state(self, up: bool) -> None:
        if isValid(self):
            self.reachable.emit(up)

    # on the GUI thread
    def _apply(self, changes: Changes) -> None:
        self.window.bridge.announce(changes)
        if self._save_typed and changes.everything:
            self._save_typed = False
            if not self.window.services.readonly:
                self.window.pane.fields.flush()

    def _reachable(self, up: bool) -> None:
        if up:
            self._back()
        else:
            self._lose()

    def _lose(self) -> None:
        window, pane = self.window, self.window.pane
        self.lost = True
        if self._banner is None:
            self._banner = (window.banner.text(), window.banner.isVisible())
        window.banner.setText(lost_text())
        window.banner.show()
        window._set_writable(False)
        window._update_title()
        if window.reminders is not None:  # its next look at the day would find no server
            window.reminders.timer.stop()
        # greyed as on a read-only binder; the card's fields keep their text (a field left
        # by the focus saves nothing now: the binder is read-only)
        documents = pane.documents
        for widget in (pane.fields, pane.log_button, pane.add_form_button,
                       documents.add_button, documents.proposal_button,
                       documents.remove_button, *pane.form_widgets):
            if widget.isEnabled():
                widget.setEnabled(False)
                self._held.append(widget)

    def _back(self) -> None:
        window = self.window
        self.lost = False
        if self._banner is not None:
            text, shown = self._banner
            self._banner = None
            window.banner.setText(text)
            window.banner.setVisible(shown)
        writable = not window.services.readonly
        window._set_writable(writable)
        window.actions_["undo"].setEnabled(writable and window.undo_stack.canUndo())
        window.actions_["redo"].setEnabled(writable and window.undo_stack.canRedo())
        window._update_title()
        if window.reminders is not None:
            window.reminders.timer.start()
        for widget in self._held:
            if isValid(widget):
                widget.setEnabled(writable)
        self._held = []
        # then comes the listener's Changes.all(): everything is read again (the card keeps
        # the fields typed into), and what was typed is saved
        self._save_typed = True
