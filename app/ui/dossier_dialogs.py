"""Dialogs of the card: a new dossier (with the duplicate warning) and an amendment."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.errors import RingbinderError
from app.i18n import _, short_date
from app.labels import channel_names
from app.services import Services
from app.services.dossiers import NewDossier
from app.services.dto import Changes, EventView
from app.services.filing import ContactLog
from app.ui.date_field import binder_date_field
from app.ui.operations import BinderBridge, bridge_of


class NewDossierDialog(QDialog):
    """Signals: created(id) once the dossier is saved; openExisting(id) when the user picks
    the dossier it looks like instead."""

    created = Signal(str)
    openExisting = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None,
                 bridge: BinderBridge | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bridge = bridge_of(services, bridge, self)
        self.setWindowTitle(_("New dossier"))
        form = QFormLayout(self)
        self.name, self.company, self.position = QLineEdit(), QLineEdit(), QLineEdit()
        self.phone, self.email = QLineEdit(), QLineEdit()
        self.phone.setPlaceholderText("+48 600 123 456")
        today = services.clock.today()
        self.next = binder_date_field(services, minimum=today, note_below=True)
        self.next.setDate(today)
        for label, widget in ((_("&Name"), self.name), (_("&Company"), self.company),
                              (_("&Position"), self.position),
                              (_("P&hone"), self.phone), (_("&E-mail"), self.email),
                              (_("Ne&xt contact"), self.next)):
            form.addRow(label, widget)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        form.addRow(self.message)
        self.open_existing = QPushButton(_("Open the existing one"))
        self.open_existing.hide()
        self.open_existing.clicked.connect(self._open_existing)
        form.addRow(self.open_existing)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._warned_for: list[str] = []

    def unsaved_work(self) -> str | None:
        """The new dossier typed in, until it is created."""
        if self.result() == QDialog.DialogCode.Accepted:
            return None
        if not any(w.text().strip() for w in (self.name, self.company, self.position,
                                              self.phone, self.email)):
            return None
        return _("the new dossier {name}").format(name=self.name.text().strip() or "…")

    def _open_existing(self) -> None:
        if self._warned_for:
            self.openExisting.emit(self._warned_for[0])
            self.reject()

    def confirm(self) -> None:
        """Save the dossier; the first time it looks like an existing one, warn instead."""
        picked = self.next.day()
        if picked is None:  # the field says why, under it
            self.next.refuse()
            return
        phones = [self.phone.text()] if self.phone.text().strip() else []
        emails = [self.email.text()] if self.email.text().strip() else []
        similar = self.services.dossiers.duplicates(self.name.text(), self.company.text(),
                                                    phones, emails)
        if similar and similar != self._warned_for:
            self._warned_for = similar
            existing = self.services.dossiers.get(similar[0])
            self.message.setText(_(
                "This looks like {name} ({company}), already in the binder. Open that one, or "
                "press OK again to create a new dossier anyway.").format(
                name=existing.name, company=existing.company or "—"))
            self.message.show()
            self.open_existing.show()
            return
        try:
            dossier_id = self.bridge.write(lambda: self.services.dossiers.create(NewDossier(
                name=self.name.text(), company=self.company.text(),
                position=self.position.text(), phones=phones, emails=emails,
                next_contact=picked)))
        except RingbinderError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.created.emit(dossier_id)
        self.accept()


class AmendDialog(QDialog):
    """A correction of a logged contact; the original stays in the history, struck through."""

    def __init__(self, services: Services, event: EventView, parent: QWidget | None = None,
                 bridge: BinderBridge | None = None) -> None:
        super().__init__(parent)
        self.services, self.original = services, event
        self.bridge = bridge_of(services, bridge, self)
        self.setWindowTitle(_("Amend a contact"))
        form = QFormLayout(self)
        self.channel = QComboBox()
        for channel, name in channel_names().items():  # in the binder's order
            self.channel.addItem(name, channel)
        self.channel.setCurrentIndex(max(0, self.channel.findData(event.channel)))
        self.summary, self.outcome = QLineEdit(event.summary), QLineEdit(event.outcome)
        self.offer, self.amount = QLineEdit(event.offer), QLineEdit(event.amount or "")
        for label, widget in ((_("C&hannel"), self.channel),
                              (_("&What it was about"), self.summary),
                              (_("How it &ended"), self.outcome),
                              (_("&Offered"), self.offer),
                              (_("&Amount"), self.amount)):
            form.addRow(label, widget)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.changes: Changes | None = None

    def unsaved_work(self) -> str | None:
        """The correction typed in, until it is saved."""
        if self.changes is not None:
            return None
        if not self._edited():
            return None
        return _("the correction of the contact of {when}").format(
            when=short_date(self.original.at.date()))

    def _edited(self) -> bool:
        o = self.original
        return ((self.channel.currentData(), self.summary.text(), self.outcome.text(),
                 self.offer.text(), self.amount.text()) !=
                (o.channel, o.summary, o.outcome, o.offer, o.amount or ""))

    def confirm(self) -> None:
        try:
            _id, self.changes = self.services.filing.amend(self.original.id, ContactLog(
                self.channel.currentData(), self.summary.text(), self.outcome.text(),
                self.offer.text(), self.amount.text() or None, self.original.currency))
            self.bridge.announce(self.changes)
        except RingbinderError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.accept()
