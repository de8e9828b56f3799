"""Taking over a colleague's handover file: the preview of what the merge would do, and the
choice, field by field, of which side wins where both changed the same thing.

Both dialogs work on the plain dict of `MergePlan.summary()` (no binder needed) and hand back
the choices as `resolutions()`, in the shape `services.handover.merge` takes. They are meant
to be opened with open() (window-modal, non-blocking) like the other dialogs here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui import theme
from app.ui.handover_values import (
    MINE,
    THEIRS,
    choice_tally,
    conflicts_tally,
    count_sentences,
    format_value,
    group_label,
)

COL_NAME, COL_FIELD, COL_MINE, COL_THEIRS = range(4)
SIDE_COLUMN = {MINE: COL_MINE, THEIRS: COL_THEIRS}
KEPT_FACE = QColor("#dcefdc")  # the value that wins
DROPPED_TEXT = theme.TEXT_DIM  # the value that loses, still readable
NAME_COLUMN_MAX = 200
ROW_PADDING = 10
WRAP_SLACK = 8  # pixels
EXPAND_LISTS_UP_TO = 30  # longer lists of dossiers start folded

CHOICE_KEYS = {Qt.Key.Key_Space: "", Qt.Key.Key_Left: MINE, Qt.Key.Key_Right: THEIRS}

Key = tuple[str, str]  # (dossier UUID, field group)


def _key(conflict: dict[str, Any]) -> Key:
    return (conflict["id"], conflict["field"])


def _radio_icon(widget: QWidget, on: bool) -> QIcon:
    """The style's own radio button, as an icon for a table cell: the kept value looks
    picked, the other one pickable, without a widget per cell."""
    style = widget.style()
    width = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
    height = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorHeight)
    ratio = widget.devicePixelRatioF()
    pixmap = QPixmap(QSize(round(width * ratio), round(height * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    option = QStyleOptionButton()
    option.initFrom(widget)
    option.rect = QRect(0, 0, width, height)
    option.state = (QStyle.StateFlag.State_Enabled
                    | (QStyle.StateFlag.State_On if on else QStyle.StateFlag.State_Off))
    painter = QPainter(pixmap)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorRadioButton, option, painter, widget)
    painter.end()
    return QIcon(pixmap)


class _WrapDelegate(QStyledItemDelegate):
    """Measures wrapped text a little narrower than it is painted: the style's measure and
    its painting disagree by a few pixels, and a row that comes out a line short gets its
    last line elided, which is the one thing a conflict must not do."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        narrower = QStyleOptionViewItem(option)
        narrower.rect.setWidth(max(1, option.rect.width() - WRAP_SLACK))
        return super().sizeHint(narrower, index)


class _ConflictTable(QTableWidget):
    """The conflicts, one per row; Space switches the current row's side, Left and Right
    pick this binder's or the file's value (the columns are in that order)."""

    choose = Signal(int, str)  # row, "mine" / "theirs" / "" (the other side)

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.setItemDelegate(_WrapDelegate(self))
        # wrapped values change height with the column widths, which settle only after
        # the layout has run: fit the rows once things have moved, not on every step
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self.fit_rows)
        self.horizontalHeader().sectionResized.connect(lambda *_: self._fit.start())

    def fit_rows(self) -> None:
        """Every row as high as its tallest value, with some air."""
        for row in range(self.rowCount()):
            self.setRowHeight(row, self.sizeHintForRow(row) + ROW_PADDING)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.KeypadModifier)
        key = Qt.Key(event.key())
        if plain and key in CHOICE_KEYS and self.currentRow() >= 0:
            self.choose.emit(self.currentRow(), CHOICE_KEYS[key])
            event.accept()
            return
        super().keyPressEvent(event)


class ConflictDialog(QDialog):
    """Both values of every conflict, in full, and which one the merge keeps.

    Works on its own copy of the choices: Cancel leaves the caller's as they were."""

    changed = Signal()  # a choice changed (the tally follows it)

    def __init__(self, conflicts: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflicts = list(conflicts)
        self._choices: list[str] = [c.get("resolution") if c.get("resolution") in SIDE_COLUMN
                                    else MINE for c in self.conflicts]
        self.setWindowTitle(self.tr("Resolve conflicts"))
        self.setMinimumSize(720, 400)
        self.resize(940, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "These fields were changed both in this binder and by your colleague since the "
            "handover. Pick the value to keep in each row."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = _ConflictTable(len(self.conflicts), 4)
        self._icons = {True: _radio_icon(self.table, True), False: _radio_icon(self.table, False)}
        self._build_table()
        layout.addWidget(self.table, 1)
        self.tally = QLabel()
        layout.addWidget(self.tally)
        bottom = QHBoxLayout()
        self.keep_all_mine = QPushButton(self.tr("Keep all &mine"))
        self.take_all_theirs = QPushButton(self.tr("Take all &theirs"))
        self.keep_all_mine.setToolTip(self.tr("Keep this binder's value in every row"))
        self.take_all_theirs.setToolTip(self.tr("Take the file's value in every row"))
        self.keep_all_mine.clicked.connect(lambda: self.choose_all(MINE))
        self.take_all_theirs.clicked.connect(lambda: self.choose_all(THEIRS))
        for button in (self.keep_all_mine, self.take_all_theirs):
            button.setAutoDefault(False)
            bottom.addWidget(button)
        bottom.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.table.choose.connect(self.choose)
        self.table.cellClicked.connect(self._clicked)
        for row in range(len(self.conflicts)):
            self._paint(row)
        self._update_tally()
        if self.conflicts:
            self.table.setCurrentCell(0, COL_NAME)
        self.table.setFocus()

    def _build_table(self) -> None:
        table = self.table
        table.setHorizontalHeaderLabels([self.tr("Client"), self.tr("Field"),
                                         self.tr("In this binder"), self.tr("In the file")])
        table.setToolTip(self.tr(
            "Click the value to keep. Keyboard: Space switches the selected row, Left keeps "
            "this binder's value, Right takes the file's."))
        table.setAccessibleName(self.tr("Conflicts"))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setIconSize(self._icons[True].availableSizes()[0])
        palette = table.palette()  # a see-through selection: the kept value shows in it
        highlight = QColor(theme.TODAY)
        highlight.setAlpha(48)
        palette.setColor(QPalette.ColorRole.Highlight, highlight)
        palette.setColor(QPalette.ColorRole.HighlightedText, palette.text().color())
        table.setPalette(palette)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_MINE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_THEIRS, QHeaderView.ResizeMode.Stretch)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for row, conflict in enumerate(self.conflicts):
            cells = {COL_NAME: str(conflict.get("name") or ""),
                     COL_FIELD: group_label(conflict["field"]),
                     COL_MINE: format_value(conflict["field"], conflict.get("mine")),
                     COL_THEIRS: format_value(conflict["field"], conflict.get("theirs"))}
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                item.setTextAlignment(align)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(row, column, item)
        table.resizeColumnToContents(COL_NAME)
        table.setColumnWidth(COL_NAME, min(table.columnWidth(COL_NAME) + 8, NAME_COLUMN_MAX))
        table.fit_rows()

    # -- the choices ----------------------------------------------------------------------
    def _clicked(self, row: int, column: int) -> None:
        for side, side_column in SIDE_COLUMN.items():
            if column == side_column:
                self.choose(row, side)

    def choose(self, row: int, side: str = "") -> None:
        """Keep `side` in `row`; "" switches to the other side."""
        if not 0 <= row < len(self._choices):
            return
        if not side:
            side = THEIRS if self._choices[row] == MINE else MINE
        if self._choices[row] != side:
            self._choices[row] = side
            self._paint(row)
            self._update_tally()
            self.changed.emit()

    def choose_all(self, side: str) -> None:
        for row in range(len(self._choices)):
            self.choose(row, side)

    def choice(self, row: int) -> str:
        """The side kept in `row`: "mine" or "theirs"."""
        return self._choices[row]

    def resolutions(self) -> dict[Key, str]:
        """The choice of every row, as `services.handover.merge` takes it."""
        return {_key(c): side for c, side in zip(self.conflicts, self._choices, strict=True)}

    def _paint(self, row: int) -> None:
        for side, column in SIDE_COLUMN.items():
            item = self.table.item(row, column)
            kept = self._choices[row] == side
            item.setIcon(self._icons[kept])
            item.setBackground(KEPT_FACE if kept else QColor(0, 0, 0, 0))
            item.setForeground(self.palette().text().color() if kept else DROPPED_TEXT)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole,
                         self.tr("kept") if kept else self.tr("not kept"))

    def _update_tally(self) -> None:
        self.tally.setText(choice_tally(self._choices))


