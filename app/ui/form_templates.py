"""The form-template editor of a sales manager: templates on the left, the selected one's
name, description and fields on the right, exported to and imported from a small JSON file.

Unsaved edits of a template are kept while the dialog is open (switching to another template
loses nothing); closing with unsaved edits asks first.  Like the other dialogs it is opened
with open() and reports through signals.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import RingbinderError
from app.i18n import n_
from app.services.forms import FIELD_TYPES, MAX_IMPORT_BYTES

KEY = Qt.ItemDataRole.UserRole
NEW_PREFIX = "new:"
COL_LABEL, COL_TYPE, COL_REQUIRED, COL_CHOICES = range(4)
ERROR_COLOUR = "#b3261e"
INFO_COLOUR = "#2f6b2f"


def _choices(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _blank(field: dict[str, Any]) -> bool:
    """A row added and never filled in: left out when the template is saved."""
    return (not field["label"].strip() and field["type"] == "text" and not field["required"]
            and not field["choices"])


def _normal(fields: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Fields as comparable tuples (choices only count for a choice field)."""
    return [(f.get("label", "").strip(), f.get("type", "text"), bool(f.get("required")),
             tuple(f.get("choices") or ()) if f.get("type") == "choice" else ())
            for f in fields]


class FormTemplateEditor(QDialog):
    """FormTemplateEditor(services, parent): edit the binder's form templates.

    Emits `templates_changed` after a template is saved, deleted or imported."""

    templates_changed = Signal()

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Form templates"))
        self.resize(980, 560)
        self._saved: dict[str, Any] = {}  # template id -> TemplateView
        self._drafts: dict[str, dict[str, Any]] = {}  # key -> unsaved state
        self._new_keys: list[str] = []
        self._new_count = 0
        self._key: str | None = None
        self._loading = False
        self._closing = False
        self._rows: list[dict[str, QWidget]] = []
        self.type_names = {
            "text": self.tr("Text"), "longtext": self.tr("Long text"),
            "number": self.tr("Number"), "date": self.tr("Date"),
            "choice": self.tr("Choice"), "yesno": self.tr("Yes / no"),
        }
        self._build()
        self._reload(select=None)
        (self.list if self.list.count() else self.new_button).setFocus()

    # -- building -------------------------------------------------------------------------
    def _button(self, text: str, slot: Any, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter in a field must not press a button
        button.clicked.connect(slot)
        if tip:
            button.setToolTip(tip)
        return button

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        heading = QLabel(self.tr("&Templates"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Form templates"))
        heading.setBuddy(self.list)
        self.list.currentItemChanged.connect(self._switch)
        left_layout.addWidget(heading)
        left_layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.new_button = self._button(self.tr("&New"), self.new_template,
                                       self.tr("A new template (Ctrl+N)"))
        self.delete_button = self._button(self.tr("De&lete"), self.delete_template)
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        left_layout.addLayout(row)
        splitter.addWidget(left)

        self.editor = QWidget()
        right = QVBoxLayout(self.editor)
        right.setContentsMargins(6, 0, 0, 0)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Visit report"))
        self.description = QLineEdit()
        self.description.setPlaceholderText(self.tr("When to use it, for whom"))
        form.addRow(self.tr("Na&me"), self.name)
        form.addRow(self.tr("&Description"), self.description)
        right.addLayout(form)
        self.name.textChanged.connect(self._changed)
        self.description.textChanged.connect(self._changed)

        fields_label = QLabel(self.tr("&Fields"))
        right.addWidget(fields_label)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(self.tr("Fields of the form"))
        self.table.setHorizontalHeaderLabels([self.tr("Label"), self.tr("Type"),
                                              self.tr("Required"), self.tr("Choices")])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setTabKeyNavigation(False)  # Tab follows the editors, see _chain()
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
            self.tr("Required")) + 28)
        self.table.verticalHeader().setDefaultSectionSize(
            max(probe.sizeHint().height(), QLineEdit().sizeHint().height()) + 6)
        fields_label.setBuddy(self.table)
        right.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.add_button = self._button(self.tr("&Add field"), self.add_field,
                                       self.tr("Add a field after the current one"))
        self.remove_button = self._button(self.tr("&Remove field"), self.remove_field)
        self.up_button = self._button(self.tr("Move &up"), lambda: self.move_field(-1),
                                      self.tr("Move the current field up (Ctrl+Up)"))
        self.down_button = self._button(self.tr("Move do&wn"), lambda: self.move_field(1),
                                        self.tr("Move the current field down (Ctrl+Down)"))
        for button in (self.add_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.up_button, self.down_button):
            row.addWidget(button)
        right.addLayout(row)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 740])

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("Message"))
        outer.addWidget(self.message)

        bottom = QHBoxLayout()
        self.import_button = self._button(self.tr("&Import…"), self.import_file,
                                          self.tr("Add or update templates from a file"))
        self.export_button = self._button(self.tr("&Export…"), self.export_file,
                                          self.tr("Write all saved templates to a file"))
        self.save_button = self._button(self.tr("&Save"), self.save,
                                        self.tr("Save this template (Ctrl+S)"))
        self.close_button = self._button(self.tr("Close"), self.reject)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        outer.addLayout(bottom)

        for keys, slot in ((QKeySequence.StandardKey.Save, self.save),
                           (QKeySequence.StandardKey.New, self.new_template),
                           ("Ctrl+Up", lambda: self.move_field(-1)),
                           ("Ctrl+Down", lambda: self.move_field(1))):
            QShortcut(QKeySequence(keys), self, slot)

    # -- the list of templates ------------------------------------------------------------
    def _reload(self, select: str | None) -> None:
        """Read the templates again and rebuild the list, keeping drafts and new ones."""
        self._stash()
        self._saved = {t.id: t for t in self.services.forms.templates()}
        if self._key is not None and self._key not in self._saved and \
                not self._key.startswith(NEW_PREFIX):
            self._key = None  # deleted meanwhile
        self.list.blockSignals(True)
        self.list.clear()
        for key in [*self._saved, *self._new_keys]:
            item = QListWidgetItem()
            item.setData(KEY, key)
            self.list.addItem(item)
            self._label_item(item)
        self.list.blockSignals(False)
        wanted = select or self._key
        if wanted is None and self.list.count():
            wanted = self.list.item(0).data(KEY)
        self._key = None
        item = self._item(wanted) if wanted else None
        if item is not None:
            self.list.setCurrentItem(item)  # loads it through _switch
        else:
            self._show(None)

    def _item(self, key: str) -> QListWidgetItem | None:
        for n in range(self.list.count()):
            if self.list.item(n).data(KEY) == key:
                return self.list.item(n)
        return None

    def _label_item(self, item: QListWidgetItem) -> None:
        key = item.data(KEY)
        state = self._state() if key == self._key else self._drafts.get(key)
        name = (state or {}).get("name", "").strip() if state else ""
        if not name:
            name = self._saved[key].name if key in self._saved else self.tr("New template")
        dirty = self._dirty(key, state)
        item.setText(f"{name} *" if dirty else name)
        font = item.font()
        font.setItalic(dirty)
        item.setFont(font)
        if key in self._saved and self._saved[key].description:
            item.setToolTip(self._saved[key].description)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole,
                     self.tr("unsaved changes") if dirty else "")

    def _clean(self, key: str) -> dict[str, Any]:
        saved = self._saved.get(key)
        if saved is None:
            return {"name": "", "description": "", "fields": []}
        return {"name": saved.name, "description": saved.description,
                "fields": [dict(f) for f in saved.fields]}

    def _dirty(self, key: str, state: dict[str, Any] | None) -> bool:
        if state is None:
            return key.startswith(NEW_PREFIX)
        if key.startswith(NEW_PREFIX):  # new: unsaved as soon as anything is typed
            return bool(state["name"].strip() or state["description"].strip() or any(
                f["label"].strip() or f["choices"] for f in state["fields"]))
        clean = self._clean(key)
        return (state["name"].strip(), state["description"].strip(),
                _normal(state["fields"])) != (clean["name"], clean["description"],
                                              _normal(clean["fields"]))

    def _stash(self) -> None:
        """Keep the edits of the template on show (if any) while another is shown."""
        if self._key is None:
            return
        state = self._state()
        if self._dirty(self._key, state) or self._key.startswith(NEW_PREFIX):
            self._drafts[self._key] = state
        else:
            self._drafts.pop(self._key, None)
        previous = self._item(self._key)
        if previous is not None:
            self._label_item(previous)

    def _switch(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        self._stash()
        self._key = current.data(KEY) if current is not None else None
        self._say("")
        if self._key is None:
            self._show(None)
        else:
            self._show(self._drafts.get(self._key) or self._clean(self._key))

    def unsaved(self) -> list[str]:
        """The names of templates with changes not saved yet."""
        names = []
        for n in range(self.list.count()):
            key = self.list.item(n).data(KEY)
            state = self._state() if key == self._key else self._drafts.get(key)
            if self._dirty(key, state):
                names.append((state or {}).get("name", "").strip() or self.tr("New template"))
        return names

    # -- the selected template ------------------------------------------------------------
    def _show(self, state: dict[str, Any] | None) -> None:
        self._loading = True
        try:
            self.editor.setEnabled(state is not None)
            self.delete_button.setEnabled(state is not None)
            self.save_button.setEnabled(state is not None)
            state = state or {"name": "", "description": "", "fields": []}
            self.name.setText(state["name"])
            self.description.setText(state["description"])
            self._set_fields(state["fields"])
        finally:
            self._loading = False
        if self._key is None:
            self._say(self.tr("There are no form templates yet: press New to make one.")
                      if not self.list.count() else "")

    def _state(self) -> dict[str, Any]:
        return {"name": self.name.text(), "description": self.description.text(),
                "fields": self.fields()}

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

    def _set_fields(self, fields: list[dict[str, Any]], focus: tuple[int, int] | None = None
                    ) -> None:
        self.table.setRowCount(0)
        self._rows = []
        self.table.setRowCount(len(fields))
        for n, spec in enumerate(fields):
            self._rows.append(self._make_row(n, spec))
        self._chain()
        if focus is not None and self._rows:
            row = min(max(focus[0], 0), len(self._rows) - 1)
            widget = self._cell(row, focus[1])
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.table.setCurrentCell(row, focus[1])
        self._update_buttons()

    def _make_row(self, n: int, spec: dict[str, Any]) -> dict[str, QWidget]:
        label = QLineEdit(spec.get("label", ""))
        label.setProperty("field_name", spec.get("name") or "")
        label.setPlaceholderText(self.tr("Label of the field"))
        label.setAccessibleName(self.tr("Label of field {n}").format(n=n + 1))
        label.setFrame(False)
        kind = QComboBox()
        for key in FIELD_TYPES:
            kind.addItem(self.type_names[key], key)
        kind.setCurrentIndex(max(0, kind.findData(spec.get("type", "text"))))
        kind.setAccessibleName(self.tr("Type of field {n}").format(n=n + 1))
        required = QCheckBox()
        required.setChecked(bool(spec.get("required")))
        required.setAccessibleName(self.tr("Field {n} is required").format(n=n + 1))
        required.setToolTip(self.tr("Required: the form is marked until it is filled"))
        holder = QWidget()
        box = QHBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(required, 0, Qt.AlignmentFlag.AlignCenter)
        choices = QLineEdit(", ".join(spec.get("choices") or []))
        choices.setAccessibleName(self.tr("Choices of field {n}").format(n=n + 1))
        choices.setToolTip(self.tr("The answers to choose from, separated by commas"))
        choices.setFrame(False)
        choices.setStyleSheet("QLineEdit:disabled { background: transparent; }")
        row = {"label": label, "type": kind, "required": required, "choices": choices}
        for col, widget in enumerate((label, kind, holder, choices)):
            self.table.setCellWidget(n, col, widget)
        for col, widget in enumerate((label, kind, required, choices)):
            widget.setProperty("cell", (n, col))
            widget.installEventFilter(self)
        label.textChanged.connect(self._changed)
        choices.textChanged.connect(self._changed)
        required.toggled.connect(self._changed)
        kind.currentIndexChanged.connect(lambda _i, r=row: self._type_changed(r))
        self._type_changed(row, initial=True)
        return row

    def _type_changed(self, row: dict[str, QWidget], initial: bool = False) -> None:
        is_choice = row["type"].currentData() == "choice"
        choices = row["choices"]
        choices.setEnabled(is_choice)
        choices.setPlaceholderText(self.tr("e.g. low, medium, high") if is_choice else "")
        if not initial:
            self._changed()

    def fields_row(self, row: int) -> dict[str, QWidget]:
        """The editors of one field: "label", "type", "required" and "choices"."""
        return dict(self._rows[row])

    def _cell(self, row: int, col: int) -> QWidget:
        widgets = self._rows[row]
        return (widgets["label"], widgets["type"], widgets["required"], widgets["choices"])[col]

    def _chain(self) -> None:
        """Tab goes through the fields row by row, then on to the buttons."""
        chain: list[QWidget] = [self.list, self.new_button, self.delete_button, self.name,
                                self.description]
        for row in self._rows:
            chain += [row["label"], row["type"], row["required"], row["choices"]]
        chain += [self.add_button, self.remove_button, self.up_button, self.down_button,
                  self.import_button, self.export_button, self.save_button, self.close_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            cell = watched.property("cell")
            if cell is not None and cell[0] < self.table.rowCount():
                self.table.setCurrentCell(cell[0], cell[1])  # scrolls it into view
                self._update_buttons()
        return super().eventFilter(watched, event)

    def _current_row(self) -> int:
        focused = self.focusWidget()
        cell = focused.property("cell") if focused is not None else None
        if cell is not None and cell[0] < len(self._rows):
            return int(cell[0])
        return self.table.currentRow() if self.table.currentRow() < len(self._rows) else -1

    def _current_col(self) -> int:
        focused = self.focusWidget()
        cell = focused.property("cell") if focused is not None else None
        if cell is not None:
            return int(cell[1])
        return max(self.table.currentColumn(), COL_LABEL)

    def _update_buttons(self) -> None:
        row, count = self._current_row(), len(self._rows)
        self.remove_button.setEnabled(count > 0)
        self.up_button.setEnabled(count > 1 and row > 0)
        self.down_button.setEnabled(count > 1 and 0 <= row < count - 1)

    def _changed(self) -> None:
        if self._loading or self._key is None:
            return
        item = self._item(self._key)
        if item is not None:
            self._label_item(item)

    # -- field actions --------------------------------------------------------------------
    def add_field(self) -> None:
        if self._key is None:
            return
        fields = self.fields()
        at = self._current_row() + 1 if self._rows else 0
        at = at if 0 < at <= len(fields) else len(fields)
        fields.insert(at, {"label": "", "type": "text", "required": False, "choices": []})
        self._set_fields(fields, focus=(at, COL_LABEL))
        self._changed()

    def remove_field(self) -> None:
        row = self._current_row()
        if self._key is None or not self._rows:
            return
        row = row if row >= 0 else len(self._rows) - 1
        fields = self.fields()
        del fields[row]
        self._set_fields(fields, focus=(min(row, len(fields) - 1), COL_LABEL))
        if not fields:
            self.add_button.setFocus()
        self._changed()

    def move_field(self, step: int) -> None:
        row, col = self._current_row(), self._current_col()
        target = row + step
        if self._key is None or row < 0 or not 0 <= target < len(self._rows):
            return
        fields = self.fields()
        fields[row], fields[target] = fields[target], fields[row]
        self._set_fields(fields, focus=(target, col))
        self._changed()

    # -- template actions -----------------------------------------------------------------
    def new_template(self) -> None:
        self._new_count += 1
        key = f"{NEW_PREFIX}{self._new_count}"
        self._new_keys.append(key)
        self._drafts[key] = {"name": "", "description": "",
                             "fields": [{"label": "", "type": "text", "required": False,
                                         "choices": []}]}
        item = QListWidgetItem()
        item.setData(KEY, key)
        self.list.addItem(item)
        self._label_item(item)
        self.list.setCurrentItem(item)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> bool:
        """Save the selected template; a refused one stays as typed, with the reason."""
        if self._key is None:
            return False
        state = self._state()
        template_id = None if self._key.startswith(NEW_PREFIX) else self._key
        fields = [f for f in state["fields"] if not _blank(f)]
        try:
            saved_id = self.services.forms.save_template(
                state["name"], fields, state["description"], template_id)
        except RingbinderError as exc:
            self._say(str(exc), error=True)
            self._focus_problem(state)
            return False
        self._drafts.pop(self._key, None)
        if self._key in self._new_keys:
            self._new_keys.remove(self._key)
        self._key = None  # nothing to stash: it is saved
        self._reload(select=saved_id)
        self._say(self.tr("Saved “{name}”.").format(name=self._saved[saved_id].name))
        self.templates_changed.emit()
        return True

    def _focus_problem(self, state: dict[str, Any]) -> None:
        """Put the cursor where the refused input most likely is."""
        if not state["name"].strip():
            self.name.setFocus()
            return
        for n, spec in enumerate(state["fields"]):
            if not spec["label"].strip():
                self._cell(n, COL_LABEL).setFocus()
                return
            if spec["type"] == "choice" and not spec["choices"]:
                self._cell(n, COL_CHOICES).setFocus()
                return
        if not state["fields"]:
            self.add_button.setFocus()

    def delete_template(self) -> None:
        key = self._key
        if key is None:
            return
        if key.startswith(NEW_PREFIX):
            self._forget(key)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete template"),
                          self.tr("Delete the template “{name}”? Forms already added to "
                                  "dossiers keep their fields and values.").format(
                              name=self._saved[key].name),
                          QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._delete(key) if button is delete else None)
        box.open()

    def _delete(self, key: str) -> None:
        try:
            self.services.forms.delete_template(key)
        except RingbinderError as exc:
            self._say(str(exc), error=True)
            return
        name = self._saved[key].name
        self._forget(key)
        self._say(self.tr("Deleted “{name}”.").format(name=name))
        self.templates_changed.emit()

    def _forget(self, key: str) -> None:
        row = self.list.row(self._item(key)) if self._item(key) else 0
        self._drafts.pop(key, None)
        if key in self._new_keys:
            self._new_keys.remove(key)
        self._key = None
        self._reload(select=None)
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.list.setFocus()

    # -- files ----------------------------------------------------------------------------
    def _ask_export_path(self) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export form templates"), "form-templates.json",
            self.tr("Form templates (*.json)"))
        if not path:
            return None
        return Path(path) if Path(path).suffix else Path(path).with_suffix(".json")

    def _ask_import_path(self) -> Path | None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import form templates"), "",
            self.tr("Form templates (*.json);;All files (*)"))
        return Path(path) if path else None

    def export_file(self) -> None:
        if not self._saved:
            self._say(self.tr("There is no saved template to export."), error=True)
            return
        path = self._ask_export_path()
        if path is None:
            return
        try:
            path.write_bytes(self.services.forms.export_templates())
        except OSError as exc:
            self._say(self.tr("Cannot write {file}: {reason}").format(
                file=path.name, reason=exc.strerror or exc), error=True)
            return
        text = n_("Exported {count} template to {file}.", "Exported {count} templates to {file}.",
                  len(self._saved), file=path.name)
        if self.unsaved():
            text += " " + self.tr("Changes not saved yet are not in the file.")
        self._say(text)

    def import_file(self) -> None:
        path = self._ask_import_path()
        if path is None:
            return
        try:
            if path.stat().st_size > MAX_IMPORT_BYTES:
                raise RingbinderError(self.tr("This file is too large to be a file of form "
                                              "templates."))
            data = path.read_bytes()
            ids = self.services.forms.import_templates(data)
        except OSError as exc:
            self._say(self.tr("Cannot read {file}: {reason}").format(
                file=path.name, reason=exc.strerror or exc), error=True)
            return
        except RingbinderError as exc:
            self._say(self.tr("{file} was not imported: {reason}").format(
                file=path.name, reason=exc), error=True)
            return
        self._reload(select=ids[0] if ids else None)
        self._say(n_("Imported {count} template from {file}.",
                     "Imported {count} templates from {file}.", len(ids), file=path.name))
        self.templates_changed.emit()

    # -- messages and closing -------------------------------------------------------------
    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR if error else INFO_COLOUR};")
        self.message.setProperty("error", error)
        font = self.message.font()
        font.setWeight(QFont.Weight.DemiBold if error else QFont.Weight.Normal)
        self.message.setFont(font)

    def message_text(self) -> str:
        return self.message.text()

    def reject(self) -> None:
        pending = self.unsaved()
        if self._closing or not pending:
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Form templates"),
                          self.tr("Some templates have changes not saved yet: {names}.\n"
                                  "Close and lose them?").format(names=", ".join(pending)),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                          self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self._close_anyway()
            if box.standardButton(button) == QMessageBox.StandardButton.Discard else None)
        box.open()

    def _close_anyway(self) -> None:
        self._closing = True
        super().reject()
