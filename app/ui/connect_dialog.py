"""File → Connect to a team binder…: the server, port, database, login and password of a
team binder on PostgreSQL. The connection is remembered (the recent binders) without its
password; the password goes to this session's memory and, when the box is ticked, to the
system's keyring (app/ui/team_passwords.py). The same dialog asks again, with the server's
answer above its fields, when a team binder cannot be opened (a wrong or missing password,
a server that does not answer)."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.ui.form_notes import ERROR_STYLE
from app.ui.team_passwords import (
    DEFAULT_PORT,
    PASSWORDS,
    TeamAddress,
    is_team_address,
    keyring_available,
    keyring_password,
)

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # (no user name to be found: the field stays empty)
        return ""


class ConnectDialog(QDialog):
    """The parts of a team binder's address and its password; `address()` and `password()`
    once accepted (the window opens it, see `connect_team`)."""

    def __init__(self, address: TeamAddress, error: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Connect to a team binder"))
        layout = QVBoxLayout(self)
        self.error = QLabel(error)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(bool(error))
        layout.addWidget(self.error)
        form = QFormLayout()
        self.host = QLineEdit(address.host or "localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(address.port or DEFAULT_PORT)
        self.database = QLineEdit(address.database)
        self.login = QLineEdit(address.login or _login_name())
        self.password_field = QLineEdit()
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        for text, field in ((_("&Server:"), self.host), (_("P&ort:"), self.port),
                            (_("&Database:"), self.database), (_("&Login:"), self.login),
                            (_("Pass&word:"), self.password_field)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        layout.addLayout(form)
        self.remember = QCheckBox(_("&Remember the password in the system's keyring"))
        kept = bool(address.database) and keyring_password(address.shown) is not None
        self.remember.setChecked(kept)
        if not keyring_available():
            self.remember.setEnabled(False)
            self.remember.setToolTip(_("There is no system keyring on this computer."))
        layout.addWidget(self.remember)
        self.help = QLabel(_(
            "The connection is remembered without its password. Without the keyring, the "
            "password is asked at each connection, unless it is in your ~/.pgpass file, "
            "which PostgreSQL reads itself. A database without a binder becomes one."))
        self.help.setWordWrap(True)
        self.help.setEnabled(False)  # drawn dimmed: a note, not a field
        layout.addWidget(self.help)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Connect"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for field in (self.host, self.database, self.login):
            field.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(460)
        first_empty = next((f for f in (self.host, self.database, self.login) if not f.text()),
                           self.password_field)
        first_empty.setFocus()

    def _check(self) -> None:
        ready = all(f.text().strip() for f in (self.host, self.database, self.login))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def address(self) -> TeamAddress:
        return TeamAddress(self.host.text().strip(), self.port.value(),
                           self.database.text().strip(), self.login.text().strip())

    def password(self) -> str:
        return self.password_field.text()


def last_team_address(window: MainWindow) -> TeamAddress:
    """The most recent team binder's address, to start the dialog from."""
    from app.ui.menus import recent_binders

    latest = next((p for p in recent_binders(window) if is_team_address(p)), "")
    return TeamAddress.parse(latest)


def connect_team(window: MainWindow, address: str = "", error: str = "") -> ConnectDialog:
    """Open the dialog (on `address` and the reason it could not be opened, when asked
    again); accepted, the window is asked to open the team binder, its password offered to
    this session's memory (and the keyring, if ticked), never put in the address."""
    parts = TeamAddress.parse(address) if address else last_team_address(window)
    dialog = ConnectDialog(parts, error, window)
    dialog.accepted.connect(lambda: window.openBinder.emit(_offered(dialog), True))
    window.open_dialog(dialog)
    return dialog


def ask_at_start(address: str, error: str, accepted: Callable[[str], object],
                 cancelled: Callable[[], object]) -> ConnectDialog:
    """The dialog on its own, when the app started on a team binder it could not open (no
    window yet): `accepted` gets the address to open, `cancelled` ends the app."""
    dialog = ConnectDialog(TeamAddress.parse(address), error)
    dialog.accepted.connect(lambda: accepted(_offered(dialog)))
    dialog.rejected.connect(cancelled)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def _offered(dialog: ConnectDialog) -> str:
    """The address accepted, its password offered to this session's memory (and the
    keyring, if ticked), never put in the address."""
    shown = dialog.address().shown
    if dialog.password():
        PASSWORDS.offer(shown, dialog.password(), dialog.remember.isChecked())
    elif not dialog.remember.isChecked() and dialog.remember.isEnabled():
        PASSWORDS.offer(shown, "", False)  # unticked: forgotten in the keyring
    return shown
