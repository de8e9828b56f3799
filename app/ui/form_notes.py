"""The notes the contact form writes around its fields: a refusal in red under the field it
concerns, a hint in grey beside it.

Input is checked field by field: each check that raises InvalidInput is kept as a refusal of
its field (Refusals), and FieldErrors shows every refusal under its field at once, hides the
others and puts the cursor on the first field to correct.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app.errors import InvalidInput

ERROR_STYLE = "QLabel { color: #c0392b; }"
MUTED = "#7a756c"


def hint(text: str = "") -> QLabel:
    """A label in grey, for what is said beside a field rather than in it."""
    label = QLabel(text)
    label.setStyleSheet(f"QLabel {{ color: {MUTED}; }}")
    return label


class FieldError(QLabel):
    """A red message under a field, wrapped to the field's width: its size hint is the
    height of the text at the width the layout gave it (a wrapped QLabel otherwise asks for
    a narrow, tall box and leaves a gap under a short message)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setStyleSheet(ERROR_STYLE)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > hint.width():
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()


class Refusals(dict[str, str]):
    """The refusals found while checking a form: field name -> the message."""

    def check(self, field: str, test: Callable[[], object]) -> None:
        """Run one check of a field and keep its refusal, if any."""
        try:
            test()
        except InvalidInput as exc:
            self[field] = str(exc)


class FieldErrors:
    """The red messages of one form, by field name, in the order of the fields (top to
    bottom).  `labels` maps each field to its message label."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self._rows: dict[str, QFormLayout] = {}

    def _new(self, field: str, widget: QWidget) -> FieldError:
        label = FieldError()
        label.setObjectName(f"error_{field}")
        self.labels[field] = label
        self._widgets[field] = widget
        return label

    def label(self, field: str, widget: QWidget) -> FieldError:
        """A message label for `widget`'s field, hidden until needed, for the caller to
        place where a form row will not do."""
        label = self._new(field, widget)
        label.hide()
        return label

    def add_row(self, form: QFormLayout, field: str, widget: QWidget) -> None:
        """A message row under the form's last row (the field's), hidden until needed."""
        label = self._new(field, widget)
        form.addRow("", label)
        form.setRowVisible(label, False)
        self._rows[field] = form

    def show(self, field: str, message: str | None) -> None:
        label = self.labels[field]
        label.setText(message or "")
        if field in self._rows:
            self._rows[field].setRowVisible(label, bool(message))
        else:
            label.setVisible(bool(message))

    def show_all(self, refusals: dict[str, str]) -> bool:
        """Show each refusal under its field and hide the other messages; the cursor goes to
        the first field refused.  True when nothing was refused."""
        for field in self.labels:
            self.show(field, refusals.get(field))
        first = next((field for field in self.labels if field in refusals), None)
        if first is not None:
            self._widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)
        return first is None
