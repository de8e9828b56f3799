"""The form-template editor of a sales manager: templates on the left, the selected one's
name, description and fields (a FieldsTable) on the right, exported to and imported from a
small JSON file.

Unsaved edits of a template are kept while the dialog is open (switching to another template
loses nothing, see TemplateDrafts); closing with unsaved edits asks first.  Like the other
dialogs it is opened with open() and reports through signals.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import RingbinderError
from app.i18n import _, n_
from app.services.dto import Changes
from app.ui import form_template_files as files
from app.ui.form_fields_table import FieldsTable, blank_field, is_blank, plain_button
from app.ui.form_template_drafts import TemplateDrafts, empty_state, is_new, typed_name
from app.ui.operations import BinderBridge, bridge_of
from app.ui.theme import OVERDUE_TEXT

KEY = Qt.ItemDataRole.UserRole
ERROR_COLOUR = OVERDUE_TEXT.name()  # the red of the whole window's warnings
INFO_COLOUR = "#2f6b2f"


class FormTemplateEditor(QDialog):
    """FormTemplateEditor(services, parent): edit the binder's form templates.

    Emits `templates_changed` after a template is saved, deleted or imported."""

    templates_changed = Signal()

    def __init__(self, services: Any, parent: QWidget | None = None,
                 bridge: BinderBridge | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bridge = bridge_of(services, bridge, self)
        # every save, deletion and import of templates is announced on the change path
        self.templates_changed.connect(lambda: self.bridge.announce(Changes(templates=True)))
        self.setWindowTitle(_("Form templates"))
        self.resize(980, 560)
        self.drafts = TemplateDrafts()
        self._key: str | None = None  # the template on show
        self._loading = False
        self._closing = False
        self._build()
        self._reload(select=None)
        (self.list if self.list.count() else self.new_button).setFocus()

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        heading = QLabel(_("&Templates"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Form templates"))
        heading.setBuddy(self.list)
        self.list.currentItemChanged.connect(self._switch)
        left_layout.addWidget(heading)
        left_layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.new_button = plain_button(_("&New"), self.new_template,
                                       _("A new template (Ctrl+N)"))
        self.delete_button = plain_button(_("De&lete"), self.delete_template)
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        left_layout.addLayout(row)
        splitter.addWidget(left)

        self.editor = QWidget()
        right = QVBoxLayout(self.editor)
        right.setContentsMargins(6, 0, 0, 0)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Visit report"))
        self.description = QLineEdit()
        self.description.setPlaceholderText(_("When to use it, for whom"))
        form.addRow(_("Na&me"), self.name)
        form.addRow(_("&Description"), self.description)
        right.addLayout(form)
        self.name.textChanged.connect(self._changed)
        self.description.textChanged.connect(self._changed)

        self.fields_table = FieldsTable()
        self.fields_table.changed.connect(self._changed)
        self.fields_table.rebuilt.connect(self._chain)
        self.add_button, self.remove_button, self.up_button, self.down_button = \
            self.fields_table.buttons
        right.addWidget(self.fields_table, 1)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 740])

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(_("Message"))
        outer.addWidget(self.message)

        bottom = QHBoxLayout()
        self.import_button = plain_button(_("&Import…"), self.import_file,
                                          _("Add or update templates from a file"))
        self.export_button = plain_button(_("&Export…"), self.export_file,
                                          _("Write all saved templates to a file"))
        self.save_button = plain_button(_("&Save"), self.save,
                                        _("Save this template (Ctrl+S)"))
        self.close_button = plain_button(_("Close"), self.reject)
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

    def _chain(self) -> None:
        """Tab goes through the fields row by row, then on to the buttons."""
        chain = [self.list, self.new_button, self.delete_button, self.name, self.description,
                 *self.fields_table.focus_chain(), self.import_button, self.export_button,
                 self.save_button, self.close_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- the list of templates ------------------------------------------------------------
    def _reload(self, select: str | None) -> None:
        """Read the templates again and rebuild the list, keeping drafts and new ones."""
        self._stash()
        self.drafts.load(self.services.forms.templates())
        if self._key is not None and not self.drafts.known(self._key):
            self._key = None  # deleted meanwhile
        self.list.blockSignals(True)
        self.list.clear()
        for key in self.drafts.listed():
            self._add_item(key)
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

    def _add_item(self, key: str) -> QListWidgetItem:
        item = QListWidgetItem()
        item.setData(KEY, key)
        self.list.addItem(item)
        self._label_item(item)
        return item

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(n) for n in range(self.list.count())]

    def _item(self, key: str) -> QListWidgetItem | None:
        return next((item for item in self._items() if item.data(KEY) == key), None)

    def _state_of(self, key: str) -> dict[str, Any] | None:
        """The state of a template as typed: on show, or kept as a draft (None: as saved)."""
        return self._state() if key == self._key else self.drafts.draft(key)

    def _label_item(self, item: QListWidgetItem) -> None:
        key = item.data(KEY)
        state = self._state_of(key)
        saved = self.drafts.saved.get(key)
        name = typed_name(state)
        if not name:
            name = saved.name if saved is not None else _("New template")
        dirty = self.drafts.dirty(key, state)
        item.setText(f"{name} *" if dirty else name)
        font = item.font()
        font.setItalic(dirty)
        item.setFont(font)
        if saved is not None and saved.description:
            item.setToolTip(saved.description)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole,
                     _("unsaved changes") if dirty else "")

    def _stash(self) -> None:
        """Keep the edits of the template on show (if any) while another is shown."""
        if self._key is None:
            return
        self.drafts.keep(self._key, self._state())
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
            self._show(self.drafts.state(self._key))

    def unsaved(self) -> list[str]:
        """The names of templates with changes not saved yet."""
        states = [(key, self._state_of(key)) for key in (i.data(KEY) for i in self._items())]
        return [typed_name(state) or _("New template") for key, state in states
                if self.drafts.dirty(key, state)]

    # -- the selected template ------------------------------------------------------------
    def _show(self, state: dict[str, Any] | None) -> None:
        self._loading = True
        try:
            self.editor.setEnabled(state is not None)
            self.delete_button.setEnabled(state is not None)
            self.save_button.setEnabled(state is not None)
            state = state or empty_state()
            self.name.setText(state["name"])
            self.description.setText(state["description"])
            self.fields_table.set_fields(state["fields"])
        finally:
            self._loading = False
        if self._key is None:
            self._say(_("There are no form templates yet: press New to make one.")
                      if not self.list.count() else "")

    def _state(self) -> dict[str, Any]:
        return {"name": self.name.text(), "description": self.description.text(),
                "fields": self.fields()}

    def fields(self) -> list[dict[str, Any]]:
        """The fields as typed, in the shape save_template takes."""
        return self.fields_table.fields()

    def fields_row(self, row: int) -> dict[str, QWidget]:
        """The editors of one field: "label", "type", "required" and "choices"."""
        return self.fields_table.row_editors(row)

    def _changed(self) -> None:
        if self._loading or self._key is None:
            return
        item = self._item(self._key)
        if item is not None:
            self._label_item(item)

    # -- field actions (with a template on show) ------------------------------------------
    def add_field(self) -> None:
        if self._key is not None:
            self.fields_table.add_field()

    def remove_field(self) -> None:
        if self._key is not None:
            self.fields_table.remove_field()

    def move_field(self, step: int) -> None:
        if self._key is not None:
            self.fields_table.move_field(step)

    # -- template actions -----------------------------------------------------------------
    def new_template(self) -> None:
        key = self.drafts.add({**empty_state(), "fields": [blank_field()]})
        self.list.setCurrentItem(self._add_item(key))
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> bool:
        """Save the selected template; a refused one stays as typed, with the reason."""
        if self._key is None:
            return False
        state = self._state()
        template_id = None if is_new(self._key) else self._key
        fields = [f for f in state["fields"] if not is_blank(f)]
        try:
            saved_id = self.services.forms.save_template(
                state["name"], fields, state["description"], template_id)
        except RingbinderError as exc:
            self._say(str(exc), error=True)
            if not state["name"].strip():  # the cursor goes where the refused input likely is
                self.name.setFocus()
            else:
                self.fields_table.focus_problem()
            return False
        self.drafts.drop(self._key)
        self._key = None  # nothing to stash: it is saved
        self._reload(select=saved_id)
        self._say(_("Saved “{name}”.").format(name=self.drafts.saved[saved_id].name))
        self.templates_changed.emit()
        return True

    def delete_template(self) -> None:
        key = self._key
        if key is None:
            return
        if is_new(key):
            self._forget(key)
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Delete template"),
                          _("Delete the template “{name}”? Forms already added to "
                                  "dossiers keep their fields and values.").format(
                              name=self.drafts.saved[key].name),
                          QMessageBox.StandardButton.Cancel, self)
        self._confirm(box, box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole),
                      lambda: self._delete(key))

    def _delete(self, key: str) -> None:
        try:
            self.services.forms.delete_template(key)
        except RingbinderError as exc:
            self._say(str(exc), error=True)
            return
        name = self.drafts.saved[key].name
        self._forget(key)
        self._say(_("Deleted “{name}”.").format(name=name))
        self.templates_changed.emit()

    def _forget(self, key: str) -> None:
        item = self._item(key)
        row = self.list.row(item) if item else 0
        self.drafts.drop(key)
        self._key = None
        self._reload(select=None)
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.list.setFocus()

    # -- files ----------------------------------------------------------------------------
    def _ask_export_path(self) -> Path | None:
        return files.ask_export_path(self)

    def _ask_import_path(self) -> Path | None:
        return files.ask_import_path(self)

    def export_file(self) -> None:
        if not self.drafts.saved:
            self._say(_("There is no saved template to export."), error=True)
            return
        path = self._ask_export_path()
        if path is None:
            return
        try:
            files.write_templates(self.services, path)
        except files.TemplateFileError as exc:
            self._say(str(exc), error=True)
            return
        text = n_("Exported {count} template to {file}.", "Exported {count} templates to {file}.",
                  len(self.drafts.saved), file=path.name)
        if self.unsaved():
            text += " " + _("Changes not saved yet are not in the file.")
        self._say(text)

    def import_file(self) -> None:
        path = self._ask_import_path()
        if path is None:
            return
        try:
            ids = files.read_templates(self.services, path)
        except files.TemplateFileError as exc:
            self._say(str(exc), error=True)
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
        box = QMessageBox(QMessageBox.Icon.Warning, _("Form templates"),
                          _("Some templates have changes not saved yet: {names}.\n"
                                  "Close and lose them?").format(names=", ".join(pending)),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                          self)
        self._confirm(box, box.button(QMessageBox.StandardButton.Discard), self._close_anyway)

    def _close_anyway(self) -> None:
        self._closing = True
        super().reject()

    def _confirm(self, box: QMessageBox, yes: QAbstractButton, then: Callable[[], None]) -> None:
        """Ask in a box over the dialog, Cancel the default; `then` runs if `yes` is pressed."""
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: then() if button is yes else None)
        box.open()
