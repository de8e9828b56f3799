"""The editor of one value of a filled form, by the type of its field: a line (text, number),
a box of lines (long text), a date that may be empty, a list to pick from (choice, yes / no);
and the value an editor holds, as FormService.fill takes it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from app.binder.limits import DATE_MAX, DATE_MIN
from app.date_input import DateInputError
from app.i18n import _
from app.ui.date_field import DateField


def date_format() -> str:
    """The locale's short date, always with a four-digit year (ISO when there is no locale)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return "yyyy-MM-dd"
    text = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return text if "yyyy" in text else text.replace("yy", "yyyy")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def limit_dates(edit: QDateEdit | QCalendarWidget, first: date | None = None) -> None:
    """Offer only the days a binder can hold (app.binder.limits), from `first` on: the
    services refuse any other, so the calendar should not offer them."""
    edit.setDateRange(_qdate(max(first or DATE_MIN, DATE_MIN)), _qdate(DATE_MAX))


class OptionalDateField(QWidget):
    """A date that may be empty: a checkbox turns it on, then a day is typed as in any date
    field (see app/ui/date_field.py).

    Ticking the box chooses no day: the line waits, empty, for one, so that a form never
    holds today unasked. Text that names no day is no value at all: value() refuses it while
    the line is red (the form says nothing is saved), rather than keep a day from before that
    the user can no longer see. Unticking empties the line."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox()
        self.edit = DateField(today, note_below=True)
        self.edit.setEnabled(False)
        layout.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.edit)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._toggled)
        self.edit.changed.connect(self.changed)  # every edit, a refused one too

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if not on:
            self.edit.blockSignals(True)
            self.edit.clear()
            self.edit.blockSignals(False)
        elif self.check.hasFocus():  # ticked by the user: on to the date
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def value(self) -> str | None:
        """The day as fill() takes it, None when the box is off or no day is typed yet;
        raises DateInputError while the line is refused."""
        if not self.check.isChecked():
            return None
        day = self.edit.day()
        if day is not None:
            return day.isoformat()
        if self.edit.refused():
            raise DateInputError(_("The date is not saved until it names a day."))
        return None

    def set_value(self, value: date | str | None) -> None:
        """Show a date (or none) without it counting as an edit."""
        self.blockSignals(True)
        try:
            if value:
                when = value if isinstance(value, date) else date.fromisoformat(value)
                self.check.setChecked(True)
                self.edit.setDate(when)
            else:
                self.check.setChecked(False)
        finally:
            self.blockSignals(False)


def value_editor(field: dict[str, Any], value: Any, today: Callable[[], date],
                 edited: Callable[[], None], left: Callable[[], None]) -> QWidget:
    """A new editor of a field, showing `value`: `edited` is called after every change, `left`
    when a line is left (Enter, or the cursor going elsewhere); `today` is the day a typed
    date counts from ("15", "fri", "+3")."""
    kind = field["type"]
    if kind == "longtext":
        box = QPlainTextEdit(value or "")
        box.setTabChangesFocus(True)
        line = box.fontMetrics().lineSpacing()
        box.setFixedHeight(line * 4 + 12)
        box.textChanged.connect(lambda: edited())
        return box
    if kind == "date":
        when = OptionalDateField(today())
        when.set_value(value)
        when.changed.connect(lambda: edited())
        return when
    if kind in ("choice", "yesno"):
        combo = QComboBox()
        combo.addItem("", None)
        if kind == "choice":
            for choice in field["choices"]:
                combo.addItem(choice, choice)
        else:
            combo.addItem(_("Yes"), True)
            combo.addItem(_("No"), False)
        combo.setMinimumContentsLength(6)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
        combo.currentIndexChanged.connect(lambda _i: edited())
        return combo
    text = QLineEdit("" if value is None else str(value))
    if kind == "number":
        text.setMaximumWidth(text.fontMetrics().horizontalAdvance("0" * 16) + 16)
        text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        text.setPlaceholderText(_("a number"))
    text.textChanged.connect(lambda _t: edited())
    text.editingFinished.connect(lambda: left())
    return text


def editor_value(editor: QWidget) -> Any:
    """What an editor made by value_editor() holds now, as fill() takes it; raises
    InvalidInput when it holds nothing fill() could take (a date that names no day)."""
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, OptionalDateField):
        return editor.value()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    assert isinstance(editor, QLineEdit)  # the editor of every other kind of field
    return editor.text()
