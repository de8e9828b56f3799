"""The documents of a dossier: add (button or files dropped on the card), open, save a copy,
move to the trash and back.  The bytes live in the binder file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import RingbinderError
from app.i18n import _, n_
from app.services.dto import AttachmentView
from app.ui.operations import BinderBridge

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _size(size: int) -> str:
    if size < 1024:
        return n_("{count} byte", "{count} bytes", size)
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 2**20:.1f} MB"


class DocumentsView(QWidget):
    """Signals: failed(message) when a file cannot be added, read or written."""

    failed = Signal(str)

    def __init__(self, bridge: BinderBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.dossier_id: str | None = None
        self.show_trash = False
        self.model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.doubleClicked.connect(lambda _i: self.open_selected())
        self.list.setMaximumHeight(110)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add…"))
        self.open_button = QPushButton(_("Open"))
        self.save_button = QPushButton(_("Save a copy…"))
        self.remove_button = QPushButton(_("Remove"))
        self.trash_button = QPushButton(_("Trash"))
        self.trash_button.setCheckable(True)
        self.proposal_button = QPushButton(_("New proposal…"))
        self.proposal_button.setToolTip(_("A proposal from a template, printed to a PDF kept "
                                          "here and logged as an offer"))
        for button, slot in ((self.add_button, self.ask_add), (self.open_button,
                             self.open_selected), (self.save_button, self.save_selected),
                             (self.remove_button, self.remove_or_restore),
                             (self.trash_button, self._toggle_trash)):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        # on a line of its own: the card's pane is narrow, and this one makes a document
        self.proposal_button.clicked.connect(self.new_proposal)
        layout.addWidget(self.proposal_button, 0, Qt.AlignmentFlag.AlignLeft)
        # at the top of the tab: the card's tabs are as tall as its tallest (the details, a
        # long history), and the title took the height left, its text centred far below
        layout.addStretch(1)

    def show_documents(self, dossier_id: str | None,
                       attachments: list[AttachmentView] | None = None) -> None:
        """List a dossier's documents (or those in its trash); `attachments`, all of them as
        the card's detail has them, saves reading them again."""
        self.dossier_id = dossier_id
        self.model.clear()
        docs: list[AttachmentView] = []
        if dossier_id is not None and attachments is not None:
            docs = [a for a in attachments if a.trashed == self.show_trash]
        elif dossier_id is not None:
            docs = self.bridge.services.attachments.list(dossier_id, trashed=self.show_trash)
        for doc in docs:
            item = QStandardItem(f"{doc.filename}  ({_size(doc.size)})")
            item.setData(doc.id, ID_ROLE)
            item.setToolTip(doc.mime)
            self.model.appendRow(item)
        heading = _("Documents in the trash") if self.show_trash else _("Documents")
        self.title.setText(f"<b>{heading}</b>" + ("" if docs else " — " + _("none")))
        writable = dossier_id is not None and not self.bridge.services.readonly
        self.add_button.setEnabled(writable and not self.show_trash)
        self.proposal_button.setEnabled(writable and not self.show_trash)
        self.remove_button.setText(_("Restore") if self.show_trash else _("Remove"))
        for button in (self.open_button, self.save_button):
            button.setEnabled(bool(docs))
        self.remove_button.setEnabled(writable and bool(docs))

    def new_proposal(self) -> None:
        """Write a proposal for the dossier (app/ui/proposal_dialog.py)."""
        from app.ui.proposal_dialog import new_proposal

        if self.dossier_id is not None:
            new_proposal(self.window(), self.dossier_id)

    def _toggle_trash(self, checked: bool) -> None:
        self.show_trash = checked
        self.show_documents(self.dossier_id)

    def selected_id(self) -> str | None:
        index = self.list.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        return index.data(ID_ROLE) if index.isValid() else None

    def add_files(self, paths: list[Path]) -> int:
        """Keep copies of these files in the dossier; returns how many were added."""
        if self.dossier_id is None or self.bridge.services.readonly:
            return 0
        added = 0
        for path in paths:
            try:
                _id, changes = self.bridge.services.attachments.add_file(self.dossier_id, path)
            except RingbinderError as exc:
                self.failed.emit(str(exc))
                continue
            added += 1
            self.bridge.announce(changes)
        self.show_documents(self.dossier_id)
        return added

    def ask_add(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Add documents"))
        self.add_files([Path(n) for n in names])

    def open_selected(self) -> None:
        """Open a copy with the system's application for its type; the copy is written in
        this run's private temporary folder, never elsewhere, whatever the document's name."""
        doc_id = self.selected_id()
        if doc_id is None:
            return
        try:
            target = self.bridge.services.attachments.open_copy(doc_id)
        except RingbinderError as exc:
            self.failed.emit(str(exc))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def save_selected(self, target: Path | None = None) -> Path | None:
        doc_id = self.selected_id()
        if doc_id is None:
            return None
        if target is None:
            name = self.model.itemFromIndex(self.list.currentIndex()) if \
                self.list.currentIndex().isValid() else self.model.item(0)
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation)
            suggested = str(Path(folder) / name.text().rsplit("  (", 1)[0]) if name else folder
            chosen, _filter = QFileDialog.getSaveFileName(self, _("Save a copy"),
                                                          suggested)
            if not chosen:
                return None
            target = Path(chosen)
        try:
            return self.bridge.services.attachments.save_copy(doc_id, target)
        except RingbinderError as exc:
            self.failed.emit(str(exc))
            return None

    def remove_or_restore(self) -> None:
        doc_id = self.selected_id()
        if doc_id is None:
            return
        attachments = self.bridge.services.attachments
        operation = attachments.restore if self.show_trash else attachments.trash
        self.bridge.run(lambda: operation(doc_id))
        self.show_documents(self.dossier_id)
