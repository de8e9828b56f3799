"""The keyboard's Alt+letters: the menus own theirs, the card's tabs and fields take other
letters, no letter is claimed twice where it acts, in English and in each translation (which
carry their own & letters); every action of the window is in a menu, with its shortcut."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QKeyCombination
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenu,
    QTabBar,
    QWidget,
)

from app.i18n import set_locale
from app.ui.language import install_qt_translator
from app.ui.main_window import MainWindow
from tests.conftest import TODAY


def letter(text: str) -> str:
    """The Alt+letter a text claims ("" for none), as Qt reads it ("&&" is a plain &)."""
    return QKeySequence.mnemonic(text).toString()


def window_claims(window: MainWindow) -> list[tuple[str, str]]:
    """(letter, text) of every mnemonic acting in the window as it is shown now: the menu
    bar's titles, and the visible labels with a buddy, buttons, tabs and group boxes."""
    claims = [(letter(a.text()), a.text()) for a in window.menuBar().actions()]
    return claims + widget_claims(window)


def widget_claims(top: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every mnemonic acting in a window or dialog as it is shown now: its
    visible labels with a buddy, buttons, tabs and group boxes."""
    claims: list[tuple[str, str]] = []
    for child in top.findChildren(QWidget):
        if child.window() is not top or not child.isVisibleTo(top):
            continue
        texts: list[str] = []
        if isinstance(child, QAbstractButton) or (isinstance(child, QLabel)
                                                  and child.buddy() is not None):
            texts.append(child.text())
        elif isinstance(child, QGroupBox):
            texts.append(child.title())
        elif isinstance(child, QTabBar):
            texts += [child.tabText(i) for i in range(child.count())]
        claims += [(letter(t), t) for t in texts if letter(t)]
    return claims


def alt_key(widget: QWidget, text: str) -> QKeyCombination:
    """Press the Alt+letter of a text as a keyboard in its language would (QTest's own key
    clicks know only ASCII letters)."""
    keys = QKeySequence.mnemonic(text)[0]
    QTest.sendKeyEvent(QTest.KeyAction.Click, widget, keys.key(),
                       chr(keys.key().value).lower(), keys.keyboardModifiers())
    return keys


def menus_of(window: MainWindow) -> list[QMenu]:
    """Every menu of the menu bar, and their submenus."""
    found: list[QMenu] = []
    todo = [a.menu() for a in window.menuBar().actions()]
    while todo:
        menu = todo.pop(0)
        if isinstance(menu, QMenu):
            found.append(menu)
            todo += [a.menu() for a in menu.actions() if a.menu() is not None]
    return found


def twice(claims: list[tuple[str, str]]) -> dict[str, list[str]]:
    seen = Counter(key for key, _text in claims if key)
    return {key: [t for k, t in claims if k == key] for key, n in seen.items() if n > 1}


@pytest.fixture(params=["en_US", "es_ES", "pl_PL", "ru_RU"])
def language(request):
    set_locale(request.param)
    install_qt_translator()
    yield request.param
    set_locale("en_US")
    install_qt_translator()


def test_no_alt_letter_is_claimed_twice(language, make_window, services, known_ids):
    window = make_window(services)
    menus = menus_of(window)
    assert len(menus) >= 7  # File, Open recent, Edit, Go, Dossier, Settings and its two
    clashes = []
    for menu in menus:
        menu.aboutToShow.emit()  # File fills its recent binders when shown
        items = [a for a in menu.actions() if not a.isSeparator()]
        if found := twice([(letter(a.text()), a.text()) for a in items]):
            clashes.append((menu.title(), found))
    tabs = window.pane.tabs
    for index in range(tabs.count()):  # each card tab's contents, with the menus above
        tabs.setCurrentIndex(index)
        if found := twice(window_claims(window)):
            clashes.append((tabs.tabText(index), found))
    assert not clashes, clashes


def test_the_menus_get_their_letters(language, qtbot, make_window, services, known_ids):
    """Alt+letter opens its menu (in English, Alt+D the Dossier menu, not the card's
    Details tab), whatever the card shows."""
    window = make_window(services)
    window.pane.tabs.setCurrentIndex(0)  # the card's details, all their labels showing
    titles = [a for a in window.menuBar().actions() if a.menu() is not None]
    assert all(letter(a.text()) for a in titles)
    for action in titles:
        window.list.setFocus()
        alt_key(window.list, action.text())
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
        assert QApplication.activePopupWidget() is action.menu(), action.text()
        assert window.pane.tabs.currentIndex() == 0
        QApplication.activePopupWidget().close()
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def test_every_action_is_in_a_menu_with_its_shortcut(make_window, services, known_ids):
    window = make_window(services)
    in_menus = {a for menu in menus_of(window) for a in menu.actions()}
    loose = [a.text() for a in window.actions() if a not in in_menus]
    assert not loose
    assert not window.actions_["form_templates"].shortcut().isEmpty()


def test_form_templates_open_from_the_keyboard(qtbot, make_window, services, known_ids):
    from app.ui.form_templates import FormTemplateEditor

    window = make_window(services)
    keys = window.actions_["form_templates"].shortcut()[0]
    window.list.setFocus()
    qtbot.keyClick(window.list, keys.key(), keys.keyboardModifiers())
    assert isinstance(window.dialog, FormTemplateEditor)
    window.dialog.close()


def test_a_card_field_takes_its_own_letter(qtbot, make_window, services, known_ids):
    """The card's Notes are reached with their own Alt+letter, the menus untouched."""
    window = make_window(services)
    window.pane.tabs.setCurrentIndex(0)
    notes = window.pane.fields.fields["notes"].widget
    label = window.pane.fields.labels["notes"]
    assert isinstance(label, QLabel)
    window.list.setFocus()
    keys = alt_key(window.list, label.text())
    assert notes.hasFocus()
    assert QApplication.activePopupWidget() is None
    assert keys.key() not in {QKeySequence.mnemonic(a.text())[0].key()
                              for a in window.menuBar().actions()}


def test_no_alt_letter_is_claimed_twice_in_the_dialogs(language, qtbot, services):
    """Log a contact (in each of its next steps, which show different fields) and New
    dossier: every label there is on screen at once, so each needs a letter of its own."""
    from app.services.dossiers import NewDossier
    from app.ui.dossier_dialogs import NewDossierDialog
    from app.ui.log_contact import CHOICES, LogContactDialog

    ana = services.dossiers.create(NewDossier("Ana Ruiz", next_contact=TODAY))[0]
    log = LogContactDialog(services, ana)
    new = NewDossierDialog(services)
    for dialog in (log, new):
        qtbot.addWidget(dialog)
    clashes = []
    for choice in CHOICES:
        log.choose(choice, focus=False)
        claims = widget_claims(log)
        assert len(claims) >= 8, claims  # the conversation's and the next step's labels
        if found := twice(claims):
            clashes.append((log.windowTitle(), choice, found))
    claims = widget_claims(new)
    assert len(claims) >= 6, claims  # name, company, position, phone, e-mail, next contact
    if found := twice(claims):
        clashes.append((new.windowTitle(), found))
    assert not clashes, clashes
