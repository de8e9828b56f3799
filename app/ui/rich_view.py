"""Rich text shown as a label shows it (links open, text can be selected), laid out once per
text: the card's summary changes with every dossier shown, and a history may be long."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette, QTextDocument, QWheelEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget

MIN_CHARS = 12
SIZE_HINT_WIDTH = 400


EXTERNAL = ("tel", "mailto", "http", "https")  # links the system opens


class RichView(QTextBrowser):
    """Rich text that looks like a word-wrapped QLabel's. A QLabel lays its document out
    again on every paint and twice on every height asked at a new width (it measures, then
    restores the width it had), four to five times per text set: most of showing a card.
    Here the document is laid out when its text or its width changes, once; a height asked
    at another width is measured on a copy, kept per width until the text changes.

    Signals: linkActivated(link) for a link the system does not open ("amend:…")."""

    linkActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._html = ""
        self._heights: dict[int, int] = {}  # heights measured on a copy, by width
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setOpenLinks(False)  # a link is opened by the system, the text stays
        self.anchorClicked.connect(self._open)
        self.document().setDocumentMargin(0)
        self.viewport().setAutoFillBackground(False)  # the card's background, as a label
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._follow_palette()

    def _follow_palette(self) -> None:
        """Text in the window's text colour, as a label draws it."""
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Text,
                         palette.color(QPalette.ColorRole.WindowText))
        self.viewport().setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights = {}  # measured anew in the new font

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Left to the card around it, as over a label: the text is never taller than the
        view, and the card scrolls."""
        event.ignore()

    def _open(self, url: QUrl) -> None:
        if url.scheme() in EXTERNAL:
            QDesktopServices.openUrl(url)
        else:
            self.linkActivated.emit(url.toString())

    def text(self) -> str:
        return self._html

    def setText(self, html: str) -> None:
        """The text, laid out at the width the view has (unchanged text: nothing done)."""
        if html == self._html:
            return
        self._html, self._heights = html, {}
        self.setHtml(html)
        self.updateGeometry()

    def clear(self) -> None:
        self.setText("")

    def _margins(self) -> int:
        margins = self.contentsMargins()
        viewport = self.viewportMargins()
        return margins.left() + margins.right() + viewport.left() + viewport.right()

    def _vertical(self) -> int:
        margins = self.contentsMargins()
        viewport = self.viewportMargins()
        return margins.top() + margins.bottom() + viewport.top() + viewport.bottom()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        inner = max(1, width - self._margins())
        doc = self.document()
        if doc.textWidth() == inner:  # laid out at this width already
            return round(doc.size().height()) + self._vertical()
        height = self._heights.get(width)
        if height is None:
            copy: QTextDocument = doc.clone()
            copy.setTextWidth(inner)
            height = self._heights[width] = round(copy.size().height()) + self._vertical()
        return height

    def sizeHint(self) -> QSize:
        width = self.width() if self.width() > MIN_CHARS else SIZE_HINT_WIDTH
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * MIN_CHARS, metrics.height())
