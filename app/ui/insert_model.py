"""The dossiers of one insert (or of a search) as a Qt list model, draggable onto the tabs."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
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


Fetch = Callable[[int, int], list[DossierRow]]  # (offset, limit) -> a page of rows
PAGE = 200
# the first page: more than a 1080-px screen shows (rows are 72 px); the rest come as the
# view scrolls, or at once when the last row is in view (Qt asks a taller list for more).
# A switch of insert read 200 rows for the 9 it shows (2.7 ms at 100k); Qt lays out and
# indexes every row read: 50 rows cost 1.9M instructions a switch more than 20
FIRST_PAGE = 20


class InsertModel(QAbstractListModel):
    """A flat list of DossierRow records; the delegate draws each as a small card.

    Fed by a page source, it reads the first page at once and the next as the view scrolls
    (Qt's fetchMore), so a month of thousands of dossiers opens as fast as a day.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DossierRow] = []
        self._fetch: Fetch | None = None
        self._more = False

    def set_rows(self, rows: list[DossierRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._fetch = None
        self._more = False
        self.endResetModel()

    def set_source(self, fetch: Fetch) -> None:
        self.beginResetModel()
        self._fetch = fetch
        first = min(FIRST_PAGE, PAGE)
        self._rows = fetch(0, first)
        self._more = len(self._rows) == first
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or self._fetch is None:
            return
        page = self._fetch(len(self._rows), PAGE)
        self._more = len(page) == PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def load_until(self, dossier_id: str) -> int:
        """The row of a dossier, reading further pages until it is found (or -1)."""
        row = self.row_of(dossier_id)
        while row < 0 and self._more:
            start = len(self._rows)
            self.fetchMore()
            row = next((i for i in range(start, len(self._rows))
                        if self._rows[i].id == dossier_id), -1)
        return row

    def rows(self) -> list[DossierRow]:
        return list(self._rows)

    def replace_row(self, row: int, record: DossierRow) -> None:
        """A dossier's row redrawn with what changed (its name, company, purpose…)."""
        self._rows[row] = record
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def remove_rows(self, rows: Sequence[int]) -> None:
        """Rows of dossiers that left the insert, taken out; the others keep their place."""
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()

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

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
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
