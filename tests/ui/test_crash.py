"""An unexpected error is logged where the user is told to look, and the app keeps going;
the message tells the truth about what is saved, and errors of background work take the
same path."""

from __future__ import annotations

import faulthandler
import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import InvalidInput
from app.services.dossiers import NewDossier
from app.ui import crash
from app.ui.log_contact import LogContactDialog
from app.ui.worker import BackgroundTask
from tests.conftest import TODAY


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """The crash handler as the app installs it, logging under tmp_path."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    hook = sys.excepthook
    try:
        path = crash.install()
        assert path.is_relative_to(tmp_path)
        yield path
    finally:
        sys.excepthook = hook
        faulthandler.disable()
        for handler in list(crash.log.handlers):
            crash.log.removeHandler(handler)
            handler.close()
        crash.log.setLevel(logging.NOTSET)
        for box in _crash_boxes():
            box.close()


def _crash_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
            and w.icon() == QMessageBox.Icon.Critical]


def _logged(path: Path) -> str:
    for handler in crash.log.handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def _raise_in_hook(message: str) -> None:
    try:
        raise ValueError(message)
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)


def test_an_unexpected_error_is_logged_and_reported(qtbot, installed):
    _raise_in_hook("the printer caught fire")
    boxes = [b for b in _crash_boxes() if str(installed) in b.text()]
    assert boxes
    assert "Everything you entered is saved in the binder" in boxes[0].text()
    logged = _logged(installed)
    assert "the printer caught fire" in logged and "Traceback" in logged


def test_the_message_does_not_claim_a_contact_being_typed_is_saved(qtbot, installed,
                                                                     services):
    dossier = services.dossiers.create(NewDossier("Łukasz Żółć", next_contact=TODAY))[0]
    dialog = LogContactDialog(services, dossier)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.summary.setPlainText("Asked for the quote with the new prices")
    _raise_in_hook("the printer caught fire")
    text = _crash_boxes()[0].text()
    assert "Everything you entered is saved" not in text
    assert "not saved yet" in text and "Łukasz Żółć" in text


def test_an_empty_log_dialog_holds_nothing_unsaved(qtbot, installed, services):
    dossier = services.dossiers.create(NewDossier("Ana Ruiz", next_contact=TODAY))[0]
    dialog = LogContactDialog(services, dossier)
    qtbot.addWidget(dialog)
    dialog.open()
    _raise_in_hook("the printer caught fire")
    assert "Everything you entered is saved" in _crash_boxes()[0].text()


def _run_task(qtbot, task_body) -> list[str]:
    parent = QWidget()
    qtbot.addWidget(parent)
    refused: list[str] = []
    task = BackgroundTask(parent, "Working…", task_body, lambda _r: None, refused.append)
    with qtbot.waitSignal(task.done, timeout=10_000):
        task.start()
    return refused


def test_a_bug_in_background_work_reaches_the_crash_dialog_with_its_traceback(
        qtbot, installed):
    def task(_progress, _cancelled):
        raise KeyError("a bug in the worker")

    refused = _run_task(qtbot, task)
    assert refused == []  # not passed off as a refusal with a bare str(exc)
    boxes = _crash_boxes()
    assert boxes and "a bug in the worker" in boxes[0].text()
    logged = _logged(installed)
    assert "a bug in the worker" in logged and "Traceback" in logged and "KeyError" in logged


def test_a_refusal_in_background_work_is_shown_as_its_message(qtbot, installed):
    def task(_progress, _cancelled):
        raise InvalidInput("The handover file is damaged.")

    assert _run_task(qtbot, task) == ["The handover file is damaged."]
    assert _crash_boxes() == []
    assert "damaged" not in _logged(installed)
