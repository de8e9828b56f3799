"""The date-tab strip: the binder's inserts drawn as tabs across the top of the window.

A list of Tab records in (from the services), painting and hit-testing inside; no business
rules here.  Dossiers dragged from the insert list can be dropped on any tab.

Each tab is painted once into a pixmap kept under a key of everything that changes its look
(the tab's record, load, current/hover/drop state, today, size and sub-pixel position,
device pixel ratio, font and palette); a paint event blits the pixmaps of the tabs it
covers, and a change of count or state updates only the tabs whose look changed.
"""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.binder import InsertKind
from app.binder.capacity import load_level
from app.i18n import _, long_date, month_name, n_
from app.services.dto import Tab
from app.ui import theme
from app.ui.insert_model import DOSSIER_MIME, ids_from_mime
from app.ui.tab_paint import NAMED_MIN_POINTS, TabLook, count_font, paint_tab

# how wide a tab is, in units of a day tab
WEIGHTS = {InsertKind.DAY: 1.0, InsertKind.MONTH: 1.45, InsertKind.OVERDUE: 2.3,
           InsertKind.LATER: 1.9, InsertKind.UNDATED: 2.3, InsertKind.ARCHIVE: 2.3}
MIN_UNIT = 17.0  # below this a day tab cannot show "30"; the strip scrolls instead
STRIP_HEIGHT = 66
HEADING_GAP = 6.0  # between one month's name above the strip and the next's

# what a tab's pixmap is kept under: the tab, its load, current, hover, drop target, today,
# the year shown (a month tab), the rect's width, height and sub-pixel left, the device pixel
# ratio, the font and the palette
LookKey = tuple[object, ...]


