"""Reminders in the window: a tray icon with today's counts, a notification a quarter of an
hour before each agreed time and the day's summary each morning, and a word in the status bar
when a refile books two dossiers at the same time.

The rules (what fires when, once) are the core's ReminderSchedule; this part only asks it
every 30 seconds and shows the answer: in the system tray, or in the status bar where there
is no tray (some desktops, the offscreen platform of the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

from PySide6.QtCore import QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app import preferences
from app.binder.reminders import DueItem, Notice, ReminderSchedule
from app.i18n import _
from app.services.dto import Changes
from app.services.reminders import Agenda, clash_text, item_text, summary_text
from app.ui.host import Parts

CHECK_MS = 30_000
MESSAGE_MS = 15_000
MENU_ITEMS = 12  # the day's coming appointments offered in the tray's menu


def app_icon() -> QIcon:
    pixmap = QPixmap()
    pixmap.loadFromData(resources.files("app.ui").joinpath("icons", "ringbinder.png")
                        .read_bytes())
    return QIcon(pixmap)


def badge_text(count: int) -> str:
    """Today's count as the tray icon's badge shows it: no badge on an empty day, and no more
    than three characters (the icon is 22-32 px on most panels)."""
    return "" if count <= 0 else str(count) if count < 1000 else "999+"


def badged_icon(count: int, size: int = 64) -> QIcon:
    """The app's icon with today's count in its corner, so a glance at the panel says how
    much of the day is left."""
    pixmap = app_icon().pixmap(size, size)
    text = badge_text(count)
    if not text:
        return QIcon(pixmap)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * (0.42 if len(text) < 3 else 0.32)))
    painter.setFont(font)
    width = max(size * 0.5, painter.fontMetrics().horizontalAdvance(text) + size * 0.16)
    badge = QRectF(size - width, size * 0.5, width, size * 0.5)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#c62828"))
    painter.drawRoundedRect(badge, size * 0.25, size * 0.25)
    painter.setPen(QColor("white"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class Reminders(QObject):
    """Asks the schedule what to announce, every CHECK_MS and after each change; `select`
    brings the window up with a dossier selected (a notification or a menu item clicked)."""

    def __init__(self, parts: Parts, select: Callable[[str], None],
                 lead_minutes: int | None = None, tray: bool | None = None) -> None:
        super().__init__(parts.host.widget())
        self._parts = parts
        self._select = select
        lead = preferences.reminder_lead() if lead_minutes is None else lead_minutes
        self.schedule = ReminderSchedule(lead_minutes=lead)
        self.last_message = ""
        self._about: str | None = None  # the dossier the last notification is about
        self.tray: QSystemTrayIcon | None = None
        self._menu_items: list[DueItem] = []
        self.badge = ""  # today's count on the tray icon
        if QSystemTrayIcon.isSystemTrayAvailable() if tray is None else tray:
            self.tray = QSystemTrayIcon(app_icon(), self)
            self.menu = QMenu(parts.host.widget())  # goes with the window
            self.tray.setContextMenu(self.menu)
            self.tray.messageClicked.connect(self.open_last)
            self.tray.activated.connect(self._activated)
            self.tray.show()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        parts.bridge.changed.connect(self._changed)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # a laptop woken: what came due meanwhile
            app.applicationStateChanged.connect(self._application_state_changed)
        self.check()

    def check(self) -> list[Notice]:
        """One look at the clock and the day (one read): the notices due now, shown."""
        reminders = self._parts.services.reminders
        now = reminders.now()
        agenda = reminders.agenda(now.date())
        notices = self.schedule.check(now, agenda.timed, agenda.summary)
        self._show_counts(agenda, now.time().strftime("%H:%M"))
        if notices:
            self._announce(notices)
        return notices

    def _announce(self, notices: list[Notice]) -> None:
        items = [n.item for n in notices if n.item is not None]
        lines = [summary_text(n.summary) for n in notices if n.summary is not None]
        lines += [item_text(item) for item in items]
        self._about = items[0].id if items else None
        title = _("Coming up") if items else _("Today in your binder")
        self.last_message = "\n".join(lines)
        if self.tray is not None:
            self.tray.showMessage(title, self.last_message, self.tray.icon(), MESSAGE_MS)
        else:
            self._parts.host.show_status(" · ".join(lines), MESSAGE_MS)

    def _show_counts(self, agenda: Agenda, now_hhmm: str) -> None:
        if self.tray is None:
            return
        self.tray.setToolTip(_("Ringbinder — {counts}").format(
            counts=summary_text(agenda.summary)))
        if badge_text(agenda.summary.today) != self.badge:
            self.badge = badge_text(agenda.summary.today)
            self.tray.setIcon(badged_icon(agenda.summary.today))
        coming = [i for i in agenda.timed if i.time >= now_hhmm][:MENU_ITEMS]
        if coming == self._menu_items and self.menu.actions():
            return  # unchanged: a menu the user has open is left alone
        self._menu_items = coming
        self.menu.clear()
        for item in coming:
            action = QAction(item_text(item), self.menu)
            action.triggered.connect(lambda _on=False, i=item.id: self.bring_up(i))
            self.menu.addAction(action)
        if coming:
            self.menu.addSeparator()
        self.menu.addAction(_("Show Ringbinder"), lambda: self.bring_up(None))

    def open_last(self) -> None:
        """The last notification clicked: its dossier shown."""
        self.bring_up(self._about)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.bring_up(None)

    def bring_up(self, dossier_id: str | None) -> None:
        """The window raised (restored if minimised), with the dossier selected if given."""
        window = self._parts.host.widget().window()
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        if dossier_id:
            self._select(dossier_id)

    def set_lead(self, minutes: int) -> None:
        """The user chose another lead: from now on, and at once for an appointment that
        is already within it."""
        self.schedule.lead_minutes = minutes
        self.check()

    def _application_state_changed(self, _state: object) -> None:
        self.check()

    def _changed(self, changes: Changes) -> None:
        """Counts may have moved, and a refile may have made a double booking: say so."""
        if changes.counts:
            self.check()
        if changes.dates and changes.dossiers and not changes.everything:
            found = self._parts.services.reminders.clashes_with(sorted(changes.dossiers))
            if found:
                self._parts.host.show_status(" ".join(clash_text(c) for c in found[:2]),
                                             MESSAGE_MS)

    def stop(self) -> None:
        """The window closes: no more checks, and the icon leaves the tray."""
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()
