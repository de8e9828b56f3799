"""The fields of a form template, edited as a table: one row of editors per field (its label,
its type, whether it is required, the choices of a choice field), rows added, removed and
moved from the keyboard, and the rows read back in the shape FormService.save_template takes.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.forms import FIELD_TYPES

COL_LABEL, COL_TYPE, COL_REQUIRED, COL_CHOICES = range(4)
Part = Literal["label", "type", "required", "choices"]
PARTS: tuple[Part, ...] = ("label", "type", "required", "choices")  # a row's editors, by column


class _Row(TypedDict):
    """The editors of one field, by part."""

    label: QLineEdit
    type: QComboBox
    required: QCheckBox
    choices: QLineEdit


def plain_button(text: str, slot: Any, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)  # Enter in a field must not press a button
    button.clicked.connect(slot)
    if tip:
        button.setToolTip(tip)
    return button


def blank_field() -> dict[str, Any]:
    return {"label": "", "type": "text", "required": False, "choices": []}


def is_blank(field: dict[str, Any]) -> bool:
    """A row added and never filled in: left out when the template is saved."""
    return (not field["label"].strip() and field["type"] == "text" and not field["required"]
            and not field["choices"])


def _choices(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


class FieldsTable(QWidget):
    """FieldsTable(parent): the fields of one template, a row of editors each, and the buttons
    that add, remove and move them.

    Emits `changed` after an edit of a row or a row added, removed or moved, and `rebuilt`
    when the rows were made anew, their editors to be put in the tab order (focus_chain())."""

    changed = Signal()
    rebuilt = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self.type_names = {
            "text": _("Text"), "longtext": _("Long text"),
            "number": _("Number"), "date": _("Date"),
            "choice": _("Choice"), "yesno": _("Yes / no"),
        }
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_("&Fields"))
        layout.addWidget(heading)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(_("Fields of the form"))
        self.table.setHorizontalHeaderLabels([_("Label"), _("Type"),
                                              _("Required"), _("Choices")])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setTabKeyNavigation(False)  # Tab follows the editors, see focus_chain()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_TYPE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_REQUIRED, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_CHOICES, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        probe = QComboBox()
        probe.addItems(list(self.type_names.values()))
        self.table.setColumnWidth(COL_TYPE, probe.sizeHint().width() + 8)
        self.table.setColumnWidth(COL_REQUIRED, header.fontMetrics().horizontalAdvance(
            _("Required")) + 28)
        self.table.verticalHeader().setDefaultSectionSize(
            max(probe.sizeHint().height(), QLineEdit().sizeHint().height()) + 6)
        heading.setBuddy(self.table)
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.add_button = plain_button(_("&Add field"), self.add_field,
                                       _("Add a field after the current one"))
        self.remove_button = plain_button(_("&Remove field"), self.remove_field)
        self.up_button = plain_button(_("Move &up"), lambda: self.move_field(-1),
                                      _("Move the current field up (Ctrl+Up)"))
        self.down_button = plain_button(_("Move do&wn"), lambda: self.move_field(1),
                                        _("Move the current field down (Ctrl+Down)"))
        self.buttons = (self.add_button, self.remove_button, self.up_button, self.down_button)
        for button in (self.add_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.up_button, self.down_button):
            row.addWidget(button)
        layout.addLayout(row)

    # -- the rows -------------------------------------------------------------------------
    def fields(self) -> list[dict[str, Any]]:
        """The fields as typed, in the shape save_template takes."""
        result = []
        for row in self._rows:
            kind = row["type"].currentData()
            result.append({"name": row["label"].property("field_name") or "",
                           "label": row["label"].text(), "type": kind,
                           "required": row["required"].isChecked(),
                           "choices": _choices(row["choices"].text())})
        return result

    def set_fields(self, fields: list[dict[str, Any]], focus: tuple[int, int] | None = None
                   ) -> None:
        """Make the rows anew, one per field; `focus` is the (row, column) for the cursor."""
        self.table.setRowCount(0)
        self._rows = []
        self.table.setRowCount(len(fields))
        for n, spec in enumerate(fields):
            self._rows.append(self._make_row(n, spec))
        self.rebuilt.emit()
        if focus is not None and self._rows:
            row = min(max(focus[0], 0), len(self._rows) - 1)
            widget = self._cell(row, focus[1])
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.setCurrentCell(row, focus[1])
        self._update_buttons()

    def _make_row(self, n: int, spec: dict[str, Any]) -> _Row:
        label = QLineEdit(spec.get("label", ""))
        label.setProperty("field_name", spec.get("name") or "")
        label.setPlaceholderText(_("Label of the field"))
        label.setAccessibleName(_("Label of field {n}").format(n=n + 1))
        label.setFrame(False)
        kind = QComboBox()
        for key in FIELD_TYPES:
            kind.addItem(self.type_names[key], key)
        kind.setCurrentIndex(max(0, kind.findData(spec.get("type", "text"))))
        kind.setAccessibleName(_("Type of field {n}").format(n=n + 1))
        required = QCheckBox()
        required.setChecked(bool(spec.get("required")))
        required.setAccessibleName(_("Field {n} is required").format(n=n + 1))
        required.setToolTip(_("Required: the form is marked until it is filled"))
        holder = QWidget()
        box = QHBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(required, 0, Qt.AlignmentFlag.AlignCenter)
        choices = QLineEdit(", ".join(spec.get("choices") or []))
        choices.setAccessibleName(_("Choices of field {n}").format(n=n + 1))
        choices.setToolTip(_("The answers to choose from, separated by commas"))
        choices.setFrame(False)
        choices.setStyleSheet("QLineEdit:disabled { background: transparent; }")
        row: _Row = {"label": label, "type": kind, "required": required, "choices": choices}
        for col, widget in enumerate((label, kind, holder, choices)):
            self.table.setCellWidget(n, col, widget)
        for col, part in enumerate(PARTS):
            row[part].setProperty("cell", (n, col))
            row[part].installEventFilter(self)
        label.textChanged.connect(self.changed)
        choices.textChanged.connect(self.changed)
        required.toggled.connect(self.changed)
        kind.currentIndexChanged.connect(lambda _i, r=row: self._type_changed(r))
        self._type_changed(row, initial=True)
        return row

    def _type_changed(self, row: _Row, initial: bool = False) -> None:
        is_choice = row["type"].currentData() == "choice"
        choices = row["choices"]
        choices.setEnabled(is_choice)
        choices.setPlaceholderText(_("e.g. low, medium, high") if is_choice else "")
        if not initial:
            self.changed.emit()

    def row_editors(self, row: int) -> dict[str, QWidget]:
        """The editors of one field: "label", "type", "required" and "choices"."""
        return {part: self._rows[row][part] for part in PARTS}

    def _cell(self, row: int, col: int) -> QWidget:
        return self._rows[row][PARTS[col]]

    def focus_chain(self) -> list[QWidget]:
        """What Tab goes through here: the fields row by row, then the buttons."""
        return [*(row[part] for row in self._rows for part in PARTS), *self.buttons]

    def focus_problem(self) -> None:
        """Put the cursor where the binder most likely refused the fields: a label left empty,
        a choice field without choices, or (with no field at all) Add field."""
        fields = self.fields()
        for n, spec in enumerate(fields):
            if not spec["label"].strip():
                self._cell(n, COL_LABEL).setFocus()
                return
            if spec["type"] == "choice" and not spec["choices"]:
                self._cell(n, COL_CHOICES).setFocus()
                return
        if not fields:
            self.add_button.setFocus()

    # -- the current row ------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            cell = watched.property("cell")
            if cell is not None and cell[0] < self.table.rowCount():
                self.table.setCurrentCell(cell[0], cell[1])  # scrolls it into view
                self._update_buttons()
        return super().eventFilter(watched, event)

    def _focused_cell(self) -> tuple[int, int] | None:
        """The (row, column) of the editor with the window's cursor, if it is one of ours."""
        focused = self.window().focusWidget()
        return focused.property("cell") if focused is not None else None

    def _current_row(self) -> int:
        cell = self._focused_cell()
        if cell is not None and cell[0] < len(self._rows):
            return int(cell[0])
        return self.table.currentRow() if self.table.currentRow() < len(self._rows) else -1

    def _current_col(self) -> int:
        cell = self._focused_cell()
        if cell is not None:
            return int(cell[1])
        return max(self.table.currentColumn(), COL_LABEL)

    def _update_buttons(self) -> None:
        row, count = self._current_row(), len(self._rows)
        self.remove_button.setEnabled(count > 0)
        self.up_button.setEnabled(count > 1 and row > 0)
        self.down_button.setEnabled(count > 1 and 0 <= row < count - 1)

    # -- field actions --------------------------------------------------------------------
    def add_field(self) -> None:
        """A blank field after the current one, the cursor in its label."""
        fields = self.fields()
        at = self._current_row() + 1 if self._rows else 0
        at = at if 0 < at <= len(fields) else len(fields)
        fields.insert(at, blank_field())
        self.set_fields(fields, focus=(at, COL_LABEL))
        self.changed.emit()

    def remove_field(self) -> None:
        row = self._current_row()
        if not self._rows:
            return
        row = row if row >= 0 else len(self._rows) - 1
        fields = self.fields()
        del fields[row]
        self.set_fields(fields, focus=(min(row, len(fields) - 1), COL_LABEL))
        if not fields:
            self.add_button.setFocus()
        self.changed.emit()

    def move_field(self, step: int) -> None:
        """Move the current field up (-1) or down (1), the cursor with it."""
        row, col = self._current_row(), self._current_col()
        target = row + step
        if row < 0 or not 0 <= target < len(self._rows):
            return
        fields = self.fields()
        fields[row], fields[target] = fields[target], fields[row]
        self.set_fields(fields, focus=(target, col))
        self.changed.emit()
