"""Render packaging/icons/ringbinder.svg to the PNG sizes a Linux desktop looks for
(packaging/icons/hicolor/<n>x<n>/apps/io.github.ringbinder.Ringbinder.png) and the
window icon the app ships (app/ui/icons/ringbinder.png, 256 px), with Qt's SVG renderer.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SVG = HERE / "icons" / "ringbinder.svg"
APP_ID = "io.github.ringbinder.Ringbinder"
SIZES = (16, 32, 48, 64, 128, 256, 512)
WINDOW_ICON = HERE.parent / "app" / "ui" / "icons" / "ringbinder.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"make_icons: {SVG} is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        target = HERE / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target)):
            print(f"make_icons: cannot write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(HERE.parent))
    WINDOW_ICON.parent.mkdir(parents=True, exist_ok=True)
    render(renderer, 256).save(str(WINDOW_ICON))
    print(WINDOW_ICON.relative_to(HERE.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
