"""Long work off the GUI thread: a QThread runs it, a progress dialog shows it, Cancel stops it.

The task gets `progress(done, total)` and `cancelled()` to call; its result comes back on
the GUI thread through `on_done`, a refusal (RingbinderError) through `on_error` with its
message, and any other error goes the way of an error on the GUI thread: logged with its
traceback and shown in the crash dialog (app.ui.crash).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import RingbinderError
from app.i18n import _
from app.ui import crash

Task = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


def _deliver(work: Callable[[], Any], finished: Any, failed: Any, crashed: Any) -> None:
    """Run `work` on this thread and emit its outcome: the result, a refusal's message (for
    the user), or any other error itself (a bug: for the crash path)."""
    try:
        result = work()
    except RingbinderError as exc:
        failed.emit(str(exc))
        return
    except Exception as exc:
        crashed.emit(exc)
        return
    finished.emit(result)


class _Runner(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    crashed = Signal(object)  # the unexpected exception, with its traceback

    def __init__(self, task: Task, stop: threading.Event) -> None:
        super().__init__()
        self._task, self._stop = task, stop

    @Slot()
    def run(self) -> None:
        _deliver(lambda: self._task(lambda done, total: self.progressed.emit(done, total),
                                    self._stop.is_set),
                 self.finished, self.failed, self.crashed)


class BackgroundTask(QObject):
    """One task with its thread and progress dialog; keep a reference until `done`."""

    done = Signal()

    def __init__(self, parent: QWidget | None, title: str, task: Task,
                 on_done: Callable[[Any], object], on_error: Callable[[str], None],
                 discard: Callable[[Any], object] | None = None) -> None:
        super().__init__(parent)
        self._discard = discard  # what a result made after a cancel needs (closing it)
        self._stop = threading.Event()
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # quick work never flashes a dialog
        self.dialog.canceled.connect(self._stop.set)
        self._thread = QThread(self)  # not `thread`: QObject.thread() is a method
        self.runner = _Runner(task, self._stop)
        self.runner.moveToThread(self._thread)
        self._thread.started.connect(self.runner.run)
        self._on_done, self._on_error = on_done, on_error
        # bound methods of an object living on the GUI thread: Qt queues these calls there
        self.runner.progressed.connect(self._progress)
        self.runner.finished.connect(self._succeeded)
        self.runner.failed.connect(self._failed)
        self.runner.crashed.connect(self._crashed)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        """Whether the user (or `cancel`) stopped it; closing its dialog at the end is not."""
        return self._stop.is_set()

    def wait(self) -> None:
        """Until the task's thread is done, its outcome delivered (closing the app: after a
        cancel, a result is let go through `discard`)."""
        from PySide6.QtCore import QCoreApplication

        self._thread.quit()
        self._thread.wait()
        QCoreApplication.sendPostedEvents(self, 0)  # the outcome's queued call, now

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        if self._stop.is_set() and self._discard is not None:
            self._discard(result)
        self._end(lambda: self._on_done(result))

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._end(lambda: self._on_error(message))

    @Slot(object)
    def _crashed(self, error: BaseException) -> None:
        self._end(lambda: crash.report(error), always=True)  # even after a cancel

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _end(self, report: Callable[[], object], always: bool = False) -> None:
        self._thread.quit()
        self._thread.wait()
        cancelled = self._stop.is_set()
        self.dialog.canceled.disconnect(self._stop.set)  # closing it is not a cancel
        self.dialog.reset()
        self.dialog.close()
        try:
            if always or not cancelled:
                report()
        finally:
            self.done.emit()  # whatever the report raised: the task is over


class QuietTask(QObject):
    """One call on a thread of its own, without a dialog: work the user does not wait for.

    A Python thread rather than a QThread: it may outlive its window (closed, or another
    binder opened meanwhile) without Qt destroying a running thread; `on_done` and
    `on_error` are then still called on the GUI thread, and the caller ignores a result it no
    longer needs.  Errors go the ways of BackgroundTask's.  Keep a reference until `done`.
    """

    done = Signal()
    _finished = Signal(object)
    _failed = Signal(str)
    _crashed = Signal(object)

    def __init__(self, name: str, work: Callable[[], Any], on_done: Callable[[Any], None],
                 on_error: Callable[[str], None]) -> None:
        super().__init__()
        self._work, self._on_done, self._on_error = work, on_done, on_error
        # bound methods of an object living on the GUI thread: Qt queues these calls there
        self._finished.connect(self._succeeded)
        self._failed.connect(self._refused)
        self._crashed.connect(self._broke)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        _deliver(self._work, self._finished, self._failed, self._crashed)

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._on_done(result)
        self.done.emit()

    @Slot(str)
    def _refused(self, message: str) -> None:
        self._on_error(message)
        self.done.emit()

    @Slot(object)
    def _broke(self, error: BaseException) -> None:
        self.done.emit()
        crash.report(error)