class TabStrip(QWidget):
    """Signals: currentChanged(key) when the user picks a tab; dossiersDropped(key, ids)."""

    currentChanged = Signal(str)
    dossiersDropped = Signal(str, list)
    CACHED = True  # paint from the pixmaps (a test paints without them, to compare)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tabs: list[Tab] = []
        self._rects: list[QRectF] = []
        self._areas: list[QRect] = []  # the pixels of each tab (its pixmap's place)
        self._headings: list[tuple[str, QRectF]] = []
        self._small = QFont()
        self._made_of: tuple[object, ...] = ()
        self._pixmaps: dict[LookKey, QPixmap] = {}
        self._first_month_index = -1
        self._current = -1
        self._hover = -1
        self._drop = -1
        self._today: date | None = None
        self._capacity = 0
        self._offset = 0.0  # horizontal scroll, when the inserts do not fit (long horizons)
        self._width = 0.0
        self.setMouseTracking(True)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Binder inserts"))

    # -- content -------------------------------------------------------------------------
    def set_tabs(self, tabs: list[Tab], today: date, capacity: int) -> None:
        """Show new inserts (or new counts), keeping the current tab by key where it exists.

        Only the tabs whose look changed are repainted, unless the layout changed."""
        key = self.current_key()
        env = self._environment()
        before = [self._look(i, env) for i in range(len(self._tabs))]
        rects, headings = self._rects, self._headings
        old_tabs = self._tabs
        self._tabs = list(tabs)
        self._today = today
        self._capacity = capacity
        self._current = self.index_of(key) if key else -1
        self._first_month_index = self._first_month()
        self._hover = self._hover if self._hover < len(self._tabs) else -1
        self._drop = self._drop if self._drop < len(self._tabs) else -1
        self._layout()
        if len(old_tabs) != len(self._tabs) or rects != self._rects or headings != self._headings:
            self.update()
            return
        for index, look in enumerate(before):
            if look != self._look(index, env):
                self._update_tab(index)

    def tabs(self) -> list[Tab]:
        return list(self._tabs)

    def index_of(self, key: str | None) -> int:
        return next((i for i, t in enumerate(self._tabs) if t.key == key), -1)

    def current_key(self) -> str | None:
        return self._tabs[self._current].key if 0 <= self._current < len(self._tabs) else None

    def current_tab(self) -> Tab | None:
        return self._tabs[self._current] if 0 <= self._current < len(self._tabs) else None

    def set_current(self, key: str, notify: bool = True) -> bool:
        index = self.index_of(key)
        if index < 0:
            return False
        self._select(index, notify)
        return True

    def today_key(self) -> str | None:
        """The first day tab: today's insert (or the next working day's)."""
        return next((t.key for t in self._tabs if t.kind is InsertKind.DAY), None)

    def step(self, delta: int) -> None:
        if self._tabs:
            start = self._current if self._current >= 0 else 0
            self._select(max(0, min(len(self._tabs) - 1, start + delta)), True)

    def _select(self, index: int, notify: bool) -> None:
        changed = index != self._current
        old = self._current
        self._current = index
        if self._scroll_to(index):
            self.update()
        elif changed:
            self._update_tab(old)
            self._update_tab(index)
        if changed and notify:
            self.currentChanged.emit(self._tabs[index].key)

    # -- geometry ------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(1200, STRIP_HEIGHT)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, STRIP_HEIGHT)

    def resizeEvent(self, event: QResizeEvent) -> None:
        rects = self._rects
        self._layout()
        if rects != self._rects:  # the pixmaps of the old sizes will not be drawn again
            self._pixmaps.clear()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """A new palette, font or style: every tab is painted anew (a font also changes the
        named tabs' widths)."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                            QEvent.Type.StyleChange) and hasattr(self, "_pixmaps"):
            self._pixmaps.clear()
            self._layout()
            self.update()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange and hasattr(self, "_pixmaps"):
            # moved to a screen of another density: the pixmaps of the old one will not do
            self._pixmaps.clear()
            self.update()
        return super().event(event)

    def _weights(self, unit: float) -> list[float]:
        """Each tab's share; a named tab (Overdue, Undated…) at least as wide as its label
        at the smallest size it is drawn in ("Просроченные" is twice "Overdue")."""
        small = QFont(self.font())
        small.setPointSizeF(NAMED_MIN_POINTS)
        metrics = QFontMetrics(small)
        weights = []
        for tab in self._tabs:
            weight = WEIGHTS[tab.kind]
            if tab.kind not in (InsertKind.DAY, InsertKind.MONTH):
                longest = max((metrics.horizontalAdvance(word) for word in tab.label.split()),
                              default=0)
                weight = max(weight, (longest + 8) / unit)
            weights.append(weight)
        return weights

    def _layout(self) -> None:
        """Share the width out by weight; if even the narrowest tabs do not fit, scroll.

        Nothing to do when none of what the layout is made of changed (a new count)."""
        made_of = (self.width(), self.height(), self._offset, self.font().key(),
                   [(t.kind, t.label, t.day) for t in self._tabs])
        if made_of == self._made_of:
            return
        self._made_of = made_of
        units = sum(WEIGHTS[t.kind] for t in self._tabs) or 1
        unit = max(MIN_UNIT, (self.width() - 4) / units)
        weights = self._weights(unit)
        units = sum(weights) or 1
        unit = max(MIN_UNIT, (self.width() - 4) / units)
        self._width = units * unit + 4
        self._offset = max(0.0, min(self._offset, self._width - self.width()))
        x = 2.0 - self._offset
        self._rects = []
        for weight in weights:
            w = weight * unit
            self._rects.append(QRectF(x, 14, w - 1, self.height() - 14))
            x += w
        self._areas = [self._tab_area(rect) for rect in self._rects]
        self._small = self._small_font()
        self._headings = self.month_headings(self._small)

    def _scroll_to(self, index: int) -> bool:
        """Scroll the tab into sight; whether the strip scrolled."""
        if not 0 <= index < len(self._rects) or self._width <= self.width():
            return False
        rect = self._rects[index]
        if rect.left() < 0:
            self._offset += rect.left() - 2
        elif rect.right() > self.width():
            self._offset += rect.right() - self.width() + 2
        else:
            return False
        self._layout()
        return True

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._width > self.width():
            self._offset -= event.angleDelta().y() / 2 + event.angleDelta().x() / 2
            self._layout()
            self.update()

    def tab_rect(self, key: str) -> QRectF:
        return self._rects[self.index_of(key)]

    def tab_at(self, pos: QPoint) -> int:
        for i, rect in enumerate(self._rects):
            if rect.left() <= pos.x() < rect.right() + 1 and pos.y() >= 0:
                return i
        return -1

    # -- painting ------------------------------------------------------------------------
    def _tab_area(self, rect: QRectF) -> QRect:
        """The pixels a tab's painting touches: the columns of its rect, from the top of the
        tabs to the foot of the strip (the tabs are 1 pixel apart, so no two share one)."""
        left = math.floor(rect.left())
        top = int(rect.top())
        return QRect(left, top, math.ceil(rect.right()) - left, self.height() - top)

    def _update_tab(self, index: int) -> None:
        if 0 <= index < len(self._areas):
            self.update(self._areas[index])

    def _environment(self) -> tuple[float, str, int]:
        """What every tab's look depends on: device pixel ratio, font, palette."""
        return self.devicePixelRatioF(), self.font().key(), self.palette().cacheKey()

    def _look(self, index: int, env: tuple[float, str, int]) -> LookKey:
        """Everything that changes how a tab looks, as its pixmap's key."""
        tab = self._tabs[index]
        rect = self._rects[index] if index < len(self._rects) else QRectF()
        current = index == self._current
        level = load_level(tab.count, self._capacity) if tab.kind is InsertKind.DAY else None
        return (tab, level, current, index == self._hover and not current, index == self._drop,
                tab.day is not None and tab.day == self._today,
                index == self._first_month_index and tab.kind is InsertKind.MONTH,
                rect.width(), rect.height(), rect.left() - math.floor(rect.left()), env)

    def _pixmap(self, index: int, env: tuple[float, str, int]) -> QPixmap:
        """The tab painted, from the cache or painted now (and kept)."""
        look = self._look(index, env)
        pixmap = self._pixmaps.get(look)
        if pixmap is None:
            if len(self._pixmaps) > 4 * len(self._tabs) + 16:  # old days, old states
                self._pixmaps.clear()
            pixmap = self._pixmaps[look] = self._render_tab(index)
        return pixmap

    def _render_tab(self, index: int) -> QPixmap:
        area = self._areas[index]
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(math.ceil(area.width() * ratio), math.ceil(area.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(self.palette().color(self.backgroundRole()))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-area.left(), -area.top())
        paint_tab(painter, self._tabs[index], self._rects[index], self._tab_look(index),
                  QFont(self.font()))
        painter.end()
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dirty = event.region()
        base = QFont(self.font())
        env = self._environment()
        order = [i for i in range(len(self._tabs)) if i != self._current]
        if 0 <= self._current < len(self._tabs):
            order.append(self._current)  # the current tab over its neighbours
        for i in order:
            area = self._areas[i]
            if not dirty.intersects(area):
                continue
            if self.CACHED:
                painter.drawPixmap(area.topLeft(), self._pixmap(i, env))
            else:
                paint_tab(painter, self._tabs[i], self._rects[i], self._tab_look(i), base)
        self._paint_month_headings(painter)  # after the tabs: a name's descenders reach them
        painter.setPen(QPen(theme.TAB_BORDER, 1))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        self._paint_scroll_hints(painter)
        if 0 <= self._current < len(self._rects):  # the current insert opens onto the list
            r = self._rects[self._current]
            painter.setPen(QPen(theme.CURRENT_FACE, 2))
            painter.drawLine(int(r.left()) + 1, self.height() - 1, int(r.right()) - 1,
                             self.height() - 1)
        painter.end()

    def _paint_scroll_hints(self, p: QPainter) -> None:
        """Arrows at the edges when some inserts are scrolled out of sight."""
        hints = []
        if self._offset > 0:
            hints.append((QRectF(0, 14, 14, self.height() - 14), "‹"))
        if self._width - self._offset > self.width() + 1:
            hints.append((QRectF(self.width() - 14, 14, 14, self.height() - 14), "›"))
        for rect, arrow in hints:
            p.fillRect(rect, theme.TAB_FACE_WEEKEND)
            p.setPen(theme.TEXT)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, arrow)

    count_font = staticmethod(count_font)

    def _tab_look(self, index: int) -> TabLook:
        tab = self._tabs[index]
        return TabLook(index == self._current, index == self._hover, index == self._drop,
                       tab.day is not None and tab.day == self._today, self._capacity,
                       index == self._first_month_index)

    def _month_starts(self, index: int) -> bool:
        """The first day tab of a month (not always the 1st: a holiday, working-days mode)."""
        day = self._tabs[index].day
        before = self._tabs[index - 1] if index > 0 else None
        return day is not None and (before is None or before.day is None
                                    or before.day.month != day.month)

    def _first_month(self) -> int:
        return next((i for i, t in enumerate(self._tabs) if t.kind is InsertKind.MONTH), -1)

    def month_headings(self, font: QFont | None = None) -> list[tuple[str, QRectF]]:
        """Each month's name and where it goes above the strip: from the month's first tab,
        never over the next month's name (on the 30th, November has one tab and December
        follows). A name too long for its month's tabs is shortened ("Nov"); a short name
        still too long (Russian "нояб" over one tab) reaches over the next month's tabs when
        that month's own short name keeps room after it; only then is it elided."""
        metrics = QFontMetrics(font or self._small_font())
        months: list[tuple[int, float, float]] = []  # month, left and right of its tabs
        for index, tab in enumerate(self._tabs):
            if tab.day is None or not self._month_starts(index):
                continue
            end = index
            while (end + 1 < len(self._tabs) and self._tabs[end + 1].day is not None
                   and not self._month_starts(end + 1)):
                end += 1
            months.append((tab.day.month, self._rects[index].left() + 2,
                           self._rects[end].right() - 2))

        def short(month: int) -> str:
            return month_name(month, "abbreviated").rstrip(".").capitalize()

        headings = []
        taken = -math.inf  # where the last name drawn ends
        for n, (month, left, right) in enumerate(months):
            start = max(left, taken + HEADING_GAP)
            room = max(0.0, right - start)
            name = month_name(month).capitalize()
            if metrics.horizontalAdvance(name) > room:
                name = short(month)
            width = metrics.horizontalAdvance(name)
            if width > room and n + 1 < len(months):  # reach over the next month's tabs
                later_month, _later_left, later_right = months[n + 1]
                reach = later_right - metrics.horizontalAdvance(short(later_month))
                room = max(room, reach - HEADING_GAP - start)
            if width > room:
                name = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(room))
                width = metrics.horizontalAdvance(name)
            headings.append((name, QRectF(start, 0, min(width, room), 14)))
            taken = start + min(width, room)
        return headings

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.78))
        return small

    def _paint_month_headings(self, p: QPainter) -> None:
        """The months' names above the strip where each starts, as on the paper inserts."""
        p.setFont(self._small)
        p.setPen(theme.TEXT_DIM)
        for name, rect in self._headings:  # worked out with the layout
            p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)

    # -- interaction ---------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.tab_at(event.position().toPoint())
        if index >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self._select(index, True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.tab_at(event.position().toPoint())
        if index != self._hover:
            self._set_hover(index)
        if index >= 0:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(index), self)

    def leaveEvent(self, event: object) -> None:
        self._set_hover(-1)

    def _set_hover(self, index: int) -> None:
        old, self._hover = self._hover, index
        self._update_tab(old)
        self._update_tab(index)

    def _set_drop(self, index: int) -> None:
        old, self._drop = self._drop, index
        if old != index:
            self._update_tab(old)
            self._update_tab(index)

    def describe(self, index: int) -> str:
        """The tooltip: the insert's full date (or name) and its load."""
        tab = self._tabs[index]
        title = long_date(tab.day) if tab.day else tab.label
        if tab.kind is InsertKind.DAY and self._capacity:
            load = _("{count} of {capacity} dossiers").format(
                count=tab.count, capacity=self._capacity)
            if tab.over_capacity:
                load += " — " + _("over capacity")
        else:
            load = n_("{count} dossier", "{count} dossiers", tab.count)
        if tab.day and tab.first and tab.first != tab.day:
            load += "\n" + _("includes {first} to {day}").format(
                first=tab.first.isoformat(), day=tab.day.isoformat())
        return f"{title}\n{load}"

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Left:
            self.step(-1)
        elif key == Qt.Key.Key_Right:
            self.step(1)
        elif key == Qt.Key.Key_Home and (today := self.today_key()):
            self.set_current(today)
        else:
            super().keyPressEvent(event)

    # -- drag and drop -------------------------------------------------------------------
    def _accepts(self, index: int) -> bool:
        """Dossiers can be refiled under any insert but Overdue (a date already past)."""
        return index >= 0 and self._tabs[index].kind is not InsertKind.OVERDUE

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(DOSSIER_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        index = self.tab_at(event.position().toPoint())
        if index != self._drop:
            self._set_drop(index if self._accepts(index) else -1)
        if self._accepts(index):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: object) -> None:
        self._set_drop(-1)

    def dropEvent(self, event: QDropEvent) -> None:
        index = self.tab_at(event.position().toPoint())
        self._set_drop(-1)
        ids = ids_from_mime(event.mimeData())
        if self._accepts(index) and ids:
            event.acceptProposedAction()
            self.dossiersDropped.emit(self._tabs[index].key, ids)
