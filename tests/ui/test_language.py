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


def _submenu_actions(window, index: int):
    (settings,) = [a.menu() for a in window.menuBar().actions()
                   if a.menu() is not None and a.menu().objectName() == "settings-menu"]
    language, paper = [a.menu() for a in settings.actions() if a.menu() is not None]
    return {a.text(): a for a in (language, paper)[index].actions()}


def _language_actions(window):
    return _submenu_actions(window, 0)


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


def test_the_paper_chosen_is_the_paper_printed_on(controller, tmp_path):
    from pypdf import PdfReader

    from app.services.dossiers import NewDossier

    window = controller.window
    dossier, _c = window.services.dossiers.create(NewDossier(name="Ana"))
    _submenu_actions(window, 1)["US Letter"].trigger()
    assert preferences.paper() == "Letter"
    window.services.printing.card(dossier, tmp_path / "letter.pdf")
    box = PdfReader(tmp_path / "letter.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    _submenu_actions(window, 1)["A4"].trigger()
    window.services.printing.card(dossier, tmp_path / "a4.pdf")
    box = PdfReader(tmp_path / "a4.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    preferences.save(paper="")


@pytest.mark.parametrize(("locale", "first"), [("pl_PL", "Monday"), ("en_US", "Sunday"),
                                               ("ru_RU", "Monday")])
def test_calendars_start_the_week_on_the_locales_first_day(qtbot, locale, first):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QCalendarWidget

    try:
        set_locale(locale)
        install_qt_translator()
        calendar = QCalendarWidget()
        qtbot.addWidget(calendar)
        assert calendar.firstDayOfWeek() == getattr(Qt.DayOfWeek, first)
    finally:
        set_locale("en_US")
        install_qt_translator()
