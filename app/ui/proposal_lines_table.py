"""The lines of a proposal as a table typed like a spreadsheet: product, quantity, unit price,
discount and tax (percentages, per line) and the line's total with tax, worked out as it is
typed.  A line the binder would refuse shows why in its total's cell; empty lines are left
out.  Tab goes from cell to cell; Ctrl+Ins adds a line, Ctrl+Del removes the current one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.errors import InvalidInput
from app.i18n import _, money
from app.services.proposal_lines import Line, make_line, percent_text
from app.ui.theme import OVERDUE_TEXT

PRODUCT, QUANTITY, PRICE, DISCOUNT, TAX, TOTAL = range(6)
TYPED = (PRODUCT, QUANTITY, PRICE, DISCOUNT, TAX)


class LinesTable(QTableWidget):
    """LinesTable(currency, tax_rate): `currency()` names the money the totals are shown in,
    `tax_rate` is what a new line's tax starts with.  Emits `changed` on every edit."""

    changed = Signal()

    def __init__(self, currency: Callable[[], str], tax_rate: str = "") -> None:
        super().__init__(0, 6)
        self._currency = currency
        self.tax_rate = tax_rate
        self._loading = False
        self.setHorizontalHeaderLabels([_("Product"), _("Quantity"), _("Unit price"),
                                        _("Discount %"), _("Tax %"), _("Total")])
        self.setAccessibleName(_("Lines of the proposal"))
        header = self.horizontalHeader()
        header.setSectionResizeMode(PRODUCT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((QUANTITY, 80), (PRICE, 100), (DISCOUNT, 90), (TAX, 70),
                              (TOTAL, 130)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.setTabKeyNavigation(True)
        self.itemChanged.connect(self._edited)
        for keys, slot in (("Ctrl+Ins", self.add_line), ("Ctrl+Del", self.remove_line)):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def add_line(self, product: str = "", quantity: str = "1", price: str = "",
                 discount: str = "", tax: str | None = None) -> int:
        """A new line at the end, the cursor on its product; returns its row."""
        row = self.rowCount()
        self._loading = True
        try:
            self.insertRow(row)
            for column, text in zip(TYPED, (product, quantity, price, discount,
                                            self.tax_rate if tax is None else tax), strict=True):
                self.setItem(row, column, QTableWidgetItem(text))
            total = QTableWidgetItem()
            total.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            total.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, TOTAL, total)
        finally:
            self._loading = False
        self._work_out(row)
        self.setCurrentCell(row, PRODUCT)
        self.changed.emit()
        return row

    def remove_line(self) -> None:
        row = self.currentRow()
        if row < 0:
            return
        self.removeRow(row)
        if self.rowCount():
            self.setCurrentCell(min(row, self.rowCount() - 1), PRODUCT)
        self.changed.emit()

    def set_cell(self, row: int, column: int, text: str) -> None:
        """Type `text` into a cell (as the keyboard would)."""
        item = self.item(row, column)
        assert item is not None
        item.setText(text)

    def _texts(self, row: int) -> list[str]:
        items = [self.item(row, c) for c in TYPED]
        return [item.text().strip() if item is not None else "" for item in items]

    def untouched(self, row: int) -> bool:
        """Whether the row has neither a product nor a price yet."""
        texts = self._texts(row)
        return not texts[PRODUCT] and not texts[PRICE]

    def _line(self, row: int) -> Line | None:
        """The row's line (None for an empty row); InvalidInput says what is wrong."""
        if self.untouched(row):  # a new row's quantity of 1 alone is not a line yet
            return None
        return make_line(*self._texts(row))

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() == TOTAL:
            return
        self._work_out(item.row())
        self.changed.emit()

    def _work_out(self, row: int) -> None:
        total = self.item(row, TOTAL)
        if total is None:
            return
        self._loading = True
        try:
            try:
                line = self._line(row)
            except InvalidInput as exc:
                total.setText("⚠ " + _("check"))
                total.setToolTip(str(exc))
                total.setForeground(OVERDUE_TEXT)
                return
            total.setForeground(self.palette().text())
            total.setToolTip("" if line is None else _(
                "{net} before tax, {tax} of tax ({rate} %)").format(
                net=money(str(line.net), self._currency()),
                tax=money(str(line.tax_amount), self._currency()), rate=percent_text(line.tax)))
            total.setText("" if line is None else money(str(line.total), self._currency()))
        finally:
            self._loading = False

    def refresh(self) -> None:
        """Work every total out again (the currency changed)."""
        for row in range(self.rowCount()):
            self._work_out(row)

    def lines(self) -> list[Line]:
        """The lines typed, empty rows left out; InvalidInput names the first wrong one and
        puts the cursor on it."""
        found = []
        for row in range(self.rowCount()):
            try:
                line = self._line(row)
            except InvalidInput as exc:
                self.setCurrentCell(row, PRODUCT if not self._texts(row)[0] else QUANTITY)
                raise InvalidInput(_("Line {row}: {problem}").format(row=row + 1,
                                                                     problem=exc)) from None
            if line is not None:
                found.append(line)
        return found

    def valid_lines(self) -> list[Line]:
        """The lines that can be worked out now (for the running totals)."""
        found = []
        for row in range(self.rowCount()):
            try:
                line = self._line(row)
            except InvalidInput:
                continue
            if line is not None:
                found.append(line)
        return found
