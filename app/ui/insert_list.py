"""The list of the current insert's dossiers (a QListView over InsertModel)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from app.i18n import _
from app.ui.card_delegate import DossierCardDelegate
from app.ui.insert_model import ID_ROLE, InsertModel


class InsertList(QListView):
    """Left/Right step between inserts and Home returns to today, as on the strip."""

    stepRequested = Signal(int)
    todayRequested = Signal()
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
        super().keyPressEvent(event)
