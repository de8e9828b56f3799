"""The list of the current insert's dossiers (a QListView over InsertModel), and what it
says when the insert is empty."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.ui.card_delegate import DossierCardDelegate
from app.ui.insert_model import ID_ROLE, InsertModel


class InsertList(QListView):
    """Left/Right step between inserts and Home returns to today, as on the strip."""

    stepRequested = Signal(int)
    todayRequested = Signal()
    emptyActionRequested = Signal()  # the empty insert's button: go where the work is
    menuRequested = Signal()  # the context menu is about to show: actions may name the selection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = InsertModel(self)
        self.delegate = DossierCardDelegate(self)
        self.setModel(self.model_)
        self.setItemDelegate(self.delegate)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.setAccessibleName(_("Dossiers of the insert"))
        self.empty = _EmptyState(self.viewport())
        self.empty.button.clicked.connect(self.emptyActionRequested)
        for signal in (self.model_.modelReset, self.model_.rowsInserted,
                       self.model_.rowsRemoved):
            signal.connect(self._show_empty_state)

    def set_empty_state(self, message: str, action: str = "") -> None:
        """What an empty insert says ("Done for today — 70 overdue", "Nothing filed for
        Thu 26 Nov"), and the button under it (none when `action` is empty)."""
        self.empty.set_texts(message, action)
        self._show_empty_state()

    def _show_empty_state(self, *_args: object) -> None:
        self.empty.setVisible(bool(self.empty.message.text()) and not self.model_.rowCount())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.empty.setGeometry(self.viewport().rect())

    def dataChanged(self, top_left: QModelIndex | QPersistentModelIndex,
                    bottom_right: QModelIndex | QPersistentModelIndex,
                    roles: Sequence[int] = ()) -> None:
        """A row redrawn alone: Qt's list view lays every row out again and repaints the
        whole list for a changed one (4.8 ms at each autosaved edit), and here every row has
        one height, so none moves."""
        if top_left == bottom_right and top_left.isValid():
            QAbstractItemView.dataChanged(self, top_left, bottom_right, list(roles))
            return
        super().dataChanged(top_left, bottom_right, list(roles))

    def selected_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        return [self.model_.index(r).data(ID_ROLE) for r in rows]

    def selected_names(self) -> list[str]:
        rows = self.model_.rows()
        return [rows[r].name for r in sorted(i.row() for i in self.selectionModel().selectedRows())
                if r < len(rows)]

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu:  # the Menu key, on the list itself
            self.menuRequested.emit()
        return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu:  # a right click
            self.menuRequested.emit()
        return super().viewportEvent(event)

    def current_id(self) -> str | None:
        index = self.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_ids(self, ids: list[str], fallback_row: int = 0) -> None:
        """Select these dossiers if they are listed; else the row at `fallback_row` (the next
        dossier, after the one worked on left the insert)."""
        selection = self.selectionModel()
        selection.clearSelection()
        rows = [r for r in (self.model_.load_until(i) for i in ids) if r >= 0]
        if not rows and self.model_.rowCount():
            rows = [min(max(fallback_row, 0), self.model_.rowCount() - 1)]
        for n, row in enumerate(rows):
            index = self.model_.index(row)
            flags = selection.SelectionFlag.Select
            if n == 0:
                selection.setCurrentIndex(index, flags)
            else:
                selection.select(index, flags)
        if rows:
            self.scrollTo(self.model_.index(rows[0]))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.NoModifier:
            if event.key() == Qt.Key.Key_Left:
                self.stepRequested.emit(-1)
                return
            if event.key() == Qt.Key.Key_Right:
                self.stepRequested.emit(1)
                return
            if event.key() == Qt.Key.Key_Home:
                self.todayRequested.emit()
                return
            if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and self.empty.isVisible() and self.empty.button.isVisible()):
                self.empty.button.click()  # "Go to Overdue", from the keyboard
                return
        super().keyPressEvent(event)


class _EmptyState(QWidget):
    """The words over an empty insert, and a button to where the work is."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 48, 24, 24)
        layout.setSpacing(12)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.message.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.message.setFont(font)
        self.message.setStyleSheet("color: #6b665e;")
        self.button = QPushButton()
        layout.addWidget(self.message)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.hide()

    def set_texts(self, message: str, action: str) -> None:
        if (message, action) == (self.message.text(), self.button.text()):
            return
        self.message.setText(message)
        self.button.setText(action)
        self.button.setVisible(bool(action))