class MergePreviewDialog(QDialog):
    """What taking over the file would do, before anything is written: counts, the dossiers
    that arrive or change, and the conflicts with the way each is decided."""

    def __init__(self, summary: dict[str, Any], banner_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.conflicts: list[dict[str, Any]] = list(summary.get("conflicts") or [])
        self._choices: dict[Key, str] = {
            _key(c): c.get("resolution") if c.get("resolution") in SIDE_COLUMN else MINE
            for c in self.conflicts}
        self.conflict_dialog: ConflictDialog | None = None
        self.setWindowTitle(self.tr("Take over handover"))
        self.setMinimumWidth(480)
        self.resize(600, 520)
        layout = QVBoxLayout(self)
        self.banner = QLabel(banner_text)
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)  # the caller escapes the names
        self.banner.setStyleSheet(
            f"background: {theme.TAB_FACE.name()}; border: 1px solid {theme.TAB_BORDER.name()};"
            " border-radius: 4px; padding: 8px;")
        layout.addWidget(self.banner)
        sentences = count_sentences(summary)
        self.nothing = not sentences and not self.conflicts
        if self.nothing:
            text = self.tr("Nothing to take over: this binder already has everything in "
                           "this file.")
        elif not sentences:
            text = self.tr("Nothing new in this file apart from the conflicts below.")
        else:
            text = self.tr("Taking over this file brings:") + "\n" + "\n".join(
                f"•  {s}" for s in sentences)
        self.counts = QLabel(text)
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.counts)
        self.lists = self._build_lists()
        layout.addWidget(self.lists, 1)
        self.conflicts_box: QGroupBox | None = None
        self.conflicts_line: QLabel | None = None
        self.resolve_button: QPushButton | None = None
        if self.conflicts:
            layout.addWidget(self._build_conflicts())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.take_over = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.take_over.setText(self.tr("&Take over"))
        self.take_over.setDefault(True)
        if self.nothing:
            self.take_over.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
                self.tr("Close"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.lists.isHidden():  # a few lines: no room left empty
            self.resize(600, self.sizeHint().height())

    def _build_lists(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderHidden(True)
        tree.setAccessibleName(self.tr("Dossiers in the file"))
        tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        tree.setWordWrap(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        new = self.summary.get("new_dossiers") or []
        updated = self.summary.get("updated_dossiers") or []
        self.new_item = self.updated_item = None
        if new:
            self.new_item = QTreeWidgetItem(tree, [self.tr("New dossiers ({count})").format(
                count=len(new))])
            for d in new:
                QTreeWidgetItem(self.new_item, [str(d.get("name") or "")])
        if updated:
            self.updated_item = QTreeWidgetItem(tree, [self.tr(
                "Updated dossiers ({count})").format(count=len(updated))])
            for d in updated:
                fields = ", ".join(group_label(f) for f in d.get("fields") or [])
                QTreeWidgetItem(self.updated_item, [
                    self.tr("{name}: {fields}").format(name=d.get("name") or "", fields=fields)
                    if fields else str(d.get("name") or "")])
        bold = tree.font()
        bold.setBold(True)
        for n in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(n)
            top.setFont(0, bold)
            top.setExpanded(len(new) + len(updated) <= EXPAND_LISTS_UP_TO)
        tree.setVisible(bool(new or updated))
        return tree

    def _build_conflicts(self) -> QGroupBox:
        box = QGroupBox(self.tr("Conflicts"))
        layout = QVBoxLayout(box)
        why = QLabel(self.tr("Changed both in this binder and in the file since the handover."))
        why.setWordWrap(True)
        layout.addWidget(why)
        row = QHBoxLayout()
        self.conflicts_line = QLabel()
        self.conflicts_line.setWordWrap(True)
        row.addWidget(self.conflicts_line, 1)
        self.resolve_button = QPushButton(self.tr("&Resolve conflicts…"))
        self.resolve_button.setAutoDefault(False)
        self.resolve_button.setToolTip(self.tr("See both values of each conflict and choose"))
        self.resolve_button.clicked.connect(self.resolve_conflicts)
        row.addWidget(self.resolve_button)
        layout.addLayout(row)
        self.conflicts_box = box
        self._update_conflicts_line()
        return box

    def _update_conflicts_line(self) -> None:
        if self.conflicts_line is None:
            return
        self.conflicts_line.setText(conflicts_tally(
            [self._choices[_key(c)] for c in self.conflicts]))

    def resolve_conflicts(self) -> ConflictDialog:
        """Open the conflicts (window-modal) with the current choices; OK takes its
        choices, Cancel leaves them. The dialog stays in `conflict_dialog`."""
        if self.conflict_dialog is not None:
            self.conflict_dialog.deleteLater()
        current = [{**c, "resolution": self._choices[_key(c)]} for c in self.conflicts]
        dialog = ConflictDialog(current, self)
        dialog.accepted.connect(lambda: self._take_choices(dialog))
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    def _take_choices(self, dialog: ConflictDialog) -> None:
        self._choices.update(dialog.resolutions())
        self._update_conflicts_line()

    def resolutions(self) -> dict[Key, str]:
        """Every conflict's current choice, as `services.handover.merge` takes it."""
        return {_key(c): self._choices[_key(c)] for c in self.conflicts}
