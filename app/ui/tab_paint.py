"""One tab of the date-tab strip, painted: its face (current, hovered, a drop target,
today), its load band and count, and its day, month or name.  The strip keeps each painted
tab as a pixmap under the tab and its TabLook (app/ui/tab_strip.py)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPainterPath, QPen

from app.binder import InsertKind
from app.binder.capacity import Load, load_level
from app.i18n import _, month_name, weekday_letters
from app.services.dto import Tab
from app.ui import theme

NAMED_MIN_POINTS = 8.0  # a named tab's label is never drawn smaller than this
COUNT_MIN_POINTS = 5.0  # a count in thousands shrinks to fit its tab, down to this
COUNT_LEGIBLE_POINTS = 6.0  # below this a count in thousands is written "1.3k"


@dataclass(frozen=True)
class TabLook:
    """The state a tab is painted in, besides its record."""

    current: bool
    hover: bool
    drop: bool
    today: bool
    capacity: int
    year_shown: bool  # a month tab showing its year (January, or the strip's first month)


def paint_tab(p: QPainter, tab: Tab, rect: QRectF, look: TabLook, base: QFont) -> None:
    current, is_today = look.current, look.today
    body = QRectF(rect)
    if not current:
        body.adjust(0, 3, 0, 0)
    face = theme.CURRENT_FACE if current else (
        theme.TAB_FACE_SPECIAL if tab.kind not in (InsertKind.DAY, InsertKind.MONTH)
        else theme.TAB_FACE if tab.working else theme.TAB_FACE_WEEKEND)
    if look.drop:
        face = theme.DROP_TARGET
    elif look.hover and not current:
        face = face.lighter(104)
    path = QPainterPath()
    path.addRoundedRect(body.adjusted(0, 0, 0, 6), 5, 5)
    p.save()
    p.setClipRect(body)
    p.fillPath(path, face)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(theme.TODAY if is_today else theme.TAB_BORDER, 2 if is_today else 1))
    p.drawPath(path)
    p.restore()

    # the load band at the foot of a tab, with the count in it
    band = QRectF(body.left() + 2, body.bottom() - 15, body.width() - 4, 13)
    level = load_level(tab.count, look.capacity) if tab.kind is InsertKind.DAY else (
        Load.EMPTY if tab.count == 0 else Load.LIGHT)
    if tab.kind is InsertKind.DAY and level is not Load.EMPTY:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(theme.LOAD_COLOURS[level])
        p.drawRoundedRect(band, 3, 3)
    small = QFont(base)
    small.setPointSizeF(max(6.5, base.pointSizeF() * 0.78))
    if tab.count:
        text, font = count_text(tab, small, body.width() - 2)
        p.setFont(font)
        p.setPen(theme.OVERDUE_TEXT if tab.kind is InsertKind.OVERDUE else theme.TEXT)
        p.drawText(band, Qt.AlignmentFlag.AlignCenter, text)

    text_area = QRectF(body.left(), body.top() + 2, body.width(), body.height() - 19)
    dim = not tab.working
    if tab.kind is InsertKind.DAY and tab.day is not None:
        big = QFont(base)
        big.setPointSizeF(base.pointSizeF() * 1.3)
        big.setBold(True)
        while (big.pointSizeF() > 6 and
               QFontMetrics(big).horizontalAdvance("30") > rect.width() - 3):
            big.setPointSizeF(big.pointSizeF() - 0.5)
        p.setFont(big)
        p.setPen(theme.TODAY if is_today else theme.TEXT_DIM if dim else theme.TEXT)
        top = QRectF(text_area.left(), text_area.top(), text_area.width(),
                     text_area.height() * 0.62)
        p.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                   str(tab.day.day))
        p.setFont(small)
        p.setPen(theme.TEXT_DIM if dim else theme.TEXT)
        bottom = QRectF(text_area.left(), top.bottom(), text_area.width(),
                        text_area.height() - top.height())
        weekday = weekday_letters(tab.day)
        p.drawText(bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                   weekday)
    elif tab.kind is InsertKind.MONTH and tab.first is not None and tab.last is not None:
        month = tab.last.month
        name = month_name(month, "abbreviated").rstrip(".")
        month_font = QFont(base)
        month_font.setBold(True)
        while (month_font.pointSizeF() > 6.5 and
               QFontMetrics(month_font).horizontalAdvance(name) > rect.width() - 3):
            month_font.setPointSizeF(month_font.pointSizeF() - 0.5)
        p.setFont(month_font)
        p.setPen(theme.TEXT)
        top = QRectF(text_area.left(), text_area.top(), text_area.width(),
                     text_area.height() * 0.62)
        p.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, name)
        if month == 1 or look.year_shown:
            p.setFont(small)
            p.setPen(theme.TEXT_DIM)
            bottom = QRectF(text_area.left(), top.bottom(), text_area.width(),
                            text_area.height() - top.height())
            p.drawText(bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                       str(tab.last.year))
    else:
        label_font = QFont(base)
        label_font.setBold(current)
        while (label_font.pointSizeF() > NAMED_MIN_POINTS and
               QFontMetrics(label_font).horizontalAdvance(tab.label) > rect.width() - 4):
            label_font.setPointSizeF(label_font.pointSizeF() - 0.5)
        p.setFont(label_font)
        p.setPen(theme.OVERDUE_TEXT if tab.kind is InsertKind.OVERDUE and tab.count
                 else theme.TEXT)
        p.drawText(text_area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                   tab.label)


def count_font(tab: Tab, small: QFont, width: float, text: str | None = None) -> QFont:
    """The count's font: small, bold when over capacity or overdue, and smaller still
    when the count is wider than its tab (a day tab's "1264", not "(264")."""
    font = QFont(small)
    font.setBold(tab.over_capacity or tab.kind is InsertKind.OVERDUE)
    count = str(tab.count) if text is None else text
    while (font.pointSizeF() > COUNT_MIN_POINTS and
           QFontMetrics(font).horizontalAdvance(count) > width):
        font.setPointSizeF(font.pointSizeF() - 0.5)
    return font


def count_text(tab: Tab, small: QFont, width: float) -> tuple[str, QFont]:
    """The count as a tab shows it, and its font: whole while it can be read, else in
    thousands ("1.3k", then "1k"; the tooltip has it whole), as in a narrow window."""
    texts = [str(tab.count)]
    if tab.count >= 1000:
        # TRANSLATORS: a count in thousands on a narrow tab, as short as can be ("1.3k")
        thousands = _("{number}k")
        if tab.count < 10_000:
            texts.append(thousands.format(number=QLocale().toString(tab.count / 1000, "f", 1)))
        texts.append(thousands.format(number=tab.count // 1000))
    for text in texts:
        font = count_font(tab, small, width, text)
        if font.pointSizeF() >= COUNT_LEGIBLE_POINTS:
            return text, font
    return texts[-1], font
