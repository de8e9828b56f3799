"""The dossiers of one insert (or of a search) as a Qt list model, draggable onto the tabs."""

from __future__ import annotations

import json

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.services.dto import DossierRow

DOSSIER_MIME = "application/x-ringbinder-dossiers"
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def ids_from_mime(mime: QMimeData) -> list[str]:
    if not mime.hasFormat(DOSSIER_MIME):
        return []
    try:
        ids = json.loads(bytes(mime.data(DOSSIER_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


class InsertModel(QAbstractListModel):
    """A flat list of DossierRow records; the delegate draws each as a small card."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[DossierRow] = []

    def set_rows(self, rows: list[DossierRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[DossierRow]:
        return list(self._rows)

    def row_of(self, dossier_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == dossier_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.name
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (row.name, row.position, row.company, row.phone,
                                         row.purpose, row.last_outcome) if x)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(x for x in (row.time or "", row.name, row.company, row.purpose) if x)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def mimeTypes(self) -> list[str]:
        return [DOSSIER_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        ids = []
        for index in sorted(indexes, key=lambda i: i.row()):
            if index.isValid() and (dossier_id := self._rows[index.row()].id) not in ids:
                ids.append(dossier_id)
        mime = QMimeData()
        mime.setData(DOSSIER_MIME, QByteArray(json.dumps(ids).encode("utf-8")))
        mime.setText("\n".join(self._rows[self.row_of(i)].name for i in ids))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction
