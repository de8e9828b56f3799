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
    from app.services import Services
    from app.ui.app import AppController

CONNECTING_SHOWN_AFTER_MS = 300


def connect(controller: AppController, address: str, create: bool) -> None:
    """Open `address` for `controller`'s window (made when the binder is open)."""
    from PySide6.QtCore import QTimer

    from app.errors import RingbinderError
    from app.team_address import shown
    from app.ui import crash
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

    def opened(result: tuple[Services, bool]) -> None:
        try:
            controller.show_opened(result[0], result[1], address, False)
        except RingbinderError as exc:  # at the start (no window to keep it): asked again
            refused(str(exc))

    def finished() -> None:
        controller.connecting = None
        if controller.window is None and controller.asking is None:
            crash.after_boxes(controller.give_up)  # cancelled, or a bug: nothing to show

    def cancelled() -> None:  # (also emitted as the dialog is closed at the end)
        if task.cancelled and controller.window is None:  # at the start: the app ends
            controller.give_up()  # now, not when the server answers or the wait times out

    task = BackgroundTask(
        controller.window, _("Connecting to {address}…").format(address=shown(address)),
        lambda _progress, _cancelled: open_for_window(complete, controller.clock, create),
        opened, refused, discard=lambda opened: opened[0].close())  # cancelled: let it go
    controller.connecting = task
    task.done.connect(finished)
    task.dialog.canceled.connect(cancelled)
    task.start()

    def still_connecting() -> None:  # no progress to report: shown after a moment
        if controller.connecting is task:
            task.dialog.forceShow()

    QTimer.singleShot(CONNECTING_SHOWN_AFTER_MS, still_connecting)
