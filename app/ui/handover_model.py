"""The dossiers of a handover file under their inserts, as a lazy model: the rows'
texts are made only when a row is shown, so a file of 10,000 dossiers opens at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.binder import Insert, InsertKind
from app.handover import payload as p
from app.handover.agenda import last_conversation
from app.i18n import insert_label, short_date

UUID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class HandoverListModel(QAbstractTableModel):
    """One flat list, headings between their dossiers (a table, not a tree: a view lays out
    a flat list lazily, while a tree walks every expanded row first)."""

    def __init__(self, groups: list[tuple[Insert, list[p.Dossier]]], headers: list[str]
                 ) -> None:
        super().__init__()
        self._headers = headers
        self._groups = groups
        # a row is (group, -1) for a heading, (group, i) for its i-th dossier
        self._rows: list[tuple[int, int]] = []
        self.heading_rows: list[int] = []
        for group, (_insert, dossiers) in enumerate(groups):
            self.heading_rows.append(len(self._rows))
            self._rows.append((group, -1))
            self._rows.extend((group, i) for i in range(len(dossiers)))
        self._labels = [f"{insert_label(insert, first_day=True)} ({len(ds)})"
                        for insert, ds in groups]
        self._one_day = [insert.kind is InsertKind.DAY and insert.first == insert.last
                         for insert, _ds in groups]
        self._texts: dict[int, tuple[str, ...]] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if index.isValid() and self._rows[index.row()][1] < 0:
            return Qt.ItemFlag.ItemIsEnabled  # a heading is not selected
        return super().flags(index)

    def dossier(self, index: Index) -> p.Dossier | None:
        if not index.isValid():
            return None
        group, i = self._rows[index.row()]
        return self._groups[group][1][i] if i >= 0 else None

    def _row_texts(self, row: int) -> tuple[str, ...]:
        if row not in self._texts:
            group, i = self._rows[row]
            d = self._groups[group][1][i]
            talk = last_conversation(d)
            when = short_date(d.next_contact) if d.next_contact and not self._one_day[group] \
                else ""
            next_step = " ".join(x for x in (when, d.next_time or "", d.purpose) if x)
            phones = ", ".join(x.number for x in sorted(d.phones, key=lambda x: x.position))
            self._texts[row] = (d.full_name, d.company, phones,
                                d.archive_reason if d.archived else next_step,
                                (talk.outcome or talk.summary) if talk else "")
        return self._texts[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group, i = self._rows[index.row()]
        if i < 0:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return self._labels[group]
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor("#eef2f8")
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._row_texts(index.row())[index.column()]
        if role == UUID_ROLE:
            return self._groups[group][1][i].uuid
        return None

    def first_dossier(self) -> QModelIndex:
        for row, (_group, i) in enumerate(self._rows):
            if i >= 0:
                return self.index(row, 0)
        return QModelIndex()

    def names(self) -> list[str]:
        return [self._groups[g][1][i].full_name for g, i in self._rows if i >= 0]
