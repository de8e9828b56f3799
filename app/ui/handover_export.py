"""Handing over from the window: what to hand over (a period's inserts, the selected dossiers
or everything planned), to whom, and the passphrase; and returning a taken-over handover.

The dialogs only gather choices; HandoverActions (app/ui/handover_actions.py) asks for the
file name and writes it in a worker with progress.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.handover.container import MIN_PASSPHRASE
from app.i18n import _, long_date, n_
from app.services import Services
from app.services.handover import DEFAULT_DAYS
from app.services.handover_log import ReturnPlan
from app.ui.date_field import DateField


class PassphraseBox(QGroupBox):
    """On by default: the file travels on USB sticks and in e-mails. Unticked, it says plainly
    that anyone with the file can read the clients. What is wrong with a passphrase is said
    once one is being typed, not before."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Protect the file with a passphrase"))
        self.setCheckable(True)
        self.setChecked(True)
        form = QFormLayout(self)
        self.first = QLineEdit()
        self.second = QLineEdit()
        self.typed = False
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self.changed)
            edit.textEdited.connect(self._typed)
        self.first.setPlaceholderText(_("at least {count} characters").format(
            count=MIN_PASSPHRASE))
        form.addRow(_("&Passphrase:"), self.first)
        form.addRow(_("&Repeat it:"), self.second)
        hint = QLabel(_("Tell it to your colleague by phone, not in the e-mail that "
                              "carries the file."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        form.addRow(hint)
        self.toggled.connect(lambda _on: self.changed.emit())

    def _typed(self, _text: str) -> None:
        if not self.typed:
            self.typed = True
            self.changed.emit()

    def passphrase(self) -> str | None:
        return self.first.text() if self.isChecked() else None

    def shown_problem(self) -> str:
        """The problem as the dialog shows it: none until a passphrase is being typed."""
        if self.isChecked() and not (self.typed or self.first.text() or self.second.text()):
            return ""
        return self.problem()

    def problem(self) -> str:
        """Why the passphrase cannot be used yet, or the warning of an open file."""
        if not self.isChecked():
            return _("Without a passphrase anyone who gets the file can read your "
                           "clients' names, phones and history.")
        if len(self.first.text()) < MIN_PASSPHRASE:
            return _("The passphrase needs at least {count} characters.").format(
                count=MIN_PASSPHRASE)
        if self.first.text() != self.second.text():
            return _("The two passphrases differ.")
        return ""

    def ready(self) -> bool:
        return not self.isChecked() or not self.problem()


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, ok


def _status_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


class HandoverExportDialog(QDialog):
    """What to hand over and to whom. The count of dossiers follows the choice as it is made."""

    PERIOD, SELECTED, PLANNED = range(3)

    def __init__(self, services: Services, today: date, selected: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.selected = list(selected)
        self.setWindowTitle(_("Hand over"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(_("The chosen dossiers go into one file with their history, "
                               "documents, forms and next steps, for a colleague who takes "
                               "over while you are away."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        what = QGroupBox(_("Hand over"))
        grid = QVBoxLayout(what)
        self.modes = QButtonGroup(self)
        self.period_button = QRadioButton(_("The inserts &from"))
        self.start = DateField(today, load=services.loads.load, note_below=True)
        self.end = DateField(today, note_below=True)
        self.start.setDate(today)
        self.end.setDate(today + timedelta(days=DEFAULT_DAYS))
        for edit in (self.start, self.end):
            edit.changed.connect(self._update)
        row = QHBoxLayout()
        row.addWidget(self.period_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.start, 1, Qt.AlignmentFlag.AlignTop)
        until = QLabel(_("to (your return)"))
        row.addWidget(until, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.end, 1, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(row)
        self.overdue = QCheckBox()
        overdue = services.handover.count(today - timedelta(days=1), today - timedelta(days=1),
                                          overdue=True)
        self.overdue.setText(n_("and the overdue dossier (due before, not done)",
                                "and the {count} overdue dossiers (due before, not done)",
                                overdue))
        self.overdue.setChecked(overdue > 0)
        self.overdue.setVisible(overdue > 0)
        self.overdue.toggled.connect(self._update)
        overdue_row = QHBoxLayout()
        overdue_row.addSpacing(24)
        overdue_row.addWidget(self.overdue)
        grid.addLayout(overdue_row)
        self.selected_button = QRadioButton(_("The &selected dossiers ({count})").format(
            count=len(self.selected)))
        self.selected_button.setEnabled(bool(self.selected))
        grid.addWidget(self.selected_button)
        self.planned_button = QRadioButton(_("&Everything planned (every dated dossier "
                                                   "not archived)"))
        grid.addWidget(self.planned_button)
        for mode, button in enumerate((self.period_button, self.selected_button,
                                       self.planned_button)):
            self.modes.addButton(button, mode)
        self.period_button.setChecked(True)
        self.modes.idToggled.connect(lambda _id, on: self._update() if on else None)
        layout.addWidget(what)

        form = QFormLayout()
        self.to_person = QLineEdit()
        self.to_person.setPlaceholderText(_("the colleague's name"))
        self.to_person.setMaxLength(200)
        form.addRow(_("&To:"), self.to_person)
        layout.addLayout(form)
        self.secret = PassphraseBox()
        self.secret.changed.connect(self._update)
        layout.addWidget(self.secret)
        self.count_label = _status_label()
        self.status = _status_label()
        layout.addWidget(self.count_label)
        layout.addWidget(self.status)
        self.buttons, self.ok = _buttons(self, _("Hand over…"))
        layout.addWidget(self.buttons)
        self._update()
        self.to_person.setFocus()

    def mode(self) -> int:
        return self.modes.checkedId()

    def period(self) -> tuple[date, date] | None:
        """The days chosen (None for another choice, or while a day is not understood)."""
        start, end = self.start.day(), self.end.day()
        if self.mode() != self.PERIOD or start is None or end is None:
            return None
        return start, end

    def with_overdue(self) -> bool:
        return self.mode() == self.PERIOD and self.overdue.isChecked() and \
            not self.overdue.isHidden()

    def ids(self) -> list[str] | None:
        return self.selected if self.mode() == self.SELECTED else None

    def count(self) -> int:
        if self.mode() == self.SELECTED:
            return len(self.selected)
        if self.mode() == self.PERIOD and self.period() is None:
            return 0
        period = self.period()
        if period is not None and period[1] < period[0]:
            return 0
        return self.services.handover.count(*period, overdue=self.with_overdue()) if period \
            else self.services.handover.count()

    def _update(self) -> None:
        period = self.period()
        count = self.count()
        problem = ""
        if self.mode() == self.PERIOD and period is None:
            problem = self.start.error() or self.end.error()
            self.count_label.setText("")
        elif period is not None and period[1] < period[0]:
            problem = _("The period ends before it starts.")
            self.count_label.setText("")
        else:
            self.count_label.setText(n_("{count} dossier will be handed over.",
                                        "{count} dossiers will be handed over.", count))
            if count == 0:
                problem = _("There is nothing to hand over in this choice.")
        warning = self.secret.shown_problem()
        self.status.setText(problem or warning)
        self.status.setStyleSheet("color: #a33;" if problem or warning else "")
        self.ok.setEnabled(not problem and self.secret.ready())


class ReturnHandoverDialog(QDialog):
    """One action back: the taken-over dossiers, as they are now, to the colleague who
    handed them over, with the dossiers added since (ticked)."""

    def __init__(self, plan: ReturnPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        entry = plan.entry
        self.setWindowTitle(_("Return handover"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        who = entry.from_name or _("the colleague who handed it over")
        text = n_("Send back the dossier {name} handed over to you",
                  "Send back the {count} dossiers {name} handed over to you", len(plan.ids),
                  name=who)
        if entry.period is not None:
            text += " " + _("for {start} to {end}").format(
                start=long_date(entry.period.start), end=long_date(entry.period.end))
        self.intro = QLabel(text + _(", with everything you logged, refiled and added. "
                                           "Their own changes meanwhile are kept when they "
                                           "take the file over."))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        names = ", ".join(name for _id, name in plan.added[:5]) + (
            "…" if len(plan.added) > 5 else "")
        self.include_added = QCheckBox(n_(
            "Include the dossier you added since: {names}",
            "Include the {count} dossiers you added since: {names}", len(plan.added),
            names=names))
        self.include_added.setChecked(True)
        self.include_added.setVisible(bool(plan.added))
        layout.addWidget(self.include_added)
        self.secret = PassphraseBox()
        self.secret.changed.connect(self._update)
        layout.addWidget(self.secret)
        self.status = _status_label()
        layout.addWidget(self.status)
        self.buttons, self.ok = _buttons(self, _("Return…"))
        layout.addWidget(self.buttons)
        self._update()
        self.secret.first.setFocus()

    def _update(self) -> None:
        warning = self.secret.shown_problem()
        self.status.setText(warning)
        self.status.setStyleSheet("color: #a33;" if warning else "")
        self.ok.setEnabled(self.secret.ready() and bool(self.plan.chosen(
            self.include_added.isChecked())))
