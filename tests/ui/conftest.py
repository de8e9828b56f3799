"""UI fixtures: a main window over a real binder in tmp_path, with its own QSettings file.

Nothing here reads or writes the user's QSettings or data folder: every window gets an INI
file under tmp_path, and tests that start the application controller point XDG_DATA_HOME
(which platformdirs honours) at tmp_path.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.clock import FixedClock
from app.services import Services, open_services
from app.services.demo import generate_demo
from app.services.dossiers import NewDossier
from app.ui.main_window import MainWindow
from tests.conftest import TODAY

DEMO_CLIENTS = 200
DEMO_SEED = 6
# what the offscreen platform says it cannot do (raise a window, pass size hints to a window
# manager, grab the keyboard for a popup): not a fault of the app, unlike any other Qt
# warning, which still fails a test
OFFSCREEN_LIMITS = (r"^This plugin does not support "
                    r"(propagateSizeHints\(\)|raise\(\)|grabbing the (keyboard|mouse))$")


SCREEN = {"name": "desktop", "x": 0, "y": 0, "width": 1920, "height": 1080,
          "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}


@pytest.fixture(scope="session")
def qapp_args(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Offscreen, a 1920x1080 screen rather than the plugin's 800x800, so that the window
    keeps the size a user gives it (Qt fits a restored geometry to the screen)."""
    args = [pytestconfig.getini("qt_qapp_name")]
    if os.environ.get("QT_QPA_PLATFORM", "") == "offscreen":
        config = tmp_path_factory.mktemp("qpa") / "screen.json"
        config.write_text(json.dumps({"screens": [SCREEN]}), encoding="utf-8")
        args += ["-platform", f"offscreen:configfile={config}"]
    return args


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_LIMITS))


@pytest.fixture(scope="session")
def _demo_binder_file(tmp_path_factory: pytest.TempPathFactory, _empty_binder_file: Path) -> Path:
    """generate_demo(200, seed=5) on TODAY, made once; tests get copies."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.rbinder"
    shutil.copyfile(_empty_binder_file, path)
    with open_services(path, FixedClock(TODAY)) as services:
        generate_demo(services, DEMO_CLIENTS, seed=DEMO_SEED)
    return path


@pytest.fixture
def demo_services(tmp_path: Path, _demo_binder_file: Path, clock: FixedClock) -> Services:
    """A binder of 200 demo clients (dates spread around TODAY), opened with the test clock."""
    path = tmp_path / "demo.rbinder"
    shutil.copyfile(_demo_binder_file, path)
    opened = open_services(path, clock)
    yield opened
    opened.close()


@pytest.fixture
def ui_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, clock: FixedClock, ui_settings: QSettings) -> Callable[..., MainWindow]:
    """Build (and show) a main window over some services, closed at the end of the test."""

    def make(services: Services, settings: QSettings | None = None,
             show: bool = True) -> MainWindow:
        window = MainWindow(services, clock, settings or ui_settings)
        qtbot.addWidget(window)
        if show:
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()  # the shortcuts act on the active window
            qtbot.waitUntil(window.isActiveWindow)
        return window

    return make


@pytest.fixture
def window(make_window, demo_services: Services) -> MainWindow:
    """The main window on the demo binder, opened on TODAY."""
    return make_window(demo_services)


# -- helpers ---------------------------------------------------------------------------------

def add(services: Services, name: str, when: date | None, **fields: object) -> str:
    """File a new dossier under the insert of `when` and return its id."""
    return services.dossiers.create(NewDossier(name, next_contact=when, **fields))[0]


def add_overdue(services: Services, clock: FixedClock, name: str, when: date,
                **fields: object) -> str:
    """A dossier due on a past day: filed back then, now overdue."""
    today = clock.today()
    clock.set_today(when)
    try:
        return add(services, name, when, **fields)
    finally:
        clock.set_today(today)


def listed(window: MainWindow) -> list[str]:
    """The names of the cards in the insert list, top to bottom, scrolled to its end (the
    list reads a page at a time as it scrolls)."""
    model = window.list.model_
    while model.canFetchMore():
        model.fetchMore()
    return [row.name for row in model.rows()]


def selected_names(window: MainWindow) -> list[str]:
    model = window.list.model_
    return [model.rows()[model.row_of(i)].name for i in window.list.selected_ids()]


def counts(window: MainWindow) -> dict[str, int]:
    """Each tab's count as the strip shows it."""
    return {tab.key: tab.count for tab in window.strip.tabs()}


