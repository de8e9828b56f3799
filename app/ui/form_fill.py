"""A form on a dossier, filled in place: one editor per field (see form_value_editors),
saved by itself; and the dialog that adds a form to a dossier.

Edits are saved half a second after the typing stops (and at once on flush(), when a line is
left, or when the widget is hidden), each save one call to FormService.fill.  A value the
binder refuses gets its reason under its field and is not saved; required fields still empty
have their label in red.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QHideEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidInput, RingbinderError
from app.i18n import _, n_
from app.services.dto import Changes, FormView
from app.services.forms import check_value, missing
from app.ui.form_value_editors import editor_value, value_editor
from app.ui.operations import BinderBridge, bridge_of
from app.ui.theme import OVERDUE_TEXT, TEXT_DIM

SAVE_DELAY_MS = 500
ERROR_COLOUR = OVERDUE_TEXT.name()  # the red of the whole window's warnings
DIM_COLOUR = TEXT_DIM.name()


def _error_label() -> QLabel:
    """A red message, hidden until there is something to say."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.hide()
    return label


class FilledFormWidget(QWidget):
    """FilledFormWidget(services, form, parent): a form of a dossier, filled in place.

    Emits `saved(Changes)` after every save that reached the binder."""

    saved = Signal(object)

    def __init__(self, services: Any, form: FormView, parent: QWidget | None = None,
                 bridge: BinderBridge | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bridge = bridge_of(services, bridge, self)
        self.form = form
        self.fields: list[dict[str, Any]] = [dict(f) for f in form.fields]
        self._values: dict[str, Any] = dict(form.values)
        self._pending: set[str] = set()
        self._loading = True
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._build()
        self._loading = False
        self._mark(missing(self.fields, self._values))

    @property
    def form_id(self) -> str:
        return self.form.id

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        head = QHBoxLayout()
        self.title = QLabel(self.form.title)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel()
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.title, 1)
        head.addWidget(self.summary)
        outer.addLayout(head)
        self.status = _error_label()
        outer.addWidget(self.status)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        for n, field in enumerate(self.fields):
            name = field["name"]
            editor = value_editor(field, self._values.get(name), self.services.clock.today,
                                  partial(self._edited, name), self.flush)
            editor.setAccessibleName(field["label"])
            label = QLabel(self._label_text(field))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setBuddy(editor)
            label.setToolTip(_("Required") if field["required"] else "")
            error = _error_label()
            error.setTextFormat(Qt.TextFormat.PlainText)
            top = Qt.AlignmentFlag.AlignTop if field["type"] == "longtext" else \
                Qt.AlignmentFlag.AlignVCenter
            grid.addWidget(label, 2 * n, 0, Qt.AlignmentFlag.AlignLeft | top)
            if field["type"] in ("text", "longtext"):
                grid.addWidget(editor, 2 * n, 1)
            else:  # short values keep a short editor
                box = QHBoxLayout()
                box.addWidget(editor)
                box.addStretch(1)
                grid.addLayout(box, 2 * n, 1)
            grid.addWidget(error, 2 * n + 1, 1)
            self.editors[name], self.labels[name], self.errors[name] = editor, label, error
        outer.addLayout(grid)
        outer.addStretch(1)
        if self.services.readonly:
            for editor in self.editors.values():
                editor.setEnabled(False)
            self._status(_("The binder is open read-only: this form cannot be changed."))

    @staticmethod
    def _label_text(field: dict[str, Any]) -> str:
        text = field["label"].replace("&", "&&")  # the label has a buddy: & is a mnemonic
        return f"{text} *" if field["required"] else text

    # -- values ---------------------------------------------------------------------------
    def raw(self, name: str) -> Any:
        """What the editor of a field holds now, as fill() takes it."""
        return editor_value(self.editors[name])

    def values(self) -> dict[str, Any]:
        """The values as saved in the binder."""
        return dict(self._values)

    def error(self, name: str) -> str:
        """The refusal shown at a field ('' when none)."""
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

    def missing_labels(self) -> list[str]:
        """The labels of required fields marked as still empty."""
        return [f["label"] for f in self.fields if self.labels[f["name"]].property("missing")]

    def pending(self) -> bool:
        return bool(self._pending)

    # -- saving ---------------------------------------------------------------------------
    def _edited(self, name: str) -> None:
        if self._loading:
            return
        self._pending.add(name)
        self._timer.start()  # restarted by every edit: saved after a pause

    def flush(self) -> None:
        """Save what was typed now, without waiting for the pause."""
        self._timer.stop()
        if not self._pending:
            return
        by_name = {f["name"]: f for f in self.fields}
        names, self._pending = [f["name"] for f in self.fields if f["name"] in self._pending], set()
        good: dict[str, Any] = {}
        stored: dict[str, Any] = {}
        for name in names:
            try:
                raw = self.raw(name)  # a date that names no day is refused here
                value = check_value(by_name[name], raw)
            except InvalidInput as exc:
                self._error(name, str(exc))
                continue
            self._error(name, "")
            if value != self._values.get(name):
                good[name], stored[name] = raw, value
        if not good:
            return
        changes = Changes()
        still: list[str] | None = None
        try:
            still, changes = self.services.forms.fill(self.form.id, good)
            self.bridge.announce(changes)
        except InvalidInput:
            # one of them is refused after all: save them one by one to know which
            for name, raw in good.items():
                try:
                    still, more = self.services.forms.fill(self.form.id, {name: raw})
                except InvalidInput as exc:
                    self._error(name, str(exc))
                    stored.pop(name)
                    continue
                self.bridge.announce(more)
                changes.merge(more)
        except RingbinderError as exc:
            self._status(str(exc))
            return
        self._values.update(stored)
        self._status("")
        if still is not None:
            self._mark(still)
        if stored:
            self.saved.emit(changes)

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    # -- marks ----------------------------------------------------------------------------
    def _error(self, name: str, text: str) -> None:
        label = self.errors[name]
        label.setText(text)
        label.setVisible(bool(text))
        self.editors[name].setToolTip(text)

    def _status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _mark(self, still_missing: list[str]) -> None:
        """Red labels for the required fields still empty (the labels fill() reports)."""
        count = 0
        for field in self.fields:
            name = field["name"]
            empty = (field["required"] and field["label"] in still_missing
                     and self._values.get(name) is None)
            label = self.labels[name]
            label.setProperty("missing", empty)
            label.setStyleSheet(f"color: {ERROR_COLOUR};" if empty else "")
            if field["required"]:
                label.setToolTip(_("Required: still empty") if empty
                                 else _("Required"))
            count += empty
        if count:
            self.summary.setText(n_("{count} required field still empty",
                                    "{count} required fields still empty", count))
            self.summary.setStyleSheet(f"color: {ERROR_COLOUR};")
        else:
            self.summary.setText(_("Complete") if any(f["required"] for f in self.fields)
                                 else "")
            self.summary.setStyleSheet(f"color: {DIM_COLOUR};")


