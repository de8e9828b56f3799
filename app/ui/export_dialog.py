"""File → Export…: the binder's contacts as vCard or CSV, or the planned next contacts as a
calendar, for a phone, a mail program or a colleague's spreadsheet.

The dialog gathers the format and the scope; ExportActions asks where to save and writes in
a worker with progress and Cancel (`services.exports.write`, atomic: no half file).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.filenames import safe_document_name
from app.i18n import _, n_
from app.services.dto import Tab
from app.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from app.ui.host import Parts

# (kind, layout, suffix)
FORMATS = {
    "vcard": ("vcard", "google", ".vcf"),
    "vcard3": ("vcard3", "google", ".vcf"),
    "csv-google": ("csv", "google", ".csv"),
    "csv-outlook": ("csv", "outlook", ".csv"),
    "ics": ("ics", "google", ".ics"),
}
SELECTED, INSERT, BINDER = "selected", "insert", "binder"


class ExportDialog(QDialog):
    """Which format and which dossiers; remembers the format last used."""

    def __init__(self, selected: list[str], tab: Tab | None, last_format: str = "vcard",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selected = list(selected)
        self.tab = tab
        self.setWindowTitle(_("Export"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)

        what = QGroupBox(_("Format"))
        box = QVBoxLayout(what)
        self.formats = QButtonGroup(self)
        labels = {
            "vcard": _("&vCard 4.0 (.vcf): phones, Google, Apple, Outlook"),
            "vcard3": _("vCard &3.0 (.vcf): older phones and programs"),
            "csv-google": _("CSV for &Google Contacts (.csv)"),
            "csv-outlook": _("CSV for &Outlook (.csv)"),
            "ics": _("Ca&lendar (.ics): the planned next contacts as appointments"),
        }
        self.format_buttons: dict[str, QRadioButton] = {}
        for n, (key, text) in enumerate(labels.items()):
            button = QRadioButton(text)
            self.formats.addButton(button, n)
            self.format_buttons[key] = button
            box.addWidget(button)
        self.format_buttons.get(last_format, self.format_buttons["vcard"]).setChecked(True)
        layout.addWidget(what)

        scope = QGroupBox(_("Dossiers"))
        box = QVBoxLayout(scope)
        self.scopes = QButtonGroup(self)
        self.scope_buttons = {
            SELECTED: QRadioButton(n_("The &selected dossier", "The &selected {count} "
                                      "dossiers", len(self.selected))),
            INSERT: QRadioButton(_("The &open insert: {name} ({count})").format(
                name=tab.label, count=tab.count) if tab else _("The open insert")),
            BINDER: QRadioButton(_("The &whole binder (the archived dossiers too)")),
        }
        for n, button in enumerate(self.scope_buttons.values()):
            self.scopes.addButton(button, n)
            box.addWidget(button)
        self.scope_buttons[SELECTED].setEnabled(bool(self.selected))
        self.scope_buttons[INSERT].setEnabled(tab is not None and tab.count > 0)
        (self.scope_buttons[SELECTED] if len(self.selected) > 1
         else self.scope_buttons[BINDER]).setChecked(True)
        layout.addWidget(scope)
        self.hint = QLabel(_("The file is written when you choose where to save it."))
        self.hint.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.hint)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def format_key(self) -> str:
        return next(k for k, b in self.format_buttons.items() if b.isChecked())

    def scope(self) -> str:
        return next(k for k, b in self.scope_buttons.items() if b.isChecked())

    def choose(self, format_key: str, scope: str) -> None:
        self.format_buttons[format_key].setChecked(True)
        self.scope_buttons[scope].setChecked(True)

    def suggested_name(self, binder_stem: str) -> str:
        fmt = self.format_key()
        scope = self.scope()
        if scope == SELECTED:
            base = _("selected contacts")
        elif scope == INSERT and self.tab is not None:
            base = f"{binder_stem} {self.tab.label}"
        else:
            base = binder_stem
        if fmt == "ics":
            base += " " + _("next contacts")
        elif fmt == "csv-outlook":
            base += " " + _("(Outlook)")
        elif fmt == "csv-google":
            base += " " + _("(Google)")
        return safe_document_name(base + FORMATS[fmt][2])


class ExportActions(QObject):
    def __init__(self, parts: Parts) -> None:
        super().__init__(parts.host.widget())
        self.parts = parts
        self.host = parts.host
        self.task: BackgroundTask | None = None
        self.last_message = ""

    def export(self) -> ExportDialog:
        tab = self.host.current_tab()
        dialog = ExportDialog(self.host.selected_ids(), tab,
                              str(self.parts.settings.value("export/format") or "vcard"),
                              self.host.widget())
        dialog.accepted.connect(lambda: self._write(dialog))
        self.host.open_dialog(dialog)
        return dialog

    # a seam for the tests
    def ask_path(self, suggested: str, suffix: str) -> Path | None:
        settings = self.parts.settings
        folder = str(settings.value("export/folder") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        pattern = _("{kind} files (*{suffix})").format(
            kind=suffix.lstrip(".").upper(), suffix=suffix)
        name, _filter = QFileDialog.getSaveFileName(
            self.host.widget(), _("Export to"), str(Path(folder) / suggested), pattern)
        if not name:
            return None
        path = Path(name if name.lower().endswith(suffix) else name + suffix)
        settings.setValue("export/folder", str(path.parent))
        return path

    def _write(self, dialog: ExportDialog) -> None:
        fmt, scope = dialog.format_key(), dialog.scope()
        kind, layout, suffix = FORMATS[fmt]
        parts = self.parts
        parts.settings.setValue("export/format", fmt)
        target = self.ask_path(dialog.suggested_name(parts.services.path.stem), suffix)
        if target is None or self.task is not None:
            return
        ids = dialog.selected if scope == SELECTED else None
        insert = dialog.tab.key if scope == INSERT and dialog.tab is not None else None
        exports = parts.services.exports
        self.task = BackgroundTask(
            self.host.widget(), _("Exporting to {file}…").format(file=target.name),
            lambda progress, cancelled: exports.write(
                kind, target, layout=layout, ids=ids, insert=insert, progress=progress,
                cancelled=cancelled),
            lambda count: self._written(int(count), target, fmt), self.host.show_error)
        self.task.done.connect(self._ended)
        self.task.start()

    def _written(self, count: int, target: Path, fmt: str) -> None:
        if fmt == "ics":
            self.last_message = n_("Exported {count} appointment to {path}",
                                   "Exported {count} appointments to {path}", count,
                                   path=target)
        else:
            self.last_message = n_("Exported {count} contact to {path}",
                                   "Exported {count} contacts to {path}", count, path=target)
        self.host.show_status(self.last_message, 15_000)

    def _ended(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.deleteLater()
