"""The Qt binding itself: PySide6 6.12.0 drops a reference to None on every call of some
void methods (QFont.setBold, QPainter.setFont) under Python 3.11, and the app aborts with
"deallocating None" after a few repaints.  pyproject excludes it; this catches the next one."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QImage, QPainter


def test_void_methods_keep_none_alive(qapp):
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    font = QFont(qapp.font())
    before = sys.getrefcount(None)
    for _ in range(500):
        font.setBold(True)
        font.setPointSizeF(9.0)
        painter.setFont(font)
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -100, "this PySide6 build corrupts None's reference count"
