"""The import wizard's tables: a file's first rows with a field chooser above each column,
and what a vCard or a calendar was read as.

The mapping row is the table's first row, so each chooser sits exactly over its column and
scrolls with it; a column set to "(ignore)" is greyed so the user sees what is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableView, QWidget

from app.i18n import _, short_date
from app.interchange.records import ContactRecord, EventRecord

Index = QModelIndex | QPersistentModelIndex
IGNORE = ""
GREY = QColor("#9a9a9a")
MAX_CELL = 200  # characters of a cell shown in the preview


def field_choices() -> list[tuple[str, str]]:
    """(field, label) in the order the chooser offers them, "(ignore)" first."""
    return [
        (IGNORE, _("(ignore)")),
        ("display_name", _("Full name")), ("given", _("First name")),
        ("family", _("Last name")), ("additional", _("Middle name")),
        ("prefix", _("Title (Dr., Mrs.)")), ("suffix", _("Name suffix (Jr.)")),
        ("company", _("Company")), ("department", _("Department")),
        ("position", _("Position")),
        ("phone", _("Phone")), ("phone:work", _("Phone (work)")),
        ("phone:home", _("Phone (home)")), ("phone:mobile", _("Phone (mobile)")),
        ("email", _("E-mail")), ("email:work", _("E-mail (work)")),
        ("email:home", _("E-mail (home)")),
        ("street", _("Street")), ("city", _("City")), ("postcode", _("Postcode")),
        ("region", _("Region")), ("country", _("Country")),
        ("address", _("Address (whole)")), ("website", _("Website")),
        ("birthday", _("Birthday")), ("notes", _("Notes")), ("tags", _("Tags")),
    ]


class RowsModel(QAbstractTableModel):
    """Read-only text rows under given headers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.row_names: list[str] = []

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
                 row_names: Sequence[str] = ()) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        self.rows = [[str(v)[:MAX_CELL] for v in row] for row in rows]
        self.row_names = list(row_names)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        value = row[index.column()] if index.column() < len(row) else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return value.replace("\n", " ⏎ ") if role == Qt.ItemDataRole.DisplayRole else value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if section < len(self.headers) else None
        return self.row_names[section] if section < len(self.row_names) else str(section + 1)


class MappingModel(RowsModel):
    """The file's rows under a first, empty row where the choosers sit; ignored columns grey."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mapping: dict[int, str] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() == 0:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if self.mapping.get(index.column()) else GREY
        return super().data(self.index(index.row() - 1, index.column()), role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return _("Import as") if section == 0 else super().headerData(
                section - 1, orientation, role)
        return super().headerData(section, orientation, role)

    def set_mapping(self, mapping: dict[int, str]) -> None:
        self.mapping = dict(mapping)
        if self.rows:
            self.dataChanged.emit(self.index(1, 0),
                                  self.index(len(self.rows), len(self.headers) - 1))


def _table(view: QTableView) -> None:
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)


class MappingTable(QTableView):
    """The first rows of a CSV or workbook with a field chooser over each column.

    `mappingChanged(mapping)` when the user picks another field for a column."""

    mappingChanged = Signal(object)  # dict[int, str]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = MappingModel(self)
        self.setModel(self.model_)
        _table(self)
        self.combos: list[QComboBox] = []

    def show_rows(self, columns: Sequence[str], rows: Sequence[Sequence[str]],
                  mapping: dict[int, str], first_row: int = 1) -> None:
        width = max([len(columns), *(len(r) for r in rows)], default=0)
        headers = [columns[i] if i < len(columns) and columns[i]
                   else _("Column {n}").format(n=i + 1) for i in range(width)]
        names = [str(first_row + n) for n in range(len(rows))]
        same = self.model_.headers == headers
        self.model_.set_rows(headers, rows, names)
        self.model_.set_mapping(mapping)
        self._make_choosers(width)  # the model's reset took the old ones away
        for col, combo in enumerate(self.combos):
            self._choose(combo, mapping.get(col, IGNORE))
            self.setIndexWidget(self.model_.index(0, col), combo)
        self.setRowHeight(0, max((c.sizeHint().height() for c in self.combos), default=24) + 4)
        if not same:
            for col in range(width):
                self.setColumnWidth(col, max(160, min(260, self.sizeHintForColumn(col) + 16)))

    def _make_choosers(self, width: int) -> None:
        self.combos = []
        choices = field_choices()
        for col in range(width):
            combo = QComboBox()
            combo.setAccessibleName(_("Field of column {n}").format(n=col + 1))
            for value, label in choices:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(lambda _i, c=col: self._picked(c))
            self.combos.append(combo)

    @staticmethod
    def _choose(combo: QComboBox, value: str) -> None:
        combo.blockSignals(True)
        index = combo.findData(value)
        if index < 0:  # a field of a known layout not offered by hand ("phone:Fax")
            combo.addItem(value, value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def mapping(self) -> dict[int, str]:
        return {col: str(combo.currentData()) for col, combo in enumerate(self.combos)
                if combo.currentData()}

    def _picked(self, _col: int) -> None:
        mapping = self.mapping()
        self.model_.set_mapping(mapping)
        self.mappingChanged.emit(mapping)


def _when(value: date | datetime) -> str:
    if isinstance(value, datetime):
        local = value.astimezone() if value.tzinfo else value
        return f"{short_date(local.date())} {local:%H:%M}"
    return short_date(value)


def contact_row(c: ContactRecord) -> list[str]:
    return [c.name, c.company, ", ".join(p.value for p in c.phones),
            ", ".join(e.value for e in c.emails),
            short_date(c.birthday) if c.birthday else "", ", ".join(c.tags)]


def contact_headers() -> list[str]:
    return [_("Name"), _("Company"), _("Phones"), _("E-mails"), _("Birthday"),
            _("Tags")]


def event_row(e: EventRecord) -> list[str]:
    return [_when(e.start), e.summary,
            ", ".join(a.label or a.value for a in e.attendees)]


def event_headers() -> list[str]:
    return [_("When"), _("Summary"), _("With")]


class RecordsTable(QTableView):
    """What a vCard file (contacts) or a calendar (events) was read as."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = RowsModel(self)
        self.setModel(self.model_)
        _table(self)
        self.horizontalHeader().setStretchLastSection(True)

    def show_contacts(self, contacts: Sequence[ContactRecord], limit: int) -> None:
        shown = contacts[:limit]
        self.model_.set_rows(contact_headers(), [contact_row(c) for c in shown],
                             [str(c.source) for c in shown])
        self._fit()

    def show_events(self, events: Sequence[EventRecord], limit: int) -> None:
        shown = events[:limit]
        self.model_.set_rows(event_headers(), [event_row(e) for e in shown],
                             [str(e.source) for e in shown])
        self._fit()

    def _fit(self) -> None:
        for col in range(self.model_.columnCount() - 1):
            self.setColumnWidth(col, max(90, min(260, self.sizeHintForColumn(col) + 16)))
