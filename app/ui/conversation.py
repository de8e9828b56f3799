"""The conversation being logged: its channel, what it was about, how it ended, and what was
offered for how much.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from app.i18n import _, money
from app.labels import channel_names
from app.services import validate as v
from app.services.filing import ContactLog
from app.ui.form_notes import FieldErrors, Refusals


class ConversationBox(QGroupBox):
    """The group "The conversation" of the contact form.

    Attributes: the input widgets channel, summary, outcome, offer, amount and currency.
    Refusals of the summary, outcome, offer and amount are shown through the FieldErrors
    given."""

    def __init__(self, currency: str, errors: FieldErrors,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("The conversation"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.channel = QComboBox()
        for key, name in channel_names().items():
            self.channel.addItem(name, key)
        self.channel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        form.addRow(_("&Channel:"), self.channel)

        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(_("What was it about?"))
        lines = self.summary.fontMetrics().lineSpacing()
        self.summary.setMinimumHeight(lines * 3 + 12)
        form.addRow(_("&About:"), self.summary)
        errors.add_row(form, "summary", self.summary)

        self.outcome = QLineEdit()
        self.outcome.setPlaceholderText(_("How did it end?"))
        form.addRow(_("&Outcome:"), self.outcome)
        errors.add_row(form, "outcome", self.outcome)

        self.offer = QLineEdit()
        self.offer.setPlaceholderText(_("What was offered, if anything"))
        form.addRow(_("O&ffer:"), self.offer)
        errors.add_row(form, "offer", self.offer)

        self.amount = QLineEdit()
        self.amount.setPlaceholderText(money("0"))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setFixedWidth(self.amount.fontMetrics().horizontalAdvance("0" * 14) + 16)
        self.currency = QLineEdit(currency)
        self.currency.setMaxLength(3)
        self.currency.setFixedWidth(self.currency.fontMetrics().horizontalAdvance("WWWW") + 12)
        self.currency.setToolTip(_("Currency code (EUR, PLN, …)"))
        self.currency.textEdited.connect(self._upper_currency)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.amount)
        row.addWidget(self.currency)
        row.addStretch(1)
        amount_label = QLabel(_("A&mount:"))
        amount_label.setBuddy(self.amount)
        form.addRow(amount_label, row)
        errors.add_row(form, "amount", self.amount)

    def tab_chain(self) -> tuple[QWidget, ...]:
        """The widgets in the order Tab walks them."""
        return (self.channel, self.summary, self.outcome, self.offer, self.amount,
                self.currency)

    def read(self, default_currency: str, refusals: Refusals) -> ContactLog:
        """The conversation written (in `default_currency` when no currency is given); each
        field is checked, its refusal kept in `refusals`."""
        summary = self.summary.toPlainText()
        outcome = self.outcome.text()
        offer = self.offer.text()
        amount = self.amount.text()
        currency = self.currency.text().strip() or default_currency
        refusals.check("summary", lambda: v.text_field("summary", summary, required=True))
        refusals.check("outcome", lambda: v.text_field("outcome", outcome, required=True))
        refusals.check("offer", lambda: v.text_field("offer", offer))

        def check_amount() -> None:
            if v.parse_amount(amount):
                v.parse_currency(currency)

        refusals.check("amount", check_amount)
        return ContactLog(self.channel.currentData(), summary, outcome, offer,
                          amount.strip() or None, currency)

    def _upper_currency(self, text: str) -> None:
        if text != text.upper():
            position = self.currency.cursorPosition()
            self.currency.setText(text.upper())
            self.currency.setCursorPosition(position)
