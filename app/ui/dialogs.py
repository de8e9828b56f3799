"""Small dialogs of the refiling flow: pick a date, give a reason, confirm a rebalance.

They are opened with open() (window-modal, non-blocking) and report through `accepted`, so
neither the event loop nor the tests wait on them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.binder import RebalancePlan
from app.date_input import describe
from app.i18n import _, long_date, n_
from app.ui.date_field import DateField, binder_date_field, load_text
from app.ui.form_notes import ERROR_STYLE
from app.ui.form_value_editors import limit_dates

if TYPE_CHECKING:
    from app.services import Services


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def stays_list(layout: QVBoxLayout) -> tuple[QLabel, QListWidget]:
    """The heading and list of what a plan leaves where it is, each with its reason (the
    rebalance and the spread of the overdue show them alike)."""
    label = QLabel()
    label.setWordWrap(True)
    layout.addWidget(label)
    stays = QListWidget()
    stays.setWordWrap(True)
    layout.addWidget(stays)
    return label, stays


class DatePickDialog(QDialog):
    """Refile the selected dossiers to a day typed (see DateField) or picked in the calendar.
    With the services it shows the day's load and, when the dossiers would overload it, the
    nearest day with room, one click away."""

    def __init__(self, today: date, initial: date | None, parent: QWidget | None = None, *,
                 services: Services | None = None, name: str = "", count: int = 1,
                 current: Sequence[date | None] = ()) -> None:
        super().__init__(parent)
        self.services, self.count = services, count
        # where the dossiers are filed now: those already on a day are in its count
        self.current = list(current)
        if count == 1 and name:
            self.setWindowTitle(_("Refile {name}").format(name=name))
        else:
            self.setWindowTitle(n_("Refile {count} dossier", "Refile {count} dossiers", count))
        layout = QVBoxLayout(self)
        self.field: DateField = binder_date_field(services, minimum=today, note_below=True) \
            if services is not None else DateField(today, minimum=today, note_below=True)
        layout.addWidget(self.field)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes field -> buttons
        limit_dates(self.calendar, today)
        layout.addWidget(self.calendar)
        self.overflow = QLabel()
        self.overflow.setWordWrap(True)
        self.overflow.setStyleSheet(ERROR_STYLE)
        self.nearest_button = QPushButton()
        layout.addWidget(self.overflow)
        row = QHBoxLayout()
        row.addWidget(self.nearest_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.buttons = _buttons(self, _("Refile"))
        layout.addWidget(self.buttons)
        self._nearest: date | None = None
        self.nearest_button.clicked.connect(self._take_nearest)
        self.field.changed.connect(self._typed)
        self.calendar.selectionChanged.connect(self._clicked)
        self.calendar.activated.connect(self.accept)
        start = max(initial or today, today)
        self.field.setDate(start)
        self.field.setFocus()

    def _typed(self) -> None:
        day = self.field.day()
        if day is not None:
            self.calendar.blockSignals(True)
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
            self.calendar.blockSignals(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(day is not None)
        self._check_room(day)

    def _clicked(self) -> None:
        picked = self.calendar.selectedDate()
        if self.field.date() != picked:
            self.field.setDate(picked)

    def _check_room(self, day: date | None) -> None:
        """Say when the dossiers would overload the day, and offer the nearest with room."""
        self._nearest = None
        load = self.services.loads.load(day) if self.services and day else None
        coming = self.count - sum(1 for when in self.current if when == day)
        if load is None or coming <= 0 or load.after_adding(coming - 1).has_room:
            self.overflow.hide()
            self.nearest_button.hide()
            return
        after = load.after_adding(coming)
        self.overflow.setText(_("{day} would be over its capacity: {load}.").format(
            day=describe(load.day, self.field.today), load=load_text(after)))
        self.overflow.show()
        assert self.services is not None  # a load was read
        self._nearest = self.services.loads.nearest_with_room(load.day, more=self.count)
        if self._nearest is not None:
            self.nearest_button.setText(_("&Take {day}, the nearest day with room").format(
                day=describe(self._nearest, self.field.today)))
        self.nearest_button.setVisible(self._nearest is not None)

    def _take_nearest(self) -> None:
        if self._nearest is not None:
            self.field.setDate(self._nearest)
            self.field.setFocus()

    def accept(self) -> None:
        """Only a day understood is refiled to: else the field says why."""
        if not self.field.is_valid():
            self.field.setFocus()
            return
        super().accept()

    def chosen(self) -> date:
        picked = self.field.day()
        assert picked is not None  # accepted only with a day
        return picked


def archive_text(names: list[str]) -> str:
    """What archiving these dossiers is called: "Archive Ana López", "Archive 3 dossiers"."""
    if len(names) == 1:
        return _("Archive {name}").format(name=names[0])
    return n_("Archive {count} dossier", "Archive {count} dossiers", len(names))


class ReasonDialog(QDialog):
    """Asks why a dossier is archived; the reason is kept in its history.  It names the
    dossiers it acts on: the selection may not be what the user last looked at."""

    SHOWN_NAMES = 5

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(archive_text(names))
        self.setMinimumWidth(420)  # the names read on a few lines, not a narrow column
        layout = QVBoxLayout(self)
        if len(names) == 1:
            question = _("{name}: why is this finished?").format(name=names[0])
        else:
            question = n_("Why is this finished? ({count} dossier)",
                          "Why is this finished? ({count} dossiers)", len(names))
        self.question = QLabel(question)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        if len(names) > 1:
            shown = ", ".join(names[:self.SHOWN_NAMES])
            if len(names) > self.SHOWN_NAMES:
                shown = n_("{names} and {count} more", "{names} and {count} more",
                           len(names) - self.SHOWN_NAMES, names=shown)
            self.names = QLabel(shown)
            self.names.setTextFormat(Qt.TextFormat.PlainText)
            self.names.setWordWrap(True)
            self.names.setStyleSheet("color: #6b665e;")
            layout.addWidget(self.names)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([_("won"), _("lost"), _("not interested"),
                              _("company closed")])
        self.reason.setCurrentText("")
        layout.addWidget(self.reason)
        self.buttons = _buttons(self, archive_text(names))
        layout.addWidget(self.buttons)
        self.reason.editTextChanged.connect(self._check)
        self._check(self.reason.currentText())

    def _check(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()))

    def text(self) -> str:
        return self.reason.currentText().strip()


class RebalanceDialog(QDialog):
    """Shows what "rebalance this day" would move, and why the rest of the excess stays,
    before anything moves. `replan(move_recent, earlier)` plans again (with names) when the
    user lets dates just agreed move too, or keeps the excess off the days before it;
    `recent_days` is the binder's setting (0: no box)."""

    def __init__(self, plan: RebalancePlan, names: dict[str, str],
                 parent: QWidget | None = None, *,
                 replan: Callable[[bool, bool], tuple[RebalancePlan, dict[str, str]]]
                 | None = None,
                 recent_days: int = 0) -> None:
        super().__init__(parent)
        self.plan = plan
        self._replan = replan
        self._recent_days = recent_days
        self.setWindowTitle(_("Rebalance {day}").format(day=long_date(plan.day)))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.moves = QListWidget()
        layout.addWidget(self.moves)
        self.stays_label, self.stays = stays_list(layout)
        self.move_recent = QCheckBox(n_(
            "Move dates agreed within the last {count} day too",
            "Move dates agreed within the last {count} days too", recent_days))
        self.move_recent.setToolTip(_("Such a date was usually just agreed with the client."))
        self.move_recent.toggled.connect(self._toggled)
        layout.addWidget(self.move_recent)
        # the days before have room when the week started light: allowed unless told
        self.later_only = QCheckBox(_("Only to later days"))
        self.later_only.setToolTip(_("Leave the days before this one as they are."))
        self.later_only.toggled.connect(self._toggled)
        layout.addWidget(self.later_only)
        self.buttons = _buttons(self, _("Move them"))
        layout.addWidget(self.buttons)
        self._show(plan, names)

    def _toggled(self, _checked: bool) -> None:
        if self._replan is not None:
            self._show(*self._replan(self.move_recent.isChecked(),
                                     not self.later_only.isChecked()))

    def _show(self, plan: RebalancePlan, names: dict[str, str]) -> None:
        from app.services.filing import stays_text  # the writers load when a plan is shown

        self.plan = plan
        if plan.moves:
            intro = n_("{count} dossier moves to the nearest working day with room, or into "
                       "next month when the coming days are full (lowest priority first, then "
                       "those without an agreed time, then the date set longest ago):",
                       "{count} dossiers move to the nearest working days with room, or into "
                       "next month when the coming days are full (lowest priority first, then "
                       "those without an agreed time, then the date set longest ago):",
                       len(plan.moves))
        elif plan.unplaced:
            intro = _("Nothing can move: every dossier over the capacity stays, for the reason "
                      "shown.")
        else:
            intro = _("Nothing to move: the day is within its capacity.")
        self.intro.setText(intro)
        self.moves.clear()
        for dossier_id, when in plan.moves:
            self.moves.addItem(f"{names.get(dossier_id, dossier_id)}  →  {long_date(when)}")
        self.moves.setVisible(bool(plan.moves))
        self.stays.clear()
        for dossier_id, why in plan.unplaced:
            self.stays.addItem(f"{names.get(dossier_id, dossier_id)}: "
                               f"{stays_text(why, self._recent_days)}")
        self.stays_label.setText(
            n_("{count} more stays over the capacity:", "{count} more stay over the capacity:",
               len(plan.unplaced)) if plan.moves else
            n_("{count} dossier stays over the capacity:",
               "{count} dossiers stay over the capacity:", len(plan.unplaced)))
        self.stays_label.setVisible(bool(plan.unplaced))
        self.stays.setVisible(bool(plan.unplaced))
        if plan.unplaced:  # as tall as its lines, up to five: the moves keep the room
            rows = min(len(plan.unplaced), 5)
            self.stays.setFixedHeight(rows * max(self.stays.sizeHintForRow(0), 1)
                                      + 2 * self.stays.frameWidth() + 4)
        # offered whenever something is over the capacity (and kept once ticked)
        self.move_recent.setVisible(self._replan is not None and self._recent_days > 0 and (
            self.move_recent.isChecked() or bool(plan.moves or plan.unplaced)))
        self.later_only.setVisible(self._replan is not None and (
            self.later_only.isChecked() or bool(plan.moves or plan.unplaced)))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(plan.moves))
