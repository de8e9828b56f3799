"""The next step agreed in a conversation, chosen from the keyboard: a quick choice (tomorrow,
the next working day, in a week, in two weeks, in a month) with the date it lands on, a date
picked in a date field whose calendar opens from the keyboard too, or no further contact and
the dossier archived with a reason.  Alt+1 … Alt+7 choose; the time, purpose and fixed
appointment go with a date.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from app.binder import WorkCalendar
from app.binder.limits import DATE_MAX
from app.binder.postpone import QuickStep, quick_dates
from app.i18n import _, month_name, weekday_name
from app.services import validate as v
from app.services.filing import NextStep
from app.ui.form_notes import FieldErrors, Refusals, hint

PICKED = "date"
ARCHIVE = "archive"
CHOICES = (*(step.value for step in QuickStep), PICKED, ARCHIVE)  # in the order of Alt+1 …


def day_label(day: date, today: date | None = None) -> str:
    """'Thu 26 Nov' (with the year when it is not this year's)."""
    text = f"{weekday_name(day)} {day.day} {month_name(day.month, 'abbreviated')}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DateEdit(QDateEdit):
    """A date edit that Tab leaves (the sections are walked with the arrow keys), that
    starts on the day number, so that typing "15" means the 15th, and whose calendar opens
    from the keyboard too (Alt+Down or F4, as a combo box's list does)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and \
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        if self.calendarPopup() and (alt_down or event.key() == Qt.Key.Key_F4):
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        """Open the calendar popup; Qt opens it only for a click on the arrow, so this clicks
        there."""
        option = QStyleOptionComboBox()
        option.initFrom(self)
        option.editable = True
        option.subControls = QStyle.SubControl.SC_All
        arrow = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxArrow, self)
        centre = QPointF(arrow.center())
        for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            QApplication.sendEvent(self, QMouseEvent(
                kind, centre, self.mapToGlobal(centre), Qt.MouseButton.LeftButton,
                Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress
                else Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))

    def focusNextPrevChild(self, forward: bool) -> bool:
        return QWidget.focusNextPrevChild(self, forward)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.setSelectedSection(QDateTimeEdit.Section.DaySection)


class NextStepBox(QGroupBox):
    """The "Next contact" group of the contact form.

    Signals: changed(str), with the name of the choice, whenever the choice changes or the
    picked date is edited.

    Attributes: `dates` (the date of each quick choice), `choices` (choice name -> radio
    button, names as in CHOICES), `date_labels` (quick choice name -> the label showing its
    date), and the input widgets date_edit, reason, time, purpose and fixed.  Refusals of the
    date, reason, time and purpose are shown through the FieldErrors given."""

    changed = Signal(str)

    def __init__(self, today: date, calendar: WorkCalendar, errors: FieldErrors,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Next contact"))
        self.today = today
        self.dates: dict[QuickStep, date] = quick_dates(today, calendar)
        self._errors = errors
        self._form = QFormLayout(self)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._choices()

        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.addItems([_("won"), _("lost"), _("not interested")])
        self.reason.setCurrentText("")
        reason_line = self.reason.lineEdit()
        assert reason_line is not None  # editable, so it has its line edit
        self._reason_line: QLineEdit = reason_line
        self._reason_line.setPlaceholderText(_("Why is this finished?"))
        self._form.addRow(_("&Reason:"), self.reason)
        errors.add_row(self._form, "reason", self.reason)

        self.time = QLineEdit()
        self.time.setPlaceholderText(_("HH:MM"))
        self.time.setMaxLength(5)
        self.time.setFixedWidth(self.time.fontMetrics().horizontalAdvance("00:000") + 16)
        self.time.setToolTip(_("Optional: the time agreed, as HH:MM"))
        self._form.addRow(_("&Time:"), self.time)
        errors.add_row(self._form, "time", self.time)

        self.purpose = QLineEdit()
        self._form.addRow(_("&Purpose:"), self.purpose)
        errors.add_row(self._form, "purpose", self.purpose)

        self.fixed = QCheckBox(_("Fi&xed appointment"))
        self.fixed.setToolTip(_("A fixed appointment is never moved by rebalancing"))
        self._form.addRow("", self.fixed)

    def _choices(self) -> None:
        """The choices, each with its shortcut (and its date, for a quick one), and the date
        field on the row of a picked date."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        texts = {
            QuickStep.TOMORROW.value: _("Tomorrow"),
            QuickStep.NEXT_WORKING_DAY.value: _("Next working day"),
            QuickStep.ONE_WEEK.value: _("In a week"),
            QuickStep.TWO_WEEKS.value: _("In two weeks"),
            QuickStep.ONE_MONTH.value: _("In a month"),
            PICKED: _("A date…"),
            ARCHIVE: _("No further contact: archive"),
        }
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        self.date_labels: dict[str, QLabel] = {}
        for row, name in enumerate(CHOICES):
            keys = QKeySequence(f"Alt+{row + 1}")
            QShortcut(keys, self).activated.connect(lambda name=name: self.choose(name))
            shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
            button = QRadioButton(texts[name])
            button.setObjectName(f"choice_{name}")
            button.setToolTip(shown)
            self.group.addButton(button, row)
            self.choices[name] = button
            grid.addWidget(button, row, 0)
            grid.addWidget(hint(shown), row, 2, Qt.AlignmentFlag.AlignRight)
            if name in QuickStep._value2member_map_:
                label = QLabel(day_label(self.dates[QuickStep(name)], self.today))
                self.date_labels[name] = label
                grid.addWidget(label, row, 1)
        self.date_edit = DateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setMinimumDate(_qdate(self.today))
        self.date_edit.setMaximumDate(min(_qdate(self.today).addYears(10), _qdate(DATE_MAX)))
        self.date_edit.setDate(_qdate(self.dates[QuickStep.NEXT_WORKING_DAY]))
        self.date_edit.setToolTip(_("The agreed date; Alt+Down opens the calendar"))
        self.date_edit.dateChanged.connect(self._date_edited)
        grid.addWidget(self.date_edit, CHOICES.index(PICKED), 1)
        grid.addWidget(self._errors.label("date", self.date_edit), len(CHOICES), 0, 1, 3)
        self._form.addRow(grid)
        self.group.idToggled.connect(self._choice_toggled)

    def tab_chain(self) -> tuple[QWidget, ...]:
        """The widgets in the order Tab walks them."""
        return (*self.choices.values(), self.date_edit, self.reason, self.time, self.purpose,
                self.fixed)

    def last_fields(self) -> tuple[QWidget, ...]:
        """The widgets where Enter confirms the form, for the choice made."""
        if self.choice() == ARCHIVE:
            return (self.reason, self._reason_line)
        return (self.purpose, self.fixed)

    # -- the choice ------------------------------------------------------------------------
    def choose(self, name: str, focus: bool = True) -> None:
        """Select a next-step choice (as Alt+1 … Alt+7 do) and put the cursor where the
        choice needs it: the date, the reason, or the choice itself."""
        button = self.choices[str(name)]
        button.setChecked(True)
        if not focus:
            return
        if name == PICKED:
            self.date_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif name == ARCHIVE:
            self.reason.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def choice(self) -> str:
        """The name of the chosen next step (one of CHOICES)."""
        checked = self.group.checkedId()
        return CHOICES[checked] if checked >= 0 else QuickStep.NEXT_WORKING_DAY.value

    def next_date(self) -> date | None:
        """The next-contact date chosen (None when archiving)."""
        name = self.choice()
        if name == ARCHIVE:
            return None
        if name == PICKED:
            picked = self.date_edit.date()
            return date(picked.year(), picked.month(), picked.day())
        return self.dates[QuickStep(name)]

    def _date_edited(self, _value: QDate) -> None:
        if self.date_edit.hasFocus() or self.date_edit.calendarWidget().isVisible():
            self.choices[PICKED].setChecked(True)
        self._choice_changed()

    def _choice_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._choice_changed()

    def _choice_changed(self) -> None:
        name = self.choice()
        archiving = name == ARCHIVE
        # Tab stops once in the group, on the checked choice (as Qt does once one has had
        # focus); the date edit is a stop only when a date is being picked
        for key, button in self.choices.items():
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if key == name
                                  else Qt.FocusPolicy.ClickFocus)
        self.date_edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus if name == PICKED
                                      else Qt.FocusPolicy.ClickFocus)
        for widget in (self.time, self.purpose, self.fixed):
            widget.setEnabled(not archiving)
        self._form.setRowVisible(self.reason, archiving)
        if not archiving:
            self._errors.show("reason", None)
        self.changed.emit(name)
        when = self.next_date()
        example = day_label(when) if when else day_label(self.dates[QuickStep.ONE_WEEK])
        self.purpose.setPlaceholderText(
            _("e.g. call on {date} about the quote").format(date=example))

    # -- reading ---------------------------------------------------------------------------
    def read(self, today: date, refusals: Refusals) -> tuple[NextStep, str | None]:
        """The next step written, and the archive reason when archiving; each field is
        checked, its refusal kept in `refusals`."""
        if self.choice() == ARCHIVE:
            reason = self.reason.currentText()
            refusals.check("reason", lambda: v.text_field("reason", reason, required=True))
            return NextStep(), reason
        when = self.next_date()
        time = self.time.text()
        purpose = self.purpose.text()
        if when is not None:
            refusals.check("date", lambda: v.future_date(when, today))
        refusals.check("time", lambda: v.parse_time(time))
        refusals.check("purpose", lambda: v.text_field("purpose", purpose))
        return NextStep(when, time.strip() or None, purpose, fixed=self.fixed.isChecked()), None
