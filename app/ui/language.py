"""The language the window speaks: Qt's own strings (standard buttons, file dialogs, context
menus) from Qt's shipped qtbase catalogues, ours from app/locale; Settings → Language and
Settings → Paper (the user's preferences, app/preferences.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from app import preferences
from app.i18n import _, current_locale, set_locale

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

_installed: list[QTranslator] = []


def install_qt_translator() -> None:
    """Qt's own strings in the language in force (none for English, Qt's source)."""
    app = QCoreApplication.instance()
    if app is None:
        return
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    name = current_locale()
    QLocale.setDefault(QLocale(name))
    if name.startswith("en"):
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(name), "qtbase", "_", folder):
        app.installTranslator(translator)
        _installed.append(translator)


def choose(window: MainWindow, code: str) -> None:
    """Keep the choice ("" for the system's language), and show the window again in it."""
    preferences.save(language=code)
    set_locale(code or None)
    install_qt_translator()
    # the window is made anew, on a team binder by its address (its password is known)
    services = window.services
    window.openBinder.emit(services.db.location if services.team else services.path, False)


def language_menu(window: MainWindow, parent: QMenu) -> QMenu:
    """Settings → Language: the system's language, or one the app is translated into."""
    menu = parent.addMenu(_("&Language"))
    group = QActionGroup(menu)
    chosen = preferences.language()
    for code, name in [("", _("The system's language")), *preferences.LANGUAGES.items()]:
        action = QAction(name, menu)
        action.setCheckable(True)
        action.setChecked(code == chosen)
        action.triggered.connect(lambda _on=False, c=code: choose(window, c))
        group.addAction(action)
        menu.addAction(action)
    return menu


def paper_menu(parent: QMenu) -> QMenu:
    """Settings → Paper: the locale's (Letter in North America, A4 elsewhere), A4 or Letter."""
    menu = parent.addMenu(_("&Paper"))
    group = QActionGroup(menu)
    chosen = preferences.paper()
    for code, name in (("", _("As in my country")), ("A4", "A4"), ("Letter", _("US Letter"))):
        action = QAction(name, menu)
        action.setCheckable(True)
        action.setChecked(code == chosen)
        action.triggered.connect(lambda _on=False, c=code: preferences.save(paper=c))
        group.addAction(action)
        menu.addAction(action)
    return menu
