"""Draws a dossier of the insert list as a small card: time, name, company, purpose, phone,
and how the last conversation ended; a double booking is marked under the time."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QHelpEvent, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from app.binder.reminders import CLASH_MINUTES, minutes, overlap
from app.i18n import _, short_date
from app.services.dto import DossierRow
from app.services.reminders import time_text
from app.ui import theme
from app.ui.insert_model import ROW_ROLE

PAD = 6
TIME_COLUMN = 52


_SELECTED = QStyle.StateFlag.State_Selected.value


def clash_of(index: QModelIndex | QPersistentModelIndex) -> DossierRow | None:
    """The dossier booked less than CLASH_MINUTES from this one on its day: the list is in
    working order (date, then time), so it is a neighbour; None for an untimed dossier."""
    row: DossierRow | None = index.data(ROW_ROLE)
    start = minutes(row.time or "") if row is not None else None
    if row is None or start is None:
        return None
    model = index.model()
    for step in (-1, 1):
        n = index.row() + step
        while 0 <= n < model.rowCount():
            other: DossierRow | None = model.index(n, 0).data(ROW_ROLE)
            other_start = minutes(other.time or "") if other is not None else None
            if other is None or other_start is None or other.next_contact != row.next_contact \
                    or abs(other_start - start) >= CLASH_MINUTES:
                break
            if other.id != row.id and overlap(row.time, other.time):
                return other
            n += step
    return None


class _Look:
    """The fonts, metrics, brushes and words a card is drawn with, made once per list font
    and palette (a paint makes none: the view says when its font or palette changes)."""

    def __init__(self, option: QStyleOptionViewItem) -> None:
        base = option.font
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
        palette = option.palette
        self.base_brush, self.highlight = palette.base(), palette.highlight()
        self.rule = palette.mid()
        self.priority = QBrush(theme.PRIORITY_HIGH)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.highlighted_text = palette.color(QPalette.ColorRole.HighlightedText)
        # "fixed" under the time, wrapped once ("stały termin"): a word must fit the column
        self.fixed = QStaticText(_("fixed"))
        self.fixed.setTextWidth(TIME_COLUMN - 2)
        self.fixed.setTextFormat(Qt.TextFormat.PlainText)
        self.fixed.prepare(font=self.base)
        size = self.fixed.size()  # a word longer than the column is cut at its edge
        self.fixed_cut = size.width() > TIME_COLUMN - 2 or size.height() > 2 * self.line
        self.clash = self.fitted(_("clash"), self.metrics, TIME_COLUMN - 2)
        self.clash_colour = theme.OVERDUE_TEXT

    def fitted(self, text: str, metrics: QFontMetrics, width: int) -> str:
        """The text elided to `width`; Qt asked only when it may not fit (it lays the line
        out to elide it, as again to draw it: a short text is drawn as it is)."""
        if len(text) * self.widest <= width:
            return text
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class DossierCardDelegate(QStyledItemDelegate):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_dates = False  # on inserts that span several days, show each card's date
        self._look: _Look | None = None
        if parent is not None:
            parent.installEventFilter(self)  # the view's font and palette, watched

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.parent():  # an editor's events (there are none: no editing)
            return super().eventFilter(watched, event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange,
                            QEvent.Type.StyleChange):
            self._look = None  # the view's font or palette changed: the look made anew
        return False

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        look = self._look or self._make_look(option)
        return QSize(300, 4 * look.line + 2 * PAD + 4)

    def _make_look(self, option: QStyleOptionViewItem) -> _Look:
        self._look = _Look(option)
        return self._look

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row: DossierRow | None = index.data(ROW_ROLE)
        if row is None:
            return
        f = self._look or self._make_look(option)
        painter.save()
        rect = option.rect
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        selected = bool(option.state.value & _SELECTED)
        painter.fillRect(rect, f.highlight if selected else f.base_brush)
        # the rule under the card: a rectangle filled, not a line stroked (75k instructions
        # a line through the raster engine's stroker, a tenth of a row's painting)
        painter.fillRect(left, bottom, rect.width(), 1, f.rule)
        if row.priority == 1:
            painter.fillRect(left, top + 2, 4, rect.height() - 4, f.priority)
        text = f.highlighted_text if selected else f.text
        dim = text if selected else theme.TEXT_DIM
        line, ascent = f.line, f.ascent

        left += PAD + 4
        top += PAD
        # single lines drawn at a point (the text is elided first): no layout of a rectangle
        # the time column: the agreed time, or the date on inserts spanning several days
        painter.setFont(f.bold)
        painter.setPen(text)
        if row.time:
            painter.drawText(left, top + ascent, row.time)
        if row.fixed:
            painter.setFont(f.base)
            painter.setPen(theme.TODAY if not selected else text)
            if f.fixed_cut:
                painter.setClipRect(left, top + line, TIME_COLUMN - 2, 2 * line)
            painter.drawStaticText(left, top + line, f.fixed)
            if f.fixed_cut:
                painter.setClipping(False)
        if row.time and clash_of(index) is not None:  # a double booking: the fourth line
            painter.setFont(f.base)
            painter.setPen(f.clash_colour if not selected else text)
            painter.drawText(left, top + 3 * line + ascent, f.clash)

        x = left + TIME_COLUMN
        width = right - x - PAD
        phone_width = f.metrics.horizontalAdvance(row.phone) + PAD if row.phone else 0
        painter.setFont(f.bold)
        painter.setPen(text)
        painter.drawText(x, top + ascent,
                         f.fitted(row.name, f.bold_metrics, max(10, width - phone_width)))
        painter.setFont(f.base)
        if row.phone:
            painter.drawText(x + width - phone_width + PAD, top + ascent, row.phone)
        role = " · ".join(p for p in (row.position, row.company) if p)
        if role:
            painter.setPen(dim)
            painter.drawText(x, top + line + ascent, f.fitted(role, f.metrics, width))
        purpose = self._purpose(row)
        if purpose:
            painter.setPen(text)
            painter.drawText(x, top + 2 * line + ascent, f.fitted(purpose, f.metrics, width))
        if row.last_outcome:
            painter.setFont(f.italic)
            painter.setPen(dim)
            painter.drawText(x, top + 3 * line + ascent,
                             f.fitted("↳ " + row.last_outcome, f.italic_metrics, width))
        painter.restore()

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,
                  option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        """A double-booked card's tooltip names the other dossier and its time."""
        other = clash_of(index) if event.type() == QEvent.Type.ToolTip else None
        if other is None:
            return super().helpEvent(event, view, option, index)
        tip = _("Double booking: {name} at {time}").format(
            name=other.name, time=time_text(other.time or ""))
        QToolTip.showText(event.globalPos(), f"{index.data(Qt.ItemDataRole.ToolTipRole)}\n"
                          f"{tip}", view)
        return True

    def _purpose(self, row: DossierRow) -> str:
        if self.show_dates and row.next_contact is not None:
            day = short_date(row.next_contact)
            return f"{day} — {row.purpose}" if row.purpose else day
        return row.purpose
