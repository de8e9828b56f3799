"""File → Import…: a wizard from a file of contacts or a calendar to dossiers.

The pages (app/ui/import_pages.py, app/ui/import_review.py) only gather choices; the wizard
reads the file (`services.imports.preview`) again in a worker whenever a choice changes how
it is read, and imports (`services.imports.run`) in a worker with progress and Cancel, all
or nothing.  The binder changes only in that last step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.i18n import _, n_
from app.services import Services
from app.services.import_types import ImportChoices, ImportOptions, ImportOutcome, ImportPreview
from app.ui.import_pages import FilePage, FormatPage, PreviewPage
from app.ui.import_review import ReviewPage
from app.ui.worker import BackgroundTask

SUFFIXES = (".vcf", ".vcard", ".csv", ".txt", ".tsv", ".xlsx", ".ics", ".ical", ".vcs")


class ImportWizard(QWizard):
    """Signals: previewed(ImportPreview) when the file was read (again); refused(str) when it
    could not be; imported(ImportOutcome) when the import is in the binder."""

    previewed = Signal(object)
    refused = Signal(str)
    imported = Signal(object)

    FILE, FORMAT, PREVIEW, REVIEW = range(4)

    def __init__(self, services: Services, settings: QSettings, today: date,
                 path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.today = today
        self.preview: ImportPreview | None = None
        self.outcome: ImportOutcome | None = None
        self.task: BackgroundTask | None = None
        self._queued: tuple[ImportOptions, bool] | None = None
        self._advance = False
        self.setWindowTitle(_("Import contacts"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Import"))
        self.file_page = FilePage(self)
        self.format_page = FormatPage(self)
        self.preview_page = PreviewPage(self)
        self.review_page = ReviewPage(self)
        for page_id, page in ((self.FILE, self.file_page), (self.FORMAT, self.format_page),
                              (self.PREVIEW, self.preview_page),
                              (self.REVIEW, self.review_page)):
            self.setPage(page_id, page)
        self.setMinimumSize(QSize(900, 600))
        self.resize(1000, 660)
        if path is not None:
            self.file_page.set_path(path)

    def sizeHint(self) -> QSize:
        return QSize(960, 640)

    # -- reading the file ------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.file_page.path()

    def busy(self) -> bool:
        return self.task is not None

    def load(self, options: ImportOptions, advance: bool = False) -> None:
        """Read the file with these options in a worker; `advance`: go to the next page when
        it is read. A change made while a reading runs replaces that reading."""
        path = self.path
        if path is None:
            return
        if self.task is not None:
            self._queued = (options, advance or self._advance)
            self.task.cancel()
            return
        self._advance = advance
        imports = self.services.imports

        def work(_progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            return imports.preview(path, options, cancelled)

        self._start(_("Reading {file}…").format(file=path.name), work,
                    self._previewed, self._refused)

    def _start(self, title: str, work: Callable[..., Any], on_done: Callable[[Any], None],
               on_error: Callable[[str], None]) -> BackgroundTask:
        task = BackgroundTask(self, title, work, on_done, on_error)
        task.done.connect(lambda: self._ended(task))
        self.task = task
        task.start()
        self._busy_changed()
        return task

    def _busy_changed(self) -> None:
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()

    def _ended(self, task: BackgroundTask) -> None:
        if self.task is task:
            self.task = None
        task.deleteLater()
        self._busy_changed()
        if self._queued is not None:
            options, advance = self._queued
            self._queued = None
            self.load(options, advance)

    def _previewed(self, preview: ImportPreview) -> None:
        if self._queued is not None:  # a newer choice is waiting: this reading is stale
            return
        self.preview = preview
        self.previewed.emit(preview)
        if self._advance:
            self._advance = False
            self.next()

    def _refused(self, message: str) -> None:
        self._advance = False
        self.refused.emit(message)

    # -- importing ---------------------------------------------------------------------------
    def prepared(self) -> tuple[ImportPreview, ImportChoices]:
        """The preview with the review page's name and date, and the one-by-one choices."""
        assert self.preview is not None
        page = self.review_page
        name = page.import_name()
        options = self.preview.options.but(name=name, next_contact=page.next_contact(),
                                           on_duplicate=page.for_all())
        return replace(self.preview, options=options, name=name or self.preview.name), \
            page.choices()

    def start_import(self) -> None:
        if self.preview is None or self.task is not None:
            return
        preview, choices = self.prepared()
        imports = self.services.imports
        held: dict[str, ImportOutcome] = {}

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            outcome = imports.run(preview, choices, progress, cancelled)
            held["outcome"] = outcome  # kept even if Cancel came after the commit
            return outcome

        count = len(preview.contacts) or len(preview.matches)
        task = self._start(n_("Importing {count} record…", "Importing {count} records…",
                              count), work, lambda _o: None, self.review_page.show_error)
        task.done.connect(lambda: self._run_ended(held.get("outcome")))

    def _run_ended(self, outcome: ImportOutcome | None) -> None:
        if outcome is None:
            self.review_page.show_cancelled_if_quiet()
            return
        self.outcome = outcome
        self.imported.emit(outcome)
        self.accept()  # the review page now lets it close

    def unsaved_work(self) -> str | None:
        """An import set up but not done (crash.HoldsUnsavedWork)."""
        if self.preview is None or self.outcome is not None:
            return None
        return _("the import of {file}, not done yet").format(
            file=self.preview.path.name)

    def reject(self) -> None:
        if self.task is not None:  # Escape during a reading stops the reading first
            self.task.cancel()
            return
        super().reject()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self.task is not None:
            self.task.cancel()
            return
        super().keyPressEvent(event)


def outcome_text(outcome: ImportOutcome) -> str:
    """"Imported 118, updated 2, skipped 3." and the appointments, if any."""
    text = n_("Imported {count}", "Imported {count}", outcome.created)
    text += ", " + n_("updated {count}", "updated {count}", outcome.updated)
    text += ", " + n_("skipped {count}.", "skipped {count}.", outcome.skipped)
    if outcome.appointments:
        text += " " + n_("{count} appointment added.", "{count} appointments added.",
                         outcome.appointments)
    return text
