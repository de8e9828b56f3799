"""Log a contact (Ctrl+L): write down the conversation and agree the next step, in one go.

The dialog is made for the keyboard: the cursor starts in "What was it about", Tab walks the
fields, Alt+1 … Alt+7 choose the next step, Ctrl+Enter (or Enter in the last field) logs the
contact and Esc cancels.  Like the other dialogs it is opened with open() and reports through
`accepted` (and `logged`, which carries the Changes); nothing waits on it.

Input is checked field by field before the binder is asked, so that a refusal is shown in red
under the field concerned and nothing is saved; the contact and the refiling are one
transaction of the filing service.

The dialog puts a header about the dossier over its two halves, each a widget of its own
module: the conversation (app.ui.conversation) and the next step (app.ui.next_step).
"""

from __future__ import annotations

from datetime import date
from html import escape
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.binder import WorkCalendar
from app.binder.postpone import QuickStep
from app.errors import RingbinderError
from app.i18n import _, short_date
from app.labels import channel_names
from app.services import Services
from app.services.dto import Changes, DossierDetail, EventView
from app.services.filing import ContactLog, NextStep
from app.ui.conversation import ConversationBox
from app.ui.form_notes import ERROR_STYLE, MUTED, FieldErrors, Refusals, hint
from app.ui.next_step import ARCHIVE, CHOICES, PICKED, NextStepBox, day_label
from app.ui.operations import BinderBridge, bridge_of

__all__ = ["ARCHIVE", "CHOICES", "PICKED", "LogContactDialog"]

DEFAULT_WIDTH = 860


