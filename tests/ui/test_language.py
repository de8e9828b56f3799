"""Settings → Language: the choice is kept, the window comes back in that language with Qt's
own strings (standard buttons) translated too, and the system's language is one choice."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app import preferences
from app.i18n import current_locale, set_locale
from app.ui.app import AppController
from app.ui.language import install_qt_translator


@pytest.fixture
def controller(clock, ui_settings, binder_path):
    app = AppController(clock, ui_settings)
    app.check_in_background = False
    app.daily_backup = False
    app.open(binder_path)
    yield app
    app.shut_down()
    preferences.save(language="")
    set_locale("en_US")
    install_qt_translator()


def _language_actions(window):
    (settings,) = [a.menu() for a in window.menuBar().actions()
                   if a.menu() is not None and a.menu().objectName() == "settings-menu"]
    (language,) = [a.menu() for a in settings.actions() if a.menu() is not None]
    return {a.text(): a for a in language.actions()}


def test_choosing_polish_remakes_the_window_in_polish(controller, qtbot):
    first = controller.window
    actions = _language_actions(first)
    assert set(actions) >= {"Polski", "Español", "Русский", "English"}
    actions["Polski"].trigger()
    assert controller.window is not first
    assert current_locale() == "pl_PL" and preferences.language() == "pl_PL"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Anuluj"
    assert _language_actions(controller.window)["Polski"].isChecked()


def test_a_broken_preferences_file_means_the_defaults(tmp_path, monkeypatch):
    broken = tmp_path / "preferences.json"
    broken.write_bytes(b"\xff{not json")
    monkeypatch.setenv("RINGBINDER_PREFERENCES", str(broken))
    assert preferences.language() == ""
    preferences.save(language="es_ES")
    assert preferences.language() == "es_ES"
