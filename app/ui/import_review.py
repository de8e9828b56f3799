"""The import wizard's last page: the duplicates with a choice each, the calendar's coming
events with their dossier, what could not be read, the import's name and its date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.i18n import _, n_
from app.services.import_types import ON_DUPLICATE, ImportChoices, ImportPreview
from app.ui.date_field import DateField
from app.ui.import_mapping import RowsModel, event_row
from app.ui.import_pages import error_label, show_error

if TYPE_CHECKING:
    from app.ui.import_wizard import ImportWizard

Index = QModelIndex | QPersistentModelIndex
CHOICE_ROLE = Qt.ItemDataRole.UserRole


def duplicate_labels() -> dict[str, str]:
    return {"skip": _("Skip"), "update": _("Update the dossier"),
            "new": _("Import as a new dossier")}


class ChoiceModel(RowsModel):
    """Rows of text whose last column is a choice among per-row options."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.options: list[list[tuple[str, str]]] = []  # per row: (value, label)
        self.chosen: list[str] = []

    def set_choices(self, headers: list[str], rows: list[list[str]], row_names: list[str],
                    options: list[list[tuple[str, str]]], chosen: list[str]) -> None:
        self.options, self.chosen = options, chosen
        self.set_rows([*headers, _("Do")], [[*r, ""] for r in rows], row_names)

    def _label(self, row: int) -> str:
        return dict(self.options[row]).get(self.chosen[row], self.chosen[row])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.columnCount() - 1:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return self._label(index.row())
            if role == CHOICE_ROLE:
                return self.chosen[index.row()]
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Double-click or press F2 to change")
            return None
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.columnCount() - 1:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != CHOICE_ROLE:
            return False
        self.chosen[index.row()] = str(value)
        self.dataChanged.emit(index, index)
        return True

    def set_all(self, value: str) -> None:
        """Choose `value` on every row that offers it."""
        for row, options in enumerate(self.options):
            if any(v == value for v, _l in options):
                self.chosen[row] = value
        if self.rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(0, last), self.index(len(self.rows) - 1, last))


class ChoiceDelegate(QStyledItemDelegate):
    """A combo of the row's options as the choice column's editor."""

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        model = index.model()
        assert isinstance(model, ChoiceModel)
        for value, label in model.options[index.row()]:
            combo.addItem(label, value)
        # the choice counts as soon as it is made, not when the row is left
        combo.currentIndexChanged.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(CHOICE_ROLE))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), CHOICE_ROLE)


MAX_OPEN_CHOOSERS = 300  # rows whose choice shows as a combo; beyond, F2 or a click opens it


def _open_choosers(view: QTableView) -> None:
    model = view.model()
    last = model.columnCount() - 1
    delegate = view.findChild(ChoiceDelegate)
    assert delegate is not None  # made with the table (_choice_table)
    view.setItemDelegateForColumn(last, delegate)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    if last > 0:  # the reason takes the room left; the chooser as wide as its longest choice
        header.setSectionResizeMode(last - 1, QHeaderView.ResizeMode.Stretch)
    view.setColumnWidth(last, 220)
    for row in range(min(model.rowCount(), MAX_OPEN_CHOOSERS)):
        view.openPersistentEditor(model.index(row, last))


def _choice_table() -> tuple[QTableView, ChoiceModel]:
    view = QTableView()
    model = ChoiceModel(view)
    view.setModel(model)
    ChoiceDelegate(view)  # on the last column, once it is known
    view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 14)
    return view, model


