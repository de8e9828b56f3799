"""Ctrl+F: a search field with instant results across the whole binder."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QListView, QWidget

from app.i18n import _
from app.services.dto import DossierRow
from app.ui.card_delegate import DossierCardDelegate
from app.ui.insert_model import ID_ROLE, InsertModel


class SearchBox(QLineEdit):
    """Signal: dossierChosen(id) when a result is picked with Enter or a click."""

    dossierChosen = Signal(str)

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
        delegate = DossierCardDelegate(popup)
        delegate.show_dates = True
        popup.setItemDelegate(delegate)
        popup.setUniformItemSizes(True)
        self.completer_.setPopup(popup)
        self.popup_ = popup
        self.completer_.setWidget(self)
        self.completer_.activated[QModelIndex].connect(  # type: ignore[index]  # PySide6 stubs lack signal overloads
            self._chosen)
        self.textEdited.connect(self._typed)
        self.returnPressed.connect(self._enter)

    def _typed(self, text: str) -> None:
        self.results.set_rows(self._search(text) if text.strip() else [])
        if self.results.rowCount():
            self.completer_.complete(self.rect().adjusted(0, 0, 240, 0))
        else:
            self.popup_.hide()

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
