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
from app.i18n import _

NO_DATE = QDate(1900, 1, 1)  # the date editor's "empty" value (DATE_MIN), shown as a dash


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


class DateField(QWidget):
    """A date that may be empty: a checkbox turns it on, the editor has a calendar popup."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox()
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(date_format())
        limit_dates(self.edit)  # from NO_DATE
        self.edit.setSpecialValueText("—")
        self.edit.setDate(NO_DATE)
        self.edit.setEnabled(False)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("0000-00-00") + 48)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.edit.blockSignals(True)
        if on and self.edit.date() == NO_DATE:
            self.edit.setDate(_qdate(self._today))
        elif not on:
            self.edit.setDate(NO_DATE)
        self.edit.blockSignals(False)
        if on and self.check.hasFocus():  # ticked by the user: on to the date
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def value(self) -> str | None:
        picked = self.edit.date()
        if not self.check.isChecked() or picked == NO_DATE:
            return None
        return date(picked.year(), picked.month(), picked.day()).isoformat()

    def set_value(self, value: date | str | None) -> None:
        """Show a date (or none) without it counting as an edit."""
        self.blockSignals(True)
        try:
            if value:
                when = value if isinstance(value, date) else date.fromisoformat(value)
                self.check.setChecked(True)
                self.edit.setDate(_qdate(when))
            else:
                self.check.setChecked(False)
        finally:
            self.blockSignals(False)


def value_editor(field: dict[str, Any], value: Any, today: Callable[[], date],
                 edited: Callable[[], None], left: Callable[[], None]) -> QWidget:
    """A new editor of a field, showing `value`: `edited` is called after every change, `left`
    when a line is left (Enter, or the cursor going elsewhere); `today` is where a date
    starts when it is turned on."""
    kind = field["type"]
    if kind == "longtext":
        box = QPlainTextEdit(value or "")
        box.setTabChangesFocus(True)
        line = box.fontMetrics().lineSpacing()
        box.setFixedHeight(line * 4 + 12)
        box.textChanged.connect(lambda: edited())
        return box
    if kind == "date":
        when = DateField(today())
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
    """What an editor made by value_editor() holds now, as fill() takes it."""
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, DateField):
        return editor.value()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    assert isinstance(editor, QLineEdit)  # the editor of every other kind of field
    return editor.text()
