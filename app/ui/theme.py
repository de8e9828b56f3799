"""Colours and sizes shared by the painted widgets, in one place."""

from __future__ import annotations

from PySide6.QtGui import QColor

from app.binder.capacity import Load

LOAD_COLOURS = {
    Load.EMPTY: QColor(0, 0, 0, 0),
    Load.LIGHT: QColor("#cfe8cf"),
    Load.FULL: QColor("#f3d37a"),
    Load.OVER: QColor("#e8776b"),
}
TODAY = QColor("#1f5fa8")
TAB_FACE = QColor("#f4f1ea")  # the card-stock colour of an insert
TAB_FACE_WEEKEND = QColor("#e2ded5")
TAB_FACE_SPECIAL = QColor("#e9e4f2")
TAB_BORDER = QColor("#a9a399")
CURRENT_FACE = QColor("#ffffff")
DROP_TARGET = QColor("#8ab4e8")
TEXT = QColor("#222222")
TEXT_DIM = QColor("#8a857c")
OVERDUE_TEXT = QColor("#b3261e")
PRIORITY_HIGH = QColor("#c2410c")
