"""Under Polish, Spanish and Russian no string of ours is left in English: the window (menus,
toolbar, strip, list, card with each of its tabs) and its dialogs are walked, and every
visible text that is one of our English messages with a translation fails the test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from app.i18n import _, set_locale
from app.ui.language import install_qt_translator
from tests.test_catalogues import catalogue


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def english_messages(lang: str) -> dict[str, str]:
    """Our English messages (without accelerators) whose translation differs."""
    found = {}
    for m in catalogue(lang):
        if not m.id or isinstance(m.id, tuple):
            continue
        if m.string and _plain(m.string) != _plain(m.id) and "{" not in m.id:
            found[_plain(m.id)] = m.string
    return found


def texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of everything a user can read in a widget and its children."""
    for child in [widget, *widget.findChildren(QWidget)]:
        where = type(child).__name__
        if not child.isVisibleTo(widget) and child is not widget:
            continue
        if child.windowTitle() and child.isWindow():
            yield where + " title", child.windowTitle()
        if child.toolTip():
            yield where + " tooltip", child.toolTip()
        if isinstance(child, QLabel | QAbstractButton):
            yield where, child.text()
        if isinstance(child, QLineEdit | QPlainTextEdit):
            yield where + " placeholder", child.placeholderText()
        if isinstance(child, QGroupBox):
            yield where, child.title()
        if isinstance(child, QComboBox):
            for i in range(child.count()):
                yield where + " item", child.itemText(i)
        if isinstance(child, QTabWidget):
            for i in range(child.count()):
                yield where + " tab", child.tabText(i)
        if isinstance(child, QMenu):
            yield where, child.title()
        for action in child.actions():
            yield where + " action", action.text()
            if action.toolTip() != action.text():
                yield where + " action tooltip", action.toolTip()


def untranslated(widget: QWidget, english: dict[str, str]) -> list[tuple[str, str]]:
    return sorted({(where, text) for where, text in texts(widget)
                   if _plain(text) in english})


@pytest.fixture(params=["pl_PL", "es_ES", "ru_RU"])
def language(request):
    set_locale(request.param)
    install_qt_translator()
    yield request.param[:2]
    set_locale("en_US")
    install_qt_translator()


def test_the_window_and_its_dialogs_speak_the_language(language, make_window, services,
                                                       qtbot):
    from app.services.demo import generate_demo

    generate_demo(services, 60, seed=5)  # its form and labels in the language, as a user's
    english = english_messages(language)
    window = make_window(services)
    window.list.setFocus()
    found = untranslated(window, english)
    for index in range(window.pane.tabs.count()):
        window.pane.tabs.setCurrentIndex(index)
        found += untranslated(window.pane, english)
    for menu in window.menuBar().findChildren(QMenu):
        found += untranslated(menu, english)
    for opener in (window.log_contact, window.new_dossier, window.edit_form_templates):
        opener()
        dialog = window.dialog
        assert dialog is not None
        found += untranslated(dialog, english)
        dialog.close()
    assert not found, found[:15]
    assert window.menuBar().actions()[0].text() == _("&File") != "&File"


def test_the_walk_sees_the_windows_texts(make_window, demo_services):
    """In English every one of those texts is still the message itself: the walk reads them."""
    window = make_window(demo_services)
    seen = untranslated(window, english_messages("pl"))
    assert len(seen) > 30
    assert ("QMenu", "&File") in seen or any(t == "&File" for _w, t in seen)
