"""Starting the Qt application: which binder to open, first run, a binder held elsewhere,
switching binders, and the headless screenshot mode."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from app.clock import Clock
from app.errors import BinderLocked, BinderReadOnlyMedia, RingbinderError
from app.i18n import _
from app.services import Services, open_services
from app.services.binder import BINDER_SUFFIX, default_binder_path, open_damaged_services

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QDialog

    from app.ui.main_window import MainWindow
    from app.ui.worker import BackgroundTask, QuietTask

FIRST_RUN_DEMO_CLIENTS = 1000

# Qt's raster engine hands every fill taller than ~96 lines to its GUI thread pool and waits
# for it: on a 2-core laptop the hand-off cost more than the fill (a Fusion scroll bar took
# 4.2 ms to paint, 0.33 ms without; a switch of insert 19 ms, 13 without). Qt's own switch,
# read when the pool is first wanted (the first paint), so set before any window exists.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")


def demo_binder_path() -> Path:
    return default_binder_path().with_name(f"demo{BINDER_SUFFIX}")


def open_for_window(path: Path | str, clock: Clock, create: bool = False,
                    check: bool = False) -> tuple[Services, bool]:
    """(services, held elsewhere): a binder held by another Ringbinder, or one that cannot
    be written (read-only media or file), opens read-only.  Not checked for damage unless
    `check` (or a migration is due): the window runs the check off the GUI thread."""
    try:
        return open_services(path, clock, create=create, check=check), False
    except BinderLocked:
        return open_services(path, clock, readonly=True), True
    except BinderReadOnlyMedia:
        return open_services(path, clock, readonly=True), False


WARM_UP_AFTER_MS = 250


def _warm_up(services: Services, done: threading.Event) -> None:
    with contextlib.suppress(Exception):  # only a head start: the first write makes it again
        services.warm_up()
    done.set()


def ensure_demo(path: Path, clock: Clock) -> None:
    if path.exists():
        return
    from app.services.demo import generate_demo

    with open_services(path, clock, create=True) as services:
        generate_demo(services, FIRST_RUN_DEMO_CLIENTS)


class AppController:
    """Owns the one main window and replaces it when another binder is opened."""

    def __init__(self, clock: Clock, settings: QSettings) -> None:
        from PySide6.QtWidgets import QApplication

        from app.ui import panel_cache

        application = QApplication.instance()
        if isinstance(application, QApplication):
            panel_cache.install(application)  # the text fields' frames drawn once per look
        self.clock = clock
        self.settings = settings
        self.window: MainWindow | None = None
        self.daily_backup = True  # off for screenshots
        self.reminders = True  # the tray and its notifications: off for screenshots
        # the damage check after the window is open, off the GUI thread; screenshots check
        # at the open (a damaged binder is pictured with its banner)
        self.check_in_background = True
        self.checking: QuietTask | None = None
        self._warming = threading.Event()
        # a team binder: opened off the GUI thread (screenshots and tests may turn it off)
        self.connect_in_background = True
        self.connecting: BackgroundTask | None = None
        self.asking: QDialog | None = None  # the connect dialog asking again at the start
        self.gave_up = False  # the start on a team binder cancelled: the app ends

    def open(self, path: Path | str, create: bool = False, demo: bool = False,
             damaged: str | None = None) -> bool:
        """Open a binder in the (new) window; `damaged`: SQLite's complaint about this binder,
        found by the check after its open, to show it read-only with the way back.  A team
        binder's address (a str) is opened with the password given or known (see
        app/ui/team_passwords.py); one that cannot be opened asks again in the connect
        dialog, with the reason."""
        from PySide6.QtWidgets import QMessageBox

        from app.ui.team_passwords import PASSWORDS

        if isinstance(path, str) and self.connect_in_background:
            from app.ui.team_connecting import connect

            connect(self, path, create)
            return True
        try:
            if demo and not isinstance(path, str):
                ensure_demo(path, self.clock)
            if isinstance(path, str):  # a team binder: no demo, no damage, no file
                services, held = open_for_window(PASSWORDS.complete(path), self.clock, create)
            elif damaged is not None:
                services, held = open_damaged_services(path, damaged, self.clock), False
            else:
                services, held = open_for_window(path, self.clock, create,
                                                 check=not self.check_in_background)
        except RingbinderError as exc:
            if isinstance(path, str):
                PASSWORDS.failed(path)
            if self.window is None:
                raise
            if isinstance(path, str):
                from app.ui.connect_dialog import connect_team

                connect_team(self.window, path, str(exc))
                return False
            QMessageBox.warning(self.window, _("Ringbinder"), str(exc))
            return False
        return self.show_opened(services, held, path, demo)

    def show_opened(self, services: Services, held: bool, path: Path | str,
                    demo: bool) -> bool:
        """The window of a binder just opened (replacing the one open before)."""
        from PySide6.QtWidgets import QApplication, QMessageBox

        from app.ui.main_window import MainWindow
        from app.ui.menus import remember_binder
        from app.ui.team_passwords import PASSWORDS, TeamAddress

        if isinstance(path, str):
            PASSWORDS.opened(path)
        old = self.window
        try:
            window = MainWindow(services, self.clock, self.settings)
        except RingbinderError as exc:  # damage the window's first reads run into
            services.close()
            if self.window is None:
                raise
            QMessageBox.warning(self.window, _("Ringbinder"), str(exc))
            return False
        window.openBinder.connect(lambda p, c: self.open(p, c))
        if held:
            window.banner.setText(_(
                "This binder is open in another Ringbinder. You are looking at it read-only; "
                "close the other window to make changes here."))
            window.banner.show()
        elif services.db.unwritable:
            window.banner.setText(_(
                "This binder is on read-only media, or its file or folder cannot be written. "
                "You are looking at it read-only; copy it to a writable folder to make "
                "changes."))
            window.banner.show()
        elif demo:
            window.banner.setText(_(
                "This is a demo binder with invented clients, to try things out. "
                "<a href='own'>Start your own binder</a>"))
            window.banner.linkActivated.connect(
                lambda _link: self.open(default_binder_path(), create=True))
            window.banner.show()
        if not demo:  # a team binder by its address without a password
            remember_binder(window, TeamAddress.parse(path).shown if isinstance(path, str)
                            else path)
        if getattr(services, "damaged", None):  # read-only, with the way back
            from app.ui.restore_backup import RestoreOffer

            window.restore_offer = RestoreOffer(window, lambda: self.open(path))
        # the day's copy, off the GUI thread: once the binder checks sound (a damaged one is
        # never copied), and on the first write of a later day
        services.daily_backup = not held and not demo and self.daily_backup
        services.backup_in_background = True
        self.window = window
        if services.readonly or not self.check_in_background:
            services.back_up_today()  # a no-op when read-only
        else:
            self._check(window, path)
        if old is not None:
            window.setGeometry(old.geometry())
            old.close()
            old.services.close()
            old.deleteLater()  # else it stays alive, hidden, for the rest of the session
        window.show()
        application = QApplication.instance()
        if isinstance(application, QApplication):  # (kept open while connecting at the start)
            application.setQuitOnLastWindowClosed(True)
        if self.reminders:
            from app.ui.tray import Reminders

            window.reminders = Reminders(window.parts, window.jump_to)
        from PySide6.QtCore import QTimer

        # the first screen was read in plain SQL; the ORM, the engine and the writers are
        # made off the GUI thread once it is painted, so the first edit costs only itself
        self._warming = threading.Event()
        QTimer.singleShot(WARM_UP_AFTER_MS, lambda done=self._warming: threading.Thread(
            target=_warm_up, args=(services, done), name="warm-up", daemon=True).start())
        return True

    def give_up(self) -> None:
        """The app started on a team binder and the user cancelled it: nothing to show."""
        from PySide6.QtWidgets import QApplication

        self.asking = None
        self.gave_up = True
        QApplication.quit()

    def warmed_up(self) -> bool:
        """Whether the last opened binder's writers are made (the warm-up is over)."""
        return self._warming.is_set()

    def _check(self, window: MainWindow, path: Path | str) -> None:
        """The damage check of a binder opened for writing without it, off the GUI thread.

        The window is usable meanwhile: an edit made in the second or so before damage is
        found goes into the damaged binder, as it would have a moment before the check ran;
        the restored backup is from before it anyway.  Found damaged, the binder is opened
        again, read-only with the banner, as one found damaged at its open.
        """
        from app.ui.worker import QuietTask

        def checked(damage: object) -> None:
            if self.window is not window:  # closed, or another binder opened meanwhile
                return
            if isinstance(damage, str):
                self.open(path, damaged=damage)
            else:
                window.services.back_up_today()

        task = QuietTask("damage-check", window.services.check_damage, checked,
                         window.show_error)
        task.done.connect(lambda: self._checked(task))
        self.checking = task
        task.start()

    def _checked(self, task: QuietTask) -> None:
        if self.checking is task:
            self.checking = None

    def shut_down(self) -> None:
        """Close the binder and delete the window while Qt still runs (a clean exit)."""
        from PySide6.QtCore import QCoreApplication, QEvent

        if self.connecting is not None:  # a connection still being made: let it go
            self.connecting.cancel()
            self.connecting.wait()
        if self.asking is not None:
            self.asking.close()
        window, self.window = self.window, None
        if window is None:
            return
        window.close()
        window.services.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _make_settings(screenshot: bool) -> QSettings:
    from PySide6.QtCore import QSettings

    if screenshot:  # a screenshot neither reads nor changes the user's window state
        return QSettings(str(Path(tempfile.mkdtemp()) / "screenshot.ini"),
                         QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     "Ringbinder", "Ringbinder")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise RingbinderError(f"'{text}' is not a size; write it as 1366x768.") from None
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise RingbinderError(f"{text} is not a window size.")
    return width, height


