"""The Team menu's dialogs: a person to give dossiers to, someone's inserts for a period,
the team's load (people × days, coloured as the strip colours a day's load) and the people
with their roles. Each runs its service call itself and says a refusal under its fields,
so that a mistake is corrected where it was made; they open window-modal with open()."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.binder.capacity import Load, load_level
from app.errors import RingbinderError
from app.i18n import _, month_name, n_, weekday_name
from app.ui import theme
from app.ui.date_field import DateField
from app.ui.form_notes import ERROR_STYLE

if TYPE_CHECKING:
    from app.services import Services
    from app.services.team import Person

ROLE_NAMES = {"salesperson": lambda: _("salesperson"), "manager": lambda: _("manager")}
LOAD_DAYS = 14  # the team load's first span: two weeks from today
MAX_LOAD_DAYS = 62
MAX_NAMES = 5  # the dossiers a reassignment names; more are a count in its title


def person_text(person: Person) -> str:
    """'Anna Nowak (anna)', or the login alone when it is the name too."""
    return person.login if person.name == person.login else f"{person.name} ({person.login})"


def role_name(role: str) -> str:
    made = ROLE_NAMES.get(role)
    return made() if made else role


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def _people_box(people: Sequence[Person], chosen: str = "") -> QComboBox:
    box = QComboBox()
    for person in people:
        box.addItem(person_text(person), person.login)
    if chosen:
        box.setCurrentIndex(max(0, box.findData(chosen)))
    return box


class _Working(QDialog):
    """A dialog whose OK runs `work` and stays open with the refusal when it is refused."""

    def __init__(self, parent: QWidget | None, title: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def work(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.work()
        except RingbinderError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()


class ReassignDialog(_Working):
    """Give the selected dossiers to someone: `give(login)` does it (and may refuse)."""

    def __init__(self, people: Sequence[Person], me: str, names: Sequence[str],
                 give: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent, n_("Reassign {count} dossier", "Reassign {count} dossiers",
                                    len(names)), _("Reassign"))
        self._give = give
        shown = ", ".join(names[:MAX_NAMES]) + (", …" if len(names) > MAX_NAMES else "")
        what = QLabel(shown)
        what.setWordWrap(True)
        self.form.addRow(what)
        others = [p for p in people if p.login != me]
        self.person = _people_box(people, others[0].login if others else me)
        label = QLabel(_("&Give them to:"))
        label.setBuddy(self.person)
        self.form.addRow(label, self.person)
        self.finish_layout()
        self.setMinimumWidth(380)
        self.person.setFocus()

    def chosen(self) -> str:
        return str(self.person.currentData())

    def work(self) -> None:
        self._give(self.chosen())


class ReassignPeriodDialog(_Working):
    """Someone's open dossiers filed within a period (an absence) given to someone else:
    `give(from_login, first, last, to_login)` does it (and may refuse)."""

    def __init__(self, people: Sequence[Person], me: str, today: date,
                 give: Callable[[str, date, date, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Reassign someone's inserts"), _("Reassign"))
        self._give = give
        # from a colleague to another (a manager's work for an absence), by name
        others = [p.login for p in people if p.login != me] or [me]
        self.source = _people_box(people, others[0])
        self.first = DateField(today)
        self.last = DateField(today)
        self.target = _people_box(people, others[1] if len(others) > 1 else me)
        for text, field in ((_("&Whose:"), self.source), (_("&From:"), self.first),
                            (_("&Until:"), self.last), (_("&Give them to:"), self.target)):
            label = QLabel(text)
            label.setBuddy(field.edit if isinstance(field, DateField) else field)
            self.form.addRow(label, field)
        self.first.setDate(today)
        self.last.setDate(today + timedelta(days=4))
        note = QLabel(_("Their open dossiers filed on these days go to the other person, "
                        "with their history, documents and forms."))
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.finish_layout()
        self.source.setFocus()

    def work(self) -> None:
        first, last = self.first.day(), self.last.day()
        if first is None or last is None:
            (self.first if first is None else self.last).refuse()
            raise RingbinderError(_("Give the first and the last day."))
        self._give(str(self.source.currentData()), first, last,
                   str(self.target.currentData()))


class TeamLoadDialog(QDialog):
    """Each person's open dossiers by day: `loads(first, last)` gives login -> {day: count}
    ("" for no one's); a cell over the daily capacity is coloured and bold as the strip's
    tab of that day would be."""

    def __init__(self, people: Sequence[Person], loads: Callable[[date, date],
                                                                  dict[str, dict[date, int]]],
                 today: date, capacity: int, is_working: Callable[[date], bool],
                 parent: QWidget | None = None, *,
                 open_day: Callable[[str, date], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Team load"))
        self._open_day = open_day
        self._people, self._loads = list(people), loads
        self._capacity, self._is_working, self.today = capacity, is_working, today
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.first = DateField(today)
        self.days = QSpinBox()
        self.days.setRange(1, MAX_LOAD_DAYS)
        self.days.setValue(LOAD_DAYS)
        for text, field in ((_("&From:"), self.first), (_("&Days:"), self.days)):
            label = QLabel(text)
            label.setBuddy(field.edit if isinstance(field, DateField) else field)
            row.addWidget(label)
            row.addWidget(field)
        row.addStretch(1)
        layout.addLayout(row)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        if open_day is not None:
            self.table.setToolTip(_("Double-click a day to show that person's dossiers of "
                                    "the day."))
            self.table.cellDoubleClicked.connect(self._double_clicked)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.first.setDate(today)
        self.first.changed.connect(self.refresh)
        self.days.valueChanged.connect(self.refresh)
        self.setMinimumSize(760, 320)
        self.resize(960, 420)
        self.refresh()

    def span(self) -> list[date]:
        first = self.first.day() or self.today
        return [first + timedelta(days=n) for n in range(self.days.value())]

    def refresh(self) -> None:
        days = self.span()
        counts = self._loads(days[0], days[-1])
        rows = [(person_text(p), p.login) for p in self._people]
        if any(counts.get("", {}).values()):
            rows.append((_("(no one)"), ""))
        self.table.clear()
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(len(days))
        self.table.setVerticalHeaderLabels([name for name, _login in rows])
        for column, day in enumerate(days):
            head = QTableWidgetItem(f"{weekday_name(day)}\n{day.day} "
                                    f"{month_name(day.month, 'abbreviated')}")
            if not self._is_working(day):
                head.setForeground(QBrush(theme.TEXT_DIM))
            if day == self.today:
                head.setForeground(QBrush(theme.TODAY))
            self.table.setHorizontalHeaderItem(column, head)
        over = 0
        for row, (_name, login) in enumerate(rows):
            theirs = counts.get(login, {})
            for column, day in enumerate(days):
                self.table.setItem(row, column, self._cell(theirs.get(day, 0)))
                over += load_level(theirs.get(day, 0), self._capacity) is Load.OVER
        self.note.setText(
            n_("{count} day over the capacity of {capacity} dossiers a day.",
               "{count} days over the capacity of {capacity} dossiers a day.", over,
               capacity=self._capacity) if self._capacity > 0
            else _("The binder sets no daily capacity."))

    def _double_clicked(self, row: int, column: int) -> None:
        logins = [p.login for p in self._people]
        if self._open_day is not None and row < len(logins):
            self._open_day(logins[row], self.span()[column])
            self.accept()

    def _cell(self, count: int) -> QTableWidgetItem:
        item = QTableWidgetItem(str(count) if count else "")
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        level = load_level(count, self._capacity)
        if level is not Load.EMPTY:
            item.setBackground(QBrush(theme.LOAD_COLOURS[level]))
        if level is Load.OVER:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        return item

    def count_at(self, login: str, day: date) -> int:
        """The count a cell shows (0 for an empty one): what the tests read."""
        person = next((p for p in self._people if p.login == login), None)
        wanted = person_text(person) if person else _("(no one)")
        row = next(r for r in range(self.table.rowCount())
                   if (head := self.table.verticalHeaderItem(r)) and head.text() == wanted)
        item = self.table.item(row, self.span().index(day))
        return int(item.text()) if item is not None and item.text() else 0


class PeopleDialog(QDialog):
    """The team's people and their roles; a manager adds people and changes roles."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(_("People"))
        manager = services.people.is_manager
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Login"), _("Role")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.error = _error_label()
        self.login = QLineEdit()
        self.name = QLineEdit()
        self.role = QComboBox()
        self.add_button = QPushButton(_("&Add"))
        if manager:
            for role in ("salesperson", "manager"):
                self.role.addItem(role_name(role), role)
            row = QHBoxLayout()
            for text, field in ((_("&Login:"), self.login), (_("&Name:"), self.name)):
                label = QLabel(text)
                label.setBuddy(field)
                row.addWidget(label)
                row.addWidget(field, 1)
            row.addWidget(self.role)
            row.addWidget(self.add_button)
            heading = QLabel(_("Add a colleague before their first connection, so that "
                               "dossiers can be given to them:"))
            heading.setWordWrap(True)
            layout.addWidget(heading)
            layout.addLayout(row)
            self.add_button.clicked.connect(self.add)
            self.login.returnPressed.connect(self.add)
            self.name.returnPressed.connect(self.add)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._manager = manager
        self.resize(560, 380)
        self.refresh()

    def refresh(self) -> None:
        me = self.services.people.me
        people = self.services.people.people()
        self.table.setRowCount(len(people))
        for row, person in enumerate(people):
            name = person.name
            if me is not None and person.key == me.key:
                name = _("{name} (you)").format(name=name)
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(person.login))
            if self._manager:
                box = QComboBox()
                for role in ("salesperson", "manager"):
                    box.addItem(role_name(role), role)
                box.setCurrentIndex(box.findData(person.role))
                box.currentIndexChanged.connect(
                    lambda _i, b=box, login=person.login: self.set_role(login, b.currentData()))
                self.table.setCellWidget(row, 2, box)
            else:
                self.table.removeCellWidget(row, 2)  # the manager's, who just stepped down
                self.table.setItem(row, 2, QTableWidgetItem(role_name(person.role)))
        self.table.resizeRowsToContents()

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def add(self) -> None:
        try:
            self.services.people.add_person(self.login.text(), self.name.text(),
                                            str(self.role.currentData()))
        except RingbinderError as exc:
            self._say(str(exc))
            return
        self._say("")
        self.login.clear()
        self.name.clear()
        self.refresh()
        self.login.setFocus()

    def set_role(self, login: str, role: str) -> None:
        try:
            self.services.people.set_role(login, role)
        except RingbinderError as exc:
            self._say(str(exc))
        else:
            self._say("")
        if self._manager and not self.services.people.is_manager:  # one stepped down
            self._manager = False
            for field in (self.login, self.name, self.role, self.add_button):
                field.setEnabled(False)
        self.refresh()
