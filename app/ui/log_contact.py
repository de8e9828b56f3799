"""Log a contact (Ctrl+L): write down the conversation and agree the next step, in one go.

The dialog is made for the keyboard: the cursor starts in "What was it about", Tab walks the
fields, Alt+1 … Alt+7 choose the next step, Ctrl+Enter (or Enter in the last field) logs the
contact and Esc cancels.  Like the other dialogs it is opened with open() and reports through
`accepted` (and `logged`, which carries the Changes); nothing waits on it.

Input is checked field by field before the binder is asked, so that a refusal is shown in red
under the field concerned and nothing is saved; the contact and the refiling are one
transaction of the filing service.
"""

from __future__ import annotations

from datetime import date
from html import escape
from itertools import pairwise

from PySide6.QtCore import QDate, QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QVBoxLayout,
    QWidget,
)

from app.binder import WorkCalendar
from app.binder.postpone import QuickStep, quick_dates
from app.errors import InvalidInput, RingbinderError
from app.i18n import month_name, short_date, weekday_name
from app.services import Services
from app.services import validate as v
from app.services.dto import Changes, DossierDetail, EventView
from app.services.filing import ContactLog, NextStep

PICKED = "date"
ARCHIVE = "archive"
CHOICES = (*(step.value for step in QuickStep), PICKED, ARCHIVE)  # in the order of Alt+1 …
FIELDS = ("summary", "outcome", "offer", "amount", "date", "reason", "time", "purpose")
ERROR_STYLE = "QLabel { color: #c0392b; }"
MUTED = "#7a756c"
DEFAULT_WIDTH = 860


