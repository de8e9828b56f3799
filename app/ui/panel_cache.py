"""The desktop's style with the panels of its text fields painted once per size and state.

Every switch of insert repaints the card's text fields, and Qt's Fusion style strokes each
field's rounded, antialiased frame anew: 1.3 ms of a 13 ms switch at 100k dossiers went to
frames that look the same on every card. Qt's own styles cache some of their elements in
QPixmapCache; this does the same for the fields' panels, for the styles that draw them
without animation (Fusion, Windows), whose look depends on nothing but the option.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter, QPixmap, QPixmapCache
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionFrame,
    QTextEdit,
    QWidget,
)

# the styles whose panels are a function of their option alone (no animation, no hover fade)
STILL_STYLES = {"fusion", "windows"}
PE = QStyle.PrimitiveElement
# the element, and the widgets it is cached for (a line edit inside a combo box or a spin
# box is drawn by its owner's rules: not cached)
CACHED = {PE.PE_PanelLineEdit: (QLineEdit,), PE.PE_Frame: (QPlainTextEdit, QTextEdit)}
MAX_PIXELS = 1200 * 200  # a panel larger than a wide field is drawn, not cached


class PanelCache(QProxyStyle):
    """The base style, its text fields' panels blitted from a pixmap made once per look."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        kinds = CACHED.get(element)
        rect = option.rect
        if (kinds is None or not isinstance(widget, kinds)
                or not isinstance(option, QStyleOptionFrame)
                or isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox)
                or rect.width() * rect.height() > MAX_PIXELS or rect.isEmpty()):
            super().drawPrimitive(element, option, painter, widget)
            return
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        key = (f"ringbinder-panel:{element.value}:{rect.width()}x{rect.height()}@{ratio}:"
               f"{option.state.value}:{option.direction.value}:{option.lineWidth}:"
               f"{option.midLineWidth}:{option.features.value}:{option.frameShape.value}:"
               f"{option.palette.cacheKey()}:{type(widget).__name__}")
        pixmap = QPixmap()
        if not QPixmapCache.find(key, pixmap):
            pixmap = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            local = QStyleOptionFrame(option)
            local.rect = rect.translated(-rect.topLeft())
            on_pixmap = QPainter(pixmap)
            super().drawPrimitive(element, local, on_pixmap, widget)
            on_pixmap.end()
            QPixmapCache.insert(key, pixmap)
        painter.drawPixmap(QPoint(rect.left(), rect.top()), pixmap)


def install(app: QApplication) -> None:
    """The application's style wrapped in the panel cache, when it is one that can be."""
    style = app.style()
    if isinstance(style, PanelCache) or style.name().lower() not in STILL_STYLES:
        return
    base = QStyleFactory.create(style.name())
    if base is not None:
        app.setStyle(PanelCache(base))
