"""The next step agreed in a conversation, chosen from the keyboard: a quick choice (tomorrow,
the next working day, in a week, in two weeks, in a month) with the date it lands on, a date
typed in a date field ("15", "fri", "+3"; its calendar opens from the keyboard too), or no
further contact and the dossier archived with a reason.  Alt+1 … Alt+7 choose; the time,
purpose and fixed appointment go with a date.

Beside each date stands how full that day is (its count against the daily capacity); a day
chosen that has no room left says so under the choices and offers the nearest day with room
(Alt+8).  The days are read once, when the box is made: the quick choices' and the days around
them where a day with room is looked for.  The next step proposed keeps the shape of the one
it follows: its purpose, and a fixed appointment's flag and time.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from app.binder import WorkCalendar
from app.binder.limits import DATE_MAX
from app.binder.postpone import QuickStep, quick_dates
from app.errors import InvalidInput
from app.i18n import _
from app.services import validate as v
from app.services.filing import NextStep
from app.services.loads import SEARCH_DAYS, DayLoad, LoadService
from app.ui.date_field import DateField
from app.ui.day_load import LoadPill, day_label, full_text, pill_text
from app.ui.form_notes import ERROR_STYLE, FieldErrors, Refusals, hint

PICKED = "date"
ARCHIVE = "archive"
CHOICES = (*(step.value for step in QuickStep), PICKED, ARCHIVE)  # in the order of Alt+1 …
INSTEAD_KEYS = "Alt+8"  # the nearest day with room, when the day chosen is full


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _refuse(message: str) -> None:
    raise InvalidInput(message)


class NextStepBox(QGroupBox):
    """The "Next contact" group of the contact form.

    Signals: changed(str), with the name of the choice, whenever the choice changes or the
    picked date is edited.

    Attributes: `dates` (the date of each quick choice), `choices` (choice name -> radio
    button, names as in CHOICES), `date_labels` (quick choice name -> the label showing its
    date), `load_pills` (quick choice name -> the pill showing that day's load; the date
    field's note shows its day's),
    `full` (the note that the day chosen is full) with `instead` (the button filing on the
    nearest day with room), and the input widgets date_edit, reason, time, purpose and fixed.
    Refusals of the date, reason, time and purpose are shown through the FieldErrors given.

    With `loads` the box shows the days' loads, `lifted` being the day the dossier in hand
    is filed under now (it is out of that day's count, as a card taken out of its sheet)."""

    changed = Signal(str)

    def __init__(self, today: date, calendar: WorkCalendar, errors: FieldErrors,
                 parent: QWidget | None = None, *, loads: LoadService | None = None,
                 lifted: date | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Next contact"))
        self.today = today
        self.dates: dict[QuickStep, date] = quick_dates(today, calendar)
        self._errors = errors
        self._loads = loads
        self._lifted = lifted
        self._known: dict[date, DayLoad] = {}
        self._nearest: date | None = None
        if loads is not None:
            self._read_loads(today, max(self.dates.values()) + timedelta(days=SEARCH_DAYS))
        self._proposed_time = ""
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
        self.fixed.toggled.connect(self._fixed_toggled)
        self._form.addRow("", self.fixed)
        self._show_loads()

    def _choices(self) -> None:
        """The choices, each with its shortcut (and its date, for a quick one), and the date
        field on the row of a picked date."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(3, 1)
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
        self.load_pills: dict[str, LoadPill] = {}
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
            grid.addWidget(hint(shown), row, 4, Qt.AlignmentFlag.AlignRight)
            if name in QuickStep._value2member_map_:
                label = QLabel(day_label(self.dates[QuickStep(name)], self.today))
                self.date_labels[name] = label
                grid.addWidget(label, row, 1)
                grid.addWidget(self._pill(name), row, 2)
        last = _qdate(self.today).addYears(10)
        # the field's note says the day understood and its load (the loads read here)
        self.date_edit = DateField(
            self.today, minimum=self.today,
            maximum=min(date(last.year(), last.month(), last.day()), DATE_MAX),
            load=self._field_load if self._loads is not None else None)
        self.date_edit.setDate(self.dates[QuickStep.NEXT_WORKING_DAY])
        self.date_edit.changed.connect(self._date_edited)
        grid.addWidget(self.date_edit, CHOICES.index(PICKED), 1, 1, 3)
        grid.addWidget(self._errors.label("date", self.date_edit), len(CHOICES), 0, 1, 5)
        self._form.addRow(grid)
        self._form.addRow(self._full_note())
        self.group.idToggled.connect(self._choice_toggled)

    def _pill(self, name: str) -> LoadPill:
        pill = LoadPill()
        pill.hide()
        self.load_pills[name] = pill
        return pill

    def _full_note(self) -> QWidget:
        """The note that the day chosen is full, and the nearest day with room to take."""
        self.full = QWidget()
        box = QGridLayout(self.full)
        box.setContentsMargins(0, 0, 0, 0)
        box.setVerticalSpacing(2)
        box.setColumnStretch(1, 1)
        self.full_label = QLabel()
        self.full_label.setWordWrap(True)
        self.full_label.setStyleSheet(ERROR_STYLE)
        box.addWidget(self.full_label, 0, 0, 1, 3)
        self.instead = QPushButton()
        self.instead.setObjectName("instead")
        self.instead.setAutoDefault(False)
        self.instead.clicked.connect(self.take_nearest)
        keys = QKeySequence(INSTEAD_KEYS)
        shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
        self.instead.setToolTip(shown)
        QShortcut(keys, self).activated.connect(self.take_nearest)
        box.addWidget(self.instead, 1, 0)
        self.instead_hint = hint(shown)
        box.addWidget(self.instead_hint, 1, 2, Qt.AlignmentFlag.AlignRight)
        self.full.hide()
        return self.full

    def tab_chain(self) -> tuple[QWidget, ...]:
        """The widgets in the order Tab walks them."""
        return (*self.choices.values(), self.date_edit, self.instead, self.reason, self.time,
                self.purpose, self.fixed)

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
            return self.date_edit.day()  # None while the text names no day
        return self.dates[QuickStep(name)]

    def _date_edited(self) -> None:
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
        self._show_full(self.next_date())
        self.changed.emit(name)
        when = self.next_date()
        example = day_label(when) if when else day_label(self.dates[QuickStep.ONE_WEEK])
        self.purpose.setPlaceholderText(
            _("e.g. call on {date} about the quote").format(date=example))

    # -- the next step proposed -------------------------------------------------------------
    def propose(self, purpose: str, time: str | None, fixed: bool) -> None:
        """Start from the step being followed up: its purpose, selected so that typing
        replaces it, and for a fixed appointment its flag and time (unticking the flag takes
        the time away; ticking it again brings it back)."""
        self.purpose.setText(purpose)  # Tab, Enter and Alt+P select it all, as Qt does
        if fixed:
            self._proposed_time = time or ""
            self.fixed.setChecked(True)
            self.time.setText(self._proposed_time)

    def _fixed_toggled(self, fixed: bool) -> None:
        if not self._proposed_time:
            return
        if not fixed and self.time.text() == self._proposed_time:
            self.time.clear()
        elif fixed and not self.time.text():
            self.time.setText(self._proposed_time)

    # -- how full the days are -----------------------------------------------------------
    def _read_loads(self, first: date, last: date) -> None:
        assert self._loads is not None
        read = self._loads.loads(max(first, self.today), last)
        lifted = read.get(self._lifted) if self._lifted is not None else None
        if lifted is not None and lifted.count:
            read[lifted.day] = lifted.after_adding(-1)
        self._known.update(read)

    def load_of(self, day: date) -> DayLoad | None:
        """The load of a day as filing there would find it (None without loads); a day
        picked far from the ones read is read with the days around it."""
        if self._loads is None or day < self.today:
            return None
        if day + timedelta(days=SEARCH_DAYS) not in self._known:
            self._read_loads(day - timedelta(days=SEARCH_DAYS), day + timedelta(days=SEARCH_DAYS))
        return self._known.get(day)

    def _show_loads(self) -> None:
        for name, when in self.dates.items():
            self.load_pills[name.value].show_load(self.load_of(when))
        self._show_full(self.next_date())

    def _field_load(self, day: date) -> DayLoad:
        return self.load_of(day) or DayLoad(day, 0, 0)

    def _show_full(self, when: date | None) -> None:
        """Under the choices: the day chosen has no room, and the nearest day that has."""
        load = self.load_of(when) if when is not None else None
        if self._loads is None or when is None or load is None or load.has_room:
            self._nearest = None
            self.full.hide()
            return
        after = {d: day_load for d, day_load in self._known.items() if d > self.today}
        self._nearest = self._loads.nearest_with_room(when, known=after)
        text = full_text(load, day_label(when, self.today))
        if self._nearest is None:
            text += " " + _("No day in the next two months has room.")
        else:
            nearest = self._known[self._nearest]
            self.instead.setText(_("File on {date} instead ({load})").format(
                date=day_label(self._nearest, self.today), load=pill_text(nearest)))
        self.full_label.setText(text)
        self.instead.setVisible(self._nearest is not None)
        self.instead_hint.setVisible(self._nearest is not None)
        self.full.show()

    def take_nearest(self) -> None:
        """Choose the nearest day with room offered (Alt+8): its quick choice if it has
        one, else the date picked."""
        day = self._nearest
        if day is None or not self.full.isVisible():
            return
        quick = next((step.value for step, when in self.dates.items() if when == day), None)
        if quick is not None:
            self.choose(quick)
            return
        self.date_edit.setDate(_qdate(day))
        self.choose(PICKED)

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
        else:  # a date being typed that names no day yet
            refusals.check("date", lambda: _refuse(self.date_edit.error()))
        refusals.check("time", lambda: v.parse_time(time))
        refusals.check("purpose", lambda: v.text_field("purpose", purpose))
        return NextStep(when, time.strip() or None, purpose, fixed=self.fixed.isChecked()), None
