"""When something goes wrong: log it where the user can find it, and say where.

Every edit is committed to the binder when it is made, but what is still being typed (an
open log-a-contact dialog, a card field waiting for its save) is not: the message says which
of these are on screen, so the user finishes them before closing the app.  Errors of the
background workers come here too (`report`), so every unexpected error is logged with its
traceback and shown the same way.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Protocol, runtime_checkable

from platformdirs import user_log_path

from app.i18n import _

log = logging.getLogger("ringbinder")
_shown: list[object] = []


@runtime_checkable
class HoldsUnsavedWork(Protocol):
    """A widget that can hold typed text the binder does not have yet."""

    def unsaved_work(self) -> str | None:
        """What is typed but not saved, in a few words for the user; None when nothing."""


def log_file() -> Path:
    return user_log_path("Ringbinder", appauthor=False) / "ringbinder.log"


def install() -> Path:
    """Log to a file, dump native crashes there too, and report Python errors in a dialog."""
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    assert handler.stream is not None  # opened now: the handler is not delayed
    faulthandler.enable(handler.stream)
    sys.excepthook = _report
    return path


def after_boxes(then: Callable[[], object]) -> None:
    """`then` once the crash boxes on screen are closed (at once when there are none): the
    app does not end under a box the user has not read."""
    if not _shown:
        then()
        return
    box = _shown[-1]
    box.finished.connect(lambda _result: after_boxes(then))  # type: ignore[attr-defined]


def report(error: BaseException) -> None:
    """An unexpected error caught elsewhere (a worker thread): logged and shown as a crash."""
    _report(type(error), error, error.__traceback__)


def unsaved_work() -> list[str]:
    """What the visible windows hold that is not in the binder yet."""
    from PySide6.QtWidgets import QApplication, QWidget

    found: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for widget in (top, *top.findChildren(QWidget)):
            if isinstance(widget, HoldsUnsavedWork):
                what = widget.unsaved_work()
                if what:
                    found.append(what)
    return found


def _message(error: BaseException) -> str:
    pending = unsaved_work()
    if pending:
        saved = _("What was saved before is safe in the binder, but this is not saved "
                   "yet:\n{items}\nIt is still open on screen: finish it or copy it before "
                   "closing Ringbinder.").format(items="\n".join(f"• {p}" for p in pending))
    else:
        saved = _("Everything you entered is saved in the binder.")
    return _("Something went wrong: {error}\n\n{saved} The details are in {log}.").format(
        error=error, saved=saved, log=log_file())


def _report(kind: type[BaseException], error: BaseException,
            tb: TracebackType | None) -> None:
    log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, error, tb)))
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, tb)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, _("Ringbinder"),
                      _message(error), parent=QApplication.activeWindow())
    _shown.append(box)  # keep it alive after this hook returns
    box.finished.connect(lambda _result: _shown.remove(box))
    box.open()
