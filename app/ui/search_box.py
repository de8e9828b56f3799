"""Ctrl+F: a search field with instant results across the whole binder."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QListView, QWidget

from app.i18n import _
from app.services.dto import DossierRow
from app.ui.card_delegate import DossierCardDelegate
from app.ui.insert_model import ID_ROLE, InsertModel

RESULTS_WIDER = 320  # the results' popup, wider than the field: a card's name, company, phone


class SearchBox(QLineEdit):
    """Signals: dossierChosen(id) when a result is picked with Enter or a click;
    leaveRequested() on Esc in an empty field."""

    dossierChosen = Signal(str)
    leaveRequested = Signal()

    def __init__(self, search: Callable[[str], list[DossierRow]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self.setPlaceholderText(_("Search the binder (Ctrl+F)"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(260)
        self.results = InsertModel(self)
        self.completer_ = QCompleter(self.results, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setMaxVisibleItems(8)
        popup = QListView()
        popup.setUniformItemSizes(True)
        self.completer_.setPopup(popup)
        # each result drawn as the list's card (company, main phone, next contact's date),
        # so that two clients of one name can be told apart: set after setPopup, which gives
        # the popup a delegate of its own that draws the name alone
        self.delegate = DossierCardDelegate(popup)
        self.delegate.show_dates = True
        popup.setItemDelegate(self.delegate)
        self.popup_ = popup
        self.completer_.setWidget(self)
        self.completer_.activated[QModelIndex].connect(  # type: ignore[index]  # PySide6 stubs lack signal overloads
            self._chosen)
        self.textEdited.connect(self._typed)
        self.returnPressed.connect(self._enter)

    def _typed(self, text: str) -> None:
        self.results.set_rows(self._search(text) if text.strip() else [])
        if self.results.rowCount():
            # wider than the field, towards the window (the field is at its right edge)
            self.completer_.complete(self.rect().adjusted(-RESULTS_WIDER, 0, 0, 0))
        else:
            self.popup_.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc clears what was typed (and its results); Esc on an empty field leaves the
        search, back to the insert."""
        if (event.key() == Qt.Key.Key_Escape
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            self.popup_.hide()
            if self.text():
                self.clear()
                self.results.set_rows([])
            else:
                self.leaveRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _chosen(self, index: QModelIndex) -> None:
        dossier_id = index.data(ID_ROLE)
        if dossier_id:
            self.popup_.hide()
            self.dossierChosen.emit(dossier_id)

    def _enter(self) -> None:
        """Enter without picking a result opens the best match."""
        popup = self.popup_
        if popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer reports the pick itself
        if self.results.rowCount():
            popup.hide()
            self.dossierChosen.emit(self.results.rows()[0].id)