class ReviewPage(QWizardPage):
    """(d) Duplicates, calendar events and problems; the import's name and date."""

    duplicates_model: ChoiceModel

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(_("Before importing"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        self.duplicates_tab = QWidget()
        box = QVBoxLayout(self.duplicates_tab)
        row = QHBoxLayout()
        self.for_all_combo = QComboBox()
        for value, label in duplicate_labels().items():
            self.for_all_combo.addItem(label, value)
        self.for_all_combo.currentIndexChanged.connect(
            lambda _i: self.duplicates_model.set_all(self.for_all()))
        for_all_label = QLabel(_("For &all duplicates:"))
        for_all_label.setBuddy(self.for_all_combo)
        row.addWidget(for_all_label)
        row.addWidget(self.for_all_combo)
        row.addStretch(1)
        box.addLayout(row)
        self.duplicates, self.duplicates_model = _choice_table()
        box.addWidget(self.duplicates)

        self.events, self.events_model = _choice_table()
        self.problems = QTableView()
        self.problems_model = RowsModel(self.problems)
        self.problems.setModel(self.problems_model)
        self.problems.setWordWrap(False)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setToolTip(_("Every imported dossier gets this tag; Undo import lists the "
                                 "import by it."))
        form.addRow(_("&Name (tag):"), self.name)
        when = QHBoxLayout()
        self.dated = QCheckBox(_("File them under a &date:"))
        self.when = DateField(self.w.today, note_below=True)
        self.when.setEnabled(False)
        self.dated.toggled.connect(self.when.setEnabled)
        self.undated_hint = QLabel(_("(otherwise Undated: you plan them later)"))
        self.undated_hint.setStyleSheet("color: palette(mid);")
        self.dated.toggled.connect(lambda on: self.undated_hint.setVisible(not on))
        when.addWidget(self.dated, 0, Qt.AlignmentFlag.AlignTop)
        when.addWidget(self.when)
        when.addWidget(self.undated_hint, 0, Qt.AlignmentFlag.AlignTop)
        when.addStretch(1)
        form.addRow(_("Next contact:"), when)
        layout.addLayout(form)
        self.form = form
        self.error = error_label()
        layout.addWidget(self.error)

    # -- filling ------------------------------------------------------------------------------
    def initializePage(self) -> None:
        p = self.w.preview
        if p is None:
            return
        show_error(self.error, "")
        self.name.setText(p.name)
        self.when.today = self.w.today
        self.when.setDate(p.options.next_contact or self.w.today)
        self.dated.setChecked(p.options.next_contact is not None)
        self.form.setRowVisible(1, p.format != "ics")  # a calendar's events give the dates
        self.undated_hint.setVisible(p.format != "ics" and not self.dated.isChecked())
        self.for_all_combo.blockSignals(True)
        self.for_all_combo.setCurrentIndex(max(0, self.for_all_combo.findData(
            p.options.on_duplicate)))
        self.for_all_combo.blockSignals(False)
        self._fill_duplicates(p)
        self._fill_events(p)
        self._fill_problems(p)
        self.tabs.clear()
        shown = [(self.duplicates_tab, n_("&Duplicates ({count})", "&Duplicates ({count})",
                                          len(p.duplicates))),
                 (self.events, n_("&Events to come ({count})", "&Events to come ({count})",
                                  len(p.matches))),
                 (self.problems, n_("&Problems ({count})", "&Problems ({count})",
                                    self.problems_model.rowCount()))]
        for widget, title in shown:
            if (widget is self.duplicates_tab and p.duplicates) or (
                    widget is self.events and p.matches) or (
                    widget is self.problems and self.problems_model.rowCount()):
                self.tabs.addTab(widget, title)
        self.tabs.setVisible(self.tabs.count() > 0)
        self.summary.setText(self._summary(p))
        self.setSubTitle(_("Choose which coming events become next contacts, and of which "
                             "dossier. One Undo import takes it all back.") if p.format == "ics"
                         else _("Choose what happens to contacts you already have. Nothing "
                                  "is changed until you press Import; one Undo import takes "
                                  "it all back."))

    def _summary(self, p: ImportPreview) -> str:
        if p.format == "ics":
            unmatched = sum(1 for m in p.matches if not m.dossier_id)
            return n_("{count} event to come", "{count} events to come", len(p.matches)) + \
                n_(", {count} of them with no dossier found.",
                   ", {count} of them with no dossier found.", unmatched)
        fresh = len(p.contacts) - len(p.duplicate_of())
        text = n_("{count} new dossier", "{count} new dossiers", fresh)
        if p.duplicates:
            text += n_(", and {count} contact that looks like one you have.",
                       ", and {count} contacts that look like ones you have.",
                       len(p.duplicate_of()))
        else:
            text += _("; none looks like a dossier you have.")
        return text

    def _fill_duplicates(self, p: ImportPreview) -> None:
        names = {c.source: c.name for c in p.contacts}
        labels = duplicate_labels()
        rows, sources, options, chosen = [], [], [], []
        for d in p.duplicate_of().values():
            like = d.name if d.id else _("{name} (row {row} of the file)").format(
                name=d.name, row=d.other)
            rows.append([names.get(d.record, ""), like, d.why])
            sources.append(str(d.record))
            allowed = ON_DUPLICATE
            options.append([(v, labels[v] if d.id or v != "update" else
                             _("Merge into row {row}").format(row=d.other)) for v in allowed])
            default = p.options.on_duplicate
            chosen.append(default if default in allowed else "skip")
        self.duplicates_model.set_choices(
            [_("In the file"), _("Looks like"), _("Because of")], rows, sources, options,
            chosen)
        self._fit(self.duplicates)
        _open_choosers(self.duplicates)

    def _fill_events(self, p: ImportPreview) -> None:
        rows, options, chosen = [], [], []
        for m in p.matches:
            when, summary, _with = event_row(m.event)
            if m.dossier_id:
                rows.append([when, summary, m.dossier_name, m.how])
                options.append([(m.dossier_id, _("Plan with {name}").format(
                    name=m.dossier_name)), ("skip", _("Skip"))])
                chosen.append(m.dossier_id)
            else:
                rows.append([when, summary, _("no dossier found"), ""])
                options.append([("skip", _("Skip")), ("create", _("Create a dossier"))])
                chosen.append("skip")
        self.events_model.set_choices(
            [_("When"), _("Summary"), _("Dossier"), _("Found by")], rows,
            [str(m.event.source) for m in p.matches], options, chosen)
        self._fit(self.events)
        _open_choosers(self.events)

    def _fill_problems(self, p: ImportPreview) -> None:
        rows = [[str(x.record) if x.record else "", x.field, x.why] for x in p.problems]
        rows += [["", "", w] for w in p.warnings]
        self.problems_model.set_rows([_("Row"), _("Field"), _("Problem")],
                                     rows, [str(n + 1) for n in range(len(rows))])
        self.problems.verticalHeader().hide()
        self._fit(self.problems)
        for col in (0, 1):  # reading warnings name their row in the text
            self.problems.setColumnHidden(col, not any(r[col] for r in rows))

    @staticmethod
    def _fit(view: QTableView) -> None:
        model = view.model()
        for col in range(model.columnCount() - 1):
            view.setColumnWidth(col, max(80, min(280, view.sizeHintForColumn(col) + 16)))

    # -- what the user chose ------------------------------------------------------------------
    def for_all(self) -> str:
        return str(self.for_all_combo.currentData())

    def import_name(self) -> str:
        return self.name.text().strip()

    def next_contact(self) -> date | None:
        if not self.dated.isChecked():
            return None
        return self.when.day()

    def choices(self) -> ImportChoices:
        p = self.w.preview
        assert p is not None
        dups = {d.record: self.duplicates_model.chosen[n]
                for n, d in enumerate(p.duplicate_of().values())}
        events = {n: self.events_model.chosen[n] for n in range(len(p.matches))}
        return ImportChoices(duplicates=dups, events=events)

    def show_error(self, message: str) -> None:
        show_error(self.error, message)

    def show_cancelled_if_quiet(self) -> None:
        if self.error.isHidden():
            show_error(self.error, _("Import cancelled: the binder is unchanged."))

    def isComplete(self) -> bool:
        return self.w.preview is not None and not self.w.busy()

    def validatePage(self) -> bool:
        if self.w.outcome is not None:
            return True
        if self.dated.isChecked() and not self.when.is_valid():
            show_error(self.error, self.when.error())
            self.when.setFocus()
            return False
        show_error(self.error, "")
        self.w.start_import()
        return False
