"""The damaged-binder banner: offer the newest good backup, confirm, restore, reopen.

Finding a good backup (each is fully checked) and restoring one read whole files, so both run
in a BackgroundTask; the restore itself is the CLI's (app.services.backups).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.i18n import _, short_date_time
from app.services.backups import Backup, newest_good_backup, restore_backup
from app.ui.main_window import MainWindow
from app.ui.worker import BackgroundTask


class RestoreOffer:
    """Shows the banner on a window over a damaged binder; `reopen` opens the binder again."""

    def __init__(self, window: MainWindow, reopen: Callable[[], object]) -> None:
        self.window, self.reopen = window, reopen
        self.path: Path = window.services.path
        self.task: BackgroundTask | None = None
        window.banner.setText(_(
            "This binder is damaged: you can look at it, but not change it. "
            "<a href='restore'>Restore the newest good backup…</a>"))
        window.banner.linkActivated.connect(self.find)
        window.banner.show()

    def _run(self, title: str, work: Callable[[], object],
             then: Callable[[object], object]) -> None:
        self.task = BackgroundTask(self.window, title, lambda _progress, _cancelled: work(),
                                   then, self.window.show_error)
        self.task.done.connect(self._ended)
        self.task.start()

    def _ended(self) -> None:
        self.task = None

    def find(self, _link: str = "") -> None:
        """Look for the newest copy that checks good, off the GUI thread."""
        if self.task is None:
            self._run(_("Checking the backups…"),
                      lambda: newest_good_backup(self.path), self.confirm)

    def confirm(self, found: object) -> None:
        window = self.window
        if not isinstance(found, Backup):
            QMessageBox.information(window, _("Ringbinder"), _(
                "There is no good backup of this binder."))
            return
        when = short_date_time(found.taken)
        answer = QMessageBox.question(window, _("Restore a backup"), _(
            "Replace the damaged binder with the backup of {when}? Changes made since then "
            "are lost; the damaged binder is kept beside it.").format(when=when))
        if answer == QMessageBox.StandardButton.Yes:
            self._run(_("Restoring the backup…"),
                      lambda: restore_backup(self.path, found.path), lambda _aside: self.reopen())
