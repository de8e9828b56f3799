"""The paper inserts themselves, for those who keep a paper binder beside the app: sheets
1 to 31, then one sheet per month, each number or name large enough to find with a thumb,
with a clear margin where the punch goes.
"""

from __future__ import annotations

from typing import BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.i18n import _, month_name
from app.pdf import style as s
from app.pdf.fonts import BOLD, REGULAR

MM = 72 / 25.4
PUNCH_MARGIN = 30 * MM  # holes sit 12 mm from the edge; keep text clear of them
HOLE_SPACING = 80 * MM  # ISO 838: two holes 80 mm apart, centred on the sheet
HOLE_RADIUS = 3 * MM
MARGIN = 16 * MM
DAY_SIZE = 300.0
MONTH_SIZE = 120.0


def _months(start: tuple[int, int], count: int) -> list[tuple[int, int]]:
    year, month = start
    out = []
    for _i in range(count):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _sheet(canvas: Canvas, info: s.PrintInfo, big: str, small: str, max_size: float) -> None:
    """One insert: punch-hole marks on the left, the number or name top right, large."""
    width, height = info.size
    canvas.setStrokeColor(s.RULE)
    canvas.setLineWidth(0.6)
    canvas.setDash(2, 2)
    for dy in (-HOLE_SPACING / 2, HOLE_SPACING / 2):
        canvas.circle(12 * MM, height / 2 + dy, HOLE_RADIUS, stroke=1, fill=0)
    canvas.line(PUNCH_MARGIN - 6 * MM, MARGIN, PUNCH_MARGIN - 6 * MM, height - MARGIN)
    canvas.setDash()
    room = width - PUNCH_MARGIN - MARGIN
    size = min(max_size, room / max(stringWidth(big, BOLD, 1), 0.01))
    canvas.setFillColor(s.ACCENT)
    canvas.rect(PUNCH_MARGIN, height - MARGIN - 6, room, 6, stroke=0, fill=1)
    canvas.setFillColor(s.INK)
    canvas.setFont(BOLD, size)
    top = height - MARGIN - 28 - size * 0.73
    canvas.drawRightString(width - MARGIN, top, big)
    if small:
        canvas.setFont(REGULAR, 28)
        canvas.setFillColor(s.MUTED)
        canvas.drawRightString(width - MARGIN, top - 44, small)
    canvas.showPage()


def draw_inserts(canvas: Canvas, info: s.PrintInfo, start: tuple[int, int],
                 months: int = 12) -> int:
    """Sheets 1–31, then `months` month sheets from `start` (year, month); returns pages."""
    for day in range(1, 32):
        _sheet(canvas, info, str(day), "", DAY_SIZE)
    for year, month in _months(start, months):
        _sheet(canvas, info, month_name(month), str(year), MONTH_SIZE)
    return 31 + months


def render_inserts(out: str | BinaryIO, info: s.PrintInfo, start: tuple[int, int],
                   months: int = 12) -> int:
    """Write the inserts as a PDF, one page per insert; returns the pages."""
    canvas = s.new_canvas(out, info, _("Ringbinder inserts"))
    pages = draw_inserts(canvas, info, start, months)
    canvas.save()
    return pages