def _grab_with_dialog(window: MainWindow) -> QPixmap:
    """The window as the user sees it: with the open dialog drawn over it, centred."""
    from PySide6.QtGui import QColor, QPainter

    picture = window.grab()
    dialog = window.dialog
    if dialog is not None and dialog.isVisible():
        shot = dialog.grab()
        painter = QPainter(picture)
        painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))
        painter.drawPixmap((picture.width() - shot.width()) // 2,
                           (picture.height() - shot.height()) // 2, shot)
        painter.end()
    return picture


def run_gui(args: argparse.Namespace, clock: Clock) -> int:
    screenshot = getattr(args, "screenshot", None)
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        size = _size(args.size)
    if screenshot is None and os.environ.get("QT_QPA_PLATFORM", "") in ("", "xcb"):
        from app.system_libs import refusal_if_missing

        if (message := refusal_if_missing()) is not None:
            raise RingbinderError(message)
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()  # typed QCoreApplication: narrowed to the GUI's
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    if screenshot is None:
        from app.ui import crash

        crash.install()
    app.setApplicationName("Ringbinder")
    app.setOrganizationName("Ringbinder")
    from importlib import resources

    from PySide6.QtGui import QIcon, QPixmap

    icon = QPixmap()  # the icon the desktop shows for the window (the one in packaging/icons)
    icon.loadFromData(resources.files("app.ui").joinpath("icons", "ringbinder.png").read_bytes())
    app.setWindowIcon(QIcon(icon))
    app.setDesktopFileName("io.github.ringbinder.Ringbinder")  # Wayland finds the icon by it
    from app.ui.language import install_qt_translator

    install_qt_translator()
    controller = AppController(clock, _make_settings(screenshot is not None))
    controller.daily_backup = screenshot is None
    controller.reminders = screenshot is None
    controller.check_in_background = screenshot is None
    controller.connect_in_background = screenshot is None
    if isinstance(args.binder, str) and screenshot is None:
        # a team binder: its window comes once connected; the app waits for it (or for the
        # password asked again) rather than ending with the "Connecting…" dialog
        app.setQuitOnLastWindowClosed(False)
    if args.binder is not None:
        controller.open(args.binder, create=screenshot is None)
    elif default_binder_path().exists():
        controller.open(default_binder_path())
    else:  # first run: a demo binder to look around in, and a link to start one's own
        controller.open(demo_binder_path(), demo=True)
    window = controller.window
    if screenshot is not None:
        assert window is not None
        window.resize(*size)
        if args.insert:
            window.show_insert(window.services.views.resolve(args.insert).key)
        if args.select:
            if args.insert:
                window.list.select_ids([window.services.dossiers.get(args.select).id])
            else:
                window.jump_to(args.select)
        if args.tab:
            window.pane.tabs.setCurrentIndex(
                {"details": 0, "history": 1, "documents": 2, "forms": 3}[args.tab])
        if args.open:
            from app.ui.proposal_dialog import new_proposal
            from app.ui.proposal_templates import edit_proposal_templates

            {"log-contact": window.log_contact, "new-dossier": window.new_dossier,
             "form-templates": window.edit_form_templates,
             "import-wizard": lambda: window.imports.open_at_columns(args.file),
             "new-proposal": lambda: new_proposal(window),
             "proposal-templates": lambda: edit_proposal_templates(window)}[args.open]()
        app.processEvents()
        saved = _grab_with_dialog(window).save(str(screenshot))
        controller.shut_down()
        if not saved:
            raise RingbinderError(f"Cannot write the screenshot to {screenshot}.")
        return 0
    try:
        code = app.exec()
        return 1 if controller.gave_up else code  # the team binder was not opened
    finally:
        controller.shut_down()
