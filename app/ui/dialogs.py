"""Small dialogs of the refiling flow: pick a date, give a reason, confirm a rebalance.

They are opened with open() (window-modal, non-blocking) and report through `accepted`, so
neither the event loop nor the tests wait on them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.binder import RebalancePlan
from app.i18n import _, long_date, n_
from app.ui.form_value_editors import limit_dates


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class DatePickDialog(QDialog):
    def __init__(self, today: date, initial: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Refile to a date"))
        layout = QVBoxLayout(self)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        limit_dates(self.calendar, today)
        start = max(initial or today, today)
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        self.calendar.activated.connect(self.accept)
        layout.addWidget(self.calendar)
        layout.addWidget(_buttons(self, _("Refile")))

    def chosen(self) -> date:
        picked = self.calendar.selectedDate()
        return date(picked.year(), picked.month(), picked.day())


class ReasonDialog(QDialog):
    """Asks why a dossier is archived; the reason is kept in its history."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Archive"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(n_("Why is this finished? ({count} dossier)",
                                   "Why is this finished? ({count} dossiers)", count)))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([_("won"), _("lost"), _("not interested"),
                              _("company closed")])
        self.reason.setCurrentText("")
        layout.addWidget(self.reason)
        self.buttons = _buttons(self, _("Archive"))
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
    before anything moves. `replan(move_recent)` plans again (with names) when the user
    lets dates just agreed move too; `recent_days` is the binder's setting (0: no box)."""

    def __init__(self, plan: RebalancePlan, names: dict[str, str],
                 parent: QWidget | None = None, *,
                 replan: Callable[[bool], tuple[RebalancePlan, dict[str, str]]] | None = None,
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
        self.stays_label = QLabel()
        self.stays_label.setWordWrap(True)
        layout.addWidget(self.stays_label)
        self.stays = QListWidget()
        self.stays.setWordWrap(True)
        layout.addWidget(self.stays)
        self.move_recent = QCheckBox(n_(
            "Move dates agreed within the last {count} day too",
            "Move dates agreed within the last {count} days too", recent_days))
        self.move_recent.setToolTip(_("Such a date was usually just agreed with the client."))
        self.move_recent.toggled.connect(self._toggled)
        layout.addWidget(self.move_recent)
        self.buttons = _buttons(self, _("Move them"))
        layout.addWidget(self.buttons)
        self._show(plan, names)

    def _toggled(self, checked: bool) -> None:
        if self._replan is not None:
            self._show(*self._replan(checked))

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
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(plan.moves))