class AddFormDialog(QDialog):
    """AddFormDialog(services, dossier_id, parent): pick a template and add it as a form to
    the dossier.  Opened with open(); emits `form_added(form_id, Changes)`."""

    form_added = Signal(str, object)

    def __init__(self, services: Any, dossier_id: str, parent: QWidget | None = None,
                 bridge: BinderBridge | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bridge = bridge_of(services, bridge, self)
        self.dossier_id = dossier_id
        self.setWindowTitle(_("Add a form"))
        layout = QVBoxLayout(self)
        heading = QLabel(_("&Form template"))
        self.list = QListWidget()
        heading.setBuddy(self.list)
        self.templates = {t.id: t for t in services.forms.templates()}
        for template in self.templates.values():
            item = QListWidgetItem(template.name)
            item.setData(Qt.ItemDataRole.UserRole, template.id)
            item.setToolTip(template.description)
            self.list.addItem(item)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(f"color: {DIM_COLOUR};")
        self.message = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Add form"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for widget in (heading, self.list, self.detail, self.message, self.buttons):
            layout.addWidget(widget)
        self.list.currentItemChanged.connect(self._selected)
        self.list.itemActivated.connect(lambda _item: self.accept())
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.detail.setText(_("There are no form templates yet: a manager makes "
                                        "them in Form templates, or imports a file of them."))
            self._selected(None)

    def _selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        self.ok.setEnabled(item is not None)
        if item is None:
            return
        template = self.templates[item.data(Qt.ItemDataRole.UserRole)]
        count = n_("{count} field", "{count} fields", len(template.fields))
        self.detail.setText(f"{template.description} ({count})" if template.description
                            else count)

    def template_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def accept(self) -> None:
        template_id = self.template_id()
        if template_id is None:
            return
        try:
            form_id, changes = self.services.forms.add_form(self.dossier_id, template_id)
            self.bridge.announce(changes)
        except RingbinderError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        super().accept()
        self.form_added.emit(form_id, changes)
