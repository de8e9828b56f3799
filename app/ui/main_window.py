"""The main window: assembles the tab strip, the insert list, the dossier card and search.

It owns no business rules: every change goes through the bridge to the services, and each
part subscribes to the bridge's one `changed` signal and updates only what it shows (a
refile: two counts and one row; an identity edit: one row and the card, no count: see
app/ui/binder_view.py).  Its actions and menus are built in app/ui/menus.py, its refiling
done in app/ui/refiling.py.  The printing, handover, import and export parts are given
`Parts` (the services, the clock, the bridge and the window as a small `Host`) and built on
their first use.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.binder import Postpone
from app.clock import Clock
from app.i18n import _
from app.services import Services
from app.services.dto import Changes, Tab
from app.ui import refiling
from app.ui.binder_view import BinderView
from app.ui.dossier_pane import DossierPane
from app.ui.host import Parts
from app.ui.insert_list import InsertList
from app.ui.menus import build_menus
from app.ui.mnemonics import letter_of
from app.ui.operations import BinderBridge
from app.ui.search_box import SearchBox
from app.ui.tab_strip import TabStrip

if TYPE_CHECKING:
    from app.ui.export_dialog import ExportActions
    from app.ui.handover_actions import HandoverActions
    from app.ui.import_actions import ImportActions
    from app.ui.print_actions import PrintActions
    from app.ui.restore_backup import RestoreOffer
    from app.ui.team_watch import TeamWatch
    from app.ui.tray import Reminders

DAY_CHECK_MS = 30_000


class MainWindow(QMainWindow):
    """Signals: openBinder(path, create) when the user asks for another binder file."""

    openBinder = Signal(Path, bool)

    def __init__(self, services: Services, clock: Clock, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.clock = clock
        self.settings = settings
        self.today = clock.today()
        self.bridge = BinderBridge(services, self)
        self.undo_stack = QUndoStack(self)
        self.dialog: QDialog | None = None  # the open refiling dialog, if any
        # the banner's offer of a backup, over a damaged binder (set by the AppController)
        self.restore_offer: RestoreOffer | None = None
        self.reminders: Reminders | None = None  # the tray and its timer (the AppController's)
        self.view = BinderView(self)  # what the strip, the list and the card show
        self.parts = Parts(services, clock, settings, self.bridge, self)
        self._printing: PrintActions | None = None
        self._handover: HandoverActions | None = None
        self._imports: ImportActions | None = None
        self._exports: ExportActions | None = None

        self.strip = TabStrip()
        self.list = InsertList()
        self.pane = DossierPane(self.bridge, self.undo_stack)
        self.search = SearchBox(services.views.search)
        self.load_label = QLabel()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fff4c2; padding: 6px 10px; }")
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.banner.hide()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.strip)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(self.load_label)

        self.actions_ = build_menus(self)
        # the menus own their Alt+letters; the card takes others
        self.pane.give_letters({letter_of(a.text()) for a in self.menuBar().actions()})
        self._connect()
        self._update_title()
        self.reload_tabs()
        self._restore_state()
        self._day_timer = QTimer(self)
        self._day_timer.timeout.connect(self.check_day)
        self._day_timer.start(DAY_CHECK_MS)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # a method, not a lambda: the connection must end with the window
            app.applicationStateChanged.connect(self._application_state_changed)
        self._set_writable(not services.readonly)
        self.team_watch: TeamWatch | None = None  # a team binder: others' changes shown
        if services.team:
            from app.ui.team_watch import TeamWatch

            self.team_watch = TeamWatch(self)

    # -- wiring --------------------------------------------------------------------------
    def _connect(self) -> None:
        self.strip.currentChanged.connect(self.show_insert)
        self.strip.dossiersDropped.connect(self.refile_to_insert)
        self.list.stepRequested.connect(self.strip.step)
        self.list.todayRequested.connect(self.go_today)
        self.list.emptyActionRequested.connect(self.go_overdue)
        self.list.selectionModel().currentChanged.connect(self.view.current_changed)
        self.search.dossierChosen.connect(self.jump_to)
        self.search.leaveRequested.connect(self._back_to_the_list)
        self.pane.logRequested.connect(self.log_contact)
        self.pane.amendRequested.connect(self.amend)
        self.pane.addFormRequested.connect(self.add_form)
        self.pane.documents.failed.connect(self.show_error)
        # the parts, in this order: the counts, then the list (which may make another card
        # current, and read it), then the card (read again only if not read just now)
        self.bridge.changed.connect(self.view.strip_changed)
        self.bridge.changed.connect(self.view.list_changed)
        self.bridge.changed.connect(self.view.card_changed)
        self.bridge.failed.connect(self.show_error)

    # -- the parts built on first use ------------------------------------------------------
    @property
    def printing(self) -> PrintActions:
        if self._printing is None:
            from app.ui.print_actions import PrintActions

            self._printing = PrintActions(self.parts)
        return self._printing

    @property
    def handover(self) -> HandoverActions:
        if self._handover is None:
            from app.ui.handover_actions import HandoverActions

            self._handover = HandoverActions(self.parts, self.printing)
        return self._handover

    @property
    def imports(self) -> ImportActions:
        if self._imports is None:
            from app.ui.import_actions import ImportActions

            self._imports = ImportActions(self.parts)
        return self._imports

    @property
    def exports(self) -> ExportActions:
        if self._exports is None:
            from app.ui.export_dialog import ExportActions

            self._exports = ExportActions(self.parts)
        return self._exports

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """The first file dragged onto the window builds the import part, which from then on
        watches the window's drags itself (a contacts file or a calendar opens the wizard)."""
        if self._imports is None and event.mimeData().hasUrls():
            self.imports.eventFilter(self, event)
            return
        super().dragEnterEvent(event)

    # -- the Host its parts see -------------------------------------------------------------
    def widget(self) -> QWidget:
        return self

    def show_status(self, message: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def current_tab(self) -> Tab | None:
        return self.strip.current_tab()

    def selected_ids(self) -> list[str]:
        return self.list.selected_ids() or ([self.pane.dossier_id] if self.pane.dossier_id
                                            else [])

    def _set_writable(self, writable: bool) -> None:
        for name in ("postpone_day", "postpone_working_day", "postpone_week", "pick_date",
                     "archive", "rebalance", "spread_overdue", "undo", "redo", "new_dossier",
                     "log_contact", "form_templates", "return_handover", "import", "undo_import",
                     "new_proposal", "proposal_templates"):
            self.actions_[name].setEnabled(writable)
        self.list.setDragEnabled(writable)
        self.strip.setAcceptDrops(writable)
        self.setAcceptDrops(writable)  # a contacts file or calendar dropped: the import

    def _update_title(self) -> None:
        from app.ui.team_menu import window_title

        self.setWindowTitle(window_title(self.services))

    # -- showing (app/ui/binder_view.py) ----------------------------------------------------
    def reload_tabs(self) -> None:
        self.view.reload_tabs()

    def show_insert(self, key: str, keep: list[str] | None = None, fallback_row: int = 0) -> None:
        """List the dossiers of an insert and select `keep` (or the row at `fallback_row`)."""
        self.view.show_insert(key, keep, fallback_row)

    def go_overdue(self) -> None:
        self.view.go_overdue()

    def go_today(self) -> None:
        self.view.go_today()

    def jump_to(self, dossier_id: str) -> None:
        """Open the insert a dossier is filed under and select it (from search)."""
        self.view.jump_to(dossier_id)

    def _application_state_changed(self, _state: Qt.ApplicationState) -> None:
        self.check_day()

    def check_day(self) -> None:
        """Past midnight, or a laptop woken the next day: the strip moves on by itself."""
        self.view.check_day()

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Ringbinder"), message,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- refiling (app/ui/refiling.py) ------------------------------------------------------
    def refile(self, targets: dict[str, date | None], text: str,
               keep_time: bool = True) -> None:
        refiling.refile(self, targets, text, keep_time)

    def postpone(self, step: Postpone) -> None:
        refiling.postpone(self, step)

    def refile_to_insert(self, key: str, ids: list[str]) -> None:
        """Dossiers dropped on a tab: refile them under that insert."""
        refiling.refile_to_insert(self, key, ids)

    def pick_date(self) -> None:
        refiling.pick_date(self)

    def archive(self, ids: list[str] | None = None) -> None:
        refiling.archive(self, ids)

    def name_archive_action(self) -> None:
        """Archive… names what it will archive, set when a menu showing it opens."""
        refiling.name_archive_action(self)

    def rebalance(self) -> None:
        refiling.rebalance(self)

    def spread_overdue(self) -> None:
        """The overdue refiled over the next working days, once the user saw where."""
        refiling.spread_overdue(self)

    # -- the card --------------------------------------------------------------------------
    def new_dossier(self) -> None:
        from app.ui.dossier_dialogs import NewDossierDialog

        dialog = NewDossierDialog(self.services, self, bridge=self.bridge)
        dialog.created.connect(self._created)
        dialog.openExisting.connect(self.jump_to)
        self.open_dialog(dialog)

    def _created(self, dossier_id: str) -> None:
        self.jump_to(dossier_id)  # announced by the dialog, through the bridge
        self.pane.tabs.setCurrentWidget(self.pane.fields)

    def log_contact(self) -> None:
        """Ctrl+L: write down the conversation and refile; the next dossier comes up."""
        dossier_id = self.list.current_id()
        if dossier_id is None or self.services.readonly:
            return
        from app.ui.log_contact import LogContactDialog

        self.pane.fields.flush()
        dialog = LogContactDialog(self.services, dossier_id, self, bridge=self.bridge)
        dialog.finished.connect(self._back_to_the_list)  # on to the next sheet
        self.open_dialog(dialog)

    def _back_to_the_list(self) -> None:
        self.activateWindow()
        self.list.setFocus()

    def amend(self, event_id: str) -> None:
        from app.ui.dossier_dialogs import AmendDialog

        if self.pane.dossier_id is None:
            return
        detail = self.services.dossiers.get(self.pane.dossier_id)
        event = next((e for e in detail.events if e.id == event_id), None)
        if event is None:
            return
        dialog = AmendDialog(self.services, event, self, bridge=self.bridge)
        self.open_dialog(dialog)

    def add_form(self) -> None:
        dossier_id = self.pane.dossier_id
        if dossier_id is None or self.services.readonly:
            return
        from app.ui.form_fill import AddFormDialog

        dialog = AddFormDialog(self.services, dossier_id, self, bridge=self.bridge)
        dialog.form_added.connect(self._form_added)
        self.open_dialog(dialog)

    def _form_added(self, _form_id: str, _changes: Changes) -> None:
        self.pane.tabs.setCurrentWidget(self.pane.forms)

    def edit_form_templates(self) -> None:
        from app.ui.form_templates import FormTemplateEditor

        self.open_dialog(FormTemplateEditor(self.services, self, bridge=self.bridge))

    def open_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        dialog.activateWindow()  # the keyboard goes to the dialog at once

    # -- state ---------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 768)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([760, 560])
        # the last insert, if it was left today; in the morning the binder opens at today
        key = self.settings.value("binder/last_insert")
        left_on = self.settings.value("binder/last_insert_day")
        if key and left_on == self.today.isoformat() and self.strip.index_of(str(key)) >= 0:
            self.show_insert(str(key))
        else:
            self.go_today()

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        if key := self.strip.current_key():
            self.settings.setValue("binder/last_insert", key)
            self.settings.setValue("binder/last_insert_day", self.today.isoformat())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.pane.fields.flush()
        self.save_state()
        self._day_timer.stop()
        if self.team_watch is not None:
            self.team_watch.stop()
        if self.reminders is not None:
            self.reminders.stop()
        super().closeEvent(event)

    def add_action(self, action: QAction, shortcut: QKeySequence | None = None) -> None:
        if shortcut is not None:
            action.setShortcut(shortcut)
        self.addAction(action)
