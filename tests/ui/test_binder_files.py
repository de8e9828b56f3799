"""Binder files from the window's side: first run with no binder, a binder held by another
process (read-only), and the screenshot command."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.cli import main
from app.services import open_services
from app.services.binder import default_binder_path
from app.ui.app import FIRST_RUN_DEMO_CLIENTS, AppController, demo_binder_path, open_for_window
from app.ui.main_window import MainWindow
from tests.ui.conftest import click_tab, counts, drop_on_tab, listed, select_names

REPO = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from app.store import open_binder
db = open_binder(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()
db.close()
"""


class app_names_kept:
    """run_gui names the shared QApplication; the rest of the session keeps pytest-qt's."""

    def __enter__(self) -> None:
        app = QApplication.instance()
        self.names = (app.applicationName(), app.organizationName())

    def __exit__(self, *exc: object) -> None:
        app = QApplication.instance()
        app.setApplicationName(self.names[0])
        app.setOrganizationName(self.names[1])


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder, in tmp_path (platformdirs honours XDG_DATA_HOME)."""
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    assert default_binder_path().is_relative_to(home)
    return home


@pytest.fixture
def controller(clock, ui_settings):
    app = AppController(clock, ui_settings)
    yield app
    app.shut_down()


def recent_menu(window) -> list[str]:
    """The binders File → Open recent offers."""
    file_menu = window.menuBar().actions()[0].menu()
    file_menu.aboutToShow.emit()
    recent = next(a.menu() for a in file_menu.actions() if a.text() == "Open &recent")
    return [a.text() for a in recent.actions()]


# -- first run ---------------------------------------------------------------------------

def test_first_run_opens_a_demo_binder_and_offers_ones_own(qtbot, data_home, controller):
    assert not default_binder_path().exists() and not demo_binder_path().exists()
    assert controller.open(demo_binder_path(), demo=True)
    demo = controller.window
    qtbot.waitExposed(demo)
    assert demo_binder_path().exists()
    assert demo.windowTitle() == "demo.rbinder — Ringbinder"
    assert demo.banner.isVisible()
    assert "demo binder with invented clients" in demo.banner.text()
    assert "Start your own binder" in demo.banner.text()
    assert sum(counts(demo).values()) == FIRST_RUN_DEMO_CLIENTS
    assert demo.strip.current_key() == "2026-11-24" and listed(demo)  # a day's work to see
    assert not default_binder_path().exists()  # nothing is made for the user unasked
    assert recent_menu(demo) == []  # the demo is not one of the user's binders

    demo.banner.linkActivated.emit("own")  # the user clicks "Start your own binder"
    own = controller.window
    assert own is not demo and own.isVisible() and not demo.isVisible()
    assert default_binder_path().exists()
    assert own.windowTitle() == "binder.rbinder — Ringbinder"
    assert not own.banner.isVisible()
    assert sum(counts(own).values()) == 0 and listed(own) == []
    assert own.actions_["postpone_day"].isEnabled()
    assert recent_menu(own) == [str(default_binder_path())]  # File → Open recent
    # the demo binder was let go: another window can open it for writing
    with open_services(demo_binder_path()) as again:
        assert not again.readonly


def test_first_run_from_the_command_line(data_home, tmp_path):
    """`ringbinder gui` with no binder anywhere opens the demo (seen here as a screenshot);
    once the user has a binder of their own, it opens that instead."""
    shot = tmp_path / "first.png"
    with app_names_kept():
        assert main(["--today", "2026-11-24", "gui", "--screenshot", str(shot)]) == 0
    assert demo_binder_path().exists() and not default_binder_path().exists()
    assert QImage(str(shot)).size().width() == 1366

    open_services(default_binder_path(), create=True).close()
    with app_names_kept():
        assert main(["--today", "2026-11-24", "gui", "--screenshot", str(shot)]) == 0
    assert QImage(str(shot)).height() == 768


# -- a binder held by another process ------------------------------------------------------

@pytest.fixture
def held(services, known_ids, binder_path):
    """The binder of `known_ids`, held for writing by another process."""
    services.close()
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(binder_path)], cwd=REPO,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "holding"
        yield binder_path
    finally:
        child.stdin.write("\n")
        child.stdin.close()
        child.wait(timeout=30)
        child.stdout.close()


def test_a_binder_held_elsewhere_opens_read_only(qtbot, held, controller, clock, known_ids):
    services, held_elsewhere = open_for_window(held, clock)
    assert held_elsewhere and services.readonly
    services.close()

    assert controller.open(held)
    window = controller.window
    qtbot.waitExposed(window)
    assert window.windowTitle() == "binder.rbinder [read-only] — Ringbinder"
    assert window.banner.isVisible()
    assert "open in another Ringbinder" in window.banner.text()
    assert "read-only" in window.banner.text()
    for name in ("postpone_day", "postpone_working_day", "postpone_week", "pick_date",
                 "archive", "rebalance", "undo", "redo"):
        assert not window.actions_[name].isEnabled(), name
    assert not window.list.dragEnabled() and not window.strip.acceptDrops()

    # looking around works as usual
    assert listed(window) == ["Zofia Nowak", "Beata Kowalska", "Adam Smith", "Carlos Ruiz"]
    click_tab(qtbot, window, "2026-11-25")
    assert listed(window) == ["Олег Петров", "María José Fernández"]

    # refiling does not
    select_names(window, ["Олег Петров"])
    before = counts(window)
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.list, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.dialog is None
    drop_on_tab(window, "2026-11-30")  # even a drop delivered anyway is ignored
    drop_on_tab(window, "archive")
    assert window.dialog is None
    assert counts(window) == before and "Олег Петров" in listed(window)
    assert window.services.dossiers.get(known_ids["Олег Петров"]).next_contact.isoformat() \
        == "2026-11-25"


def test_a_held_binder_is_writable_again_once_let_go(qtbot, services, known_ids, binder_path,
                                                     controller, clock):
    services.close()
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(binder_path)], cwd=REPO,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "holding"
    controller.open(binder_path)
    assert controller.window.services.readonly
    child.stdin.write("\n")
    child.stdin.close()
    child.wait(timeout=30)
    child.stdout.close()
    controller.open(binder_path)  # File → Open recent, after the other window closed
    window = controller.window
    assert not window.services.readonly and not window.banner.isVisible()
    assert window.windowTitle() == "binder.rbinder — Ringbinder"
    assert window.actions_["postpone_day"].isEnabled() and window.strip.acceptDrops()


# -- screenshots ---------------------------------------------------------------------------

@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_the_screenshot_command_renders_the_window(qtbot, services, known_ids, binder_path,
                                                   tmp_path, size):
    services.close()
    shot = tmp_path / "window.png"
    with app_names_kept():
        status = main(["--binder", str(binder_path), "--today", "2026-11-24", "gui",
                       "--screenshot", str(shot), "--size", size, "--insert", "2026-12",
                       "--select", known_ids["Ewa Zielińska"]])
    assert status == 0
    image = QImage(str(shot))
    assert not image.isNull()
    width, height = (int(n) for n in size.split("x"))
    assert (image.width(), image.height()) == (width, height)
    colours = {image.pixel(x, y) for x in range(0, width, 7) for y in range(0, height, 7)}
    assert len(colours) > 20  # a window drawn, not a blank page
    # the screenshot neither kept the binder nor touched the window state of the test
    with open_services(binder_path) as again:  # the command let go of the binder
        assert not again.readonly


def test_a_screenshot_of_a_missing_binder_fails_cleanly(tmp_path, capsys):
    shot = tmp_path / "none.png"
    with app_names_kept():
        status = main(["--binder", str(tmp_path / "nowhere.rbinder"), "--today", "2026-11-24",
                       "gui", "--screenshot", str(shot)])
    assert status == 2 and not shot.exists()
    assert "There is no binder" in capsys.readouterr().err
    assert not (tmp_path / "nowhere.rbinder").exists()


def test_switching_binders_lets_the_old_window_go(qtbot, controller, tmp_path, clock):
    """File → New binder replaces the window; the next morning only the new one wakes up."""
    controller.open(tmp_path / "first.rbinder", create=True)
    old = controller.window
    old.openBinder.emit(tmp_path / "second.rbinder", True)  # what File → New binder does
    new = controller.window
    assert new is not old and new.windowTitle() == "second.rbinder — Ringbinder"
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert windows == [new]  # the old window is gone, not hidden and kept
    clock.set_today(date(2026, 11, 25))  # the laptop is woken the next day
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert new.strip.current_key() == "2026-11-25"
