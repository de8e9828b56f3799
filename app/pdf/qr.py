"""The card's QR code: a phone's camera turns it into a call to the client's main number.

Encoded by segno with one fixed mask and drawn as one filled path of module-sized rectangles,
both kept per number (a switchboard's number is on many cards)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable

from app.i18n import _
from app.pdf import style as s

if TYPE_CHECKING:
    from app.services.dto import DossierDetail

CAPTION = s.style("qr-caption", 9, color=s.MUTED, leading=11, alignment=TA_CENTER)


@lru_cache(maxsize=1024)
def _matrix(value: str) -> tuple[bytearray, ...]:
    """segno's rows of a QR code (level M, 1 a dark module) with one fixed mask: trying all
    eight, as encoders do to pick the best, was a sixth of a day pack's time; any mask
    scans. A number printed on many cards (a switchboard) is encoded once."""
    return segno.make_qr(value, error="m", mask=0, boost_error=False).matrix


def qr_modules(value: str) -> tuple[tuple[bool, ...], ...]:
    """The dark modules of the code of `value`, row by row from the top."""
    return tuple(tuple(bool(m) for m in row) for row in _matrix(value))


_DARK = re.compile(rb"[^\x00]+")


@lru_cache(maxsize=1024)
def qr_path(value: str) -> tuple[int, str]:
    """(modules a side, the dark modules as PDF rectangles, one a run of them in a row), in
    units of one module with the origin at the code's lower left; written once per value."""
    rows = _matrix(value)
    count = len(rows)
    ops = [f"{m.start()} {count - r - 1} {m.end() - m.start()} 1 re"
           for r, row in enumerate(rows) for m in _DARK.finditer(row)]
    return count, "\n".join(ops)


class _QrCode(Flowable):
    """A QR code drawn as one filled path, scaled from module units (the widget in
    reportlab.graphics draws a shape per module and encodes twice: most of a card's time)."""

    def __init__(self, value: str, size: float) -> None:
        super().__init__()
        self.value = value
        self.width = self.height = size
        self.hAlign = "CENTER"

    def draw(self) -> None:
        count, path = qr_path(self.value)
        box = self.width / count
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.transform(box, 0, 0, box, 0, 0)
        canvas._code.append(f"{path} f")  # type: ignore[attr-defined]
        canvas.restoreState()


def qr(detail: DossierDetail, size: float = 64) -> list[Flowable]:
    """A code a phone's camera turns into a call to the main number."""
    if not detail.phones or not detail.phones[0].e164:
        return []
    return [_QrCode(f"tel:{detail.phones[0].e164}", size), s.Gap(1, 4),
            s.plain(_("Scan to call"), CAPTION)]