def day_label(day: date, today: date | None = None) -> str:
    """'Thu 26 Nov' (with the year when it is not this year's)."""
    text = f"{weekday_name(day)} {day.day} {month_name(day.month, 'abbreviated')}"
    if today is not None and day.year != today.year:
        text += f" {day.year}"
    return text


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


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class LogContactDialog(QDialog):
    """Signals: logged(Changes) once the contact is saved and the dossier refiled.

    Attributes: `changes` (the Changes, None until saved), `dates` (the date of each quick
    choice), `choices` (choice name -> radio button, names as in CHOICES), `errors` (field
    name -> its red message label), and the input widgets by name (channel, summary, outcome,
    offer, amount, currency, date_edit, reason, time, purpose, fixed)."""

    logged = Signal(object)  # Changes

    def __init__(self, services: Services, dossier_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.detail: DossierDetail = services.dossiers.get(dossier_id)
        self.dossier_id = self.detail.id
        self.changes: Changes | None = None
        self.today = services.clock.today()
        settings = services.settings.get()
        self.dates: dict[QuickStep, date] = quick_dates(
            self.today, WorkCalendar(settings.holiday_country or None))
        self.errors: dict[str, QLabel] = {}
        self._error_rows: dict[str, tuple[QFormLayout | QGridLayout, QWidget]] = {}

        self.setWindowTitle(self.tr("Log a contact — {name}").format(name=self.detail.name))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self._header())
        columns = QGridLayout()
        columns.setHorizontalSpacing(12)
        columns.addWidget(self._conversation(settings.currency), 0, 0)
        columns.addWidget(self._next_step(), 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        layout.addLayout(columns, 1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        layout.addWidget(self.problem)
        layout.addLayout(self._buttons())

        self._shortcuts()
        self._tab_order()
        self.choose(QuickStep.NEXT_WORKING_DAY, focus=False)
        if self.detail.archived:
            self._show_problem(self.tr("{name} is archived; restore the dossier first.")
                               .format(name=self.detail.name))
            self.ok.setEnabled(False)
        self.summary.setFocus()
        hint = self.sizeHint()
        self.resize(max(hint.width(), DEFAULT_WIDTH), hint.height())

    # -- building ----------------------------------------------------------------------------
    def _header(self) -> QWidget:
        d = self.detail
        frame = QFrame()
        frame.setObjectName("header")
        frame.setStyleSheet("QFrame#header { background: #fbf7e9; border: 1px solid #d8cfae; "
                            "border-radius: 4px; }")
        box = QVBoxLayout(frame)
        box.setContentsMargins(10, 8, 10, 8)
        box.setSpacing(3)
        self.name_label = QLabel()
        role = " · ".join(escape(x) for x in (d.position, d.company) if x)
        self.name_label.setText(
            f"<span style='font-size:13pt; font-weight:600'>{escape(d.name)}</span>"
            + (f"&nbsp;&nbsp;<span style='color:{MUTED}'>{role}</span>" if role else ""))
        box.addWidget(self.name_label)
        self.due_label = QLabel(self._due_text(d))
        self.due_label.setStyleSheet(f"QLabel {{ color: {MUTED}; }}")
        self.due_label.setWordWrap(True)
        box.addWidget(self.due_label)
        self.last_label = QLabel()
        self.last_label.setWordWrap(True)
        self.last_label.setTextFormat(Qt.TextFormat.RichText)
        last = self.last_contact()
        if last is None:
            self.last_label.setText(
                f"<span style='color:{MUTED}'>{escape(self.tr('No conversation logged yet.'))}"
                "</span>")
        else:
            when = short_date(last.at.astimezone().date())
            head = self.tr("Last conversation, {date} ({channel}):").format(
                date=when, channel=self._channel_name(last.channel))
            outcome = last.outcome or last.summary
            self.last_label.setText(f"{escape(head)} <b>{escape(outcome)}</b>")
            self.last_label.setToolTip(last.summary)
        box.addWidget(self.last_label)
        return frame

    def _due_text(self, d: DossierDetail) -> str:
        if d.archived:
            return self.tr("Archived: {reason}").format(reason=d.archive_reason)
        if d.next_contact is None:
            return self.tr("Not filed under a date (Undated)")
        text = self.tr("Filed under {date}").format(date=day_label(d.next_contact, self.today))
        if d.time:
            text += f", {d.time}"
        if d.purpose:
            text += f" — {d.purpose}"
        return text

    def _channel_names(self) -> dict[str, str]:
        return {"call": self.tr("Call"), "visit": self.tr("Visit"),
                "meeting": self.tr("Meeting"), "email": self.tr("E-mail"),
                "letter": self.tr("Letter"), "other": self.tr("Other")}

    def _channel_name(self, channel: str) -> str:
        return self._channel_names().get(channel, channel).lower()

    def _error_label(self, field: str) -> QLabel:
        label = FieldError()
        label.setObjectName(f"error_{field}")
        self.errors[field] = label
        return label

    def _form_error(self, form: QFormLayout, field: str) -> None:
        label = self._error_label(field)
        form.addRow("", label)
        form.setRowVisible(label, False)
        self._error_rows[field] = (form, label)

    def _conversation(self, currency: str) -> QGroupBox:
        group = QGroupBox(self.tr("The conversation"))
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.channel = QComboBox()
        for key, name in self._channel_names().items():
            self.channel.addItem(name, key)
        self.channel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        form.addRow(self.tr("&Channel:"), self.channel)

        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(self.tr("What was it about?"))
        lines = self.summary.fontMetrics().lineSpacing()
        self.summary.setMinimumHeight(lines * 3 + 12)
        form.addRow(self.tr("&About:"), self.summary)
        self._form_error(form, "summary")

        self.outcome = QLineEdit()
        self.outcome.setPlaceholderText(self.tr("How did it end?"))
        form.addRow(self.tr("&Outcome:"), self.outcome)
        self._form_error(form, "outcome")

        self.offer = QLineEdit()
        self.offer.setPlaceholderText(self.tr("What was offered, if anything"))
        form.addRow(self.tr("O&ffer:"), self.offer)
        self._form_error(form, "offer")

        self.amount = QLineEdit()
        self.amount.setPlaceholderText("0.00")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setFixedWidth(self.amount.fontMetrics().horizontalAdvance("0" * 14) + 16)
        self.currency = QLineEdit(currency)
        self.currency.setMaxLength(3)
        self.currency.setFixedWidth(self.currency.fontMetrics().horizontalAdvance("WWWW") + 12)
        self.currency.setToolTip(self.tr("Currency code (EUR, PLN, …)"))
        self.currency.textEdited.connect(self._upper_currency)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.amount)
        row.addWidget(self.currency)
        row.addStretch(1)
        amount_label = QLabel(self.tr("A&mount:"))
        amount_label.setBuddy(self.amount)
        form.addRow(amount_label, row)
        self._form_error(form, "amount")
        return group

    def _next_step(self) -> QGroupBox:
        group = QGroupBox(self.tr("Next contact"))
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        texts = {
            QuickStep.TOMORROW.value: self.tr("Tomorrow"),
            QuickStep.NEXT_WORKING_DAY.value: self.tr("Next working day"),
            QuickStep.ONE_WEEK.value: self.tr("In a week"),
            QuickStep.TWO_WEEKS.value: self.tr("In two weeks"),
            QuickStep.ONE_MONTH.value: self.tr("In a month"),
            PICKED: self.tr("A date…"),
            ARCHIVE: self.tr("No further contact: archive"),
        }
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        self.date_labels: dict[str, QLabel] = {}
        for row, name in enumerate(CHOICES):
            button = QRadioButton(texts[name])
            button.setObjectName(f"choice_{name}")
            keys = QKeySequence(f"Alt+{row + 1}").toString(
                QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(keys)
            self.group.addButton(button, row)
            self.choices[name] = button
            grid.addWidget(button, row, 0)
            hint = QLabel(keys)
            hint.setStyleSheet(f"QLabel {{ color: {MUTED}; }}")
            grid.addWidget(hint, row, 2, Qt.AlignmentFlag.AlignRight)
            if name in QuickStep._value2member_map_:
                label = QLabel(day_label(self.dates[QuickStep(name)], self.today))
                self.date_labels[name] = label
                grid.addWidget(label, row, 1)
        self.date_edit = DateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setMinimumDate(_qdate(self.today))
        self.date_edit.setMaximumDate(_qdate(self.today).addYears(10))
        self.date_edit.setDate(_qdate(self.dates[QuickStep.NEXT_WORKING_DAY]))
        self.date_edit.setToolTip(self.tr("The agreed date; Alt+Down opens the calendar"))
        self.date_edit.dateChanged.connect(self._date_edited)
        grid.addWidget(self.date_edit, CHOICES.index(PICKED), 1)
        date_error = self._error_label("date")
        date_error.hide()
        grid.addWidget(date_error, len(CHOICES), 0, 1, 3)
        form.addRow(grid)
        self.group.idToggled.connect(self._choice_toggled)

        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.addItems([self.tr("won"), self.tr("lost"), self.tr("not interested")])
        self.reason.setCurrentText("")
        self.reason.lineEdit().setPlaceholderText(self.tr("Why is this finished?"))
        form.addRow(self.tr("&Reason:"), self.reason)
        self._form_error(form, "reason")
        self._reason_form = form

        self.time = QLineEdit()
        self.time.setPlaceholderText(self.tr("HH:MM"))
        self.time.setMaxLength(5)
        self.time.setFixedWidth(self.time.fontMetrics().horizontalAdvance("00:000") + 16)
        self.time.setToolTip(self.tr("Optional: the time agreed, as HH:MM"))
        form.addRow(self.tr("&Time:"), self.time)
        self._form_error(form, "time")

        self.purpose = QLineEdit()
        form.addRow(self.tr("&Purpose:"), self.purpose)
        self._form_error(form, "purpose")

        self.fixed = QCheckBox(self.tr("Fi&xed appointment"))
        self.fixed.setToolTip(self.tr("A fixed appointment is never moved by rebalancing"))
        form.addRow("", self.fixed)
        return group

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        keys = QKeySequence("Ctrl+Enter").toString(QKeySequence.SequenceFormat.NativeText)
        hint = QLabel(self.tr("{keys} logs the contact · Esc cancels").format(keys=keys))
        hint.setStyleSheet(f"QLabel {{ color: {MUTED}; }}")
        row.addWidget(hint, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setToolTip(keys)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        row.addWidget(self.buttons)
        return row

    def _shortcuts(self) -> None:
        for n, name in enumerate(CHOICES, start=1):
            shortcut = QShortcut(QKeySequence(f"Alt+{n}"), self)
            shortcut.activated.connect(lambda name=name: self.choose(name))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.confirm)

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.channel, self.summary, self.outcome, self.offer,
                                self.amount, self.currency, *self.choices.values(),
                                self.date_edit, self.reason, self.time, self.purpose,
                                self.fixed, self.ok,
                                self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- reading the dossier -----------------------------------------------------------------
    def last_contact(self) -> EventView | None:
        """The latest conversation logged (events come newest first)."""
        return next((e for e in self.detail.events if e.kind == "contact"), None)

    # -- the next step ---------------------------------------------------------------------
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
        self._reason_form.setRowVisible(self.reason, archiving)
        if not archiving:
            self._set_error("reason", None)
        self.ok.setText(self.tr("Log and &archive") if archiving else self.tr("&Log contact"))
        when = self.next_date()
        example = day_label(when) if when else day_label(self.dates[QuickStep.ONE_WEEK])
        self.purpose.setPlaceholderText(
            self.tr("e.g. call on {date} about the quote").format(date=example))

    # -- confirming ------------------------------------------------------------------------
    def _set_error(self, field: str, message: str | None) -> None:
        label = self.errors[field]
        label.setText(message or "")
        if field in self._error_rows:
            form, widget = self._error_rows[field]
            form.setRowVisible(widget, bool(message))
        else:
            label.setVisible(bool(message))

    def _show_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))

    def _field_widget(self, field: str) -> QWidget:
        return {"summary": self.summary, "outcome": self.outcome, "offer": self.offer,
                "amount": self.amount, "date": self.date_edit, "reason": self.reason,
                "time": self.time, "purpose": self.purpose}[field]

    def _check(self) -> tuple[ContactLog, NextStep, str | None] | None:
        """What the user wrote, checked field by field: every refusal is shown under its
        field; None when any field was refused."""
        archiving = self.choice() == ARCHIVE
        found: dict[str, str] = {}

        def check(field: str, test: object) -> None:
            try:
                test()  # type: ignore[operator]
            except InvalidInput as exc:
                found[field] = str(exc)

        summary = self.summary.toPlainText()
        outcome = self.outcome.text()
        amount = self.amount.text()
        currency = self.currency.text().strip() or self.services.settings.get().currency
        reason = self.reason.currentText()
        time = self.time.text()
        when = self.next_date()
        check("summary", lambda: v.text_field("summary", summary, required=True))
        check("outcome", lambda: v.text_field("outcome", outcome, required=True))
        check("offer", lambda: v.text_field("offer", self.offer.text()))

        def check_amount() -> None:
            if v.parse_amount(amount):
                v.parse_currency(currency)

        check("amount", check_amount)
        if archiving:
            check("reason", lambda: v.text_field("reason", reason, required=True))
        else:
            if when is not None:
                check("date", lambda: v.future_date(when, self.services.clock.today()))
            check("time", lambda: v.parse_time(time))
            check("purpose", lambda: v.text_field("purpose", self.purpose.text()))
        for field in FIELDS:
            self._set_error(field, found.get(field))
        if found:
            first = next(f for f in FIELDS if f in found)
            self._field_widget(first).setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        log = ContactLog(self.channel.currentData(), summary, outcome, self.offer.text(),
                         amount.strip() or None, currency)
        if archiving:
            return log, NextStep(), reason
        step = NextStep(when, time.strip() or None, self.purpose.text(),
                        fixed=self.fixed.isChecked())
        return log, step, None

    def confirm(self) -> None:
        """Log the contact and refile the dossier (Ctrl+Enter, Enter in the last field, the
        Log button); a refusal is shown and the dialog stays open with nothing saved."""
        if not self.ok.isEnabled() or self.changes is not None:
            return
        self._show_problem(None)
        checked = self._check()
        if checked is None:
            return
        log, step, reason = checked
        try:
            changes = self.services.filing.log_contact(self.dossier_id, log, step,
                                                       archive_reason=reason)
        except RingbinderError as exc:
            self._show_problem(str(exc))
            return
        self.changes = changes
        self.logged.emit(changes)
        self.accept()

    def _last_fields(self) -> tuple[QWidget, ...]:
        if self.choice() == ARCHIVE:
            return (self.reason, self.reason.lineEdit())
        return (self.purpose, self.fixed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves on to the next field, and confirms in the last one (Ctrl+Enter
        confirms anywhere); a focused button is pressed as usual."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            focus = self.focusWidget()
            if mods == Qt.KeyboardModifier.ControlModifier:
                self.confirm()
                return
            if mods == Qt.KeyboardModifier.NoModifier and not isinstance(focus, QPushButton):
                if focus in self._last_fields():
                    self.confirm()
                else:
                    self.focusNextChild()
                return
        super().keyPressEvent(event)

    def _upper_currency(self, text: str) -> None:
        if text != text.upper():
            position = self.currency.cursorPosition()
            self.currency.setText(text.upper())
            self.currency.setCursorPosition(position)
