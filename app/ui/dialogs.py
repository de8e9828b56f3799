"""Small dialogs of the refiling flow: pick a date, give a reason, confirm a rebalance.

They are opened with open() (window-modal, non-blocking) and report through `accepted`, so
neither the event loop nor the tests wait on them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
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
    """Shows what "rebalance this day" would move, before anything moves."""

    def __init__(self, plan: RebalancePlan, names: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(_("Rebalance {day}").format(day=long_date(plan.day)))
        layout = QVBoxLayout(self)
        if plan.moves:
            intro = n_("{count} dossier moves to the next day with room "
                       "(fixed appointments stay):",
                       "{count} dossiers move to the next days with room "
                       "(lowest priority first; fixed appointments stay):", len(plan.moves))
        else:
            intro = _("Nothing to move: the day is within its capacity.")
        layout.addWidget(QLabel(intro))
        self.moves = QListWidget()
        for dossier_id, when in plan.moves:
            self.moves.addItem(f"{names.get(dossier_id, dossier_id)}  →  {long_date(when)}")
        layout.addWidget(self.moves)
        if plan.unplaced:
            layout.addWidget(QLabel(_(
                "{count} more found no day with room and stay.").format(count=len(plan.unplaced))))
        buttons = _buttons(self, _("Move them"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(plan.moves))
        layout.addWidget(buttons)
