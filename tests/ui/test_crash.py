"""An unexpected error is logged where the user is told to look, and the app keeps going."""

from __future__ import annotations

import faulthandler
import logging
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui import crash


def test_an_unexpected_error_is_logged_and_reported(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    hook = sys.excepthook
    try:
        path = crash.install()
        assert path.is_relative_to(tmp_path)
        try:
            raise ValueError("the printer caught fire")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible() and str(path) in w.text()]
        assert boxes
        assert "saved in the binder" in boxes[0].text()
        for handler in crash.log.handlers:
            handler.flush()
        logged = path.read_text(encoding="utf-8")
        assert "the printer caught fire" in logged and "Traceback" in logged
        for box in boxes:
            box.close()
    finally:
        sys.excepthook = hook
        faulthandler.disable()
        for handler in list(crash.log.handlers):
            crash.log.removeHandler(handler)
            handler.close()
        crash.log.setLevel(logging.NOTSET)
