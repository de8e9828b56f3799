"""Draws a dossier of the insert list as a small card: time, name, company, purpose, phone,
and how the last conversation ended."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.i18n import _, short_date
from app.services.dto import DossierRow
from app.ui import theme
from app.ui.insert_model import ROW_ROLE

PAD = 6
TIME_COLUMN = 52


class _Fonts:
    """The fonts and metrics a card is drawn with, made once per list font (a paint makes
    none: at 9 to 30 cards a frame, their construction was a third of the painting)."""

    def __init__(self, base: QFont) -> None:
        self.key = base.key()
        self.base = QFont(base)
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.italic = QFont(base)
        self.italic.setItalic(True)
        self.metrics = QFontMetrics(self.base)
        self.bold_metrics = QFontMetrics(self.bold)
        self.italic_metrics = QFontMetrics(self.italic)
        self.line = self.metrics.height()
        self.ascent = self.metrics.ascent()
        # no character of these fonts is wider: a text shorter than width / widest fits
        self.widest = max(m.maxWidth() for m in (self.metrics, self.bold_metrics,
                                                 self.italic_metrics))


def _fitted(f: _Fonts, text: str, metrics: QFontMetrics, width: int) -> str:
    """The text elided to `width`; Qt asked only when it may not fit (it lays the line out
    to elide it, as again to draw it: a short text is drawn as it is)."""
    if len(text) * f.widest <= width:
        return text
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class DossierCardDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_dates = False  # on inserts that span several days, show each card's date
        self._fonts: _Fonts | None = None

    def _fonts_for(self, font: QFont) -> _Fonts:
        if self._fonts is None or self._fonts.key != font.key():
            self._fonts = _Fonts(font)
        return self._fonts

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(300, 4 * self._fonts_for(option.font).line + 2 * PAD + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row: DossierRow | None = index.data(ROW_ROLE)
        if row is None:
            return
        f = self._fonts_for(option.font)
        painter.save()
        rect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, palette.highlight() if selected else palette.base())
        # the rule under the card: a rectangle filled, not a line stroked (75k instructions
        # a line through the raster engine's stroker, a tenth of a row's painting)
        painter.fillRect(QRect(rect.left(), rect.bottom(), rect.width(), 1), palette.mid())
        if row.priority == 1:
            painter.fillRect(QRect(rect.left(), rect.top() + 2, 4, rect.height() - 4),
                             theme.PRIORITY_HIGH)
        text = palette.color(QPalette.ColorRole.HighlightedText if selected
                             else QPalette.ColorRole.Text)
        dim = text if selected else theme.TEXT_DIM
        line, ascent = f.line, f.ascent

        left = rect.left() + PAD + 4
        top = rect.top() + PAD
        # single lines drawn at a point (the text is elided first): no layout of a rectangle
        # the time column: the agreed time, or the date on inserts spanning several days
        painter.setFont(f.bold)
        painter.setPen(text)
        if row.time:
            painter.drawText(QPoint(left, top + ascent), row.time)
        if row.fixed:
            painter.setFont(f.base)
            painter.setPen(theme.TODAY if not selected else text)
            # two lines for it: "stały termin", "назначенная встреча" wrap under the time
            painter.drawText(QRect(left, top + line, TIME_COLUMN - 2, 2 * line),
                             Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, _("fixed"))

        x = left + TIME_COLUMN
        width = rect.right() - x - PAD
        phone_width = f.metrics.horizontalAdvance(row.phone) + PAD if row.phone else 0
        painter.setFont(f.bold)
        painter.setPen(text)
        painter.drawText(QPoint(x, top + ascent),
                         _fitted(f, row.name, f.bold_metrics, max(10, width - phone_width)))
        painter.setFont(f.base)
        if row.phone:
            painter.drawText(QPoint(x + width - phone_width + PAD, top + ascent), row.phone)
        lines = [
            (" · ".join(p for p in (row.position, row.company) if p), dim, f.base, f.metrics),
            (self._purpose(row), text, f.base, f.metrics),
        ]
        if row.last_outcome:
            lines.append(("↳ " + row.last_outcome, dim, f.italic, f.italic_metrics))
        for n, (content, colour, font, metrics) in enumerate(lines, start=1):
            if not content:
                continue
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QPoint(x, top + n * line + ascent),
                             _fitted(f, content, metrics, width))
        painter.restore()

    def _purpose(self, row: DossierRow) -> str:
        if self.show_dates and row.next_contact is not None:
            day = short_date(row.next_contact)
            return f"{day} — {row.purpose}" if row.purpose else day
        return row.purpose
