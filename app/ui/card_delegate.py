"""Draws a dossier of the insert list as a small card: time, name, company, purpose, phone,
and how the last conversation ended."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.i18n import _, short_date
from app.services.dto import DossierRow
from app.ui import theme
from app.ui.insert_model import ROW_ROLE

PAD = 6
TIME_COLUMN = 52


class DossierCardDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_dates = False  # on inserts that span several days, show each card's date

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(300, 4 * line + 2 * PAD + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row: DossierRow | None = index.data(ROW_ROLE)
        if row is None:
            return
        painter.save()
        rect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, palette.highlight() if selected else palette.base())
        painter.setPen(palette.mid().color())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if row.priority == 1:
            painter.fillRect(QRect(rect.left(), rect.top() + 2, 4, rect.height() - 4),
                             theme.PRIORITY_HIGH)
        text = palette.color(QPalette.ColorRole.HighlightedText if selected
                             else QPalette.ColorRole.Text)
        dim = text if selected else theme.TEXT_DIM
        base = QFont(option.font)
        line = QFontMetrics(base).height()
        bold = QFont(base)
        bold.setBold(True)

        left = rect.left() + PAD + 4
        top = rect.top() + PAD
        # the time column: the agreed time, or the date on inserts spanning several days
        painter.setFont(bold)
        painter.setPen(text)
        when = row.time or ""
        painter.drawText(QRect(left, top, TIME_COLUMN, line), Qt.AlignmentFlag.AlignLeft, when)
        if row.fixed:
            painter.setFont(base)
            painter.setPen(theme.TODAY if not selected else text)
            # two lines for it: "stały termin", "назначенная встреча" wrap under the time
            painter.drawText(QRect(left, top + line, TIME_COLUMN - 2, 2 * line),
                             Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, _("fixed"))

        x = left + TIME_COLUMN
        width = rect.right() - x - PAD
        phone_width = QFontMetrics(base).horizontalAdvance(row.phone) + PAD if row.phone else 0
        painter.setFont(bold)
        painter.setPen(text)
        name = QFontMetrics(bold).elidedText(row.name, Qt.TextElideMode.ElideRight,
                                             max(10, width - phone_width))
        painter.drawText(QRect(x, top, width - phone_width, line), Qt.AlignmentFlag.AlignLeft,
                         name)
        painter.setFont(base)
        if row.phone:
            painter.drawText(QRect(x, top, width, line), Qt.AlignmentFlag.AlignRight, row.phone)
        metrics = QFontMetrics(base)
        lines = [
            (" · ".join(p for p in (row.position, row.company) if p), dim, base),
            (self._purpose(row), text, base),
        ]
        if row.last_outcome:
            italic = QFont(base)
            italic.setItalic(True)
            lines.append(("↳ " + row.last_outcome, dim, italic))
        for n, (content, colour, font) in enumerate(lines, start=1):
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QRect(x, top + n * line, width, line), Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(content, Qt.TextElideMode.ElideRight, width))
        painter.restore()

    def _purpose(self, row: DossierRow) -> str:
        if self.show_dates and row.next_contact is not None:
            day = short_date(row.next_contact)
            return f"{day} — {row.purpose}" if row.purpose else day
        return row.purpose
