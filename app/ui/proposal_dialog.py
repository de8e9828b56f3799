"""New proposal on a dossier: a template chosen, its letter filled for the client and open to
edits, the lines typed with their totals worked out live, until when it holds; "Save
proposal" prints it to a PDF (in a worker: a long offer takes seconds) kept as a document of
the dossier and logs it as an offer with its total, both or neither.  An offer logged is
history, which is never undone (the document can be removed like any other); "Save a copy
as PDF…" writes the same PDF to a file only.

What the salesperson typed is never thrown away unasked: choosing a template again replaces
the subject, letter and validity only when they are as the last template filled them, and
closing with the letter edited or a line typed asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import RingbinderError
from app.i18n import _, money
from app.labels import channel_names
from app.pdf.style import PrintInfo
from app.services.attachments import write_inside
from app.services.proposal_lines import LIVE, PLACEHOLDERS, totals, unknown_placeholders
from app.services.proposals import Letter, Proposal, render_letter
from app.ui.date_field import DateField
from app.ui.operations import BinderBridge, bridge_of
from app.ui.proposal_lines_table import TAX, LinesTable
from app.ui.theme import OVERDUE_TEXT, TEXT_DIM
from app.ui.worker import BackgroundTask

ERROR_COLOUR = OVERDUE_TEXT.name()
DIM_COLOUR = TEXT_DIM.name()


def placeholder_help() -> str:
    """The placeholders a letter may use, one a line: what the dialogs show beside it."""
    meanings = [(name, _(meaning)) for name, meaning in PLACEHOLDERS]
    return "\n".join(f"{{{name}}} — {meaning}" for name, meaning in meanings)


class NewProposalDialog(QDialog):
    """NewProposalDialog(services, dossier_id, parent): write a proposal for the dossier.

    Emits `proposal_saved(document_id)` once the PDF is kept and the offer logged."""

    proposal_saved = Signal(str)

    def __init__(self, services: Any, dossier_id: str, parent: QWidget | None = None,
                 bridge: BinderBridge | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bridge = bridge_of(services, bridge, self)
        self.dossier_id = dossier_id
        detail = services.dossiers.get(dossier_id)
        self.client = detail.name
        self.task: BackgroundTask | None = None  # the PDF being printed, off the GUI thread
        self.copied: Path | None = None  # the last copy written
        self._closing = False
        self._filled: tuple[str, str, date | None] = ("", "", None)  # as the template left it
        self._template_index = 0
        self.setWindowTitle(_("New proposal for {name}").format(name=detail.name))
        self.resize(900, 720)
        self._build()
        self._fill_from_template()
        self.lines.add_line()
        (self.template if self.template.count() > 1 else self.subject).setFocus()

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        form = QFormLayout()
        self.template = QComboBox()
        self.template.addItem(_("(a blank letter)"), None)
        for t in self.services.proposals.templates():
            self.template.addItem(t.name, t.id)
        if self.template.count() > 1:
            self.template.setCurrentIndex(1)
        self.template.activated.connect(self._template_chosen)
        self.subject = QLineEdit()
        form.addRow(_("&Template"), self.template)
        form.addRow(_("Su&bject"), self.subject)
        outer.addLayout(form)

        letter_label = QLabel(_("Lette&r"))
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        letter_label.setBuddy(self.body)
        self.body.setToolTip(placeholder_help())
        self.body.textChanged.connect(self._check_text)
        self.subject.textChanged.connect(self._check_text)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(letter_label)
        outer.addWidget(self.body, 3)
        outer.addWidget(self.hint)

        self.currency = QLineEdit(self.services.settings.get().currency)
        self.currency.setMaxLength(3)
        self.currency.setFixedWidth(60)
        lines_label = QLabel(_("L&ines (discount and tax per line)"))
        self.lines = LinesTable(lambda: self.currency.text().strip().upper())
        lines_label.setBuddy(self.lines)
        self.lines.changed.connect(self._show_totals)
        self.currency.textChanged.connect(self._currency_changed)
        outer.addWidget(lines_label)
        outer.addWidget(self.lines, 2)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add a line"))
        self.add_button.setToolTip(_("A new line (Ctrl+Ins)"))
        self.add_button.clicked.connect(self._add_line)
        self.remove_button = QPushButton(_("Remo&ve the line"))
        self.remove_button.setToolTip(_("Remove the current line (Ctrl+Del)"))
        self.remove_button.clicked.connect(self.lines.remove_line)
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(self.totals)
        outer.addLayout(row)

        terms = QFormLayout()
        today = self.services.clock.today()
        self.valid_until = DateField(today, minimum=today)
        self.channel = QComboBox()
        for key, name in channel_names().items():
            self.channel.addItem(name, key)
        self.channel.setCurrentIndex(max(self.channel.findData("email"), 0))
        terms.addRow(_("Valid &until"), self.valid_until)
        terms.addRow(_("Curr&ency"), self.currency)
        terms.addRow(_("Sent b&y"), self.channel)
        outer.addLayout(terms)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        outer.addWidget(self.message)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton(_("Save a &copy as PDF…"))
        self.copy_button.clicked.connect(self.save_copy)
        self.save_button = QPushButton(_("&Save proposal"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(_("Keep the PDF in the dossier's documents and log it as "
                                      "an offer (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        outer.addLayout(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)

    def _add_line(self) -> None:
        self.lines.add_line()
        self.lines.setFocus()

    # -- the letter -----------------------------------------------------------------------
    def _letter_state(self) -> tuple[str, str, date | None]:
        return self.subject.text(), self.body.toPlainText(), self.valid_until.day()

    def letter_edited(self) -> bool:
        """Whether the subject, letter or validity differ from what the template filled in."""
        return self._letter_state() != self._filled

    def lines_typed(self) -> bool:
        return any(not self.lines.untouched(row) for row in range(self.lines.rowCount()))

    def _template_chosen(self, index: int) -> None:
        """A template chosen (even the same one again): its letter replaces one edited only
        when the salesperson says so."""
        if not self.letter_edited():
            self._fill_from_template()
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Replace the letter?"), _(
            "You have edited the subject, the letter or the validity. Replace them with those "
            "of “{template}”?").format(template=self.template.itemText(index)),
            QMessageBox.StandardButton.NoButton, self)
        replace = box.addButton(_("&Replace"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("&Keep my text"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._fill_from_template() if button is replace
                                  else self.template.setCurrentIndex(self._template_index))
        box.open()

    def _fill_from_template(self) -> None:
        template_id = self.template.currentData()
        try:
            draft = self.services.proposals.draft(self.dossier_id, template_id)
        except RingbinderError as exc:
            self.message.setText(str(exc))
            return
        self._template_index = self.template.currentIndex()
        self.subject.setText(draft.subject)
        self.body.setPlainText(draft.body)
        self.valid_until.setDate(draft.valid_until)
        self._filled = self._letter_state()
        if not self.currency.isModified():  # one the salesperson typed stays
            self.currency.setText(draft.currency)
        self.lines.tax_rate = draft.tax_rate
        for row in range(self.lines.rowCount()):  # untouched lines take the template's rate
            if self.lines.untouched(row):
                self.lines.set_cell(row, TAX, draft.tax_rate)

    def _check_text(self) -> None:
        unknown = unknown_placeholders(self.subject.text() + "\n" + self.body.toPlainText())
        live = ", ".join(f"{{{name}}}" for name, _m in PLACEHOLDERS if name in LIVE)
        if unknown:
            self.hint.setText(_("Printed as typed, not known as placeholders: {found}.").format(
                found=", ".join(unknown[:5])))
            self.hint.setStyleSheet(f"color: {ERROR_COLOUR};")
        else:
            self.hint.setText(_("{live} are filled in when the proposal is printed; hover over "
                                "the letter for all the placeholders.").format(live=live))
            self.hint.setStyleSheet(f"color: {DIM_COLOUR};")

    def _currency_changed(self) -> None:
        self.lines.refresh()
        self._show_totals()

    def _show_totals(self) -> None:
        summed = totals(self.lines.valid_lines())
        currency = self.currency.text().strip().upper()
        self.totals.setText(_("Before tax {net} · tax {tax} · <b>total {total}</b>").format(
            net=money(str(summed.net), currency), tax=money(str(summed.tax), currency),
            total=money(str(summed.total), currency)))

    # -- saving ---------------------------------------------------------------------------
    def proposal(self) -> Proposal | None:
        """The proposal as typed, or None with the reason shown (the cursor put there)."""
        self.message.clear()
        day = self.valid_until.day()
        if day is None:
            self.valid_until.refuse()
            self.message.setText(self.valid_until.error() or _("Until when is it valid?"))
            return None
        try:
            lines = self.lines.lines()
        except RingbinderError as exc:
            self.message.setText(str(exc))
            self.lines.setFocus()
            return None
        return Proposal(self.dossier_id, self.subject.text(), self.body.toPlainText(), day,
                        self.currency.text().strip().upper(), lines,
                        template_id=self.template.currentData(),
                        channel=self.channel.currentData())

    def save(self) -> None:
        """Print the PDF in a worker, then keep it and log the offer; the dialog closes only
        once both are done, and a refusal leaves it open with the reason and the text."""
        proposal = self.proposal()
        if proposal is None or self.task is not None:
            return
        self._print(proposal, lambda letter, data: self._keep(proposal, letter, data))

    def _keep(self, proposal: Proposal, letter: Letter, data: bytes) -> None:
        try:
            document_id = self.bridge.write(
                lambda: self.services.proposals.keep(proposal, letter, data))
        except RingbinderError as exc:
            self.message.setText(str(exc))
            return
        self.proposal_saved.emit(document_id)
        self.accept()

    def _print(self, proposal: Proposal, then: Callable[[Letter, bytes], None],
               letter: Letter | None = None) -> None:
        """Render the proposal's PDF off the GUI thread (a long one takes seconds) with
        the Save buttons disabled meanwhile; `then(letter, pdf)` back on the GUI thread."""
        try:
            if letter is None:
                letter, info = self.services.proposals.printable(proposal)
            else:
                info = self.services.printing.info()
        except RingbinderError as exc:
            self.message.setText(str(exc))
            return
        filled: Letter = letter
        self._busy(True)
        task = BackgroundTask(self, _("Printing the proposal…"),
                              lambda _progress, _cancelled: _rendered(filled, info),
                              lambda data: then(filled, data), self.message.setText)
        task.done.connect(self._printed)
        self.task = task
        task.start()

    def _busy(self, busy: bool) -> None:
        for button in (self.save_button, self.copy_button):
            button.setEnabled(not busy)
        if busy:
            self.message.clear()

    def _printed(self) -> None:
        task, self.task = self.task, None
        self._busy(False)
        if task is not None:
            task.deleteLater()

    def _ask_copy_path(self, name: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save a copy as PDF"), name,
                                                    _("PDF documents (*.pdf)"))
        if not path:
            return None
        return Path(path) if Path(path).suffix else Path(path).with_suffix(".pdf")

    def save_copy(self) -> None:
        """Write the proposal's PDF to a file of the user's choice (`copied`, once written);
        nothing is kept or logged."""
        proposal = self.proposal()
        if proposal is None or self.task is not None:
            return
        try:
            letter = self.services.proposals.letter(proposal)
        except RingbinderError as exc:
            self.message.setText(str(exc))
            return
        target = self._ask_copy_path(self.services.proposals.file_name(letter))
        if target is None:
            return
        self._print(proposal, lambda _letter, data: self._write_copy(target, data), letter)

    def _write_copy(self, target: Path, data: bytes) -> None:
        try:
            self.copied = write_inside(target.parent, target.name, data)
        except RingbinderError as exc:
            self.message.setText(str(exc))

    # -- closing --------------------------------------------------------------------------
    def unsaved_work(self) -> str | None:
        """The proposal being written, until it is saved (what the crash dialog lists)."""
        if self.result() == QDialog.DialogCode.Accepted or self._closing:
            return None
        if not self.letter_edited() and not self.lines_typed():
            return None
        return _("the proposal being written for {name}").format(name=self.client)

    def reject(self) -> None:
        """Esc, Cancel or closing: asks first when the letter is edited or a line typed."""
        if self.task is not None:  # printing: its progress dialog has the Cancel
            return
        if self._closing or self.unsaved_work() is None:
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("New proposal"), _(
            "The proposal for {name} is not saved.\nClose and lose what you typed?").format(
            name=self.client),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        discard = box.button(QMessageBox.StandardButton.Discard)
        box.buttonClicked.connect(lambda button: self._close_anyway() if button is discard
                                  else None)
        box.open()

    def _close_anyway(self) -> None:
        self._closing = True
        super().reject()


def _rendered(letter: Letter, info: PrintInfo) -> bytes:
    """The worker's part: reportlab only, nothing of the binder."""
    return render_letter(letter, info)


def new_proposal(window: Any, dossier_id: str | None = None) -> None:
    """The window's "New proposal…": for the dossier on show (or `dossier_id`)."""
    dossier_id = dossier_id or window.pane.dossier_id
    if dossier_id is None or window.services.readonly:
        return
    dialog = NewProposalDialog(window.services, dossier_id, window, bridge=window.bridge)
    dialog.proposal_saved.connect(
        lambda _id: window.pane.tabs.setCurrentWidget(window.pane.documents))
    window.open_dialog(dialog)
