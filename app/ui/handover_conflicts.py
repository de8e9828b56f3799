"""The choice, field by field, of which side wins where this binder and a colleague's
handover file both changed the same thing: both values in full, the one kept highlighted.

It works on the MergeConflict records of a MergeSummary (no binder needed) and hands back the
choices as `resolutions()`, in the shape `services.handover.merge` takes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
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
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.dto import MergeConflict
from app.ui import theme
from app.ui.handover_values import (
    MINE,
    THEIRS,
    choice_tally,
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

CHOICE_KEYS = {Qt.Key.Key_Space: "", Qt.Key.Key_Left: MINE, Qt.Key.Key_Right: THEIRS}

Key = tuple[str, str]  # (dossier UUID, field group)


def conflict_key(conflict: MergeConflict) -> Key:
    return conflict.key


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

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
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

    def __init__(self, conflicts: Sequence[MergeConflict],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflicts = list(conflicts)
        self._choices: list[str] = [c.resolution if c.resolution in SIDE_COLUMN
                                    else MINE for c in self.conflicts]
        self.setWindowTitle(_("Resolve conflicts"))
        self.setMinimumSize(720, 400)
        self.resize(940, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(_(
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
        self.keep_all_mine = QPushButton(_("Keep all &mine"))
        self.take_all_theirs = QPushButton(_("Take all &theirs"))
        self.keep_all_mine.setToolTip(_("Keep this binder's value in every row"))
        self.take_all_theirs.setToolTip(_("Take the file's value in every row"))
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
        table.setHorizontalHeaderLabels([_("Client"), _("Field"),
                                         _("In this binder"), _("In the file")])
        table.setToolTip(_(
            "Click the value to keep. Keyboard: Space switches the selected row, Left keeps "
            "this binder's value, Right takes the file's."))
        table.setAccessibleName(_("Conflicts"))
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
            cells = {COL_NAME: conflict.name,
                     COL_FIELD: group_label(conflict.field),
                     COL_MINE: format_value(conflict.field, conflict.mine),
                     COL_THEIRS: format_value(conflict.field, conflict.theirs)}
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
        return {conflict_key(c): side
                for c, side in zip(self.conflicts, self._choices, strict=True)}

    def _paint(self, row: int) -> None:
        for side, column in SIDE_COLUMN.items():
            item = self.table.item(row, column)
            assert item is not None  # every cell has its item (_build_table)
            kept = self._choices[row] == side
            item.setIcon(self._icons[kept])
            item.setBackground(KEPT_FACE if kept else QColor(0, 0, 0, 0))
            item.setForeground(self.palette().text().color() if kept else DROPPED_TEXT)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole,
                         _("kept") if kept else _("not kept"))

    def _update_tally(self) -> None:
        self.tally.setText(choice_tally(self._choices))
