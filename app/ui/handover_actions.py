"""The handover from the main window: hand over (File → Hand over…), open a handover file
read-only, take it over after a preview, and return it.  Reading, checking, exporting and
merging run in workers with progress; the binder changes only in the final merge, all or
nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

from app.errors import Cancelled, PassphraseNeeded, RingbinderError, WrongPassphrase
from app.handover.agenda import group_by_insert
from app.i18n import _, long_date, n_
from app.services.binder import HANDOVER_SUFFIX
from app.services.dto import Changes, MergeSummary
from app.ui.handover_export import HandoverExportDialog, ReturnHandoverDialog
from app.ui.handover_merge import MergePreviewDialog
from app.ui.handover_window import HandoverWindow, banner_text
from app.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from app.binder import Insert
    from app.handover import payload as p
    from app.ui.host import Parts
    from app.ui.print_actions import PrintActions


def _stoppable(progress: Callable[[int, int], None], cancelled: Callable[[], bool]
               ) -> Callable[[int, int], None]:
    """Progress that stops the work when Cancel was pressed: the services report progress
    inside their transaction, so raising there writes nothing (no file, no merge). The last
    step (done == total) comes after the commit and is never refused."""
    def report(done: int, total: int) -> None:
        if done < total and cancelled():
            raise Cancelled(_("Cancelled."))
        progress(done, total)

    return report


class HandoverActions(QObject):
    def __init__(self, parts: Parts, printing: PrintActions) -> None:
        super().__init__(parts.host.widget())
        self.parts = parts
        self.host = parts.host
        self.printing = printing  # where a handover report is saved and shown
        self.task: BackgroundTask | None = None
        self.viewer: HandoverWindow | None = None  # the open handover file, if any
        self.preview: MergePreviewDialog | None = None
        self.last_summary: dict[str, Any] | None = None

    # -- seams for the tests: file names and the passphrase ------------------------------------
    def _folder(self) -> str:
        """The folder last used, else Documents, else home: whichever exists (a folder that
        does not exist was taken by the file dialog as the file's name, "Documents")."""
        for folder in (self.parts.settings.value("handover/folder"),
                       QStandardPaths.writableLocation(
                           QStandardPaths.StandardLocation.DocumentsLocation)):
            if folder and Path(str(folder)).is_dir():
                return str(folder)
        return str(Path.home())

    def ask_save_path(self, suggested: str) -> Path | None:
        pattern = _("Ringbinder handovers (*{suffix})").format(suffix=HANDOVER_SUFFIX)
        name, _filter = QFileDialog.getSaveFileName(
            self.host.widget(), _("Save the handover file"),
            str(Path(self._folder()) / suggested), pattern)
        if not name:
            return None
        path = Path(name if name.endswith(HANDOVER_SUFFIX) else name + HANDOVER_SUFFIX)
        self.parts.settings.setValue("handover/folder", str(path.parent))
        return path

    def open_file_dialog(self) -> QFileDialog:
        """Where a handover file is picked: in a folder that exists, no name typed yet."""
        pattern = _("Ringbinder handovers (*{suffix});;All files (*)").format(
            suffix=HANDOVER_SUFFIX)
        dialog = QFileDialog(self.host.widget(), _("Open handover file"), self._folder(),
                             pattern)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        return dialog

    def ask_open_path(self) -> Path | None:
        dialog = self.open_file_dialog()
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        name = dialog.selectedFiles()[0]
        self.parts.settings.setValue("handover/folder", str(Path(name).parent))
        return Path(name)

    def ask_passphrase(self, path: Path, retry: bool) -> str | None:
        text = _("The wrong passphrase: try again.") + "\n\n" if retry else ""
        text += _("'{file}' is protected. Its passphrase:").format(file=path.name)
        value, ok = QInputDialog.getText(self.host.widget(), _("Open handover file"), text,
                                         QLineEdit.EchoMode.Password)
        return value if ok and value else None

    # -- running work ----------------------------------------------------------------------------
    def _run(self, title: str, work: Callable[[Callable[[int, int], None]], Any],
             done: Callable[[Any], None]) -> bool:
        """Run `work` in a worker; `done` may start the next step (the task is released
        first). One step at a time."""
        if self.task is not None:
            return False
        task: BackgroundTask

        def then(report: Callable[[Any], None], value: Any) -> None:
            self._release(task)
            report(value)

        task = BackgroundTask(self.host.widget(), title,
                              lambda progress, cancelled: work(_stoppable(progress, cancelled)),
                              lambda result: then(done, result),
                              lambda message: then(self.host.show_error, message))
        task.done.connect(lambda: self._release(task))  # also after a cancel
        task.done.connect(task.deleteLater)
        self.task = task
        task.start()
        return True

    def _release(self, task: BackgroundTask) -> None:
        if self.task is task:
            self.task = None

    def _written(self, summary: Any, to_person: str) -> None:
        message = n_("Handed over {count} dossier to {name}: {path}",
                     "Handed over {count} dossiers to {name}: {path}",
                     summary.counts["dossiers"], name=to_person or "…", path=summary.path)
        self.host.show_status(message, 15_000)

    # -- handing over ----------------------------------------------------------------------------
    def hand_over(self) -> HandoverExportDialog:
        dialog = HandoverExportDialog(self.parts.services, self.parts.today(),
                                      self.host.selected_ids(), self.host.widget())
        dialog.accepted.connect(lambda: self._export(dialog.period(), dialog.ids(),
                                                     dialog.with_overdue(),
                                                     dialog.to_person.text(),
                                                     dialog.secret.passphrase()))
        self.host.open_dialog(dialog)
        return dialog

    def _export(self, period: tuple[Any, Any] | None, ids: list[str] | None, overdue: bool,
                to_person: str, passphrase: str | None) -> None:
        suggested = _("handover {day}").format(day=self.parts.today().isoformat())
        if to_person.strip():
            suggested += f" {to_person.strip()}"
        target = self.ask_save_path(suggested.replace("/", "-") + HANDOVER_SUFFIX)
        if target is None:
            return
        start, end = period or (None, None)
        service = self.parts.services.handover
        self._run(_("Writing the handover file…"), lambda progress: service.export(
            target, start=start, end=end, ids=ids, to_person=to_person, overdue=overdue,
            passphrase=passphrase, progress=progress),
            lambda summary: self._written(summary, to_person))

    def return_handover(self) -> ReturnHandoverDialog | None:
        try:
            plan = self.parts.services.handover.log.return_plan()
        except RingbinderError as exc:
            self.host.show_error(str(exc))
            return None
        dialog = ReturnHandoverDialog(plan, self.host.widget())

        def write() -> None:
            target = self.ask_save_path(_("handover returned {day}").format(
                day=self.parts.today().isoformat()) + HANDOVER_SUFFIX)
            if target is None:
                return
            include, passphrase = dialog.include_added.isChecked(), dialog.secret.passphrase()
            service = self.parts.services.handover
            self._run(_("Writing the handover file…"), lambda progress:
                      service.return_handover(target, plan.entry.handover_id,
                                              include_added=include, passphrase=passphrase,
                                              progress=progress),
                      lambda summary: self._written(summary, plan.entry.from_name))

        dialog.accepted.connect(write)
        self.host.open_dialog(dialog)
        return dialog

    # -- opening and taking over --------------------------------------------------------------
    def open_file(self, path: Path | None = None) -> None:
        """Read and check the whole file (asking for its passphrase), then show it."""
        path = path or self.ask_open_path()
        if path is not None:
            self._open(path, None, retry=False)

    def _open(self, path: Path, passphrase: str | None, retry: bool) -> None:
        service = self.parts.services.handover
        strip, today = self.parts.services.settings.get().strip, self.parts.today()

        def work(progress: Callable[[int, int], None]) -> Any:
            try:
                handover = service.inspect(path, passphrase)
            except (PassphraseNeeded, WrongPassphrase) as exc:
                return exc  # asked again on the GUI thread
            # filed as the window will list them, here rather than on the GUI thread
            return handover, group_by_insert(handover, strip, today), handover.workload.counts()

        def done(result: Any) -> None:
            if isinstance(result, PassphraseNeeded | WrongPassphrase):
                again = self.ask_passphrase(path, isinstance(result, WrongPassphrase))
                if again is not None:
                    self._open(path, again, retry=True)
                return
            self._show(path, *result)

        self._run(_("Opening the handover file…"), work, done)

    def _show(self, path: Path, handover: p.Handover,
              groups: list[tuple[Insert, list[p.Dossier]]], counts: dict[str, int]) -> None:
        """The window holds the checked contents: taking over and printing use them, so the
        passphrase is not kept and the file is not read again."""
        if self.viewer is not None:
            self.viewer.close()
        services = self.parts.services
        viewer = HandoverWindow(handover, path, self.parts.today(),
                                can_take_over=not services.readonly, groups=groups,
                                counts=counts,
                                parent=self.host.widget())
        viewer.takeOverRequested.connect(lambda: self.take_over(viewer))
        viewer.reportRequested.connect(lambda: self.print_report(viewer))
        viewer.destroyed.connect(lambda: setattr(self, "viewer", None))
        self.viewer = viewer
        viewer.show()

    def take_over(self, viewer: HandoverWindow) -> None:
        """The preview first (computed in a worker), then the merge of what the user chose."""
        service = self.parts.services.handover
        handover = viewer.handover  # as checked when opened, and as the user sees it
        self._run(_("Comparing with your binder…"),
                  lambda progress: service.preview(handover, progress=progress),
                  lambda summary: self._confirm(viewer, summary))

    def _confirm(self, viewer: HandoverWindow, summary: MergeSummary) -> None:
        dialog = MergePreviewDialog(summary, banner_text(viewer.handover.header,
                                                         viewer.counts), viewer)
        self.preview = dialog
        dialog.accepted.connect(lambda: self._merge(viewer, dialog.resolutions()))
        dialog.finished.connect(lambda _r: setattr(self, "preview", None))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _merge(self, viewer: HandoverWindow, resolutions: dict[tuple[str, str], str]) -> None:
        service = self.parts.services.handover
        handover = viewer.handover

        def done(summary: dict[str, Any]) -> None:
            self.last_summary = summary
            viewer.taken_over()
            self.parts.bridge.announce(Changes.all())  # a bulk change: read anew
            self.host.show_status(n_(
                "Took over {count} new dossier and updated {updated}.",
                "Took over {count} new dossiers and updated {updated}.",
                summary["new"], updated=summary["updated"]), 15_000)

        self._run(_("Taking over…"), lambda progress: service.merge(
            handover, resolutions=resolutions, progress=progress), done)

    def print_report(self, viewer: HandoverWindow) -> None:
        header = viewer.handover.header
        suggested = _("handover {day}").format(
            day=long_date(header.created_at.astimezone().date()))
        target = self.printing.ask_path(suggested + ".pdf")
        if target is None:
            return
        service = self.parts.services.handover
        self._run(_("Printing…"), lambda _progress: service.report(
            viewer.handover, target), lambda _pages: self.printing.saved(target))
