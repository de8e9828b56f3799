"""A date field that understands people: "15", "1.12", "fri", "+3", "tomorrow" (see
app/date_input.py), with the day it understood written beside it, the insert it goes under
and how full that day is, and a calendar that opens from the keyboard (Alt+Down, F4).

Replacing a QDateEdit: date(), setDate(QDate | date), dateChanged(QDate), setMinimumDate /
setMaximumDate / setDateRange, minimumDate() / maximumDate(), calendarWidget(),
setCalendarPopup and setDisplayFormat (both accepted and ignored) behave as QDateEdit's,
except that date() is None while the text names no day (day() gives a datetime.date). In
the log dialog (app/ui/next_step.py) the swap is:
  - `self.date_edit = DateField(self.today)` in place of `DateEdit()` (the calls after it
    stay), or `binder_date_field(services, minimum=today)` to show inserts and loads;
  - next_date(): `return self.date_edit.day()` for a picked date (None when not a day);
  - read(): when the picked date is None, `refusals["date"] = self.date_edit.error()`, or
    the dossier would be saved undated;
  - its tests' focused() helper names `dialog.date_edit.edit`, the line that has the focus.
Up and Down step a day, Alt+Down opens the calendar, as with DateEdit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from datetime import date as Day  # the class's own date() hides the type in its body
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextDocument
from PySide6.QtWidgets import (
    QBoxLayout,
    QCalendarWidget,
    QFrame,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.binder import InsertKind, Strip, TabMode, WorkCalendar
from app.binder.capacity import Load
from app.binder.limits import DATE_MAX, DATE_MIN
from app.date_input import (
    DateInputError,
    day_month_example,
    describe,
    format_input,
    parse_date,
)
from app.i18n import _, month_label, n_, short_date, weekday_name
from app.services.loads import DayLoad
from app.ui import theme
from app.ui.form_notes import MUTED

if TYPE_CHECKING:
    from app.services import Services

ERROR_COLOUR = "#c0392b"  # as FieldErrors' messages
REFUSED_STYLE = (f"QLineEdit {{ border: 1px solid {ERROR_COLOUR}; border-radius: 2px; "
                 "background: #fdf0ee; padding: 1px 2px; }")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class _CalendarPopup(QFrame):
    """The calendar under the field: Enter or a click picks, Esc closes."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """A line to type a date in and a note beside it (or under it) saying what was
    understood: "Thu 10 Dec · insert 10 · 12 of 20", or why nothing was.

    `load` (services.loads.load) gives a day's load, `strip` the binder's inserts and
    `working` the calendar of a binder in working-days mode (a weekend or holiday is then
    pointed out); each is optional, so that the field stays free of the services.

    Signals: dateChanged(QDate) when the day understood changes, changed() on every edit
    (the day, or its refusal)."""

    dateChanged = Signal(QDate)
    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None, *,
                 minimum: date | None = None, maximum: date | None = None,
                 load: Callable[[date], DayLoad] | None = None, strip: Strip | None = None,
                 working: WorkCalendar | None = None, note_below: bool = False) -> None:
        super().__init__(parent)
        self.today = today
        self._load, self._strip, self._working = load, strip, working
        self._minimum = max(minimum or DATE_MIN, DATE_MIN)
        self._maximum = min(maximum or DATE_MAX, DATE_MAX)
        self._day: date | None = None
        self._error = ""
        self._typed = False  # an empty field is refused in red only once something was typed
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("15, {day_month}, fri, +3…").format(
            day_month=day_month_example()))
        self.edit.setToolTip(_("A day number (15), a day and month, a weekday (fri), days "
                               "ahead (+3, +2w, +1m) or tomorrow; Alt+Down opens the "
                               "calendar"))
        # the widest day this locale writes, and room for a typed "pasado mañana"
        metrics = self.edit.fontMetrics()
        widest = max(metrics.horizontalAdvance(text) for text in (
            format_input(date(2026, 12, 28)), "pasado mañana", self.edit.placeholderText()))
        self.edit.setFixedWidth(widest + 24)
        self.button = QToolButton()
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setToolTip(_("Open the calendar (Alt+Down)"))
        self.button.clicked.connect(self.show_calendar)
        self.note = QLabel()
        self.note.setObjectName("date_note")
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.note.setWordWrap(note_below)
        self.note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        if note_below:
            outer = QVBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
            outer.setSpacing(2)
            line = QBoxLayout(QBoxLayout.Direction.LeftToRight)
            line.addLayout(layout)
            line.addStretch(1)
            outer.addLayout(line)
            outer.addWidget(self.note)
        else:
            layout.addSpacing(6)
            layout.addWidget(self.note, 1)
            self.setLayout(layout)
        self.setFocusProxy(self.edit)
        self._popup: _CalendarPopup | None = None
        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(self._read)
        self.edit.textEdited.connect(self._was_typed)
        self.edit.editingFinished.connect(self._tidy)
        self._read("")

    # -- QDateEdit's face ------------------------------------------------------------------
    def date(self) -> QDate | None:
        """The day understood, None while the text names none (or one out of range)."""
        return _qdate(self._day) if self._day is not None else None

    def day(self) -> Day | None:
        return self._day

    def is_valid(self) -> bool:
        return self._day is not None

    def note_text(self) -> str:
        """The note as it reads on screen, without its colours."""
        document = QTextDocument()
        document.setHtml(self.note.text())
        return " ".join(document.toPlainText().split())

    def refuse(self) -> None:
        """Show the refusal in red even before anything was typed (OK was pressed), and put
        the cursor there."""
        self._typed = True
        self._show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def error(self) -> str:
        """Why the text is refused ("" when it is a day)."""
        return self._error

    def refused(self) -> bool:
        """Whether the line is refused: text that names no day, or a line emptied by typing.
        An untouched empty line is only waiting for a day, and is not red."""
        return self._day is None and (self._typed or bool(self.edit.text()))

    def clear(self) -> None:
        """Empty the line as if nothing had been typed: no red until something is."""
        self._typed = False
        self.edit.setText("")
        self._show()

    def setDate(self, day: QDate | Day) -> None:
        """Show a day (kept within the range, as QDateEdit does)."""
        when = _pydate(day) if isinstance(day, QDate) else day
        when = min(max(when, self._minimum), self._maximum)
        self.edit.setText(format_input(when))

    def minimumDate(self) -> QDate:
        return _qdate(self._minimum)

    def maximumDate(self) -> QDate:
        return _qdate(self._maximum)

    def setMinimumDate(self, day: QDate | Day) -> None:
        self.setDateRange(day, _qdate(self._maximum))

    def setMaximumDate(self, day: QDate | Day) -> None:
        self.setDateRange(_qdate(self._minimum), day)

    def setDateRange(self, first: QDate | Day, last: QDate | Day) -> None:
        self._minimum = max(_pydate(first) if isinstance(first, QDate) else first, DATE_MIN)
        self._maximum = min(_pydate(last) if isinstance(last, QDate) else last, DATE_MAX)
        self._read(self.edit.text())

    def setCalendarPopup(self, _on: bool) -> None:
        """The calendar is always there (Alt+Down, F4, the arrow button)."""

    def setDisplayFormat(self, _format: str) -> None:
        """A day is always shown in the locale's short form, which reads back the same."""

    def calendarWidget(self) -> QCalendarWidget:
        return self._calendar_popup().calendar

    def setFocusPolicy(self, policy: Qt.FocusPolicy) -> None:
        super().setFocusPolicy(policy)
        self.edit.setFocusPolicy(policy)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        """Type `text` in, as the user would."""
        self.edit.setText(text)

    # -- the calendar ----------------------------------------------------------------------
    def _calendar_popup(self) -> _CalendarPopup:
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        return self._popup

    def show_calendar(self) -> None:
        """The calendar under the field, on the day typed (today's when none is)."""
        popup = self._calendar_popup()
        calendar = popup.calendar
        calendar.setDateRange(_qdate(self._minimum), _qdate(self._maximum))
        calendar.setSelectedDate(_qdate(self._day or min(max(self.today, self._minimum),
                                                         self._maximum)))
        popup.adjustSize()
        popup.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        popup.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, day: QDate) -> None:
        self.setDate(day)
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.edit.selectAll()

    # -- typing ----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key(event)
        if watched is self.edit and event.type() == QEvent.Type.FocusIn:
            # after the click that focused it, or the click would deselect again
            QTimer.singleShot(0, self.edit, self.edit.selectAll)
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        """Alt+Down and F4 open the calendar (as a combo box's list); Up and Down step a
        day."""
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and
                                    mods & Qt.KeyboardModifier.AltModifier):
            self.show_calendar()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not mods and self._day is not None:
            step = 1 if key == Qt.Key.Key_Up else -1
            self.setDate(self._day + timedelta(days=step))
            self.edit.selectAll()
            return True
        return False

    def _read(self, text: str) -> None:
        before = self._day
        try:
            day = parse_date(text, self.today)
            if day < self._minimum:
                raise DateInputError(_("{day} is before {first}, the first day you can "
                                       "choose here.").format(
                    day=short_date(day), first=short_date(self._minimum)))
            if day > self._maximum:
                raise DateInputError(_("{day} is after {last}, the last day you can choose "
                                       "here.").format(
                    day=short_date(day), last=short_date(self._maximum)))
        except DateInputError as exc:
            self._day, self._error = None, str(exc)
        else:
            self._day, self._error = day, ""
        self._show()
        if self._day != before and self._day is not None:
            self.dateChanged.emit(_qdate(self._day))
        self.changed.emit()

    def _was_typed(self, _text: str) -> None:
        if not self._typed:
            self._typed = True
            self._show()

    def _tidy(self) -> None:
        """A day understood is written back in full, so the field shows what was meant."""
        if self._day is not None and self.edit.text() != format_input(self._day):
            self.edit.setText(format_input(self._day))

    # -- the note --------------------------------------------------------------------------
    def _show(self) -> None:
        if self._day is None:
            shown = self.isEnabled() and self.refused()
            self.edit.setStyleSheet(REFUSED_STYLE if shown else "")
            self.note.setText(f'<span style="color:{ERROR_COLOUR}">{escape(self._error)}</span>'
                              if shown else "")
            return
        self.edit.setStyleSheet("")
        self.note.setText(self.describe(self._day))

    def describe(self, day: Day) -> str:
        """The note of a day, as rich text: its weekday and date, the insert it goes under,
        its load; a weekend or holiday of a working-days binder is said."""
        parts = [escape(describe(day, self.today))]
        if self._working is not None and not self._working.is_working(day):
            parts.append(escape(_("public holiday") if self._working.is_holiday(day)
                                else _("weekend")))
        insert = self.insert_name(day)
        if insert:
            parts.append(escape(insert))
        if self._load is not None:
            parts.append(load_html(self._load(day)))
        muted = f'<span style="color:{MUTED}"> · </span>'
        return muted.join(parts)

    def insert_name(self, day: Day) -> str:
        """"insert 10", "insert Mon 30" (a weekend under the next working day), "insert
        December 2026", "Later"; "" without the strip."""
        if self._strip is None:
            return ""
        insert = self._strip.insert_for(day)
        if insert.kind is InsertKind.DAY and insert.day is not None:
            name = str(insert.day.day) if insert.day == day else \
                f"{weekday_name(insert.day)} {insert.day.day}"
        elif insert.kind is InsertKind.MONTH and insert.month is not None:
            name = month_label(*insert.month)
        elif insert.kind is InsertKind.OVERDUE:
            return _("Overdue")
        else:
            return _("Later")
        return _("insert {name}").format(name=name)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange:
            self._show()


def binder_date_field(services: Services, parent: QWidget | None = None, *,
                      minimum: date | None = None, note_below: bool = False) -> DateField:
    """A date field that knows the binder: each day's load, the inserts of today's strip,
    and its weekends and holidays in working-days mode."""
    working_days = services.settings.get().tab_mode is TabMode.WORKING_DAYS
    return DateField(services.clock.today(), parent, minimum=minimum,
                     load=services.loads.load, strip=services.views.strip(),
                     working=services.loads.calendar() if working_days else None,
                     note_below=note_below)


def load_text(load: DayLoad) -> str:
    """"12 of 20", or "3 dossiers" in a binder without a daily capacity."""
    if load.capacity > 0:
        return _("{count} of {capacity}").format(count=load.count, capacity=load.capacity)
    return n_("{count} dossier", "{count} dossiers", load.count)


def load_html(load: DayLoad) -> str:
    """The load on the colour of its level, as the tabs show it (none for an empty day)."""
    text = escape(load_text(load))
    if load.level is Load.EMPTY:
        return text
    colour = theme.LOAD_COLOURS[load.level].name()
    return f'<span style="background-color:{colour}">&nbsp;{text}&nbsp;</span>'
