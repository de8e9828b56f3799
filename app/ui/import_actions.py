"""Importing from the window: File → Import… (Ctrl+Shift+I), a contacts file or a calendar
dropped on the window, and File → Undo import… (past imports, each taken back whole)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QEvent,
    QEventLoop,
    QMimeData,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, n_, short_date_time
from app.services import Services
from app.services.dto import Changes
from app.services.import_types import ImportOutcome, ImportView
from app.ui.import_wizard import SUFFIXES, ImportWizard, outcome_text
from app.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from app.ui.host import Parts


def importable(mime: QMimeData) -> Path | None:
    """The one contacts file or calendar a drag carries, or None."""
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    if len(paths) == 1 and paths[0].suffix.lower() in SUFFIXES and paths[0].is_file():
        return paths[0]
    return None


class ImportActions(QObject):
    def __init__(self, parts: Parts) -> None:
        super().__init__(parts.host.widget())
        self.parts = parts
        self.host = parts.host
        self.wizard: ImportWizard | None = None
        self.task: BackgroundTask | None = None
        self.last_message = ""
        # drops on the window (it accepts them if writable)
        parts.host.widget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A contacts file or a calendar dragged onto the window opens the wizard on it."""
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(event, QDropEvent)  # QDragEnterEvent and QDragMoveEvent too
            path = importable(event.mimeData())
            if path is not None:
                event.acceptProposedAction()
                if event.type() == QEvent.Type.Drop:
                    self.import_file(path)
                return True
        return super().eventFilter(watched, event)

    def import_file(self, path: Path | None = None) -> ImportWizard | None:
        """The wizard, on `path` (a dropped file) or asking for the file first."""
        parts = self.parts
        if parts.services.readonly:
            return None
        if self.wizard is not None:
            if path is not None:
                self.wizard.file_page.set_path(path)
                self.wizard.restart()
            self.wizard.activateWindow()
            return self.wizard
        wizard = ImportWizard(parts.services, parts.settings, parts.today(), path,
                              self.host.widget())
        wizard.imported.connect(self._imported)
        wizard.finished.connect(lambda _r: setattr(self, "wizard", None))
        self.wizard = wizard
        self.host.open_dialog(wizard)
        if path is None:
            QTimer.singleShot(0, wizard.file_page.browse)
        else:
            wizard.button(wizard.WizardButton.NextButton).setFocus()
        return wizard

    def open_at_columns(self, path: Path | None) -> ImportWizard | None:
        """The wizard on `path`, read and showing what each column holds (for screenshots:
        waits for the reading, at most a few seconds)."""
        wizard = self.import_file(path) if path is not None else None
        if wizard is None:
            return None
        deadline = QDeadlineTimer(10_000)
        for page in (wizard.FORMAT, wizard.PREVIEW):
            wizard.next()
            while (wizard.currentId() != page or wizard.busy()) and not deadline.hasExpired():
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return wizard

    def _imported(self, outcome: ImportOutcome) -> None:
        parts = self.parts
        wizard = self.wizard
        when = wizard.review_page.next_contact() if wizard else None
        parts.bridge.announce(Changes.all())  # a bulk change: read anew
        if wizard is not None and wizard.preview is not None and wizard.preview.format != "ics":
            # the new dossiers where they were filed; a calendar's stay on their days
            insert = parts.services.views.strip(parts.today()).insert_for(when, False)
            self.host.show_insert(insert.key)
        self.last_message = outcome_text(outcome)
        self.host.show_status(self.last_message, 15_000)
        box = QMessageBox(QMessageBox.Icon.Information, _("Import"), self.last_message,
                          QMessageBox.StandardButton.Ok, self.host.widget())
        box.setInformativeText(_("File → Undo import… takes it back."))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- undo -------------------------------------------------------------------------------
    def undo_import(self) -> UndoImportDialog | None:
        if self.parts.services.readonly:
            return None
        dialog = UndoImportDialog(self.parts.services, self.host.widget())
        dialog.undoRequested.connect(self._undo)
        self.host.open_dialog(dialog)
        return dialog

    # a seam for the tests
    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self.host.widget(), _("Undo import"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _undo(self, view: ImportView, dialog: UndoImportDialog) -> None:
        text = n_("Remove the {count} dossier imported from {file}?",
                  "Remove the {count} dossiers imported from {file}?", view.created,
                  file=view.file_name or view.name)
        if view.updated:
            text += " " + n_("The {count} dossier it updated is put back as it was.",
                             "The {count} dossiers it updated are put back as they were.",
                             view.updated)
        if self.task is not None or not self.confirm(text):
            return
        imports = self.parts.services.imports
        self.task = BackgroundTask(self.host.widget(), _("Undoing the import…"),
                                   lambda _p, _c: imports.undo(view.id),
                                   lambda count: self._undone(count, dialog),
                                   self.host.show_error)
        self.task.done.connect(self._ended)
        self.task.start()

    def _ended(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.deleteLater()

    def _undone(self, count: Any, dialog: UndoImportDialog) -> None:
        self.parts.bridge.announce(Changes.all())
        self.last_message = n_("Import undone: {count} dossier removed or put back.",
                               "Import undone: {count} dossiers removed or put back.",
                               int(count))
        self.host.show_status(self.last_message, 15_000)
        if dialog.isVisible():
            dialog.reload()


class UndoImportDialog(QDialog):
    """The past imports, newest first; Undo takes the chosen one back after a question."""

    undoRequested = Signal(object, object)  # ImportView, this dialog

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(_("Undo import"))
        self.setMinimumSize(640, 320)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Undoing an import removes the dossiers it created and puts "
                               "back the ones it updated, as they were before it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Name"), _("File"),
                                              _("When"), _("Created"),
                                              _("Updated")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(_("Nothing has been imported into this binder yet."))
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = QPushButton(_("&Undo import…"))
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.undo_button.clicked.connect(self._undo)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.views: list[ImportView] = []
        self.reload()

    def reload(self) -> None:
        self.views = list(self.services.imports.history())
        self.table.setRowCount(len(self.views))
        for row, v in enumerate(self.views):
            when = short_date_time(v.done_at) if v.done_at else ""
            name = v.name + (" " + _("(undone)") if v.undone else "")
            for col, text in enumerate((name, v.file_name, when, str(v.created),
                                        str(v.updated))):
                item = QTableWidgetItem(text)
                if v.undone:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, col, item)
        self.empty.setVisible(not self.views)
        first = next((n for n, v in enumerate(self.views) if not v.undone), -1)
        if first >= 0:
            self.table.selectRow(first)
        self._update()

    def chosen(self) -> ImportView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.views[rows[0].row()] if rows else None

    def _update(self) -> None:
        view = self.chosen()
        self.undo_button.setEnabled(view is not None and not view.undone)

    def _undo(self) -> None:
        view = self.chosen()
        if view is not None and not view.undone:
            self.undoRequested.emit(view, self)
