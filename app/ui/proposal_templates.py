"""The proposal templates of a sales manager: templates on the left, the selected one's name,
subject, letter (with the placeholders listed beside it), validity and tax rate on the
right; exported to and imported from a small JSON file to hand to the team.

Edits of a template are kept while another is shown (the list marks it with *); closing with
edits not saved asks first.  Opened with open(), like the other dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import RingbinderError
from app.i18n import _, n_
from app.services.proposals import DEFAULT_VALIDITY_DAYS, MAX_IMPORT_BYTES, MAX_VALIDITY_DAYS
from app.ui import form_template_files as files
from app.ui.operations import BinderBridge, bridge_of
from app.ui.proposal_dialog import placeholder_help
from app.ui.theme import OVERDUE_TEXT

KEY = Qt.ItemDataRole.UserRole
NEW = "new:"  # the key of a template not saved yet
ERROR_COLOUR = OVERDUE_TEXT.name()
INFO_COLOUR = "#2f6b2f"


def _empty() -> dict[str, Any]:
    return {"name": "", "subject": "", "body": "", "validity_days": DEFAULT_VALIDITY_DAYS,
            "tax_rate": ""}


class ProposalTemplateEditor(QDialog):
    """ProposalTemplateEditor(services, parent): edit the binder's proposal templates."""

    templates_changed = Signal()

    def __init__(self, services: Any, parent: QWidget | None = None,
                 bridge: BinderBridge | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bridge = bridge_of(services, bridge, self)
        self.setWindowTitle(_("Proposal templates"))
        self.resize(980, 620)
        self.saved: dict[str, dict[str, Any]] = {}
        self.drafts: dict[str, dict[str, Any]] = {}
        self._key: str | None = None
        self._loading = False
        self._closing = False
        self._new = 0
        self._build()
        self._reload(None)
        (self.list if self.list.count() else self.new_button).setFocus()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 6, 0)
        heading = QLabel(_("&Templates"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Proposal templates"))
        heading.setBuddy(self.list)
        self.list.currentItemChanged.connect(self._switch)
        box.addWidget(heading)
        box.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.new_button = self._button(_("&New"), self.new_template)
        self.delete_button = self._button(_("De&lete"), self.delete_template)
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        box.addLayout(row)
        splitter.addWidget(left)

        self.editor = QWidget()
        right = QVBoxLayout(self.editor)
        right.setContentsMargins(6, 0, 0, 0)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Standard offer"))
        self.subject = QLineEdit()
        self.subject.setPlaceholderText(_("e.g. Our offer for {company}"))
        self.validity = QSpinBox()
        self.validity.setRange(1, MAX_VALIDITY_DAYS)
        self.validity.setFixedWidth(90)
        self.tax_rate = QLineEdit()
        self.tax_rate.setPlaceholderText(_("e.g. 23"))
        self.tax_rate.setFixedWidth(90)
        form.addRow(_("Na&me"), self.name)
        form.addRow(_("Su&bject"), self.subject)
        form.addRow(_("&Valid for (days)"), self.validity)
        form.addRow(_("Ta&x % of new lines"), self.tax_rate)
        right.addLayout(form)
        letter = QHBoxLayout()
        text_box = QVBoxLayout()
        body_label = QLabel(_("Lette&r"))
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        body_label.setBuddy(self.body)
        text_box.addWidget(body_label)
        text_box.addWidget(self.body, 1)
        letter.addLayout(text_box, 1)
        self.placeholders = QLabel(_("Placeholders") + "\n\n" + placeholder_help())
        self.placeholders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.placeholders.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.placeholders.setWordWrap(True)
        self.placeholders.setMaximumWidth(280)
        letter.addWidget(self.placeholders)
        right.addLayout(letter, 1)
        splitter.addWidget(self.editor)
        splitter.setSizes([240, 740])
        for signal in (self.name.textChanged, self.subject.textChanged,
                       self.validity.valueChanged, self.tax_rate.textChanged,
                       self.body.textChanged):
            signal.connect(self._changed)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.message)
        bottom = QHBoxLayout()
        self.import_button = self._button(_("&Import…"), self.import_file)
        self.export_button = self._button(_("&Export…"), self.export_file)
        self.save_button = self._button(_("&Save"), self.save)
        self.close_button = self._button(_("Close"), self.reject)
        for button in (self.import_button, self.export_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        outer.addLayout(bottom)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.new_template)

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: slot())
        return button

    # -- the list -------------------------------------------------------------------------
    def _reload(self, select: str | None) -> None:
        self._stash()
        self.drafts = {k: v for k, v in self.drafts.items()
                       if v != self.saved.get(k, _empty())}  # only the edited are kept
        self.saved = {t.id: {"name": t.name, "subject": t.subject, "body": t.body,
                             "validity_days": t.validity_days, "tax_rate": t.tax_rate}
                      for t in self.services.proposals.templates()}
        self.drafts = {k: v for k, v in self.drafts.items() if k.startswith(NEW)
                       or k in self.saved}
        keys = list(self.saved) + [k for k in self.drafts if k.startswith(NEW)]
        wanted = select or (self._key if self._key in keys else None) or (keys[0] if keys
                                                                          else None)
        self._key = None
        self.list.blockSignals(True)
        self.list.clear()
        for key in keys:
            item = QListWidgetItem()
            item.setData(KEY, key)
            self.list.addItem(item)
            self._label(item)
        found = next((self.list.item(n) for n in range(self.list.count())
                      if self.list.item(n).data(KEY) == wanted), None)
        if found is not None:
            self.list.setCurrentItem(found)
        self.list.blockSignals(False)
        self._switch(found)

    def _state(self) -> dict[str, Any]:
        return {"name": self.name.text(), "subject": self.subject.text(),
                "body": self.body.toPlainText(), "validity_days": self.validity.value(),
                "tax_rate": self.tax_rate.text()}

    def _state_of(self, key: str) -> dict[str, Any]:
        if key == self._key:
            return self._state()
        return self.drafts.get(key) or self.saved.get(key) or _empty()

    def _dirty(self, key: str) -> bool:
        return self._state_of(key) != self.saved.get(key, _empty())

    def _label(self, item: QListWidgetItem) -> None:
        key = item.data(KEY)
        name = self._state_of(key)["name"].strip() or _("New template")
        item.setText(f"{name} *" if self._dirty(key) else name)

    def _stash(self) -> None:
        if self._key is not None:
            self.drafts[self._key] = self._state()

    def _switch(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        self._stash()
        self._key = current.data(KEY) if current is not None else None
        self._say("")
        key = self._key
        self._show(None if key is None else self.drafts.get(key) or self.saved.get(key))

    def _show(self, state: dict[str, Any] | None) -> None:
        self._loading = True
        try:
            for widget in (self.editor, self.delete_button, self.save_button):
                widget.setEnabled(state is not None)
            state = state or _empty()
            self.name.setText(state["name"])
            self.subject.setText(state["subject"])
            self.body.setPlainText(state["body"])
            self.validity.setValue(state["validity_days"])
            self.tax_rate.setText(state["tax_rate"])
        finally:
            self._loading = False
        if self._key is None and not self.list.count():
            self._say(_("There are no proposal templates yet: press New to make one."))

    def _changed(self) -> None:
        if self._loading or self._key is None:
            return
        item = self.list.currentItem()
        if item is not None:
            self._label(item)

    def unsaved(self) -> list[str]:
        """The names of the templates with edits not saved yet."""
        keys = [self.list.item(n).data(KEY) for n in range(self.list.count())]
        return [self._state_of(k)["name"].strip() or _("New template") for k in keys
                if self._dirty(k)]

    def unsaved_work(self) -> str | None:
        """The templates with edits not saved yet (what the crash dialog lists)."""
        pending = [] if self._closing else self.unsaved()
        if not pending:
            return None
        return _("proposal templates not saved yet: {names}").format(names=", ".join(pending))

    # -- actions --------------------------------------------------------------------------
    def new_template(self) -> None:
        self._new += 1
        key = f"{NEW}{self._new}"
        self.drafts[key] = {**_empty(), "body": _(
            "Dear {client},\n\nthank you for our conversation. As agreed, here is our offer "
            "for {company}: {total} in all, valid until {valid_until}.\n\n"
            "Kind regards,\n{salesperson}")}
        self._reload(key)
        self.name.setFocus()

    def save(self) -> bool:
        if self._key is None:
            return False
        state = self._state()
        template_id = None if self._key.startswith(NEW) else self._key
        try:
            saved_id = self.bridge.write(lambda: self.services.proposals.save_template(
                state["name"], state["subject"], state["body"], state["validity_days"],
                state["tax_rate"], template_id))
        except RingbinderError as exc:
            self._say(str(exc), error=True)
            return False
        self.drafts.pop(self._key, None)
        self._key = None
        self._reload(saved_id)
        self._say(_("Saved “{name}”.").format(name=self.saved[saved_id]["name"]))
        self.templates_changed.emit()
        return True

    def delete_template(self) -> None:
        key = self._key
        if key is None:
            return
        if key.startswith(NEW):
            self.drafts.pop(key, None)
            self._key = None
            self._reload(None)
            return
        name = self.saved[key]["name"]
        box = QMessageBox(QMessageBox.Icon.Question, _("Delete template"), _(
            "Delete the template “{name}”? Proposals already made stay in their "
            "dossiers.").format(name=name), QMessageBox.StandardButton.Cancel, self)
        yes = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        self._confirm(box, yes, lambda: self._delete(key, name))

    def _delete(self, key: str, name: str) -> None:
        try:
            self.bridge.write(lambda: self.services.proposals.delete_template(key))
        except RingbinderError as exc:
            self._say(str(exc), error=True)
            return
        self.drafts.pop(key, None)
        self._key = None
        self._reload(None)
        self._say(_("Deleted “{name}”.").format(name=name))
        self.templates_changed.emit()

    # -- files ----------------------------------------------------------------------------
    def _ask_export_path(self) -> Path | None:
        return files.ask_export_path(self, _("Export proposal templates"),
                                     "proposal-templates.json", _("Proposal templates (*.json)"))

    def _ask_import_path(self) -> Path | None:
        return files.ask_import_path(self, _("Import proposal templates"),
                                     _("Proposal templates (*.json);;All files (*)"))

    def export_file(self) -> None:
        if not self.saved:
            self._say(_("There is no saved template to export."), error=True)
            return
        path = self._ask_export_path()
        if path is None:
            return
        try:
            path.write_bytes(self.services.proposals.export_templates())
        except OSError as exc:
            self._say(_("Cannot write {file}: {reason}").format(
                file=path.name, reason=exc.strerror or exc), error=True)
            return
        text = n_("Exported {count} template to {file}.", "Exported {count} templates to {file}.",
                  len(self.saved), file=path.name)
        if self.unsaved():
            text += " " + _("Changes not saved yet are not in the file.")
        self._say(text)

    def import_file(self) -> None:
        path = self._ask_import_path()
        if path is None:
            return
        try:
            if path.stat().st_size > MAX_IMPORT_BYTES:  # refused before it is read
                raise RingbinderError(_("This file is too large to be a file of proposal "
                                        "templates."))
            data = path.read_bytes()
            ids = self.bridge.write(lambda: self.services.proposals.import_templates(data))
        except OSError as exc:
            self._say(_("Cannot read {file}: {reason}").format(
                file=path.name, reason=exc.strerror or exc), error=True)
            return
        except RingbinderError as exc:
            self._say(_("{file} was not imported: {reason}").format(file=path.name, reason=exc),
                      error=True)
            return
        self._reload(ids[0] if ids else None)
        self._say(n_("Imported {count} template from {file}.",
                     "Imported {count} templates from {file}.", len(ids), file=path.name))
        self.templates_changed.emit()

    # -- messages and closing -------------------------------------------------------------
    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR if error else INFO_COLOUR};")
        self.message.setProperty("error", error)

    def reject(self) -> None:
        pending = self.unsaved()
        if self._closing or not pending:
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Proposal templates"), _(
            "Some templates have changes not saved yet: {names}.\nClose and lose them?").format(
            names=", ".join(pending)),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        self._confirm(box, box.button(QMessageBox.StandardButton.Discard), self._close_anyway)

    def _close_anyway(self) -> None:
        self._closing = True
        super().reject()

    def _confirm(self, box: QMessageBox, yes: Any, then: Callable[[], None]) -> None:
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: then() if button is yes else None)
        box.open()


def edit_proposal_templates(window: Any) -> None:
    """The window's "Proposal templates…"."""
    window.open_dialog(ProposalTemplateEditor(window.services, window, bridge=window.bridge))
