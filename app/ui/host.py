"""What a part of the window (printing, the handover, import, export) is given: the services,
the clock, the user's settings, the change path, and a small host to ask the window for the
few things only it can do.  A part never reaches into the window's widgets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings

from app.clock import Clock
from app.services import Services

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from app.services.dto import Tab
    from app.ui.operations import BinderBridge


class Host(Protocol):
    """The window, as its parts see it."""

    def widget(self) -> QWidget:
        """The parent of the part's dialogs and message boxes."""
        ...

    def show_error(self, message: str) -> None: ...

    def show_status(self, message: str, timeout_ms: int = 8000) -> None: ...

    def open_dialog(self, dialog: QDialog) -> None:
        """Opens a window-modal dialog, deleted when closed."""
        ...

    def current_tab(self) -> Tab | None:
        """The insert open on the strip."""
        ...

    def selected_ids(self) -> list[str]:
        """The dossiers selected in the list (else the card's), in list order."""
        ...

    def show_insert(self, key: str) -> None: ...


@dataclass
class Parts:
    """Everything a part of the window needs, passed in once."""

    services: Services
    clock: Clock
    settings: QSettings
    bridge: BinderBridge
    host: Host

    def today(self) -> date:
        """The clock's day, asked each time: the window may stay open past midnight."""
        return self.clock.today()
