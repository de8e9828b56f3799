"""Printing from the window: the card (Ctrl+P), the open insert or the selection as a batch
(Ctrl+Shift+P) in a worker with progress and Cancel, and the paper inserts.  The PDF goes
to a file the user picks (the folder is remembered) and opens in the system's viewer.
With "With documents" checked (remembered), each card is followed by its dossier's PDFs
and images, and a document that could not be printed is said after saving."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from app.errors import RingbinderError
from app.i18n import _
from app.ui.menus import WITH_DOCUMENTS
from app.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from app.ui.host import Parts


class PrintActions(QObject):
    def __init__(self, parts: Parts) -> None:
        super().__init__(parts.host.widget())
        self.parts = parts
        self.host = parts.host
        self.task: BackgroundTask | None = None
        self.last_pdf: Path | None = None
        self.last_warnings: list[str] = []

    # seams for the tests: where to write, and how the PDF is shown
    def ask_path(self, suggested: str) -> Path | None:
        settings = self.parts.settings
        folder = str(settings.value("print/folder") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        name, _filter = QFileDialog.getSaveFileName(
            self.host.widget(), _("Save the PDF"), str(Path(folder) / suggested),
            _("PDF files (*.pdf)"))
        if not name:
            return None
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        settings.setValue("print/folder", str(path.parent))
        return path

    def show_pdf(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def saved(self, path: Path, warnings: list[str] | None = None) -> None:
        self.last_pdf = path
        self.last_warnings = list(warnings or [])
        self.host.show_status(_("Saved {path}").format(path=path), 8000)
        self.show_pdf(path)
        if self.last_warnings:  # said, not dropped: the card lists them as not printed
            self.host.show_error("\n".join([
                _("The PDF is saved, but these documents could not be printed (their cards "
                  "list them):"), *(f"• {warning}" for warning in self.last_warnings)]))

    def with_documents(self) -> bool:
        """Whether cards print followed by their documents (the File menu's check box)."""
        return bool(self.parts.settings.value(WITH_DOCUMENTS, False, type=bool))

    def print_card(self) -> None:
        """Ctrl+P: the selected dossier's card; several selected print as a batch."""
        ids = self.host.selected_ids()
        printing = self.parts.services.printing
        documents = self.with_documents()
        if len(ids) > 1:
            select = printing.selection_with_documents if documents else printing.selection
            self._batch(_("selection.pdf"), lambda target, progress, cancelled:
                        select(ids, target, progress, cancelled))
            return
        if not ids:
            return
        detail = self.parts.services.dossiers.get(ids[0])
        suggested = f"{detail.name}.pdf".replace("/", "-")
        if documents:  # documents to read and merge: in the worker, with Cancel
            self._batch(suggested, lambda target, _progress, _cancelled:
                        printing.card_with_documents(ids[0], target))
            return
        target = self.ask_path(suggested)
        if target is None:
            return
        try:
            printing.card(ids[0], target)
        except RingbinderError as exc:
            self.host.show_error(str(exc))
            return
        self.saved(target)

    def print_insert(self) -> None:
        """The open insert: its agenda sheet, then a card per dossier."""
        tab = self.host.current_tab()
        if tab is None:
            return
        key = tab.key
        printing = self.parts.services.printing
        day = printing.day_with_documents if self.with_documents() else printing.day
        self._batch(f"{key}.pdf", lambda target, progress, cancelled:
                    day(key, target, progress, cancelled))

    def print_paper_inserts(self) -> None:
        target = self.ask_path(_("binder-inserts.pdf"))
        if target is None:
            return
        try:
            self.parts.services.printing.inserts(target)
        except RingbinderError as exc:
            self.host.show_error(str(exc))
            return
        self.saved(target)

    def _batch(self, suggested: str,
               write: Callable[[Path, Callable[[int, int], None], Callable[[], bool]], Any]
               ) -> None:
        """Write in the worker; what it returns is the pages, or a pack's Printed (pages
        and warnings)."""
        target = self.ask_path(suggested)
        if target is None or self.task is not None:
            return
        self.task = BackgroundTask(
            self.host.widget(), _("Printing…"), lambda progress, cancelled:
            write(target, progress, cancelled), lambda result: self.saved(
                target, getattr(result, "warnings", None)),
            self.host.show_error)
        self.task.done.connect(self._finished)
        self.task.start()

    def _finished(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.deleteLater()
