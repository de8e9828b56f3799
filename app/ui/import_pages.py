"""The import wizard's first pages: the file, how it is read, and what it holds.

Each page reads the wizard's current preview and asks the wizard to read the file again when
the user changes how (format, encoding, delimiter, sheet, header row, a column's field).
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWizardPage,
)

from app.i18n import _, n_
from app.services.import_types import PREVIEW_ROWS, ImportOptions, ImportPreview
from app.ui.import_mapping import MappingTable, RecordsTable

if TYPE_CHECKING:
    from app.ui.import_wizard import ImportWizard

TABLES = ("csv", "xlsx")
SAMPLE_ROWS = 8  # contacts or events shown as read on the format page


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #a33;")
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def format_names() -> list[tuple[str, str]]:
    return [("vcard", _("vCard contacts (.vcf)")), ("csv", _("CSV table (.csv)")),
            ("xlsx", _("Excel workbook (.xlsx)")), ("ics", _("Calendar (.ics)"))]


def encodings() -> list[tuple[str, str]]:
    return [("utf-8", _("UTF-8 (Unicode)")), ("utf-16", _("UTF-16 (Unicode)")),
            ("cp1250", _("Windows Central European (1250)")),
            ("cp1251", _("Windows Cyrillic (1251)")),
            ("cp1252", _("Windows Western (1252)")),
            ("iso8859-2", _("ISO 8859-2 (Latin-2)")), ("koi8-r", _("KOI8-R (Russian)")),
            ("cp852", _("DOS Central European (852)")), ("mac-roman", _("Mac Roman"))]


def delimiters() -> list[tuple[str, str]]:
    return [(",", _("Comma ,")), (";", _("Semicolon ;")), ("\t", _("Tab")),
            ("|", _("Vertical bar |"))]


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def _select(combo: QComboBox, value: str, label: str | None = None) -> None:
    """Show `value` in a combo without signalling a change; an unknown value is added."""
    combo.blockSignals(True)
    index = combo.findData(value)
    if index < 0 and value:
        combo.addItem(label or value, value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def _size(path: Path) -> str:
    size = path.stat().st_size
    if size < 1024:
        return n_("{count} byte", "{count} bytes", size)
    if size < 1024 * 1024:
        return _("{size} KB").format(size=round(size / 1024))
    return _("{size:.1f} MB").format(size=size / 2**20)


class FilePage(QWizardPage):
    """(a) Which file: shown with its size; Browse… opens the file dialog."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(_("Nothing in the binder changes until you press Import on the "
                             "last page."))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Contacts as vCard (.vcf) from a phone or a mail program, a CSV or "
                           "Excel table (Google, Outlook, a CRM's export), or a calendar "
                           "(.ics) whose coming appointments become next contacts. You can "
                           "also drop such a file on the main window."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("the file to import"))
        self.edit.textChanged.connect(self._changed)
        self.browse_button = QPushButton(_("&Browse…"))
        self.browse_button.clicked.connect(self.browse)
        label = QLabel(_("&File:"))
        label.setBuddy(self.edit)
        row.addWidget(label)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        self.info = QLabel()
        layout.addWidget(self.info)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addStretch(1)
        wizard.refused.connect(self._refused)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path) -> None:
        self.edit.setText(str(path))

    # a seam for the tests
    def ask_path(self) -> Path | None:
        settings = self.w.settings
        folder = str(settings.value("import/folder") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        pattern = _("Contacts and calendars (*.vcf *.vcard *.csv *.txt *.tsv *.xlsx *.ics "
                      "*.vcs);;All files (*)")
        name, _filter = QFileDialog.getOpenFileName(self, _("Import from"), folder, pattern)
        if not name:
            return None
        settings.setValue("import/folder", str(Path(name).parent))
        return Path(name)

    def browse(self) -> None:
        path = self.ask_path()
        if path is not None:
            self.set_path(path)
            self.w.next()

    def _changed(self) -> None:
        path = self.path()
        show_error(self.error, "")
        if path is not None and path.is_file():
            self.info.setText(f"{path.name} · {_size(path)}")
        else:
            self.info.setText(_("No such file.") if path is not None else "")
        self.completeChanged.emit()

    def _refused(self, message: str) -> None:
        if self.w.currentPage() is self:
            show_error(self.error, message)

    def isComplete(self) -> bool:
        path = self.path()
        return path is not None and path.is_file() and not self.w.busy()

    def validatePage(self) -> bool:
        preview = self.w.preview
        if preview is not None and preview.path == self.path():
            return True  # back and forth: the user's choices stay
        show_error(self.error, "")
        self.w.load(ImportOptions(), advance=True)  # the wizard moves on once it is read
        return False


class FormatPage(QWizardPage):
    """(b) How the file is read: format, encoding, delimiter, sheet, header row."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_("How the file is read"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.format = QComboBox()
        for value, label in format_names():
            self.format.addItem(label, value)
        self.encoding = QComboBox()
        for value, label in encodings():
            self.encoding.addItem(label, value)
        self.delimiter = QComboBox()
        for value, label in delimiters():
            self.delimiter.addItem(label, value)
        self.sheet = QComboBox()
        self.header = QCheckBox(_("The first row &names the columns"))
        self.rows = [(_("F&ormat:"), self.format), (_("&Encoding:"), self.encoding),
                     (_("&Delimiter:"), self.delimiter), (_("&Sheet:"), self.sheet)]
        for text, combo in self.rows:
            combo.setMinimumWidth(280)
            combo.setMaximumWidth(440)
            combo.currentIndexChanged.connect(lambda _i: self._edited(header=False))
            form.addRow(text, combo)
        form.addRow("", self.header)
        self.header.toggled.connect(lambda _on: self._edited(header=True))
        layout.addLayout(form)
        self.layout_label = QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addSpacing(8)
        layout.addWidget(self.layout_label)
        layout.addWidget(self.summary)
        self.sample = RecordsTable()  # the first few as read: garbled names show at once
        rows = self.sample.verticalHeader().defaultSectionSize()
        self.sample.setFixedHeight(rows * (SAMPLE_ROWS + 1) + 2 * self.sample.frameWidth()
                                   + self.sample.horizontalScrollBar().sizeHint().height())
        layout.addWidget(self.sample)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._form = form
        wizard.previewed.connect(self._show)
        wizard.refused.connect(self._refused)

    def initializePage(self) -> None:
        if self.w.preview is not None:
            self._show(self.w.preview)

    def _show(self, p: ImportPreview) -> None:
        show_error(self.error, "")
        _select(self.format, p.format)
        _select(self.encoding, _codec(p.encoding) if p.encoding else "")
        _select(self.delimiter, p.delimiter)
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(p.sheets)
        if p.options.sheet in p.sheets:
            self.sheet.setCurrentText(p.options.sheet)
        self.sheet.blockSignals(False)
        self.header.blockSignals(True)
        self.header.setChecked(p.header)
        self.header.blockSignals(False)
        table = p.format in TABLES
        # vCard and calendar readers find their encoding card by card: only CSV's is chosen
        for _text, combo, shown in ((*self.rows[1], p.format == "csv"),
                                    (*self.rows[2], p.format == "csv"),
                                    (*self.rows[3], p.format == "xlsx" and len(p.sheets) > 0)):
            self._form.setRowVisible(combo, shown)
        self._form.setRowVisible(self.header, table)
        self.layout_label.setText(_("Recognised as: {layout}").format(layout=p.layout)
                                  if p.layout else "")
        self.layout_label.setVisible(bool(p.layout))
        self.summary.setText(read_summary(p))
        if p.format == "ics":
            self.sample.show_events(p.events, SAMPLE_ROWS)
        else:
            self.sample.show_contacts(p.contacts, SAMPLE_ROWS)
        self.setSubTitle(_("Found by looking at the file. If the names look garbled, try "
                             "another encoding; if everything is in one column, another "
                             "delimiter.") if p.format == "csv" else
                         _("Found by looking at the file; the first ones as read are "
                             "below."))

    def options(self, header: bool = False) -> ImportOptions:
        """The preview's options with this page's choices; the mapping is found anew, since
        the columns may have changed, and so is the header row unless the user set it
        (`header`: now, with the checkbox)."""
        assert self.w.preview is not None
        p = self.w.preview
        fmt = str(self.format.currentData())
        same_format = fmt == p.format
        return p.options.but(
            format=fmt,
            encoding=str(self.encoding.currentData()) if same_format and fmt == "csv"
            and self.encoding.currentData() else None,
            delimiter=str(self.delimiter.currentData()) if same_format and fmt == "csv"
            else None,
            sheet=self.sheet.currentText() or None if same_format and fmt == "xlsx" else None,
            header=(self.header.isChecked() if header else p.options.header)
            if same_format and fmt in TABLES else None,
            mapping=None)

    def _edited(self, header: bool) -> None:
        if self.w.preview is not None:
            options = self.options(header)
            # after this event: a combo's own signal handlers finish first
            QTimer.singleShot(0, lambda: self.w.load(options))

    def _refused(self, message: str) -> None:
        if self.w.currentPage() is self:
            show_error(self.error, message)

    def isComplete(self) -> bool:
        return self.w.preview is not None and not self.w.busy()


def read_summary(p: ImportPreview) -> str:
    if p.format == "ics":
        return n_("{count} event read, ", "{count} events read, ", len(p.events)) + n_(
            "{count} of them to come.", "{count} of them to come.", len(p.matches))
    text = n_("{count} contact read.", "{count} contacts read.", len(p.contacts))
    if p.warnings or p.problems:
        text += " " + n_("{count} problem: see the last page.",
                         "{count} problems: see the last page.",
                         len(p.warnings) + len(p.problems))
    return text


class PreviewPage(QWizardPage):
    """(c) The first rows with a field for each column, or the contacts or events read."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.stack = QStackedWidget()
        self.mapping = MappingTable()
        self.mapping.mappingChanged.connect(self._mapped)
        self.records = RecordsTable()
        self.stack.addWidget(self.mapping)
        self.stack.addWidget(self.records)
        layout.addWidget(self.stack, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.error = error_label()
        layout.addWidget(self.error)
        wizard.previewed.connect(self._show)
        wizard.refused.connect(self._refused)

    def initializePage(self) -> None:
        if self.w.preview is not None:
            self._show(self.w.preview)

    def _refused(self, message: str) -> None:
        if self.w.currentPage() is self:
            show_error(self.error, message)

    def _show(self, p: ImportPreview) -> None:
        show_error(self.error, "")
        if p.format in TABLES:
            self.setTitle(_("What each column holds"))
            self.setSubTitle(_("Pick a field over each column; greyed columns are left "
                                 "out. The first {count} rows are shown.").format(
                count=PREVIEW_ROWS))
            self.hint.setText("")
            self.mapping.show_rows(p.columns, p.rows, p.mapping, 2 if p.header else 1)
            self.stack.setCurrentWidget(self.mapping)
        elif p.format == "ics":
            self.setTitle(_("The calendar's events"))
            self.setSubTitle(_("Events to come become next contacts of the dossiers they "
                                 "are with; past ones are left out."))
            self.records.show_events(p.events, 500)
            self.stack.setCurrentWidget(self.records)
        else:
            self.setTitle(_("The contacts read"))
            self.setSubTitle(_("Each card becomes a dossier; check that the names and "
                                 "numbers look right."))
            self.records.show_contacts(p.contacts, 500)
            self.stack.setCurrentWidget(self.records)
        self.hint.setVisible(bool(self.hint.text()))
        self.summary.setText(read_summary(p))

    def _mapped(self, mapping: dict[int, str]) -> None:
        if self.w.preview is not None:
            self.w.load(self.w.preview.options.but(mapping=mapping))

    def isComplete(self) -> bool:
        p = self.w.preview
        return p is not None and not self.w.busy() and bool(p.contacts or p.events)
