"""Opening a team binder off the GUI thread: the server may take its connection's whole
timeout to answer, or not answer. "Connecting…" with Cancel meanwhile (over the window, or
on its own when the app starts on a team binder), then the binder's window. A refusal (a
password missing or wrong, a server that does not answer) asks again in the connect dialog
with the server's answer. At the start there is no window yet: cancelling either dialog
there ends the app, as closing the window would."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.i18n import _

if TYPE_CHECKING:
    from app.ui.app import AppController

CONNECTING_SHOWN_AFTER_MS = 300


def connect(controller: AppController, address: str, create: bool) -> None:
    """Open `address` for `controller`'s window (made when the binder is open)."""
    from PySide6.QtCore import QTimer

    from app.ui.app import open_for_window
    from app.ui.connect_dialog import ask_at_start, connect_team
    from app.ui.team_passwords import PASSWORDS
    from app.ui.worker import BackgroundTask

    complete = PASSWORDS.complete(address)

    def refused(message: str) -> None:
        PASSWORDS.failed(address)
        if controller.window is not None:
            connect_team(controller.window, address, message)
        else:
            controller.asking = ask_at_start(address, message, again, controller.give_up)

    def again(shown: str) -> None:
        controller.asking = None
        controller.open(shown, True)

    def finished() -> None:
        controller.connecting = None
        if controller.window is None and controller.asking is None:
            controller.give_up()  # cancelled at the start: nothing to show

    task = BackgroundTask(
        controller.window, _("Connecting to {address}…").format(address=address),
        lambda _progress, _cancelled: open_for_window(complete, controller.clock, create),
        lambda opened: controller.show_opened(opened[0], opened[1], address, False), refused,
        discard=lambda opened: opened[0].close())  # cancelled: let it go
    controller.connecting = task
    task.done.connect(finished)
    task.start()

    def still_connecting() -> None:  # no progress to report: shown after a moment
        if controller.connecting is task:
            task.dialog.forceShow()

    QTimer.singleShot(CONNECTING_SHOWN_AFTER_MS, still_connecting)