def select_names(window: MainWindow, names: list[str]) -> None:
    """Select these cards as a user would, with a click and Ctrl+clicks."""
    view = window.list
    for n, name in enumerate(names):
        row = listed(window).index(name)
        rect = view.visualRect(view.model_.index(row))
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert sorted(selected_names(window)) == sorted(names)


def click_tab(qtbot, window: MainWindow, key: str) -> None:
    centre = window.strip.tab_rect(key).center().toPoint()
    qtbot.mouseClick(window.strip, Qt.MouseButton.LeftButton, pos=centre)


def drop_on_tab(window: MainWindow, key: str) -> tuple[bool, bool]:
    """Drag the selected cards onto a tab, as Qt's drag manager would deliver it.

    Returns whether the tab accepted the drag move (the drop indicator) and the drop."""
    view = window.list
    indexes = sorted(view.selectionModel().selectedRows(), key=lambda i: i.row())
    mime = view.model_.mimeData(indexes)
    strip = window.strip
    pos = QPointF(strip.tab_rect(key).center())
    action = Qt.DropAction.MoveAction
    buttons = Qt.MouseButton.LeftButton
    mods = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos.toPoint(), action, mime, buttons, mods)
    QApplication.sendEvent(strip, enter)
    move = QDragMoveEvent(pos.toPoint(), action, mime, buttons, mods)
    move.setAccepted(False)
    QApplication.sendEvent(strip, move)
    drop = QDropEvent(pos, action, mime, buttons, mods)
    drop.setAccepted(False)
    QApplication.sendEvent(strip, drop)
    return move.isAccepted(), drop.isAccepted()


CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def shortcut(qtbot, window: MainWindow, key: Qt.Key, modifiers=CTRL) -> None:
    """A shortcut pressed with the keyboard's focus in the insert list."""
    window.list.setFocus()
    qtbot.keyClick(window.list, key, modifiers)


def type_keys(qtbot, widget, text: str) -> None:
    """Type text as a keyboard with the right layout would: QTest only knows ASCII keys, so
    an accented or Cyrillic letter comes as a key event carrying its text."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, ord(ch.upper()),
                                                     Qt.KeyboardModifier.NoModifier, ch))


def type_search(qtbot, window, text: str) -> list[str]:
    """Ctrl+F, type, and read the names the results popup offers."""
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    window.search.clear()
    type_keys(qtbot, window.search, text)
    popup = window.search.completer_.popup()
    if not window.search.results.rowCount():
        assert not popup.isVisible()
        return []
    assert popup.isVisible()
    model = popup.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def press(qtbot, window, key: Qt.Key) -> None:
    """A key where Qt would deliver it: to the results popup while it is open."""
    target = QApplication.activePopupWidget() or window.search
    qtbot.keyClick(target, key)


TOMORROW = date(2026, 11, 25)


@pytest.fixture
def known_ids(services: Services, clock: FixedClock) -> dict[str, str]:
    """A small binder with known names, ids by name: four clients today (in working order:
    Zofia 09:00, Beata 14:30, Adam high priority, Carlos), two tomorrow, two in the rest of
    December, one on Friday and one overdue since last Friday."""
    ids = {
        "Iñaki Etxeberria": add_overdue(services, clock, "Iñaki Etxeberria", date(2026, 11, 20)),
    }
    for name, when, fields in [
        ("Zofia Nowak", TODAY, {"time": "09:00"}),
        ("Adam Smith", TODAY, {"priority": "high"}),
        ("Carlos Ruiz", TODAY, {}),
        ("Beata Kowalska", TODAY, {"time": "14:30"}),
        ("María José Fernández", TOMORROW, {}),
        ("Олег Петров", TOMORROW, {"time": "08:15"}),
        ("Tomasz Wiśniewski", date(2026, 11, 27), {}),
        ("Ewa Zielińska", date(2026, 12, 28), {}),
        ("Ana Belén Torres", date(2026, 12, 24), {}),
    ]:
        ids[name] = add(services, name, when, **fields)
    return ids


@pytest.fixture
def known(make_window, services: Services, known_ids: dict[str, str]) -> MainWindow:
    """The main window on the small binder of `known_ids`, opened on TODAY."""
    return make_window(services)