class LogContactDialog(QDialog):
    """Signals: logged(Changes) once the contact is saved and the dossier refiled.

    Attributes: `changes` (the Changes, None until saved), `dates` (the date of each quick
    choice), `choices` (choice name -> radio button, names as in CHOICES), `date_labels`
    (quick choice name -> the label showing its date), `load_pills` (the load beside each
    date), `full` (the note that the day chosen is full) and `instead` (its button taking the
    nearest day with room), `errors` (field name -> its red message label), `problem` (a
    refusal of the binder), and the input widgets by name
    (channel, summary, outcome, offer, amount, currency, date_edit, reason, time, purpose,
    fixed), which belong to its two parts: `conversation` and `next_step`."""

    logged = Signal(object)  # Changes

    def __init__(self, services: Services, dossier_id: str,
                 parent: QWidget | None = None, bridge: BinderBridge | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bridge = bridge_of(services, bridge, self)
        self.detail: DossierDetail = services.dossiers.get(dossier_id)
        self.dossier_id = self.detail.id
        self.changes: Changes | None = None
        self.today = services.clock.today()
        settings = services.settings.get()
        self._errors = FieldErrors()
        self.errors: dict[str, QLabel] = self._errors.labels

        self.setWindowTitle(_("Log a contact — {name}").format(name=self.detail.name))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self._header())
        self.conversation = ConversationBox(settings.currency, self._errors)
        self.next_step = NextStepBox(self.today, WorkCalendar(settings.holiday_country or None),
                                     self._errors, loads=services.loads,
                                     lifted=self.detail.next_contact)
        self.next_step.changed.connect(self._next_step_changed)
        talk, step = self.conversation, self.next_step
        self.channel, self.summary, self.outcome = talk.channel, talk.summary, talk.outcome
        self.offer, self.amount, self.currency = talk.offer, talk.amount, talk.currency
        self.dates, self.choices, self.date_labels = step.dates, step.choices, step.date_labels
        self.date_edit, self.reason, self.time = step.date_edit, step.reason, step.time
        self.purpose, self.fixed = step.purpose, step.fixed
        self.load_pills, self.full, self.instead = step.load_pills, step.full, step.instead
        columns = QGridLayout()
        columns.setHorizontalSpacing(12)
        columns.addWidget(self.conversation, 0, 0)
        columns.addWidget(self.next_step, 0, 1)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        layout.addLayout(columns, 1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        layout.addWidget(self.problem)
        layout.addLayout(self._buttons())

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.confirm)
        chain = (*talk.tab_chain(), *step.tab_chain(), self.ok,
                 self.buttons.button(QDialogButtonBox.StandardButton.Cancel))
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.choose(QuickStep.NEXT_WORKING_DAY, focus=False)
        step.propose(self.detail.purpose, self.detail.time, self.detail.fixed)
        if self.detail.archived:
            self._show_problem(_("{name} is archived; restore the dossier first.")
                               .format(name=self.detail.name))
            self.ok.setEnabled(False)
        self.summary.setFocus()
        size = self.sizeHint()
        self.resize(max(size.width(), DEFAULT_WIDTH), size.height())

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
        self.due_label = hint(self._due_text(d))
        self.due_label.setWordWrap(True)
        box.addWidget(self.due_label)
        self.last_label = QLabel()
        self.last_label.setWordWrap(True)
        self.last_label.setTextFormat(Qt.TextFormat.RichText)
        last = self.last_contact()
        if last is None:
            none = escape(_("No conversation logged yet."))
            self.last_label.setText(f"<span style='color:{MUTED}'>{none}</span>")
        else:
            when = short_date(last.at.astimezone().date())
            head = _("Last conversation, {date} ({channel}):").format(
                date=when, channel=self._channel_name(last.channel))
            outcome = last.outcome or last.summary
            self.last_label.setText(f"{escape(head)} <b>{escape(outcome)}</b>")
            self.last_label.setToolTip(last.summary)
        box.addWidget(self.last_label)
        return frame

    def _due_text(self, d: DossierDetail) -> str:
        if d.archived:
            return _("Archived: {reason}").format(reason=d.archive_reason)
        if d.next_contact is None:
            return _("Not filed under a date (Undated)")
        text = _("Filed under {date}").format(date=day_label(d.next_contact, self.today))
        if d.time:
            text += f", {d.time}"
        if d.purpose:
            text += f" — {d.purpose}"
        return text

    def _channel_name(self, channel: str) -> str:
        return channel_names().get(channel, channel).lower()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        keys = QKeySequence("Ctrl+Enter").toString(QKeySequence.SequenceFormat.NativeText)
        row.addWidget(hint(_("{keys} logs the contact · Esc cancels").format(keys=keys)), 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setToolTip(keys)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        row.addWidget(self.buttons)
        return row

    def unsaved_work(self) -> str | None:
        """The contact being written down, until it is logged."""
        purpose = self.purpose.text() if self.purpose.text() != self.detail.purpose else ""
        typed = (self.summary.toPlainText(), self.outcome.text(), self.offer.text(),
                 self.amount.text(), purpose, self.reason.currentText())
        if self.changes is not None or not any(t.strip() for t in typed):
            return None
        return _("the contact being logged for {name}").format(name=self.detail.name)

    # -- reading the dossier -----------------------------------------------------------------
    def last_contact(self) -> EventView | None:
        """The latest conversation logged (events come newest first)."""
        return next((e for e in self.detail.events if e.kind == "contact"), None)

    # -- the next step ---------------------------------------------------------------------
    def choose(self, name: str, focus: bool = True) -> None:
        """Select a next-step choice (as Alt+1 … Alt+7 do) and put the cursor where the
        choice needs it: the date, the reason, or the choice itself."""
        self.next_step.choose(name, focus)

    def choice(self) -> str:
        """The name of the chosen next step (one of CHOICES)."""
        return self.next_step.choice()

    def next_date(self) -> date | None:
        """The next-contact date chosen (None when archiving)."""
        return self.next_step.next_date()

    def _next_step_changed(self, name: str) -> None:
        self.ok.setText(_("&Log and archive") if name == ARCHIVE
                        else _("&Log contact"))

    # -- confirming ------------------------------------------------------------------------
    def _show_problem(self, message: str | None) -> None:
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))

    def _check(self) -> tuple[ContactLog, NextStep, str | None] | None:
        """What the user wrote, checked field by field: every refusal is shown under its
        field; None when any field was refused."""
        refusals = Refusals()
        log = self.conversation.read(self.services.settings.get().currency, refusals)
        step, reason = self.next_step.read(self.services.clock.today(), refusals)
        if not self._errors.show_all(refusals):
            return None
        return log, step, reason

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
            changes = self.bridge.write(lambda: self.services.filing.log_contact(
                self.dossier_id, log, step, archive_reason=reason))
        except RingbinderError as exc:
            self._show_problem(str(exc))
            return
        self.changes = changes
        self.logged.emit(changes)
        self.accept()

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
                if focus in self.next_step.last_fields():
                    self.confirm()
                else:
                    self.focusNextChild()
                return
        super().keyPressEvent(event)
